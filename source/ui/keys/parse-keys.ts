import type {KeyEvent, SpecialKey} from './key-event.js';

/**
 * Turns raw terminal input into key events. Stateful only across chunk boundaries: a trailing
 * C-a waits for the key after it (QEMU's mux reads the next byte, whenever it comes), and an
 * escape sequence cut in the middle waits for its end.
 *
 * The mux escape is found by scanning the raw text because a terminal (and Ink 6) delivers
 * `"\x01c"` as one chunk; a per-key API would see it as one unknown string.
 */
export interface KeyParser {
	/** Feeds one chunk; returns the complete key events it contains, in order. */
	push(chunk: string): KeyEvent[];
	/** True while a lone C-a or a partial escape sequence waits for more input. */
	pending(): boolean;
}

const CTRL_A = '\x01';
const ESC = '\x1b';

/** CSI / SS3 sequences the line editors and scrollback use; others are dropped silently. */
const SEQUENCES: Record<string, SpecialKey> = {
	'[A': 'up',
	'[B': 'down',
	'[C': 'right',
	'[D': 'left',
	OA: 'up',
	OB: 'down',
	OC: 'right',
	OD: 'left',
	'[H': 'home',
	'[F': 'end',
	OH: 'home',
	OF: 'end',
	'[1~': 'home',
	'[7~': 'home',
	'[4~': 'end',
	'[8~': 'end',
	'[3~': 'delete',
	'[5~': 'pageup',
	'[6~': 'pagedown',
	// F2: xterm (SS3 Q), VT220 / rxvt (CSI 12 ~), Linux console (CSI [ B).
	OQ: 'f2',
	'[12~': 'f2',
	'[[B': 'f2',
	'[18~': 'f7',
	'[19~': 'f8',
};

/**
 * Length of the escape sequence at `text[i]` (which is ESC), 0 when it is incomplete, or -1
 * when ESC is not followed by `[` or `O` (a lone Escape key press).
 */
function escapeLength(text: string, i: number): number {
	const kind = text[i + 1];
	if (kind === undefined) return -1;
	if (kind === 'O') return i + 2 < text.length ? 3 : 0;
	if (kind !== '[') return -1;
	for (let j = i + 2; j < text.length; j++) {
		const code = text.charCodeAt(j);
		// ECMA-48: parameter and intermediate bytes 0x20-0x3f, final byte 0x40-0x7e.
		if (code >= 0x40 && code <= 0x7e && !(j === i + 2 && text[j] === '[')) return j - i + 1;
		if (code < 0x20 || code > 0x7e) return j - i;
	}
	return 0;
}

/** The event for one control byte (below 0x20, or DEL). */
function controlEvent(ch: string): KeyEvent {
	switch (ch) {
		case '\r':
		case '\n':
			return {type: 'key', name: 'enter'};
		case '\t':
			return {type: 'key', name: 'tab'};
		case '\x7f':
		case '\b':
			return {type: 'key', name: 'backspace'};
		default:
			return {type: 'ctrl', letter: String.fromCharCode(ch.charCodeAt(0) + 0x60)};
	}
}

/** Creates a parser with its own carry-over state (one per input stream). */
export function createKeyParser(): KeyParser {
	let carry = '';
	return {
		pending: () => carry.length > 0,
		push(chunk: string): KeyEvent[] {
			const text = carry + chunk;
			carry = '';
			const events: KeyEvent[] = [];
			let run = '';
			const flush = () => {
				if (run) events.push({type: 'text', text: run});
				run = '';
			};
			for (let i = 0; i < text.length; ) {
				const ch = text[i];
				if (ch === CTRL_A) {
					flush();
					if (i + 1 >= text.length) {
						carry = text.slice(i);
						break;
					}
					const cp = text.codePointAt(i + 1) ?? 0;
					const key = String.fromCodePoint(cp);
					events.push({type: 'mux', key});
					i += 1 + key.length;
					continue;
				}
				if (ch === ESC) {
					flush();
					const len = escapeLength(text, i);
					if (len === 0) {
						carry = text.slice(i);
						break;
					}
					if (len < 0) {
						events.push({type: 'key', name: 'escape'});
						i += 1;
						continue;
					}
					const name = SEQUENCES[text.slice(i + 1, i + len)];
					if (name) events.push({type: 'key', name});
					i += len;
					continue;
				}
				const code = ch.charCodeAt(0);
				if (code < 0x20 || code === 0x7f) {
					flush();
					// A CR LF pair from a paste is one line end, not an empty line after it.
					if (ch === '\r' && text[i + 1] === '\n') i++;
					events.push(controlEvent(ch));
					i++;
					continue;
				}
				run += ch;
				i++;
			}
			flush();
			return events;
		},
	};
}
