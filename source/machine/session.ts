import {VirtualClock} from './clock.js';
import {Mux} from './mux.js';
import {parseQemuCommandLine, QemuMachine, type QemuConfig} from './qemu/index.js';
import {LinuxGuest} from './linux/index.js';
import {Shell} from './shell/index.js';
import type {MachineSnapshot} from './snapshot.js';
import type {MachineSession, OutputChunk, Pane} from './session-types.js';

/** Guest time one typed command costs (keeps printk and mux timestamps moving, deterministically). */
const COMMAND_NS = 40_000_000;
/** Characters of output kept per front-end for `transcript()`. */
const MAX_STREAM = 1 << 21;

/** What `memhp` starts when no QEMU options are given: the tutorial's machine. */
export const DEFAULT_QEMU_ARGS = [
	'-machine', 'pc', '-m', '1024M,slots=32,maxmem=8G', '-smp', '1',
	'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 nokaslr', '-nographic',
];

export type CreateResult = {ok: true; session: Session} | {ok: false; stderr: string; exitCode: number};

/**
 * Starts a machine from QEMU's command line (without the program name): QEMU, the guest
 * kernel and its shell, wired through the mux. Start-up errors come back as QEMU prints them.
 */
export function createSession(argv: string[]): CreateResult {
	const parsed = parseQemuCommandLine(argv);
	if (!parsed.ok) return parsed;
	const clock = new VirtualClock();
	const created = QemuMachine.create(parsed.config, clock);
	if (!created.ok) return created;
	return {ok: true, session: new Session(parsed.config, created.machine, clock)};
}

export class Session implements MachineSession {
	private readonly mux: Mux;
	private readonly guest?: LinuxGuest;
	private readonly shell?: Shell;
	private readonly listeners = new Set<(chunk: OutputChunk) => void>();
	private readonly streams: Record<Pane, string> = {serial: '', monitor: ''};
	private monitorOpened = false;
	private exit: number | undefined;
	private changes = 0;

	constructor(
		readonly config: QemuConfig,
		readonly qemu: QemuMachine,
		readonly clock: VirtualClock,
	) {
		this.mux = new Mux({write: (pane, text) => this.append(pane, text)}, () => clock.now());
		if (config.kernel !== undefined) {
			this.guest = new LinuxGuest({
				boot: qemu.bootInfo(),
				firmware: qemu.firmware,
				clock,
				console: (text) => this.mux.write('serial', text),
			});
			qemu.attachGuest(this.guest);
			this.shell = new Shell(this.guest.syscalls, {columns: 80});
			this.mux.write('serial', shellBanner() + this.shell.prompt());
		}
		if (config.monitorStdio || !this.guest) {
			// `-monitor stdio` (or no guest console worth showing): the monitor owns the terminal.
			this.mux.setFocus('monitor');
			this.openMonitor();
		}
	}

	focus(): Pane {
		return this.mux.focus();
	}

	prompt(pane: Pane = this.focus()): string {
		if (pane === 'monitor') return '(qemu) ';
		return this.shell ? this.shell.prompt() : '';
	}

	submitLine(line: string): void {
		if (this.exit !== undefined) return;
		this.clock.advance(COMMAND_NS);
		if (this.focus() === 'monitor') {
			this.mux.write('monitor', `${line}\n`);
			const result = this.qemu.hmp(line);
			this.mux.write('monitor', result.output);
			if (result.quit) {
				this.exit = 0;
			} else {
				this.mux.write('monitor', '(qemu) ');
			}
		} else if (this.shell && this.qemu.running()) {
			this.mux.write('serial', `${line}\n`);
			const result = this.shell.run(line);
			this.mux.write('serial', result.output);
			if (result.exit !== undefined) {
				// busybox on a console: init respawns the shell.
				this.mux.write('serial', `\n${shellBanner()}`);
			}
			this.mux.write('serial', this.shell.prompt());
		}
		this.changed();
	}

	muxKey(key: string): {insertCtrlA?: boolean} {
		if (this.exit !== undefined) return {};
		if (this.config.monitorStdio) return {};
		const action = this.mux.escape(key);
		switch (action.type) {
			case 'exit':
				this.exit = action.code;
				break;
			case 'literal':
				return {insertCtrlA: true};
			case 'focus':
				if (action.from === 'monitor') this.mux.write('monitor', '\n');
				this.mux.completeSwitch(action.to);
				if (action.to === 'monitor') this.openMonitor();
				break;
			case 'none':
				break;
		}
		this.changed();
		return {};
	}

	interrupt(): void {
		if (this.focus() !== 'serial' || !this.shell) return;
		this.mux.write('serial', `^C${this.shell.interrupt()}`);
		this.mux.write('serial', this.shell.prompt());
		this.changed();
	}

	complete(line: string, cursor: number): {replaceFrom: number; candidates: string[]} {
		if (this.focus() === 'monitor') {
			const start = line.slice(0, cursor).search(/[^\s,=]*$/);
			return {replaceFrom: start, candidates: this.qemu.hmpComplete(line.slice(0, cursor))};
		}
		return this.shell ? this.shell.complete(line, cursor) : {replaceFrom: cursor, candidates: []};
	}

	onOutput(listener: (chunk: OutputChunk) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	transcript(pane: Pane): string {
		return this.streams[pane];
	}

	snapshot(): MachineSnapshot {
		return {
			memoryOption: this.config.memory.option,
			qemu: this.qemu.snapshot(),
			guest: this.guest?.snapshot(),
			events: this.guest ? this.guest.events() : [],
		};
	}

	exitCode(): number | undefined {
		return this.exit;
	}

	version(): number {
		return this.changes;
	}

	private openMonitor(): void {
		const banner = this.monitorOpened ? '' : "QEMU 7.2.22 monitor - type 'help' for more information\n";
		this.monitorOpened = true;
		this.mux.write('monitor', `${banner}(qemu) `);
	}

	private append(pane: Pane, text: string): void {
		const stream = this.streams[pane] + text;
		// Bounded: front ends keep their own scrollback; this is for late subscribers.
		this.streams[pane] = stream.length > MAX_STREAM ? stream.slice(-MAX_STREAM / 2) : stream;
		for (const listener of this.listeners) listener({pane, text});
	}

	private changed(): void {
		this.changes++;
	}
}

/** What busybox ash prints when an interactive shell starts on the console. */
function shellBanner(): string {
	return '\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)\n' +
		"Enter 'help' for a list of built-in commands.\n\n";
}
