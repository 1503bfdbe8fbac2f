/**
 * Keys as the memhp console understands them, after the raw terminal bytes have been split
 * into events. Kept separate from the parser so handlers can import the type alone.
 */

/** Named keys that arrive as escape sequences (or as DEL / BS / TAB / CR bytes). */
export type SpecialKey =
	| 'up'
	| 'down'
	| 'left'
	| 'right'
	| 'home'
	| 'end'
	| 'pageup'
	| 'pagedown'
	| 'delete'
	| 'backspace'
	| 'tab'
	| 'enter'
	| 'escape'
	/** Function keys the tutorial uses (F2 call paths, F7/F8 previous/next step). */
	| 'f2'
	| 'f7'
	| 'f8';

export type KeyEvent =
	/** Printable text (one key or a pasted run without line ends). */
	| {type: 'text'; text: string}
	/** A named key. */
	| {type: 'key'; name: SpecialKey}
	/** A control letter other than the named ones: 'c' for Ctrl-C (0x03), 'e' for Ctrl-E ... */
	| {type: 'ctrl'; letter: string}
	/** The key typed after the C-a escape of QEMU's mux (C-a C-a gives key '\x01'). */
	| {type: 'mux'; key: string};
