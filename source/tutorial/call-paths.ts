import type {HotplugEvent} from '../machine/snapshot.js';
import {strings} from './i18n/index.js';
import type {Lang} from './types.js';

/** One function of a call path, with the Linux 5.0 note when the walkthrough's kernel differed. */
export interface CallPathFrame {
	fn: string;
	linux50?: string;
	/** Set on the innermost frame of a path that failed: where and why it stopped. */
	failed?: string;
}

/** One hotplug event as the call-path view shows it. */
export interface CallPathEntry {
	kind: HotplugEvent['kind'];
	/** printk-style `[    8.030280]` guest time. */
	stamp: string;
	title: string;
	/** Innermost first, as the walkthrough (and a kernel backtrace) lists them. */
	frames: CallPathFrame[];
}

const FAILED_KINDS = new Set<HotplugEvent['kind']>(['offline-failed', 'eject-refused']);

/** printk's `[%5lu.%06lu]` timestamp. */
export function printkStamp(seconds: number): string {
	return `[${seconds.toFixed(6).padStart(12)}]`;
}

/**
 * The call-path view's entries for the model's events (oldest first). Paths come from the
 * kernel model (outermost first, Linux 6.1 names); a failed operation's path ends where it
 * failed, and that frame carries the reason.
 */
export function callPathEntries(events: readonly HotplugEvent[], lang: Lang): CallPathEntry[] {
	const text = strings(lang);
	return events.map(event => {
		const frames: CallPathFrame[] = [...event.callPath].reverse().map(fn => {
			const frame: CallPathFrame = {fn};
			const note = text.linux50[fn];
			if (note) frame.linux50 = note;
			return frame;
		});
		if (FAILED_KINDS.has(event.kind) && frames.length > 0) frames[0].failed = text.ui.failedHere(event.reason ?? '');
		return {kind: event.kind, stamp: printkStamp(event.time), title: text.eventTitle(event), frames};
	});
}

/**
 * The view as text lines: per event a title line, then one indented line per function with
 * the failure mark and the 5.0 note aligned after the names. `last` keeps the newest events.
 */
export function renderCallPaths(events: readonly HotplugEvent[], lang: Lang, options: {last?: number} = {}): string[] {
	const text = strings(lang);
	const entries = callPathEntries(events, lang);
	const shown = options.last === undefined ? entries : entries.slice(-options.last);
	if (shown.length === 0) return [text.ui.noEvents];
	const lines: string[] = [];
	for (const entry of shown) {
		lines.push(`${entry.stamp} ${entry.title}`);
		const width = Math.max(...entry.frames.map(f => f.fn.length), 0);
		for (const frame of entry.frames) {
			const notes = [frame.failed, frame.linux50]
				.filter((n): n is string => n !== undefined);
			lines.push(notes.length ? `    ${frame.fn.padEnd(width)}  ${notes.join('  ')}` : `    ${frame.fn}`);
		}
	}
	return lines;
}

/**
 * The lines for a view `height` rows tall: the newest events that fit whole (oldest of them
 * first); when even the newest does not fit, its title and innermost frames.
 */
export function fitCallPaths(events: readonly HotplugEvent[], lang: Lang, height: number): string[] {
	const rows = Math.max(1, height);
	const chosen: string[][] = [];
	let used = 0;
	for (let i = events.length - 1; i >= 0; i--) {
		const lines = renderCallPaths([events[i]], lang);
		if (used + lines.length > rows) {
			if (chosen.length === 0) chosen.push(lines.slice(0, rows));
			break;
		}
		chosen.unshift(lines);
		used += lines.length;
	}
	return chosen.length ? chosen.flat() : renderCallPaths([], lang);
}
