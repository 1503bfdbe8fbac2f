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

const FAILED_KINDS = new Set<HotplugEvent['kind']>(['offline-failed', 'eject-refused', 'hot-add-failed']);

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

/** Terminal columns of a string (CJK characters and fullwidth punctuation take two). */
export function displayWidth(text: string): number {
	let n = 0;
	for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
	return n;
}

/** Wraps to `width` columns: at a space when there is one in the line, else mid-word. */
function wrapColumns(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	let used = 0;
	let lastSpace = -1;
	for (const ch of text) {
		const w = displayWidth(ch);
		while (used + w > width && line) {
			if (lastSpace > 0) {
				lines.push(line.slice(0, lastSpace));
				line = line.slice(lastSpace + 1);
			} else {
				lines.push(line);
				line = '';
			}
			used = displayWidth(line);
			lastSpace = -1;
		}
		if (ch === ' ') lastSpace = line.length;
		line += ch;
		used += w;
	}
	if (line) lines.push(line);
	return lines;
}

/** Options of the text rendering. */
export interface RenderCallPathsOptions {
	/** Keep only the newest events. */
	last?: number;
	/**
	 * Columns available: a frame whose notes do not fit beside it gets them on the lines below,
	 * indented, and long titles wrap (the side panel is narrow). Unlimited when absent.
	 */
	width?: number;
}

/** One frame's lines: name and notes side by side, or the notes below when `width` is short. */
function frameLines(fn: string, notes: string[], nameWidth: number, width: number | undefined): string[] {
	if (notes.length === 0) return [`    ${fn}`];
	const line = `    ${fn.padEnd(nameWidth)}  ${notes.join('  ')}`;
	if (width === undefined || displayWidth(line) <= width) return [line];
	const below = Math.max(8, width - 6);
	return [`    ${fn}`, ...notes.flatMap(note => wrapColumns(note, below).map(part => `      ${part}`))];
}

/**
 * The view as text lines: per event a title line, then one indented line per function with
 * the failure mark and the 5.0 note aligned after the names. `last` keeps the newest events.
 */
export function renderCallPaths(events: readonly HotplugEvent[], lang: Lang, options: RenderCallPathsOptions = {}): string[] {
	const text = strings(lang);
	const entries = callPathEntries(events, lang);
	const shown = options.last === undefined ? entries : entries.slice(-options.last);
	if (shown.length === 0) return options.width ? wrapColumns(text.ui.noEvents, options.width) : [text.ui.noEvents];
	const lines: string[] = [];
	for (const entry of shown) {
		const title = `${entry.stamp} ${entry.title}`;
		lines.push(...(options.width ? wrapColumns(title, options.width) : [title]));
		const width = Math.max(...entry.frames.map(f => f.fn.length), 0);
		for (const frame of entry.frames) {
			const notes = [frame.failed, frame.linux50].filter((n): n is string => n !== undefined);
			lines.push(...frameLines(frame.fn, notes, width, options.width));
		}
	}
	return lines;
}

/**
 * The lines for a view `height` rows tall (and `width` columns, if given): the newest events
 * that fit whole (oldest of them first); when even the newest does not fit, its title and
 * innermost frames.
 */
export function fitCallPaths(events: readonly HotplugEvent[], lang: Lang, height: number, width?: number): string[] {
	const rows = Math.max(1, height);
	const chosen: string[][] = [];
	let used = 0;
	for (let i = events.length - 1; i >= 0; i--) {
		const lines = renderCallPaths([events[i]], lang, {width});
		if (used + lines.length > rows) {
			if (chosen.length === 0) chosen.push(lines.slice(0, rows));
			break;
		}
		chosen.unshift(lines);
		used += lines.length;
	}
	return chosen.length ? chosen.flat() : renderCallPaths([], lang, {width});
}
