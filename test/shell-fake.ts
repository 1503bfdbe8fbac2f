/**
 * A small fake guest for the VFS and shell tests: a rootfs with a sysfs memory subsystem
 * (memory0-7 boot blocks, optional hot-added memory32-35) whose attributes run a tiny
 * online/offline state machine with the kernel's errnos, a /proc/meminfo, and GuestSyscalls.
 * The real kernel model lives elsewhere; this is only what userland needs to be tested.
 */
import type {Errno} from '../source/machine/errno.js';
import type {AttrNode, DirNode, FileNode, VNode} from '../source/machine/vfs/node.js';
import type {GuestSyscalls} from '../source/machine/linux/syscalls.js';
import {MemVfs} from '../source/machine/vfs/memvfs.js';
import {Shell} from '../source/machine/shell/index.js';
import {buildRootfs} from '../source/machine/vfs/rootfs.js';

export function sdir(entries: Record<string, VNode>, mode = 0o755): DirNode {
	return {kind: 'dir', mode, list: () => Object.keys(entries), lookup: name => entries[name]};
}

export function attr(show?: () => string | Errno, store?: (d: string) => Errno | undefined, mode?: number): AttrNode {
	return {kind: 'attr', mode: mode ?? (store ? (show ? 0o644 : 0o200) : 0o444), show, store};
}

export function procFile(content: () => string): FileNode {
	return {kind: 'file', mode: 0o444, read: content, size: () => 0};
}

export const BLOCK = 0x8000000;

export interface FakeBlock {
	index: number;
	state: 'online' | 'offline';
	zone: string | null;
	hotplugged: boolean;
	/** Offlining fails with EBUSY (kernel pages in the block). */
	unmovable?: boolean;
}

export class FakeKernel {
	blocks = new Map<number, FakeBlock>();
	autoOnline = 'offline';
	totalKb = 917440;
	log: string[] = ['<6>[    0.000000] Linux version 6.1.0-57-amd64', '<6>[    1.234567] Run /init as init process'];
	now = 1_700_000_000;
	up = 12.5;

	constructor(bootBlocks = 8) {
		for (let i = 0; i < bootBlocks; i++) {
			this.blocks.set(i, {index: i, state: 'online', zone: i === 0 ? 'none' : 'DMA32', hotplugged: false, unmovable: true});
		}
	}

	hotplug(first: number, count: number): void {
		for (let i = first; i < first + count; i++) this.blocks.set(i, {index: i, state: 'offline', zone: null, hotplugged: true});
	}

	private online(b: FakeBlock, zone: string): Errno | undefined {
		if (b.state === 'online') return 'EINVAL';
		b.state = 'online';
		b.zone = zone;
		this.totalKb += BLOCK / 1024;
		return undefined;
	}

	private offline(b: FakeBlock): Errno | undefined {
		if (b.state === 'offline') return 'EINVAL';
		if (b.zone === 'none') return 'EINVAL';
		if (b.unmovable || b.zone === 'Normal') return 'EBUSY';
		b.state = 'offline';
		b.zone = null;
		this.totalKb -= BLOCK / 1024;
		return undefined;
	}

	stateStore(b: FakeBlock, data: string): Errno | undefined {
		switch (data.replace(/\n$/, '')) {
			case 'online':
			case 'online_kernel':
				return this.online(b, 'Normal');
			case 'online_movable':
				return this.online(b, 'Movable');
			case 'offline':
				return this.offline(b);
			default:
				return 'EINVAL';
		}
	}

	memoryDir(b: FakeBlock): DirNode {
		const entries: Record<string, VNode> = {};
		if (b.hotplugged) entries.firmware_node = {kind: 'symlink', mode: 0o777, target: '../../../LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:00'};
		entries.node0 = {kind: 'symlink', mode: 0o777, target: '../../node/node0'};
		entries.online = attr(() => (b.state === 'online' ? '1\n' : '0\n'), d => {
			const v = d.trim();
			if (v === '1' || v === 'yes') return b.state === 'online' ? undefined : this.online(b, 'Normal');
			if (v === '0') return b.state === 'offline' ? undefined : this.offline(b);
			return 'EINVAL';
		});
		entries.phys_device = attr(() => '0\n');
		entries.phys_index = attr(() => b.index.toString(16).padStart(8, '0') + '\n');
		entries.power = sdir({});
		entries.removable = attr(() => '1\n');
		entries.state = attr(() => b.state + '\n', d => this.stateStore(b, d));
		entries.subsystem = {kind: 'symlink', mode: 0o777, target: '../../../../bus/memory'};
		entries.uevent = attr(() => '', () => undefined);
		entries.valid_zones = attr(() => (b.state === 'online' ? b.zone! : 'Normal Movable') + '\n');
		return sdir(entries);
	}

	sys(): DirNode {
		const blocks = this.blocks;
		const memoryDir = (b: FakeBlock) => this.memoryDir(b);
		const fixed: Record<string, VNode> = {
			auto_online_blocks: attr(() => this.autoOnline + '\n', d => {
				const v = d.trim();
				if (!['offline', 'online', 'online_kernel', 'online_movable'].includes(v)) return 'EINVAL';
				this.autoOnline = v;
				return undefined;
			}),
			block_size_bytes: attr(() => BLOCK.toString(16) + '\n'),
			hard_offline_page: attr(undefined, () => 'EINVAL'),
			power: sdir({}),
			soft_offline_page: attr(undefined, () => 'EINVAL'),
			uevent: attr(() => '', () => undefined),
		};
		const memory: DirNode = {
			kind: 'dir',
			mode: 0o755,
			list: () => [...Object.keys(fixed), ...[...blocks.keys()].map(i => `memory${i}`)],
			lookup(name) {
				const m = /^memory(\d+)$/.exec(name);
				if (m) {
					const b = blocks.get(Number(m[1]));
					return b ? memoryDir(b) : undefined;
				}
				return fixed[name];
			},
		};
		return sdir({
			devices: sdir({system: sdir({memory, node: sdir({node0: sdir({})})})}),
			bus: sdir({memory: sdir({})}),
			kernel: sdir({}),
		});
	}

	meminfo(): string {
		const free = this.totalKb - 30000;
		const row = (k: string, v: number) => `${(k + ':').padEnd(16)}${String(v).padStart(8)} kB\n`;
		return row('MemTotal', this.totalKb) + row('MemFree', free) + row('MemAvailable', free - 60000)
			+ row('Buffers', 0) + row('Cached', 9000) + row('SwapCached', 0) + row('Shmem', 2100)
			+ row('SReclaimable', 1500) + row('SUnreclaim', 6000);
	}

	proc(): DirNode {
		return sdir({
			meminfo: procFile(() => this.meminfo()),
			version: procFile(() => 'Linux version 6.1.0-57-amd64\n'),
		}, 0o555);
	}

	syscalls(): GuestSyscalls & {vfs: MemVfs} {
		const root = buildRootfs({mounts: {'/sys': this.sys(), '/proc': this.proc()}, mountTime: 1_700_000_000});
		const vfs = new MemVfs(root, {now: () => this.now});
		return {
			vfs,
			sysinfo: () => ({
				uptime: Math.floor(this.up),
				totalram: this.totalKb * 1024,
				freeram: (this.totalKb - 30000) * 1024,
				sharedram: 2100 * 1024,
				bufferram: 0,
				totalswap: 0,
				freeswap: 0,
				procs: 60,
			}),
			uname: () => ({sysname: 'Linux', nodename: '(none)', release: '6.1.0-57-amd64', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2025-01-01)', machine: 'x86_64'}),
			syslogRead: () => this.log.join('\n') + '\n',
			syslogClear: () => {
				this.log = [];
			},
			syslogConsoleLevel: level => (level >= 1 && level <= 8 ? undefined : 'EINVAL'),
			time: () => this.now,
			uptime: () => this.up,
		};
	}
}

/** A shell over a FakeKernel with 8 boot blocks and a hot-added DIMM of 4 blocks (32-35). */
export function fakeShell(): {k: FakeKernel; sh: Shell} {
	const k = new FakeKernel(8);
	k.hotplug(32, 4);
	return {k, sh: new Shell(k.syscalls(), {columns: 80})};
}

/** What one command line prints (stdout and stderr as the console shows them). */
export const runOut = (sh: Shell, line: string): string => sh.run(line).output;

/** A fake-kernel shell in /tmp after running `pre` (the files a case needs). */
export function shellIn(pre: string[]): Shell {
	const {sh} = fakeShell();
	runOut(sh, 'cd /tmp');
	for (const line of pre) runOut(sh, line);
	return sh;
}
