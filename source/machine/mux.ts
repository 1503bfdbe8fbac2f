import type {Pane} from './session-types.js';

/**
 * QEMU's mux chardev (chardev/char-mux.c) as `-nographic` sets it up: the guest's serial port
 * and the HMP monitor share one terminal; C-a is the escape character.
 *
 * Output goes to a `Sink`: the unified terminal plus the pane it came from. Only *input* follows
 * the focus: mux_chr_write() passes every front-end's output straight to the terminal, so guest
 * console lines printed while the monitor has the focus show up among the monitor's lines (real
 * 7.2 runs with `dmesg -n 8`: `(qemu) [    9.382748] page:...` right after a device_del). With
 * timestamps on, every line start of front-end output gets `[HH:MM:SS.mmm] ` measured from the
 * first stamped write after the toggle.
 */
export interface MuxSink {
	write(pane: Pane, text: string): void;
}

const HELP_KEYS: Array<[string, string]> = [
	['h', 'print this help'],
	['x', 'exit emulator'],
	['s', 'save disk data back to file (if -snapshot)'],
	['t', 'toggle console timestamps'],
	['b', 'send break (magic sysrq)'],
	['c', 'switch between console and monitor'],
];

/** mux_print_help: the escape-key table, `%` replaced by the escape char's name. */
export function muxHelpText(escape = 'C-a'): string {
	const lines = HELP_KEYS.map(([key, text]) => `${escape} ${key}    ${text}`);
	lines.push(`${escape} ${escape}  sends ${escape}`);
	return `\n${lines.join('\n')}\n`;
}

export type MuxAction =
	| {type: 'none'}
	| {type: 'exit'; code: number}
	| {type: 'literal'}
	/** `C-a b`: a break to the focused front end (the guest's serial port; the monitor ignores it). */
	| {type: 'break'; pane: Pane}
	| {type: 'focus'; from: Pane; to: Pane};

export class Mux {
	private focused: Pane = 'serial';
	private timestamps = false;
	private timestampsStartNs = -1;
	private lineStart = false;

	constructor(
		private readonly sink: MuxSink,
		private readonly nowNs: () => number,
	) {}

	focus(): Pane {
		return this.focused;
	}

	setFocus(pane: Pane): void {
		this.focused = pane;
	}

	/** A front-end writes output (qemu_chr_fe_write on its mux front-end). */
	write(pane: Pane, text: string): void {
		if (text === '') return;
		this.emit(pane, text);
	}

	/** Writes that bypass the front-ends (help text, `QEMU: Terminated`): never stamped. */
	writeRaw(text: string): void {
		this.sink.write(this.focused, text);
	}

	/** Handles the key typed after C-a. */
	escape(key: string): MuxAction {
		switch (key) {
			case 'h':
			case '?':
				this.writeRaw(muxHelpText());
				return {type: 'none'};
			case 'x':
				this.writeRaw('QEMU: Terminated\n');
				return {type: 'exit', code: 0};
			case 't':
				this.timestamps = !this.timestamps;
				this.timestampsStartNs = -1;
				this.lineStart = false;
				return {type: 'none'};
			case 'c': {
				const from = this.focused;
				const to: Pane = from === 'serial' ? 'monitor' : 'serial';
				return {type: 'focus', from, to};
			}
			case '\x01':
				return {type: 'literal'};
			case 'b':
				return {type: 'break', pane: this.focused};
			default:
				// 's' (commit disks) has no visible effect here; unknown keys are swallowed.
				return {type: 'none'};
		}
	}

	private emit(pane: Pane, text: string): void {
		if (!this.timestamps) {
			this.sink.write(pane, text);
			return;
		}
		let out = '';
		for (const ch of text) {
			if (this.lineStart) {
				out += this.stamp();
				this.lineStart = false;
			}
			out += ch;
			if (ch === '\n') this.lineStart = true;
		}
		this.sink.write(pane, out);
	}

	private stamp(): string {
		const now = this.nowNs();
		if (this.timestampsStartNs < 0) this.timestampsStartNs = now;
		const ms = Math.floor((now - this.timestampsStartNs) / 1e6);
		const pad = (n: number, width = 2) => String(n).padStart(width, '0');
		const h = Math.floor(ms / 3_600_000);
		const m = Math.floor(ms / 60_000) % 60;
		const s = Math.floor(ms / 1000) % 60;
		return `[${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}] `;
	}
}
