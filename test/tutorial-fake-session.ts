/**
 * A small stand-in MachineSession for the tutorial tests: just enough QEMU (object_add,
 * device_add, device_del, object_del) and guest (sysfs state/online writes, for loops,
 * chmem -e/-d, free) to move the machine through the walkthrough, with the output lines the
 * real tools print. The real machine is used too when `source/machine/session.ts` can start one.
 */
import type {MachineSession, OutputChunk, Pane} from '../source/machine/session-types.js';
import type {BlockSnapshot, HotplugEvent, MachineSnapshot, DimmSnapshot, BackendSnapshot, ZoneName} from '../source/machine/snapshot.js';

const BLOCK = 0x8000000;
const MIB = 1024 * 1024;
const SYSFS = '/sys/devices/system/memory/';

const HOT_ADD_PATH = ['acpi_hotplug_work_fn', 'acpi_device_hotplug', 'acpi_bus_scan', 'acpi_bus_attach',
	'acpi_memory_device_add', 'acpi_memory_enable_device', '__add_memory', 'add_memory_resource',
	'arch_add_memory', 'create_memory_block_devices'];
const ONLINE_PATH = ['kernfs_fop_write_iter', 'sysfs_kf_write', 'dev_attr_store', 'state_store', 'device_online',
	'memory_subsys_online', 'memory_block_change_state', 'memory_block_action', 'memory_block_online',
	'online_pages', 'online_pages_range', 'generic_online_page', '__free_pages_core'];
const OFFLINE_PATH = ['kernfs_fop_write_iter', 'sysfs_kf_write', 'dev_attr_store', 'state_store', 'device_offline',
	'memory_subsys_offline', 'memory_block_change_state', 'memory_block_action', 'memory_block_offline',
	'offline_pages', 'start_isolate_page_range', 'scan_movable_pages', 'do_migrate_range', '__offline_isolated_pages'];
const EJECT_PATH = ['acpi_hotplug_work_fn', 'acpi_device_hotplug', 'acpi_scan_hot_remove', 'acpi_scan_try_to_offline',
	'acpi_bus_trim', 'acpi_memory_device_remove', '__remove_memory', 'try_remove_memory', 'remove_memory_block_devices'];

interface Block {
	index: number;
	state: 'online' | 'offline';
	zone: ZoneName | 'none' | null;
	hotplugged: boolean;
	/** Kernel allocations landed in it (Normal zone): offline fails with EBUSY. */
	unmovable: boolean;
}

export class FakeSession implements MachineSession {
	private focused: Pane = 'serial';
	private monitorOpened = false;
	private readonly listeners = new Set<(chunk: OutputChunk) => void>();
	private readonly streams: Record<Pane, string> = {serial: '', monitor: ''};
	private readonly blocks = new Map<number, Block>();
	private readonly dimms: DimmSnapshot[] = [];
	private readonly backends: BackendSnapshot[] = [];
	private readonly events: HotplugEvent[] = [];
	private time = 10;
	private changes = 0;
	private exit: number | undefined;
	private readonly bootKb = 917440;

	/** @param normalUnmovable blocks onlined into ZONE_NORMAL get kernel pages (offline → EBUSY). */
	constructor(private readonly options: {normalUnmovable?: boolean; slots?: number} = {}) {
		for (let i = 0; i < 8; i++) {
			this.blocks.set(i, {index: i, state: 'online', zone: i === 0 ? 'none' : 'DMA32', hotplugged: false, unmovable: true});
		}
		this.write('serial', '/ # ');
	}

	focus(): Pane {
		return this.focused;
	}

	prompt(pane: Pane = this.focused): string {
		return pane === 'monitor' ? '(qemu) ' : '/ # ';
	}
	consoleReader(): string | undefined {
		return undefined;
	}

	consoleTakesKeys(): boolean {
		return false;
	}

	consoleKeys(): void {}

	sysrqArmed(): boolean {
		return false;
	}

	sysrqKey(): boolean {
		return false;
	}

	consoleCanonical(): boolean {
		return false;
	}

	ttyKeys(): void {}

	takeTypedAhead(): string {
		return '';
	}

	consoleEchoes(): boolean {
		return true;
	}

	runInRealTime(): void {}

	consoleTimeout(): number | undefined {
		return undefined;
	}

	elapse(): void {}

	submitLine(line: string): void {
		this.time += 0.04;
		this.write(this.focused, `${line}\n`);
		if (this.focused === 'monitor') {
			this.write('monitor', this.hmp(line));
			this.write('monitor', '(qemu) ');
		} else {
			this.write('serial', this.shell(line));
			this.write('serial', '/ # ');
		}
		this.changes++;
	}

	muxKey(key: string): {sendsCtrlA?: boolean} {
		if (key === 'x') {
			this.write(this.focused, 'QEMU: Terminated\n');
			this.exit = 0;
		} else if (key === 'c') {
			if (this.focused === 'monitor') {
				this.write('monitor', '\n');
				this.focused = 'serial';
			} else {
				this.focused = 'monitor';
				const banner = this.monitorOpened ? '' : "QEMU 7.2.22 monitor - type 'help' for more information\n";
				this.monitorOpened = true;
				this.write('monitor', `${banner}(qemu) `);
			}
		}
		this.changes++;
		return {};
	}

	interrupt(): void {}
	ttySignal(): void {}
	eof(): void {}

	history(): readonly string[] {
		return [];
	}

	complete(_line: string, cursor: number) {
		return {replaceFrom: cursor, candidates: []};
	}

	onOutput(listener: (chunk: OutputChunk) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	transcript(pane: Pane): string {
		return this.streams[pane];
	}

	exitCode(): number | undefined {
		return this.exit;
	}

	version(): number {
		return this.changes;
	}

	snapshot(): MachineSnapshot {
		const blocks: BlockSnapshot[] = [...this.blocks.values()].sort((a, b) => a.index - b.index).map(b => ({
			index: b.index, start: b.index * BLOCK, size: BLOCK, state: b.state, zone: b.state === 'online' ? b.zone : null,
			hotplugged: b.hotplugged, totalPages: 32768, freePages: 30000, movablePages: 0, unmovablePages: 0,
			validZones: b.state === 'online' ? String(b.zone) : 'Normal Movable',
		}));
		const onlineHot = [...this.blocks.values()].filter(b => b.hotplugged && b.state === 'online').length;
		const memTotalKb = this.bootKb + onlineHot * (BLOCK / 1024);
		return {
			memoryOption: '1024M,slots=32,maxmem=8G',
			qemu: {
				ramSize: 1024 * MIB, maxRamSize: 8192 * MIB, slots: this.options.slots ?? 32,
				dimms: this.dimms.map(d => ({...d})), backends: this.backends.map(b => ({...b})),
				pluggedBytes: this.dimms.reduce((s, d) => s + d.size, 0),
				deviceMemory: {base: 0x100000000, size: 0x200000000}, running: true,
			},
			guest: {
				blockSizeBytes: BLOCK, blocks, zones: [], memTotalKb, memFreeKb: memTotalKb - 30000,
				memAvailableKb: memTotalKb - 100000, autoOnlineBlocks: 'offline',
			},
			events: this.events.map(e => ({...e, blocks: [...e.blocks], callPath: [...e.callPath]})),
		};
	}

	private write(pane: Pane, text: string): void {
		this.streams[pane] += text;
		for (const listener of this.listeners) listener({pane, text});
	}

	private hmp(line: string): string {
		const [cmd, arg = ''] = line.trim().split(/\s+/, 2);
		const props = Object.fromEntries(arg.split(',').map(kv => kv.split('=')));
		if (cmd === 'object_add') {
			this.backends.push({id: props.id, size: parseInt(props.size, 10) * MIB, mapped: false});
			return '';
		}
		if (cmd === 'device_add') {
			const backend = this.backends.find(b => b.id === props.memdev)!;
			const addr = 0x100000000 + this.dimms.reduce((s, d) => s + d.size, 0);
			backend.mapped = true;
			this.dimms.push({id: props.id, slot: this.dimms.length, addr, size: backend.size, memdev: backend.id, node: 0, status: 'plugged'});
			const first = addr / BLOCK;
			const indexes = Array.from({length: backend.size / BLOCK}, (_, i) => first + i);
			for (const index of indexes) this.blocks.set(index, {index, state: 'offline', zone: null, hotplugged: true, unmovable: false});
			this.event({kind: 'hot-add', blocks: indexes, bytes: backend.size, dimm: props.id, callPath: HOT_ADD_PATH});
			return '';
		}
		if (cmd === 'device_del') {
			const dimm = this.dimms.find(d => d.id === arg)!;
			const indexes = Array.from({length: dimm.size / BLOCK}, (_, i) => dimm.addr / BLOCK + i);
			const stuck = indexes.filter(i => this.blocks.get(i)!.state === 'online' && this.blocks.get(i)!.unmovable);
			if (stuck.length > 0) {
				dimm.status = 'eject-refused';
				this.event({kind: 'eject-refused', blocks: stuck, dimm: dimm.id, reason: 'EBUSY', callPath: EJECT_PATH.slice(0, 4)});
				this.write('serial', `[${this.time.toFixed(6).padStart(12)}] memory memory${stuck[0]}: Offline failed.\n`);
				return '';
			}
			for (const i of indexes) this.blocks.delete(i);
			this.dimms.splice(this.dimms.indexOf(dimm), 1);
			this.backends.find(b => b.id === dimm.memdev)!.mapped = false;
			this.event({kind: 'eject', blocks: indexes, bytes: dimm.size, dimm: dimm.id, callPath: EJECT_PATH});
			return '';
		}
		if (cmd === 'object_del') {
			const backend = this.backends.find(b => b.id === arg)!;
			if (backend.mapped) return `Error: object '${arg}' is in use, can not be deleted\n`;
			this.backends.splice(this.backends.indexOf(backend), 1);
			return '';
		}
		return `unknown command: '${cmd}'\n`;
	}

	private event(e: Omit<HotplugEvent, 'time'>): void {
		this.events.push({...e, time: this.time});
	}

	/** `for V in A B; do BODY; done`, `;`-separated commands, echo redirections, chmem, free. */
	private shell(line: string): string {
		const loop = /^for (\w+) in ([^;]+); do (.+); done$/.exec(line.trim());
		if (loop) {
			return loop[2].trim().split(/\s+/).map(value => this.shell(loop[3].replaceAll(`$${loop[1]}`, value))).join('');
		}
		if (line.includes(';')) return line.split(';').map(part => this.shell(part.trim())).join('');
		const echo = /^echo (\S+) > (\S+)$/.exec(line.trim());
		if (echo) return this.sysfsWrite(echo[2], echo[1]);
		const chmem = /^chmem -([ed]) (\d+)M$/.exec(line.trim());
		if (chmem) {
			let left = Number(chmem[2]) / 128;
			const hot = [...this.blocks.values()].filter(b => b.hotplugged).sort((a, b) => a.index - b.index);
			for (const block of chmem[1] === 'e' ? hot : hot.reverse()) {
				if (left === 0) break;
				if (chmem[1] === 'e' && block.state === 'offline' && this.setState(block, 'online_movable') === '') left--;
				if (chmem[1] === 'd' && block.state === 'online' && this.setState(block, 'offline') === '') left--;
			}
			return '';
		}
		if (/^free( -[mk])?$/.test(line.trim())) {
			const kb = this.snapshot().guest!.memTotalKb;
			const shift = line.includes('-m') ? 10 : 0;
			const col = (n: number) => String(n >> shift).padStart(12);
			return '              total        used        free      shared  buff/cache   available\n' +
				`Mem:   ${col(kb)}${col(30000)}${col(kb - 40000)}${col(2000)}${col(10000)}${col(kb - 100000)}\n` +
				'Swap:             0           0           0\n';
		}
		return '';
	}

	private sysfsWrite(path: string, value: string): string {
		const m = new RegExp(`^${SYSFS}memory(\\d+)/(\\w+)$`).exec(path);
		const block = m ? this.blocks.get(Number(m[1])) : undefined;
		if (!m || !block) return `sh: can't create ${path}: No such file or directory\n`;
		if (m[2] !== 'state' && m[2] !== 'online') return `sh: can't create ${path}: Permission denied\n`;
		const request = m[2] === 'online' ? (value === '1' ? 'online' : value === '0' ? 'offline' : 'bad') : value;
		return this.setState(block, request);
	}

	private setState(block: Block, request: string): string {
		if (request.startsWith('online')) {
			if (block.state === 'online') return 'sh: write error: Invalid argument\n';
			block.state = 'online';
			block.zone = request === 'online_movable' ? 'Movable' : 'Normal';
			block.unmovable = block.zone === 'Normal' && this.options.normalUnmovable === true;
			this.event({kind: 'online', blocks: [block.index], zone: block.zone, bytes: BLOCK, callPath: ONLINE_PATH});
			return '';
		}
		if (request === 'offline') {
			if (block.state === 'offline') return 'sh: write error: Invalid argument\n';
			if (block.unmovable) {
				this.event({kind: 'offline-failed', blocks: [block.index], reason: 'EBUSY: unmovable page', callPath: OFFLINE_PATH.slice(0, 11)});
				return 'sh: write error: Device or resource busy\n';
			}
			block.state = 'offline';
			block.zone = null;
			this.event({kind: 'offline', blocks: [block.index], bytes: BLOCK, callPath: OFFLINE_PATH});
			return '';
		}
		return 'sh: write error: Invalid argument\n';
	}
}
