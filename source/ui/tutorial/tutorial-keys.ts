/**
 * The tutorial's keys. C-a chords belong to QEMU's mux (C-a n / C-a p would be swallowed by
 * it), so the tutorial uses function keys, which the guest shell and the monitor ignore.
 */
export type TutorialKeyAction = 'call-paths' | 'back' | 'forward';

/** Raw sequences: xterm/VT220 (`ESC O Q`, `ESC [ 18 ~`) and the Linux console (`ESC [ [ B`). */
export const TUTORIAL_KEYS: Record<string, TutorialKeyAction> = {
	'\x1bOQ': 'call-paths',
	'\x1b[12~': 'call-paths',
	'\x1b[[B': 'call-paths',
	'\x1b[18~': 'back',
	'\x1b[19~': 'forward',
};

/** The tutorial action for a raw input chunk that is exactly one of the keys above. */
export function tutorialKeyAction(chunk: string): TutorialKeyAction | undefined {
	return TUTORIAL_KEYS[chunk];
}
