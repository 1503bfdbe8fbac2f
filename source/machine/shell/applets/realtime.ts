import type {TtyRead} from '../interp.js';
import {TtyQuit, type Proc} from '../proc.js';

/** How often (seconds) a reader waiting at /dev/kmsg's newest record looks for the next one, on the screen. */
export const RECORD_POLL = 0.25;

/**
 * Waits `seconds` on the console in real time where the front end has it (the screen:
 * TtyRead.timeout with Shell.realtime), for a program in the foreground there (Proc.tty).
 * A stage writing into a foreground pipeline on the console waits so too, once its readers
 * printed what it wrote (Proc.letReadersRun()).
 * True once the time is over; false where nothing waits (replay, a command substitution, a
 * background job, under timeout's watchdog). Either way the caller then sleeps the guest's
 * clock. A line typed meanwhile stays with the terminal and the wait goes on.
 */
export function* waitRealTime(p: Proc, name: string, seconds: number): Generator<TtyRead, boolean, string | number | null | undefined> {
	// (asleep when the terminal's SIGQUIT reached the job, wherever it sleeps)
	if (seconds > 0 && p.quitReached?.()) throw new TtyQuit();
	// (a pipeline's writer: its readers print what it wrote first, and it waits as they would)
	const piped = seconds > 0 && p.letReadersRun?.() === true;
	if (!(p.tty || piped) || p.sleepEnds?.() || !(seconds > 0)) return false;
	for (;;) {
		const r = yield {tty: 'read', name, timeout: seconds, noInput: true, ...(p.ignoresQuit ? {ignoresQuit: true} : {})};
		if (r === '') return true;
		if (typeof r !== 'string') return false;
	}
}
