import type {MachineSession, OutputChunk, Pane, TtySignalKey} from '../source/machine/session-types.js';
import type {BlockSnapshot, MachineSnapshot} from '../source/machine/snapshot.js';

/**
 * A small in-memory MachineSession for UI tests only: echoes lines, prints canned output,
 * and keeps a snapshot the tests (or a few canned commands) mutate. Not a model of anything.
 */

const MiB = 1024 * 1024;
const BLOCK = 128 * MiB;
const PAGES = BLOCK / 4096;

export const MUX_HELP =
	'\nC-a h    print this help\nC-a x    exit emulator\nC-a s    save disk data back to file (if -snapshot)\n' +
	'C-a t    toggle console timestamps\nC-a b    send break (magic sysrq)\nC-a c    switch between console and monitor\n' +
	'C-a C-a  sends C-a\n';

function bootBlock(index: number): BlockSnapshot {
	return {
		index,
		start: index * BLOCK,
		size: BLOCK,
		state: 'online',
		zone: index === 0 ? 'none' : 'Normal',
		hotplugged: false,
		totalPages: PAGES,
		freePages: PAGES / 2,
		movablePages: PAGES / 4,
		unmovablePages: PAGES / 4,
		validZones: index === 0 ? 'none' : 'Normal',
	};
}

export function bootSnapshot(): MachineSnapshot {
	return {
		memoryOption: '1024M,slots=32,maxmem=8G',
		qemu: {ramSize: 1024 * MiB, maxRamSize: 8192 * MiB, slots: 32, dimms: [], backends: [], pluggedBytes: 0, running: true},
		guest: {
			blockSizeBytes: BLOCK,
			blocks: Array.from({length: 8}, (_, i) => bootBlock(i)),
			zones: [],
			memTotalKb: 1_000_000,
			memFreeKb: 800_000,
			memAvailableKb: 780_000,
			autoOnlineBlocks: 'offline',
		},
		events: [],
	};
}

export class FakeSession implements MachineSession {
	snap: MachineSnapshot = bootSnapshot();
	submitted: Array<{pane: Pane; line: string}> = [];
	interrupts = 0;
	/** Ctrl-Z and Ctrl-\ keys the controller handed over as the terminal's signal characters. */
	signals: TtySignalKey[] = [];
	eofs = 0;
	muxKeys: string[] = [];
	private focused: Pane = 'serial';
	private monitorSeen = false;
	private code: number | undefined;
	private ver = 0;
	private readonly texts: Record<Pane, string> = {serial: '/ # ', monitor: ''};
	private readonly listeners = new Set<(chunk: OutputChunk) => void>();

	focus(): Pane {
		return this.focused;
	}
	prompt(pane: Pane = this.focused): string {
		return pane === 'serial' ? '/ # ' : '(qemu) ';
	}
	/** The program waiting on the console (set by a test). */
	reader: string | undefined;
	consoleReader(): string | undefined {
		return this.reader;
	}
	/** The waiting program reads keys in raw mode (set by a test); the keys it was sent. */
	readsKeys = false;
	keys: string[] = [];
	consoleTakesKeys(): boolean {
		return this.reader !== undefined && this.readsKeys;
	}
	consoleKeys(keys: string): void {
		this.keys.push(keys);
	}
	/** The waiting program reads the console in canonical mode (set by a test); the keys sent to the tty. */
	canonical = false;
	ttyKeysSent: string[] = [];
	/** A break armed the guest's SysRq (set by a test); the keys it took. */
	armed = false;
	sysrqKeys: string[] = [];
	sysrqArmed(): boolean {
		return this.armed;
	}
	sysrqKey(key: string): boolean {
		if (!this.armed) return false;
		this.armed = false;
		this.sysrqKeys.push(key);
		return true;
	}
	consoleCanonical(): boolean {
		return this.reader !== undefined && this.canonical;
	}
	ttyKeys(keys: string): void {
		this.ttyKeysSent.push(keys);
	}
	/** Keys typed ahead of the prompt (set by a test), taken once by the line editor. */
	typedAhead = '';
	takeTypedAhead(): string {
		const ahead = this.typedAhead;
		this.typedAhead = '';
		return ahead;
	}
	/** The guest's echo is off (set by a test: a `read -s`). */
	echoOff = false;
	consoleEchoes(): boolean {
		return !(this.reader !== undefined && this.echoOff);
	}

	/** A timed wait the test sets (seconds), and the real time the screen reported. */
	timeout: number | undefined;
	elapsed = 0;
	realtime = false;
	runInRealTime(): void {
		this.realtime = true;
	}
	consoleTimeout(): number | undefined {
		return this.timeout;
	}
	elapse(ms: number): void {
		this.elapsed += ms;
	}
	/** Appends output to a pane and notifies listeners. */
	emit(pane: Pane, text: string): void {
		this.texts[pane] += text;
		for (const l of this.listeners) l({pane, text});
	}
	/** Marks the snapshot changed (tests call it after mutating `snap`). */
	bump(): void {
		this.ver++;
	}
	submitLine(line: string): void {
		const pane = this.focused;
		this.submitted.push({pane, line});
		this.emit(pane, line + '\n');
		const out = pane === 'serial' ? this.runGuest(line) : this.runMonitor(line);
		if (this.code !== undefined) return;
		this.emit(pane, out + this.prompt(pane));
		this.bump();
	}
	private runGuest(line: string): string {
		const echo = /^echo (online|offline) > \/sys\/devices\/system\/memory\/memory(\d+)\/state$/.exec(line);
		if (echo && this.snap.guest) {
			const block = this.snap.guest.blocks.find(b => b.index === Number(echo[2]));
			if (block && echo[1] === 'online') {
				Object.assign(block, {state: 'online', zone: 'Normal', freePages: PAGES});
				this.snap.guest.memTotalKb += BLOCK / 1024;
				this.snap.guest.memFreeKb += BLOCK / 1024;
				this.snap.events.push({kind: 'online', blocks: [block.index], zone: 'Normal', bytes: BLOCK, callPath: ['online_pages'], time: 1});
			}
			return '';
		}
		if (line.startsWith('echo ')) return line.slice(5) + '\n';
		if (line === '' || line === 'exit') return '';
		return `sh: ${line.split(' ')[0]}: not found\n`;
	}
	private runMonitor(line: string): string {
		if (line === 'info status') return 'VM status: running\n';
		if (line === 'quit') {
			this.code = 0;
			return '';
		}
		const obj = /^object_add memory-backend-ram,id=(\w+),size=(\d+)M$/.exec(line);
		if (obj) {
			this.snap.qemu.backends.push({id: obj[1], size: Number(obj[2]) * MiB, mapped: false});
			return '';
		}
		const dev = /^device_add pc-dimm,id=(\w+),memdev=(\w+)$/.exec(line);
		if (dev && this.snap.guest) {
			const backend = this.snap.qemu.backends.find(b => b.id === dev[2])!;
			backend.mapped = true;
			const addr = 4096 * MiB + this.snap.qemu.pluggedBytes;
			const slot = this.snap.qemu.dimms.length;
			this.snap.qemu.dimms.push({id: dev[1], slot, addr, size: backend.size, memdev: backend.id, node: 0, status: 'plugged'});
			this.snap.qemu.pluggedBytes += backend.size;
			const first = addr / BLOCK;
			const blocks: number[] = [];
			for (let i = 0; i < backend.size / BLOCK; i++) {
				blocks.push(first + i);
				this.snap.guest.blocks.push({
					...bootBlock(first + i),
					start: addr + i * BLOCK,
					state: 'offline',
					zone: null,
					hotplugged: true,
					freePages: 0,
					validZones: 'Normal Movable',
				});
			}
			this.snap.events.push({kind: 'hot-add', blocks, bytes: backend.size, dimm: dev[1], callPath: ['acpi_memory_device_add'], time: 1});
			return '';
		}
		return `unknown command: '${line.split(' ')[0]}'\n`;
	}
	muxKey(key: string): {sendsCtrlA?: boolean} {
		this.muxKeys.push(key);
		if (key === '\x01') return {sendsCtrlA: true};
		if (key === 'h' || key === '?') this.emit(this.focused, MUX_HELP);
		if (key === 'x') {
			this.emit(this.focused, 'QEMU: Terminated\n');
			this.code = 0;
		}
		if (key === 'c') {
			if (this.focused === 'monitor') {
				this.emit('monitor', '\n');
				this.focused = 'serial';
			} else {
				this.focused = 'monitor';
				if (!this.monitorSeen) this.emit('monitor', "QEMU 7.2.22 monitor - type 'help' for more information\n");
				this.monitorSeen = true;
				this.emit('monitor', '(qemu) ');
			}
		}
		this.bump();
		return {};
	}
	eof(): void {
		this.eofs++;
	}

	ttySignal(key: TtySignalKey, line = ''): void {
		this.signals.push(key);
		this.emit('serial', `${line}${key === '\x1a' ? '^Z' : '^\\'}`);
	}
	interrupt(line = ''): void {
		this.interrupts++;
		this.emit('serial', `${line}^C\n/ # `);
	}
	/** Lines submitted to the pane, a repeat of the previous one dropped (lineedit's rule). */
	history(pane: Pane): readonly string[] {
		const lines: string[] = [];
		for (const s of this.submitted) if (s.pane === pane && s.line !== '' && lines.at(-1) !== s.line) lines.push(s.line);
		return lines;
	}

	complete(line: string, cursor: number): {replaceFrom: number; candidates: string[]} {
		const words =
			this.focused === 'monitor'
				? ['device_add', 'device_del', 'info', 'object_add', 'object_del', 'quit']
				: ['cat', 'echo', 'exit', 'free', 'ls'];
		const from = line.lastIndexOf(' ', cursor - 1) + 1;
		const word = line.slice(from, cursor);
		return {replaceFrom: from, candidates: words.filter(w => w.startsWith(word))};
	}
	onOutput(listener: (chunk: OutputChunk) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
	transcript(pane: Pane): string {
		return this.texts[pane];
	}
	snapshot(): MachineSnapshot {
		return structuredClone(this.snap);
	}
	exitCode(): number | undefined {
		return this.code;
	}
	version(): number {
		return this.ver;
	}
}
