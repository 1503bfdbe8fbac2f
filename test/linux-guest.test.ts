import {describe, expect, it} from 'vitest';
import {ACPI_OST_SC_DEVICE_BUSY} from '../source/machine/acpi.js';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

const MEM = '/sys/devices/system/memory';
const GiB = 1024 ** 3;

function boot(ramMiB = 1024, cmdline = 'console=ttyS0 quiet nokaslr') {
	const fw = new FakeFirmware(32);
	const consoleOut: string[] = [];
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB: 8192, slots: 32, cmdline}), firmware: fw, clock: new VirtualClock(), console: t => consoleOut.push(t)});
	const vfs = g.syscalls.vfs;
	const read = (p: string) => {
		const f = vfs.open(p, {read: true});
		if (typeof f === 'string') return f;
		return f.read();
	};
	const write = (p: string, data: string) => {
		const f = vfs.open(p, {write: true});
		if (typeof f === 'string') return f;
		return f.write(data) ?? 'ok';
	};
	const plug = (slot: number, addr: number, size: number) => {
		fw.plug(slot, addr, size);
		g.raiseMemoryHotplugGpe();
	};
	const unplug = (slot: number) => {
		fw.requestUnplug(slot);
		g.raiseMemoryHotplugGpe();
	};
	const meminfo = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(read('/proc/meminfo') as string)![1]);
	return {g, fw, vfs, read, write, plug, unplug, meminfo, consoleOut};
}

describe('boot layout and sysfs', () => {
	it('1G guest: memory0..7, 128 MiB blocks, auto_online_blocks offline, valid_zones none/DMA32', () => {
		const {vfs, read} = boot();
		// readdir in kernfs's order (name hash, as the lab's `find -maxdepth 1` lists it)
		expect(vfs.readdir(MEM)).toEqual(['memory3', 'uevent', 'hard_offline_page', 'memory1', 'auto_online_blocks', 'block_size_bytes',
			'power', 'memory6', 'soft_offline_page', 'memory4', 'memory2', 'memory0', 'memory7', 'memory5']);
		expect(read(`${MEM}/block_size_bytes`)).toBe('8000000\n');
		expect(read(`${MEM}/auto_online_blocks`)).toBe('offline\n');
		expect(read(`${MEM}/memory0/valid_zones`)).toBe('none\n');
		expect(read(`${MEM}/memory7/valid_zones`)).toBe('DMA32\n');
		expect(read(`${MEM}/memory7/phys_index`)).toBe('00000007\n');
	});
	it('4G guest: the hole below 4 GiB leaves memory24..31 out', () => {
		const {g} = boot(4096);
		expect(g.snapshot().blocks.map(b => b.index)).toEqual([...Array(24).keys(), 32, 33, 34, 35, 36, 37, 38, 39]);
	});
	it('boot MemTotal and the dmesg tail of a quiet single-CPU boot', () => {
		const {g, meminfo, consoleOut} = boot();
		expect(meminfo('MemTotal')).toBe(917440);
		expect(consoleOut).toEqual([]);
		const tail = g.syscalls.syslogRead().trimEnd().split('\n').slice(-10).map(l => l.replace(/^<\d>\[[ \d.]+\] /, ''));
		expect(tail).toEqual(['Run /init as init process', '  with arguments:', '    /init', '    nokaslr', '  with environment:',
			'    HOME=/', '    TERM=linux', 'tsc: Refined TSC clocksource calibration: 2095.987 MHz',
			'clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x1e36616fc75, max_idle_ns: 440795221078 ns',
			'clocksource: Switched to clocksource tsc']);
	});
	it('without quiet the zonelist lines reach the serial console on online', () => {
		const {plug, write, consoleOut} = boot(1024, 'console=ttyS0');
		plug(0, 4 * GiB, 512 * 1024 * 1024);
		consoleOut.length = 0;
		expect(write(`${MEM}/memory33/state`, 'online\n')).toBe('ok');
		expect(consoleOut.map(l => l.replace(/^\[[ \d.]+\] /, ''))).toEqual([
			'Fallback order for Node 0: 0 \r\n', expect.stringMatching(/^Built 1 zonelists, mobility grouping on\. {2}Total pages: \d+\r\n$/), 'Policy zone: Normal\r\n']);
	});
});

describe('hot-add, online, offline', () => {
	it('a 512M DIMM at 4 GiB becomes memory32..35, offline, Normal Movable, with firmware_node', () => {
		const {plug, read, vfs, meminfo} = boot();
		const before = meminfo('MemFree');
		plug(0, 4 * GiB, 512 * 1024 * 1024);
		expect(read(`${MEM}/memory33/state`)).toBe('offline\n');
		expect(read(`${MEM}/memory33/phys_index`)).toBe('00000021\n');
		expect(read(`${MEM}/memory33/valid_zones`)).toBe('Normal Movable\n');
		expect(vfs.readlink(`${MEM}/memory33/firmware_node`)).toBe('../../../LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:00');
		expect(meminfo('MemTotal')).toBe(917440);
		// the memmap (64 bytes per 4 KiB page) comes out of existing RAM
		expect(before - meminfo('MemFree')).toBeGreaterThanOrEqual(8192);
		expect(read('/proc/iomem')).toContain('\n100000000-11fffffff : System RAM\n');
	});
	it('online adds 131072 kB to MemTotal; offline takes it back; errnos of state/online stores', () => {
		const {plug, read, write, meminfo} = boot();
		plug(0, 4 * GiB, 512 * 1024 * 1024);
		expect(write(`${MEM}/memory32/state`, 'foo\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory32/state`, '\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory32/state`, 'offline\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory32/state`, 'online_movable\n')).toBe('ok');
		expect(read(`${MEM}/memory32/valid_zones`)).toBe('Movable\n');
		expect(write(`${MEM}/memory32/state`, 'online_kernel\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory33/state`, 'online\n')).toBe('ok');
		expect(read(`${MEM}/memory33/valid_zones`)).toBe('Normal\n');
		expect(meminfo('MemTotal')).toBe(917440 + 2 * 131072);
		expect(write(`${MEM}/memory34/online`, '1\n')).toBe('ok');
		expect(write(`${MEM}/memory34/online`, '1\n')).toBe('ok');
		expect(write(`${MEM}/memory34/online`, '2\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory34/online`, '0\n')).toBe('ok');
		expect(write(`${MEM}/memory34/state`, 'offline\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory34/online`, 'yes\n')).toBe('ok');
		expect(read(`${MEM}/memory34/valid_zones`)).toBe('Normal\n');
		expect(write(`${MEM}/memory32/phys_index`, '1')).toBe('EACCES');
		expect(write(`${MEM}/auto_online_blocks`, 'bogus\n')).toBe('EINVAL');
		expect(read(`${MEM}/memory99/state`)).toBe('ENOENT');
	});
	it('boot blocks: memory0 spans zones, memory7 contains the e820 hole, memory1..6 migrate and come back', () => {
		const {write, read} = boot();
		expect(write(`${MEM}/memory0/state`, 'offline\n')).toBe('EINVAL');
		expect(write(`${MEM}/memory7/state`, 'offline\n')).toBe('EINVAL');
		for (let i = 1; i <= 6; i++) {
			expect(write(`${MEM}/memory${i}/state`, 'offline\n')).toBe('ok');
			expect(read(`${MEM}/memory${i}/state`)).toBe('offline\n');
			expect(write(`${MEM}/memory${i}/state`, 'online\n')).toBe('ok');
			expect(read(`${MEM}/memory${i}/valid_zones`)).toBe('DMA32\n');
		}
	});
	it('watermarks: MemAvailable grows less than MemTotal when a Normal block comes online', () => {
		const {plug, write, meminfo} = boot();
		plug(0, 4 * GiB, 512 * 1024 * 1024);
		const a0 = meminfo('MemAvailable');
		write(`${MEM}/memory33/state`, 'online\n');
		const gain = meminfo('MemAvailable') - a0;
		expect(gain).toBeGreaterThan(110 * 1024);
		expect(gain).toBeLessThan(120 * 1024);
	});
});

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ACPI eject', () => {
	it('Movable blocks are offlined, removed and _EJ0 is evaluated', () => {
		const {plug, unplug, write, fw, vfs, meminfo} = boot();
		plug(1, 4 * GiB + 512 * 1024 * 1024, 256 * 1024 * 1024);
		write(`${MEM}/memory36/state`, 'online_movable\n');
		write(`${MEM}/memory37/state`, 'online_movable\n');
		unplug(1);
		expect(fw.ejected).toEqual([1]);
		expect(vfs.stat(`${MEM}/memory36`)).toBe('ENOENT');
		expect(meminfo('MemTotal')).toBe(917440);
	});
	function refusedEject(staleMovable: boolean) {
		const t = boot();
		t.plug(0, 4 * GiB, 512 * 1024 * 1024);
		t.write(`${MEM}/memory32/state`, 'online_movable\n');
		// state_store() sets mem->online_type before device_online() finds the block online (EINVAL).
		if (staleMovable) expect(t.write(`${MEM}/memory32/state`, 'online_movable\n')).toBe('EINVAL');
		t.write(`${MEM}/memory33/state`, 'online_kernel\n');
		t.write(`${MEM}/memory34/state`, 'online\n');
		t.plug(1, 4 * GiB + 512 * 1024 * 1024, 256 * 1024 * 1024);
		t.unplug(0);
		const log = t.g.syscalls.syslogRead().split('\n').map(l => l.replace(/^<\d>\[[ \d.]+\] /, '')).join('\n');
		return {...t, log};
	}
	const dump = [
		'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x108006',
		'flags: 0x17ffffc0000000(node=0|zone=2|lastcpupid=0x1fffff)',
		'raw: 0017ffffc0000000 0000000000000000 dead000000000122 0000000000000000',
		'raw: 0000000000000000 0000000000000000 00000001ffffffff 0000000000000000',
		'page dumped because: unmovable page',
	].join('\n');

	it('a Normal block pinned by kernel pages refuses: dumps, Offline failed., rollback to the default zone, _OST busy', () => {
		const {g, read, write, fw, log} = refusedEject(false);
		expect(fw.ejected).toEqual([]);
		expect(fw.osts.at(-1)!.status).toBe(ACPI_OST_SC_DEVICE_BUSY);
		// pass 1 offlines memory32 (Movable empties) and memory34, memory33 fails; pass 2 fails
		// again; acpi_bus_online() onlines memory32 with no type: default_zone_for_pfn() finds it in
		// neither zone's span and picks Normal, which is populated, so no zonelist is rebuilt (the
		// lab's 2G guest: a Movable block between two Normal ones came back Normal).
		expect(log.trimEnd()).toMatch(new RegExp(`Policy zone: Normal\n${escape(dump)}\n${escape(dump)}\nmemory memory33: Offline failed\\.$`));
		for (const i of [32, 33, 34]) expect(read(`${MEM}/memory${i}/state`)).toBe('online\n');
		expect(read(`${MEM}/memory32/valid_zones`)).toBe('Normal\n');
		// The rollback's online event says how it came: acpi_bus_online(), not a sysfs store.
		const rollback = g.events().filter(e => e.kind === 'online').at(-1)!;
		expect(rollback.callPath.slice(0, 3)).toEqual(['acpi_scan_hot_remove', 'acpi_bus_online', 'device_online']);
		expect(write(`${MEM}/memory33/state`, 'offline\n')).toBe('EBUSY');
		expect(g.events().some(e => e.kind === 'eject-refused')).toBe(true);
	});

	it('the rollback follows a stale online_type: a refused online_movable on the online block sends it back to Movable', () => {
		const {read, log} = refusedEject(true);
		// errors-guest.t: the zone repopulates, so the rollback builds the zonelists again.
		expect(log).toContain(`${dump}\nmemory memory33: Offline failed.\nFallback order for Node 0: 0 \n`);
		expect(read(`${MEM}/memory32/valid_zones`)).toBe('Movable\n');
	});
});
