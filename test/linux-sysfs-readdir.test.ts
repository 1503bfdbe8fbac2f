/**
 * sysfs as readdir returns it (kernfs orders a directory's children by kernfs_name_hash(), then
 * name: `find` and `grep -r` walk in that order, `ls` sorts), the power/ files Debian's
 * CONFIG_PM_ADVANCED_DEBUG adds, node0's numastat/vmstat/compact/x86 and the memory bus's
 * drivers_autoprobe/drivers_probe (lab s19/p8, p9, p10: a 1G guest, 1 or 2 CPUs).
 */
import {describe, expect, it} from 'vitest';
import {kernfsNameHash} from '../source/machine/linux/kernfs.js';
import {bootInterleavePages} from '../source/machine/linux/procfs-vm.js';
import type {Session} from '../source/machine/session.js';
import {printed, startSession, typeLine} from './session-helpers.js';

function boot(): Session {
	const s = startSession(['-m', '1024M,slots=32,maxmem=8G', '-kernel', 'bzImage']);
	typeLine(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
	typeLine(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
	return s;
}
const sh = (s: Session, line: string): string => printed(s, 'serial', line);

describe('kernfs readdir order', () => {
	it('hashes names as kernfs_name_hash() does', () => {
		const byHash = ['state', 'uevent', 'power', 'online', 'node0', 'removable'].sort((a, b) => kernfsNameHash(a) - kernfsNameHash(b));
		expect(byHash).toEqual(['uevent', 'node0', 'power', 'online', 'state', 'removable']);
		expect(kernfsNameHash('uevent')).toBe(45078383);
	});

	it('find walks a memory block in hash order, power/ with its nine files', () => {
		const s = boot();
		const M = '/sys/devices/system/memory/memory0';
		expect(sh(s, `find ${M}`)).toBe([
			M, `${M}/uevent`, `${M}/node0`, `${M}/power`,
			...['runtime_active_time', 'runtime_active_kids', 'runtime_usage', 'runtime_status', 'autosuspend_delay_ms', 'async', 'runtime_suspended_time', 'runtime_enabled', 'control'].map(f => `${M}/power/${f}`),
			`${M}/online`, `${M}/phys_device`, `${M}/phys_index`, `${M}/valid_zones`, `${M}/subsystem`, `${M}/state`, `${M}/removable`, '',
		].join('\n'));
		// a hot-added block's firmware_node comes right after uevent; grep -r skips the links
		expect(sh(s, 'find /sys/devices/system/memory/memory33 -type l')).toBe(['firmware_node', 'node0', 'subsystem'].map(f => `/sys/devices/system/memory/memory33/${f}`).join('\n') + '\n');
		sh(s, 'echo online_movable > /sys/devices/system/memory/memory33/state');
		const grep = sh(s, 'grep -r . /sys/devices/system/memory/memory33/').split('\n');
		expect(grep.slice(0, 3)).toEqual(['runtime_active_time:0', 'runtime_active_kids:0', 'runtime_usage:0'].map(l => `/sys/devices/system/memory/memory33/power/${l}`));
		expect(grep.slice(8)).toEqual(['online:1', 'phys_device:0', 'phys_index:00000021', 'valid_zones:Movable', 'state:online', 'removable:1', ''].map(l => (l ? `/sys/devices/system/memory/memory33/${l}` : '')));
	});

	it('ls still sorts', () => {
		const s = boot();
		expect(sh(s, 'ls /sys/devices/system/memory/memory33/power')).toBe(
			'async                   runtime_active_kids     runtime_status\nautosuspend_delay_ms    runtime_active_time     runtime_suspended_time\ncontrol                 runtime_enabled         runtime_usage\n');
	});
});

describe('node0 and the memory bus', () => {
	it('numastat and vmstat read the node\'s counters; compact takes any write; x86 is empty', () => {
		const s = boot();
		expect(sh(s, 'cat /sys/devices/system/node/node0/numastat')).toMatch(/^numa_hit (\d+)\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 671\nlocal_node \1\nother_node 0\n$/);
		const vmstat = sh(s, 'cat /sys/devices/system/node/node0/vmstat').split('\n');
		expect(vmstat).toHaveLength(61);
		expect(vmstat[0]).toMatch(/^nr_free_pages \d+$/);
		expect(vmstat[59]).toBe('pgpromote_candidate 0');
		// /proc/vmstat goes on with the dirty thresholds and the events
		expect(sh(s, 'sed -n 60,61p /proc/vmstat')).toMatch(/^pgpromote_candidate 0\nnr_dirty_threshold \d+\n$/);
		expect(sh(s, 'echo 1 > /sys/devices/system/node/node0/compact; echo $?')).toBe('0\n');
		expect(sh(s, 'ls -l /sys/devices/system/node/node0/x86/')).toBe('total 0\n');
		expect(sh(s, 'ls -l /sys/devices/system/node/node0/ | grep -E "compact|cpulist|numastat|vmstat|x86" | cut -c1-44')).toBe([
			'--w-------    1 0        0             4096 ',
			'-r--r--r--    1 0        0            28672 ',
			'-r--r--r--    1 0        0             4096 ',
			'-r--r--r--    1 0        0             4096 ',
			'drwxr-xr-x    2 0        0                0 ',
			'',
		].join('\n'));
	});

	it('numa_interleave: the init task\'s interleaved boot pages, growing with blocks and slots', () => {
		// the lab's node totals: 635 (512M, 4 slots), 749 (16G, 4 slots), 670 (1G, 32 slots)
		expect(bootInterleavePages(4, 4)).toBe(634);
		expect(bootInterleavePages(128, 4)).toBe(748);
		expect(bootInterleavePages(8, 32)).toBe(671);
		const s = boot();
		expect(sh(s, 'grep numa_interleave /proc/vmstat')).toBe('numa_interleave 671\n');
		// ZONE_DMA's one is the atomic pool's request, made by an initcall under the same policy.
		expect(sh(s, 'grep -A3 numa_foreign /proc/zoneinfo | grep interleave')).toMatch(/^ +numa_interleave 1\n +numa_interleave 670\n/);
	});

	it('drivers_autoprobe is a kept bool; drivers_probe finds no driver', () => {
		const s = boot();
		expect(sh(s, 'cat /sys/bus/memory/drivers_autoprobe')).toBe('1\n');
		expect(sh(s, 'echo 0 > /sys/bus/memory/drivers_autoprobe; cat /sys/bus/memory/drivers_autoprobe')).toBe('0\n');
		expect(sh(s, 'echo memory32 > /sys/bus/memory/drivers_probe; echo $?')).toBe('sh: write error: No such device\n1\n');
	});
});
