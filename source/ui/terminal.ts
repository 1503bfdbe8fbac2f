/**
 * Terminal hygiene for the full-screen app. The entry point calls `enterAltScreen` before
 * rendering and `restoreTerminal` on every exit path (C-a x, quit, signals, errors), so the
 * user's shell comes back as it was.
 */

/** Minimal writable terminal (process.stdout or a pty in tests). */
export interface TerminalOut {
	write(data: string): unknown;
}

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';

/** Switches to the alternate screen (the user's scrollback is kept untouched). */
export function enterAltScreen(stdout: TerminalOut): void {
	stdout.write(ENTER_ALT_SCREEN);
}

/** Leaves the alternate screen and shows the cursor. Safe to call more than once. */
export function restoreTerminal(stdout: TerminalOut, stdin?: {isTTY?: boolean; setRawMode?: (on: boolean) => unknown}): void {
	stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
	if (stdin?.isTTY && stdin.setRawMode) {
		try {
			stdin.setRawMode(false);
		} catch {
			// stdin already closed: nothing left to restore.
		}
	}
}

/**
 * Whether to use colour: off when NO_COLOR is set to a non-empty value (no-color.org) or the
 * terminal is dumb. The entry reads the environment once and passes the result down.
 */
export function colorEnabled(env: Record<string, string | undefined>): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	return env.TERM !== 'dumb';
}
