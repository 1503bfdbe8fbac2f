import {GUEST_BOOT_NS, GuestClock, VirtualClock} from './clock.js';
import {Mux} from './mux.js';
import {parseQemuCommandLine, QemuMachine, type QemuConfig} from './qemu/index.js';
import {MONITOR_BANNER, type QapiEvent} from './qemu/machine.js';
import type {QmpResponse} from './qemu/qmp-commands.js';
import {QmpError} from './qemu/qmp-error.js';
import {bootRunsOutOfMemory, LinuxGuest} from './linux/index.js';
import {MachineDown} from './linux/syscalls.js';
import {caretNotation} from './linux/tty.js';
import {SEABIOS_VERSION} from './linux/build-info.js';
import {BZIMAGE, bootFailure} from './linux/memblock.js';
import {bootNic, bootVga} from './linux/pci-scan.js';
import {ASH_BANNER, Shell} from './shell/index.js';
import {utf8Length} from './vfs/utf8.js';
import {seabiosHighShift, type FirmwareBootInfo} from './acpi.js';
import type {MachineSnapshot} from './snapshot.js';
import type {MachineSession, OutputChunk, Pane, TtySignalKey} from './session-types.js';

/**
 * Guest time one typed command costs (keeps printk and mux timestamps moving, deterministically):
 * about what the goldens' recordings took a command (spec/raw: 23 commands, the monitor's among
 * them, in 5.5 s of guest time), which decides what kfree_rcu()'s 5 s batches hold (slub.ts).
 */
const COMMAND_NS = 250_000_000;
/** Characters of typed input kept to rebuild the machine after an internal error. */
const MAX_INPUT_LOG = 1 << 23;
/** Characters of output kept per front-end for `transcript()`. */
const MAX_STREAM = 1 << 21;
/** Writes kept as they came before they are joined into one string. */
const PACK = 1024;

/** A pane's output so far: the chunks it came in, those before `packed` joined a PACK at a time. */
interface Stream {
	chunks: string[];
	length: number;
	packed: number;
}

/** What `memhp` starts when no QEMU options are given: the tutorial's machine. */
export const DEFAULT_QEMU_ARGS = [
	'-machine', 'pc', '-m', '1024M,slots=32,maxmem=8G', '-smp', '1',
	'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 nokaslr', '-nographic',
];

/** A failed start: `stdout` is what a `-monitor stdio` monitor printed before the board's init failed. */
export type CreateResult = {ok: true; session: Session} | {ok: false; stdout?: string; stderr: string; exitCode: number};

/**
 * Starts a machine from QEMU's command line (without the program name): QEMU, the guest
 * kernel and its shell, wired through the mux. Start-up errors come back as QEMU prints them.
 * `hostEpoch`: the host's wall clock at power-on (seconds since the epoch; the screen's, so the
 * guest's `date` is today's), else a fixed date, so replays are reproducible.
 */
export function createSession(argv: string[], hostEpoch?: number): CreateResult {
	const parsed = parseQemuCommandLine(argv);
	if (!parsed.ok) return parsed;
	const clock = new VirtualClock(GUEST_BOOT_NS, hostEpoch);
	const created = QemuMachine.create(parsed.config, clock);
	// The start-up warnings were printed before the board's error.
	if (!created.ok) return {...created, stderr: parsed.config.warnings.join('') + created.stderr};
	return {ok: true, session: new Session(parsed.config, created.machine, clock)};
}

/**
 * The line as the terminal shows it after a signal character typed at `cursor`: ECHOCTL's caret
 * notation (`^C`, `^Z`, `^\`, caretNotation()) over the two columns there.
 */
function echoSignalCharacter(line: string, cursor: number, ch: string): string {
	const at = Math.max(0, Math.min(cursor, line.length));
	return `${line.slice(0, at)}${caretNotation(ch)}${line.slice(at + 2)}`;
}

/**
 * What the firmware writes to the serial console as the machine starts again after a reset
 * (the lab, s57: `reboot -f` and SysRq b at 512M to 4G; s62: q35, -nic none, -vga none):
 * SeaBIOS's sercon clears the terminal (autowrap off) and prints its banner; the NIC's iPXE ROM
 * prints its own, with the PCI address, the segment SeaBIOS copied the ROM to (0xca00 after the
 * VGA BIOS, 0xc000 without one) and the PMM's two allocations (the top of RAM below 4 GiB less
 * 0x1031000 and 0x10f1000, shifted by what else SeaBIOS allocated there: seabiosHighShift(),
 * measured at 1G), and a prompt it then blanks; then "Booting from
 * ROM" until the kernel's video mode setup clears the screen again (its third dot comes before
 * or after that, run to run; memhp writes the usual two). Without a NIC, SeaBIOS's line alone.
 */
function firmwareBanner(boot: FirmwareBootInfo): string {
	const clear = '\x1bc\x1b[?7l\x1b[2J';
	const nic = bootNic(boot);
	const header = `${clear}\x1b[0mSeaBIOS (version ${SEABIOS_VERSION})\n`;
	if (!nic) return `${header}Booting from ROM..${clear}`;
	const vga = bootVga(boot) !== undefined;
	const pmm = (less: number) => (boot.ramBelow4g - less - seabiosHighShift(boot)).toString(16).toUpperCase().padStart(8, '0');
	// (the NIC's ROM follows the VGA BIOS's 39 KiB, on a 2 KiB boundary: optionRoms)
	const segment = (0xc0000 + (vga ? Math.ceil(boot.optionRoms[0]! / 2048) * 2048 : 0)) >> 4;
	const seg = segment.toString(16).toUpperCase();
	const addr = `${nic.slot.toString(16).padStart(2, '0')}.${nic.fn}`;
	return `${header}\n\niPXE (http://ipxe.org) 00:${addr} ${seg} PCI2.10 PnP PMM+${pmm(0x1031000)}+${pmm(0x10f1000)} ${seg}\n`
		+ `Press Ctrl-B to configure iPXE (PCI 00:${addr})...\r${' '.repeat(79)}\n\n\nBooting from ROM..${clear}`;
}

/** One user input, as recorded for rebuilding the machine after an internal error. */
type Input = {kind: 'line'; line: string} | {kind: 'mux'; key: string} | {kind: 'interrupt'; line: string; cursor: number} | {kind: 'eof'}
	| {kind: 'signal'; key: TtySignalKey; line: string; cursor: number}
	| {kind: 'keys'; keys: string} | {kind: 'tty'; keys: string} | {kind: 'sysrq'; key: string} | {kind: 'timeup'} | {kind: 'qmp'; command: string; args: Record<string, unknown>}
	| {kind: 'idle'; ns: number};

/** Everything that makes up one running machine (rebuilt wholesale after an internal error). */
interface Parts {
	qemu: QemuMachine;
	clock: VirtualClock;
	mux: Mux;
	guest?: LinuxGuest;
	shell?: Shell;
	monitorOpened: boolean;
	exit: number | undefined;
	/** The guest halted (halt -f): its console is silent until system_reset. */
	halted?: boolean;
	/** The guest kernel did not come up in the machine's RAM (bootFailure()). */
	bootFailure?: 'reset-loop' | 'initrd-overwritten' | 'out-of-memory';
}

export class Session implements MachineSession {
	private parts: Parts;
	private readonly listeners = new Set<(chunk: OutputChunk) => void>();
	private readonly eventListeners = new Set<(event: QapiEvent) => void>();
	/** Each pane's output so far (bounded), as the chunks it came in: joined when asked for. */
	private readonly streams: Record<Pane, Stream> = {serial: {chunks: [], length: 0, packed: 0}, monitor: {chunks: [], length: 0, packed: 0}};
	private changes = 0;
	/** Every input that completed, in order: the machine is a pure function of config + inputs. */
	private inputs: Input[] | undefined = [];
	private inputChars = 0;
	private readonly bootNs: number;
	/** Set while a rebuilt machine replays the inputs: its output was already shown once. */
	private muted = false;
	/** The screen runs the machine in real time (runInRealTime()). */
	private realtime = false;
	/** The screen's clock (ms) and the guest's and its readings when real time started. */
	private realClock?: {now: () => number; startMs: number; startNs: number};
	/** Real time the timed program waiting on the console has waited so far, in ms (input it reads starts it again). */
	private waited = 0;
	/** Lines typed ahead are being run at the prompt (runTypedAhead()). */
	private typingAhead = false;

	constructor(
		readonly config: QemuConfig,
		qemu: QemuMachine,
		clock: VirtualClock,
	) {
		this.bootNs = clock.now();
		this.parts = this.assemble(qemu, clock);
	}

	/** The QEMU side of the current machine. */
	get qemu(): QemuMachine {
		return this.parts.qemu;
	}

	get clock(): VirtualClock {
		return this.parts.clock;
	}

	private get mux(): Mux {
		return this.parts.mux;
	}

	private get shell(): Shell | undefined {
		return this.parts.shell;
	}

	private get guest(): LinuxGuest | undefined {
		return this.parts.guest;
	}

	private get exit(): number | undefined {
		return this.parts.exit;
	}

	private set exit(code: number | undefined) {
		this.parts.exit = code;
	}

	private get halted(): boolean {
		return this.parts.halted ?? false;
	}

	private set halted(halted: boolean) {
		this.parts.halted = halted;
	}

	/** Wires QEMU, the guest kernel, its shell and the mux together, and prints what boot shows. */
	private assemble(qemu: QemuMachine, clock: VirtualClock): Parts {
		const config = this.config;
		const mux = new Mux({write: (pane, text) => this.append(pane, text)}, () => clock.now());
		const parts: Parts = {qemu, clock, mux, monitorOpened: false, exit: undefined};
		this.parts = parts;
		// QEMU's start-up warnings reach the terminal before anything else.
		// (The mux starts on the serial port unless -monitor stdio, with or without a kernel.)
		if (config.warnings.length) mux.write(config.monitorStdio ? 'monitor' : 'serial', config.warnings.join(''));
		qemu.onEvent((event) => {
			if (this.muted) return;
			for (const listener of this.eventListeners) listener(event);
		});
		// (the RTC: -rtc base=DATE, else the host's time)
		if (config.kernel !== undefined) this.bootGuest(parts, clock, config.rtcBase ?? clock.hostEpoch);
		if (config.monitorStdio) {
			// `-monitor stdio`: the monitor owns the terminal.
			mux.setFocus('monitor');
			this.openMonitor();
		}
		// Otherwise the mux starts on the serial port, silent without a guest kernel (SeaBIOS
		// writes to the VGA console, not to ttyS0), and C-a c opens the monitor with its banner.
		// (the lab: `-S -nographic` without -kernel)
		return parts;
	}

	/**
	 * The guest kernel boots (QEMU's -kernel), then its shell takes the console. `clock` is the
	 * guest's: the machine's own at power-on, one counting from the reset after system_reset.
	 */
	private bootGuest(parts: Parts, clock: VirtualClock, wallEpoch?: number): void {
		const {qemu, mux} = parts;
		const boot = qemu.bootInfo();
		const failure = bootFailure(boot);
		parts.bootFailure = failure?.kind;
		if (failure) {
			mux.write('serial', bootFailureMessage(failure, boot.ramBelow4g, this.smallestBootingRam(boot)));
			return;
		}
		// The boot log's console lines are held until the guest is known to come up.
		let held: string[] | undefined = [];
		const guest = new LinuxGuest({
			boot,
			firmware: qemu.firmware,
			...(qemu.config.machineType === 'q35' ? {} : {pciHotplug: qemu.pciHotplug}),
			clock,
			wallEpoch,
			power: {reset: () => qemu.guestReset(), powerOff: () => qemu.guestShutdown()},
			// printk to the serial console: what the running command wrote before it goes out first.
			console: (text) => {
				if (held) return void held.push(text);
				const before = parts.shell?.takeOutput();
				if (before) mux.write('serial', before);
				mux.write('serial', text);
			},
		});
		const bootConsole = held.join('');
		held = undefined;
		if (guest.outOfMemoryAtBoot) {
			// The console shows the boot up to the initramfs's unpacking, where memory runs out.
			const unpack = bootConsole.indexOf('Trying to unpack rootfs image as initramfs...');
			const shown = unpack < 0 ? bootConsole : bootConsole.slice(0, bootConsole.indexOf('\n', unpack) + 1);
			parts.bootFailure = 'out-of-memory';
			mux.write('serial', shown + bootOomMessage(boot, this.smallestBootingRam(boot)));
			return;
		}
		mux.write('serial', bootConsole);
		parts.guest = guest;
		qemu.attachGuest(parts.guest);
		parts.shell = new Shell(parts.guest.syscalls, {columns: 80});
		parts.shell.realtime = this.realtime;
		// After boot the banner comes one newline after the kernel's messages.
		mux.write('serial', ASH_BANNER.slice(1) + parts.shell.prompt());
	}

	/**
	 * The smallest RAM (MiB) from which every bigger machine like this one boots, for the hint
	 * after a boot that failed: past the decompressed kernel and the initrd above it, boot's
	 * allocations must fit (the lab: 81M to 83M run out of memory, 84M boots); with a hotplug
	 * range the bounce buffer is halved where 64 MiB does not fit, so some smaller sizes boot and
	 * some bigger ones do not (100M and 136M boot, 112M and 144M do not). Searched down from
	 * 256M, where the whole buffer fits with room to spare.
	 */
	private smallestBootingRam(boot: FirmwareBootInfo): number {
		const slots = this.qemu.firmware.slotCount();
		let mib = Math.max(256, Math.ceil((boot.ramBelow4g + boot.ramAbove4g) / MiB) + 1);
		for (; mib > 1; mib--) {
			const info = this.qemu.bootInfoWithRam(BigInt(mib - 1) * BigInt(MiB));
			if (!info || bootFailure(info) || bootRunsOutOfMemory(info, slots)) break;
		}
		return mib;
	}

	/**
	 * After system_reset the guest boots again on the same machine: what it had in memory is
	 * gone, the DIMMs plugged now are found by its boot-time ACPI scan. Its clock starts again
	 * (as after the first power-on), the wall clock goes on.
	 */
	private rebootGuestIfReset(): void {
		if (!this.qemu.takeResetRequest() || this.config.kernel === undefined) return;
		const parts = this.parts;
		this.halted = false;
		const bootedAt = parts.clock.now() - GUEST_BOOT_NS;
		parts.mux.write('serial', firmwareBanner(this.qemu.bootInfo()));
		parts.mux.write('serial', '\n');
		this.bootGuest(parts, new GuestClock(parts.clock, bootedAt), (this.config.rtcBase ?? parts.clock.hostEpoch) + Math.floor(bootedAt / 1e9));
	}

	focus(): Pane {
		return this.mux.focus();
	}

	prompt(pane: Pane = this.focus()): string {
		if (pane === 'monitor') return '(qemu) ';
		return this.shell && !this.halted ? this.shell.prompt() : '';
	}

	consoleReader(): string | undefined {
		return this.shell && !this.halted ? this.shell.reader() : undefined;
	}

	/** Whether the guest program waiting on the console reads keys in raw mode (more): see consoleKeys(). */
	consoleTakesKeys(): boolean {
		return !!this.shell && !this.halted && this.shell.readerTakesKeys();
	}

	/** Whether the guest console echoes what is typed now (off while more, top or `read -s` reads). */
	consoleEchoes(): boolean {
		return !this.shell || this.halted || this.shell.readerEchoes();
	}

	/**
	 * Keys typed on the guest console while a program reads it in raw mode (Enter is `\n`, as the
	 * tty's ICRNL makes it): they reach the program as typed, echoed where the terminal echoes
	 * (`read -n`; not for more or top).
	 */
	consoleKeys(keys: string): void {
		if (this.exit !== undefined || !this.consoleTakesKeys()) return;
		this.guarded({kind: 'keys', keys}, () => this.runKeys(keys), undefined);
	}

	sysrqArmed(): boolean {
		return this.focus() === 'serial' && this.exit === undefined && !this.halted && this.qemu.running() && !!this.guest?.sysrqArmed();
	}

	sysrqKey(key: string): boolean {
		if (!this.sysrqArmed() || key === '') return false;
		return this.guarded({kind: 'sysrq', key}, () => this.runSysrqKey(key[0]!), false);
	}

	/**
	 * The first character on the serial port after a break: a SysRq command for the guest
	 * kernel (which may reset or power off the machine), not input for the shell. False where the
	 * break had expired: the character is typed as usual.
	 */
	private runSysrqKey(key: string): boolean {
		const guest = this.guest;
		if (!guest || this.focus() !== 'serial' || !guest.sysrqArmed()) return false;
		// (what the running command wrote so far goes out first)
		const before = this.shell?.takeOutput();
		if (before) this.mux.write('serial', before);
		let taken: boolean;
		try {
			taken = guest.serialChar(key);
		} catch (e) {
			if (!(e instanceof MachineDown)) throw e;
			this.shellResult({output: '', down: e.how});
			this.changed();
			return true;
		}
		this.changed();
		return taken;
	}

	/**
	 * Characters that reached the guest's serial port and went past its SysRq handling: the 8250
	 * driver queues them in the tty's flip buffers (LinuxGuest.serialInput()). The panes' line
	 * editor sends a line when Enter is pressed, so a line counts its characters and the Enter,
	 * not the keys that edited it.
	 */
	private serialReceived(text: string): void {
		if (this.halted || !this.qemu.running()) return;
		this.guest?.serialInput(utf8Length(text));
	}

	consoleCanonical(): boolean {
		return !!this.shell && !this.halted && this.exit === undefined && this.qemu.running() && this.shell.consoleCanonical();
	}

	ttyKeys(keys: string): void {
		if (!this.consoleCanonical() || keys === '') return;
		this.guarded({kind: 'tty', keys}, () => this.runTtyKeys(keys), undefined);
	}

	/**
	 * n_tty in canonical mode: the echo goes out as the keys come; each line they complete goes
	 * to the program waiting (what it prints, and the prompt if it ended), or, the program gone,
	 * to the shell's lineedit, which runs whole lines at its prompt.
	 */
	private runTtyKeys(keys: string): void {
		if (this.runSysrqKey(keys[0] ?? '')) keys = keys.slice(1);
		const shell = this.shell;
		if (!shell || keys === '' || !shell.consoleCanonical()) return;
		this.serialReceived(keys);
		const {echo, input} = shell.ttyReceive(keys, this.serialColumn());
		if (echo) this.mux.write('serial', echo);
		for (const data of input) {
			if (!shell.readerIgnoresInput()) this.waited = 0;
			this.clock.advance(COMMAND_NS);
			this.shellResult(shell.ttyInput(data));
		}
		this.changed();
	}

	/** The serial console's cursor column as the output left it (a tab typed in canonical mode is erased back to it). */
	private serialColumn(): number {
		const {chunks} = this.streams.serial;
		let column = 0;
		for (let i = chunks.length - 1; i >= 0; i--) {
			const chunk = chunks[i]!;
			const end = Math.max(chunk.lastIndexOf('\n'), chunk.lastIndexOf('\r'));
			column += chunk.length - end - 1;
			if (end >= 0) break;
		}
		return column;
	}

	/**
	 * The front end runs in real time (the screen): a guest program may wait there for its delay
	 * (watch's interval, top's), which elapse() counts down; given the screen's clock, the guest's
	 * keeps up with it (keepUpWithRealTime()). Replay never waits.
	 */
	runInRealTime(now?: () => number): void {
		this.realtime = true;
		if (this.shell) this.shell.realtime = true;
		if (now && !this.realClock) this.realClock = {now, startMs: now(), startNs: this.clock.now()};
	}

	/**
	 * With the screen's clock (runInRealTime()), the guest's clock keeps up with real time: what
	 * a person spent reading or typing has passed in the guest too when the next input comes
	 * (dmesg stamps, uptime, date), as in a running VM. It never goes back: commands typed faster
	 * than the 250 ms of guest time each costs leave it ahead until real time catches up. Recorded
	 * as an input, so a rebuilt machine's clock is the same.
	 */
	private keepUpWithRealTime(): void {
		const real = this.realClock;
		// (a program waiting for its delay, watch or sleep, moves the clock by it when it is over)
		if (!real || this.muted || this.consoleTimeout() !== undefined) return;
		const behind = real.startNs + (real.now() - real.startMs) * 1e6 - this.clock.now();
		if (behind < 1e6) return;
		const ns = Math.floor(behind);
		this.clock.advance(ns);
		this.record({kind: 'idle', ns});
	}

	/** The seconds of real time the guest program waiting on the console waits at most (watch, top), if timed. */
	consoleTimeout(): number | undefined {
		return this.shell && !this.halted && this.exit === undefined ? this.shell.readerTimeout() : undefined;
	}

	/**
	 * `ms` of real time passed (the screen's timer): once the waiting program's delay is over it
	 * goes on, moving the guest's clock by that delay (watch runs its command again).
	 */
	elapse(ms: number): void {
		const timeout = this.consoleTimeout();
		if (timeout === undefined) {
			this.waited = 0;
			return;
		}
		this.waited += ms;
		if (this.waited < timeout * 1000) return;
		this.waited = 0;
		this.guarded({kind: 'timeup'}, () => this.runTimeUp(), undefined);
		// (the delay took its real time and moved the guest's clock by it: both go on from here)
		if (this.realClock) this.realClock = {...this.realClock, startMs: this.realClock.now(), startNs: this.clock.now()};
	}

	private runTimeUp(): void {
		if (!this.shell || this.consoleTimeout() === undefined) return;
		// (the program sleeps the guest's clock by its delay itself)
		this.shellResult(this.shell.timeUp());
		this.changed();
	}

	private runKeys(keys: string): void {
		if (this.runSysrqKey(keys[0] ?? '')) keys = keys.slice(1);
		this.waited = 0;
		if (!this.shell || keys === '') return;
		this.serialReceived(keys);
		this.clock.advance(COMMAND_NS);
		if (this.shell.readerEchoes()) this.mux.write('serial', keys);
		this.shellResult(this.shell.keys(keys));
		this.changed();
	}

	submitLine(line: string): void {
		if (this.exit !== undefined) return;
		this.guarded({kind: 'line', line}, () => this.runLine(line), undefined);
	}

	private runLine(line: string): void {
		// (after a break the line's first character, or its Enter, is a SysRq command)
		if (this.runSysrqKey(line === '' ? '\r' : line[0]!)) {
			if (line === '') return;
			line = line.slice(1);
		}
		// (a line for the guest starts a timed wait again, unless the program waiting reads
		// nothing, as sleep; the monitor's lines do not touch it)
		if (this.focus() === 'serial' && !this.shell?.readerIgnoresInput()) this.waited = 0;
		this.clock.advance(COMMAND_NS);
		if (this.focus() === 'monitor') {
			this.mux.write('monitor', `${line}\n`);
			const result = this.qemu.hmp(line);
			this.mux.write('monitor', result.output);
			if (result.quit) {
				this.quit(0);
			} else {
				// The guest's reaction comes before the next prompt, as a hot-add's does.
				this.rebootGuestIfReset();
				this.mux.write('monitor', '(qemu) ');
			}
		} else if (this.shell && this.qemu.running() && !this.halted) {
			this.serialReceived(`${line}\r`);
			// (a program reading the terminal may have turned its echo off)
			if (this.shell.readerEchoes()) this.mux.write('serial', `${line}\n`);
			this.shellResult(this.shell.run(line));
		}
		this.changed();
	}

	/**
	 * What a shell input printed, the respawned console shell's banner if it exited, the next
	 * prompt; or what follows a reboot(2): the guest boots again (restart), QEMU exits (power off),
	 * or the console stays silent until system_reset (halt).
	 */
	private shellResult(result: {output: string; exit?: number; down?: 'restart' | 'power-off' | 'halt'}): void {
		if (!this.shell) return;
		this.mux.write('serial', result.output);
		if (result.down === 'restart') return this.rebootGuestIfReset();
		if (result.down === 'power-off') {
			if (this.qemu.takeShutdownRequest()) this.exit = 0;
			return;
		}
		if (result.down === 'halt') {
			this.halted = true;
			return;
		}
		// busybox on a console: init respawns the shell.
		if (result.exit !== undefined) this.mux.write('serial', ASH_BANNER);
		this.mux.write('serial', this.shell.prompt());
		this.runTypedAhead();
	}

	/**
	 * Lines typed while the last command ran that no program read wait in the tty: ash's lineedit
	 * reads each at its prompt, shows it there and runs it, as if typed then (the tty echoed it
	 * already when it was typed).
	 */
	private runTypedAhead(): void {
		if (this.typingAhead || !this.shell) return;
		this.typingAhead = true;
		try {
			for (;;) {
				const line = this.shell.takeTypedLine();
				if (line !== undefined) {
					this.mux.write('serial', `${line}\n`);
					this.clock.advance(COMMAND_NS);
					this.shellResult(this.shell.run(line, true));
				} else if (this.shell.takeTypedEof()) {
					// (Ctrl-D at the empty prompt: the shell exits, or a child sh returns)
					this.clock.advance(COMMAND_NS);
					this.shellResult(this.shell.eof());
				} else break;
				if (this.halted || this.exit !== undefined) break;
			}
		} finally {
			this.typingAhead = false;
		}
	}

	/** The start of a line typed ahead of the prompt (keys a program in raw mode did not take), for the line editor. */
	takeTypedAhead(): string {
		return this.shell && !this.typingAhead ? this.shell.takeTypedStart() : '';
	}

	muxKey(key: string): {sendsCtrlA?: boolean} {
		if (this.exit !== undefined) return {};
		if (this.config.monitorStdio) return {};
		return this.guarded({kind: 'mux', key}, () => this.runMuxKey(key), {});
	}

	private runMuxKey(key: string): {sendsCtrlA?: boolean} {
		const action = this.mux.escape(key);
		switch (action.type) {
			case 'exit':
				this.exit = action.code;
				break;
			case 'literal':
				return {sendsCtrlA: true};
			case 'break':
				// qemu_chr_be_event(CHR_EVENT_BREAK) on the serial port: the guest's 8250 driver
				if (action.pane === 'serial' && !this.halted && this.qemu.running()) this.guest?.serialBreak();
				break;
			case 'focus':
				if (action.from === 'monitor') this.mux.write('monitor', '\n');
				this.mux.setFocus(action.to);
				if (action.to === 'monitor') this.openMonitor();
				break;
			case 'none':
				break;
		}
		this.changed();
		return {};
	}

	/**
	 * A command from a QMP client (-qmp): runs like a monitor command, without echo in the
	 * monitor pane; the guest reacts before it returns. An internal error rebuilds the machine
	 * as for typed input and comes back as a QMP error.
	 */
	qmp(command: string, args: Record<string, unknown>): QmpResponse {
		if (this.exit !== undefined) return {error: {class: 'GenericError', desc: 'memhp: QEMU has quit'}};
		const input: Input = {kind: 'qmp', command, args: structuredClone(args)};
		const failed = (desc: string): QmpResponse => ({error: {class: 'GenericError', desc}});
		return this.guarded(input, () => this.runQmp(command, args), failed(''), failed);
	}

	private runQmp(command: string, args: Record<string, unknown>): QmpResponse {
		this.clock.advance(COMMAND_NS);
		let response: QmpResponse;
		if (command === 'human-monitor-command') {
			// hmp_... on a private HMP monitor: its text is the return value.
			try {
				const cpuIndex = args['cpu-index'] as number | undefined;
				const result = this.qemu.humanMonitorCommand(String(args['command-line']), cpuIndex);
				response = {return: result.output};
				if (result.quit) this.quit(0);
			} catch (error) {
				if (!(error instanceof QmpError)) throw error;
				response = {error: {class: error.errorClass, desc: error.message}};
			}
		} else {
			response = this.qemu.qmp(command, args);
			if (command === 'quit' && 'return' in response) this.quit(0);
		}
		if (this.exit === undefined) this.rebootGuestIfReset();
		this.changed();
		return response;
	}

	/** QAPI events (DEVICE_DELETED, ACPI_DEVICE_OST, STOP, ...); returns the unsubscribe function. */
	onQapiEvent(listener: (event: QapiEvent) => void): () => void {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	}

	/** qmp_quit() (QMP `quit`, HMP `quit`): SHUTDOWN goes out, then QEMU exits. */
	private quit(code: number): void {
		this.qemu.emitEvent('SHUTDOWN', {guest: false, reason: 'host-qmp-quit'});
		this.exit = code;
	}

	interrupt(line = '', cursor = line.length): void {
		if (this.focus() !== 'serial' || !this.shell) return;
		this.guarded({kind: 'interrupt', line, cursor}, () => this.runInterrupt(line, cursor), undefined);
	}

	/**
	 * ash's read loop on the C-c that lineedit returns: `^C` where the cursor is (over what the
	 * tty shows of the line there), then what the interrupt prints and a fresh prompt.
	 */
	private runInterrupt(line: string, cursor: number): void {
		if (!this.shell || this.runSysrqKey('\x03')) return;
		// (after the literal-next character, a key like any other)
		if (this.shell.ttyTakesLiterally('\x03')) return this.runTtyKeys('\x03');
		this.serialReceived(`${line}\x03`);
		this.waited = 0;
		// (with the tty's echo off, as more, top and `read -s` have it, no `^C`)
		const shown = this.shell.readerEchoes() ? echoSignalCharacter(line, cursor, '\x03') : '';
		const result = this.shell.interrupt();
		this.shellResult({...result, output: `${shown}${result.output}`});
		this.changed();
	}

	ttySignal(key: TtySignalKey, line = '', cursor = line.length): void {
		if (this.exit !== undefined || this.focus() !== 'serial' || !this.shell) return;
		this.guarded({kind: 'signal', key, line, cursor}, () => this.runTtySignal(key, line, cursor), undefined);
	}

	/**
	 * Ctrl-Z or Ctrl-\ on the guest console. At ash's prompt lineedit reads them as keys and
	 * ignores them; while a program has the console they are n_tty's signal characters: `^Z` or
	 * `^\` where the cursor is (where the terminal echoes), the input queue flushed, and SIGTSTP
	 * (which ash's children ignore here: the lab's sleep, cat and read go on) or SIGQUIT for the
	 * foreground job (see Shell.ttySignal()). A program with ISIG off (top), or vi for Ctrl-Z,
	 * reads the key instead.
	 */
	private runTtySignal(key: TtySignalKey, line: string, cursor: number): void {
		const shell = this.shell;
		if (!shell || this.halted || !this.qemu.running() || this.runSysrqKey(key)) return;
		if (shell.ttyTakesLiterally(key)) return this.runTtyKeys(key);
		const wait = shell.readerSignals(key);
		if (wait === 'key') return this.runKeys(key);
		this.serialReceived(`${line}${key}`);
		if (wait === 'none') return;
		const shown = shell.readerEchoes() ? echoSignalCharacter(line, cursor, key) : '';
		this.mux.write('serial', shown);
		const result = shell.ttySignal(key);
		if (result) {
			// (the program waiting died: a wait after it starts afresh)
			this.waited = 0;
			this.shellResult(result);
		}
		this.changed();
	}

	/**
	 * Ctrl-D on an empty guest line: end of file for the shell reading the console (a child ash
	 * exits, the console shell exits and is respawned; in a PS2 continuation a syntax error).
	 */
	eof(): void {
		if (this.exit !== undefined || this.focus() !== 'serial' || !this.shell || !this.qemu.running()) return;
		this.guarded({kind: 'eof'}, () => this.runEof(), undefined);
	}

	private runEof(): void {
		if (this.runSysrqKey('\x04')) return;
		this.serialReceived('\x04');
		if (!this.shell?.readerIgnoresInput()) this.waited = 0;
		if (!this.shell) return;
		this.clock.advance(COMMAND_NS);
		this.shellResult(this.shell.eof());
		this.changed();
	}

	history(pane: Pane): readonly string[] {
		if (pane === 'monitor') return this.qemu.monitor.history ?? [];
		return this.shell ? this.shell.history() : [];
	}

	complete(line: string, cursor: number): {replaceFrom: number; candidates: string[]} {
		try {
			return this.runComplete(line, cursor);
		} catch {
			// Completion only reads the machine: a fault there just means no candidates.
			return {replaceFrom: cursor, candidates: []};
		}
	}

	private runComplete(line: string, cursor: number): {replaceFrom: number; candidates: string[]} {
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
		const stream = this.streams[pane];
		if (stream.chunks.length > 1) {
			stream.chunks = [stream.chunks.join('')];
			stream.packed = 1;
		}
		return stream.chunks[0] ?? '';
	}

	snapshot(): MachineSnapshot {
		return {
			memoryOption: this.config.memory.option,
			qemu: this.qemu.snapshot(),
			guest: this.guest?.snapshot(),
			...(this.parts.bootFailure ? {guestBootFailure: this.parts.bootFailure} : {}),
			events: this.guest ? this.guest.events() : [],
		};
	}

	exitCode(): number | undefined {
		return this.exit;
	}

	version(): number {
		return this.changes;
	}

	/**
	 * Runs one input. If the model throws, the machine is put back exactly as it was before the
	 * input and `memhp: internal error: ...` is printed in the pane that ran it.
	 *
	 * How: the model is deterministic (virtual clock, no host input), so the state before the
	 * input is a pure function of the config and the inputs that completed. A fresh machine is
	 * built and those inputs are replayed into it with output muted (the user saw it already).
	 * That is simpler and more faithful than making every layer (QOM tree, ACPI slots, memory
	 * blocks, zones, printk ring, VFS, shell variables) transactional, costs nothing on the
	 * normal path, and a replay only runs after a fault.
	 */
	private guarded<T>(input: Input, run: () => T, fallback: T, report?: (text: string) => T): T {
		const pane = this.focus();
		this.keepUpWithRealTime();
		try {
			const result = run();
			this.record(input);
			return result;
		} catch (error) {
			if (this.muted) throw error;
			const message = error instanceof Error ? error.message : String(error);
			const restored = this.rebuild();
			const note = restored ? '' : ' (machine state could not be restored)';
			const text = `memhp: internal error: ${message.split('\n')[0]}${note}`;
			this.changed();
			if (report) return report(text);
			this.mux.write(pane, `${text}\n${this.prompt(pane)}`);
			return fallback;
		}
	}

	/**
	 * Keeps the input log for rebuilds, bounded like the output streams: past MAX_INPUT_LOG
	 * characters (hours of typing, or huge pastes) it is dropped and a later internal error
	 * says the state could not be restored.
	 */
	private record(input: Input): void {
		if (!this.inputs) return;
		this.inputChars += input.kind === 'line' ? input.line.length + 1 : input.kind === 'keys' || input.kind === 'tty' ? input.keys.length : input.kind === 'qmp' ? JSON.stringify(input.args).length + input.command.length : 1;
		if (this.inputChars > MAX_INPUT_LOG) this.inputs = undefined;
		else this.inputs.push(input);
	}

	/** Replaces the machine with a fresh one fed the inputs that completed; false if that fails too. */
	private rebuild(): boolean {
		if (!this.inputs) return false;
		const old = this.parts;
		this.muted = true;
		try {
			const clock = new VirtualClock(this.bootNs, old.clock.hostEpoch);
			const created = QemuMachine.create(this.config, clock);
			if (!created.ok) throw new Error(created.stderr);
			this.assemble(created.machine, clock);
			for (const input of this.inputs) {
				if (input.kind === 'line') this.runLine(input.line);
				else if (input.kind === 'mux') this.runMuxKey(input.key);
				else if (input.kind === 'qmp') this.runQmp(input.command, input.args);
				else if (input.kind === 'eof') this.runEof();
				else if (input.kind === 'keys') this.runKeys(input.keys);
				else if (input.kind === 'tty') this.runTtyKeys(input.keys);
				else if (input.kind === 'sysrq') this.runSysrqKey(input.key);
				else if (input.kind === 'timeup') this.runTimeUp();
				else if (input.kind === 'idle') this.clock.advance(input.ns);
				else if (input.kind === 'signal') this.runTtySignal(input.key, input.line, input.cursor);
				else this.runInterrupt(input.line, input.cursor);
			}
			return true;
		} catch {
			this.parts = old;
			return false;
		} finally {
			this.muted = false;
		}
	}

	private openMonitor(): void {
		const banner = this.parts.monitorOpened ? '' : MONITOR_BANNER;
		this.parts.monitorOpened = true;
		this.mux.write('monitor', `${banner}(qemu) `);
	}

	private append(pane: Pane, text: string): void {
		if (this.muted) return;
		// Bounded: front ends keep their own scrollback; this is for late subscribers. (An array of
		// chunks, not `stream += text`: a rope of one node per write kept ~90,000 small objects
		// alive across the replay bench's 10,000 steps, each copied by every scavenge until promoted.)
		const stream = this.streams[pane];
		stream.chunks.push(text);
		stream.length += text.length;
		// (and every PACK writes become one string: `seq 100000` keeps 100 objects, not 100,000)
		if (stream.chunks.length - stream.packed > PACK) {
			stream.chunks.push(stream.chunks.splice(stream.packed).join(''));
			stream.packed = stream.chunks.length;
		}
		if (stream.length > MAX_STREAM) {
			const kept = stream.chunks.join('').slice(-MAX_STREAM / 2);
			stream.chunks = [kept];
			stream.length = kept.length;
			stream.packed = 1;
		}
		for (const listener of this.listeners) listener({pane, text});
	}

	private changed(): void {
		this.changes++;
	}
}

const MiB = 1024 * 1024;

/**
 * memhp's note on the serial console when the guest kernel runs out of memory at boot
 * (GuestMm.outOfMemoryAtBoot): the real console shows the OOM killer's panic, whose call trace
 * is wherever the last allocation was (the unpacking's shmem pages or inodes, an initcall's slab).
 */
function bootOomMessage(boot: FirmwareBootInfo, need: number): string {
	// (x86_swiotlb_enable: memory, or a hotplug range, above 4 GiB.)
	const swiotlb = boot.ramAbove4g > 0 || boot.hotplugRange !== undefined;
	const taken = swiotlb ? 'the kernel image, the memmap and the swiotlb bounce buffer (the DMA area a guest with memory above 4 GiB gets, here a hotplug range)'
		: 'the kernel image and the memmap';
	return `memhp: the guest kernel runs out of memory at boot: ${taken} leave too little of its ${Math.round((boot.ramBelow4g + boot.ramAbove4g) / MiB)} MiB `
		+ `to unpack the initramfs before the kernel frees its init sections, and with no process to kill the OOM killer panics:\r\n`
		+ `  Kernel panic - not syncing: System is deadlocked on memory\r\n`
		+ `memhp: give it -m ${need}M or more${swiotlb ? ' (some smaller sizes boot with a smaller bounce buffer), or no slots and maxmem' : ''}. `
		+ `C-a c opens the monitor, C-a x quits.\r\n`;
}

/** memhp's note on the serial console when the guest kernel cannot come up in the machine's RAM (bootFailure()). */
function bootFailureMessage(f: NonNullable<ReturnType<typeof bootFailure>>, ramBelow4g: number, need: number): string {
	const mib = (n: number) => `${Math.round((n / MiB) * 10) / 10} MiB`;
	const hex = (n: number) => `0x${n.toString(16)}`;
	// One line per paragraph: the console pane wraps them to its width.
	const why = f.kind === 'reset-loop'
		? `memhp: the guest never boots: its kernel decompresses into RAM from ${mib(BZIMAGE.prefAddress)} up to ${hex(f.kernelEnd)} (${mib(f.kernelEnd)}), and this `
			+ `machine has ${mib(ramBelow4g)}, so it faults and the machine resets, again and again (real QEMU shows SeaBIOS `
			+ `and "Booting from ROM..." in a loop).\r\n`
		: `memhp: the guest kernel panics at boot: QEMU put the initrd at ${hex(f.initrd.start)}-${hex(f.initrd.end - 1)}, below the end of what the `
			+ `kernel decompresses into (${hex(f.kernelEnd)}), and clearing its bss overwrote it:\r\n`
			+ `  Initramfs unpacking failed: invalid magic at start of compressed archive\r\n`
			+ `  Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\r\n`;
	return `${why}memhp: give it -m ${need}M or more. C-a c opens the monitor, C-a x quits.\r\n`;
}

