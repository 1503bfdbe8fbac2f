/**
 * /sys/devices/system/cpu/cpuN as the guest derives it from QEMU's -smp topology (sysfs-cpu.ts):
 * the topology/ masks and ids, the cache leaves' sharing, hotplug/, crash_notes, and the ACPI
 * processor and driver links around them.
 */
import {describe, expect, it} from 'vitest';
import {cacheSharedCpus, cpumaskHex, cpumaskList, cpuTopologyViews} from '../source/machine/linux/sysfs-cpu.js';
import {printed, startSession} from './session-helpers.js';

const boot = (smp: string, mem = '1G') => startSession(['-machine', 'pc', '-m', `${mem},slots=4,maxmem=8G`, '-smp', smp, '-kernel', 'bzImage',
	'-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
const CPU = '/sys/devices/system/cpu';

describe('cpumask formats', () => {
	it('%*pb: 32-bit chunks, the first as wide as nr_cpu_ids needs; %*pbl: ranges', () => {
		expect(cpumaskHex([2, 3], 4)).toBe('c');
		expect(cpumaskHex([0], 8)).toBe('01');
		expect(cpumaskHex([33], 40)).toBe('02,00000000');
		expect(cpumaskHex(Array.from({length: 40}, (_, i) => i), 40)).toBe('ff,ffffffff');
		expect(cpumaskList([0, 1, 4, 6, 7])).toBe('0-1,4,6-7');
		expect(cpumaskList([3])).toBe('3');
	});
});

describe('topology derivation', () => {
	it('-smp 4,sockets=2,cores=2: a package mask per socket, core ids within it, no siblings', () => {
		const v = cpuTopologyViews({sockets: 2, dies: 1, cores: 2, threads: 1}, 4);
		expect(v.map(x => cpumaskHex(x.package, 4))).toEqual(['3', '3', 'c', 'c']);
		expect(v.map(x => x.ids.coreId)).toEqual([0, 1, 0, 1]);
		expect(v.map(x => x.ids.packageId)).toEqual([0, 0, 1, 1]);
		expect(v.map(x => cpumaskList(x.thread))).toEqual(['0', '1', '2', '3']);
		expect(cpumaskList(cacheSharedCpus(v, 2, 3))).toBe('2-3');
		expect(cpumaskList(cacheSharedCpus(v, 2, 2))).toBe('2');
	});

	it('-smp 8,sockets=2,cores=2,threads=2: threads are cores to the guest (core_id = APIC ID bits below the package)', () => {
		const v = cpuTopologyViews({sockets: 2, dies: 1, cores: 2, threads: 2}, 8);
		expect(v.map(x => x.ids.coreId)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
		expect(v.map(x => cpumaskHex(x.package, 8))).toEqual([...Array<string>(4).fill('0f'), ...Array<string>(4).fill('f0')]);
		expect(v.map(x => x.thread.length)).toEqual(Array<number>(8).fill(1));
	});

	it('-smp 6,sockets=2 (3 cores: a 2-bit core field): the second package starts at APIC ID 4', () => {
		const v = cpuTopologyViews({sockets: 2, dies: 1, cores: 3, threads: 1}, 6);
		expect(v.map(x => x.ids.apicId)).toEqual([0, 1, 2, 4, 5, 6]);
		expect(cpumaskList(cacheSharedCpus(v, 3, 3))).toBe('3-5');
		expect(cpumaskHex(cacheSharedCpus(v, 3, 3), 6)).toBe('38');
	});
});

describe('/sys/devices/system/cpu/cpuN in the guest', () => {
	it('-smp 8,sockets=2,cores=2,threads=2: topology files, cache sharing and ids', () => {
		const s = boot('8,sockets=2,cores=2,threads=2');
		const sh = (line: string) => printed(s, 'serial', line);
		expect(sh(`cat ${CPU}/cpu5/topology/physical_package_id ${CPU}/cpu5/topology/die_id ${CPU}/cpu5/topology/core_id`)).toBe('1\n1\n1\n');
		expect(sh(`cat ${CPU}/cpu5/topology/package_cpus ${CPU}/cpu5/topology/core_siblings_list ${CPU}/cpu5/topology/thread_siblings_list`)).toBe('f0\n4-7\n5\n');
		expect(sh(`cat ${CPU}/cpu5/cache/index3/shared_cpu_list ${CPU}/cpu5/cache/index3/shared_cpu_map ${CPU}/cpu5/cache/index0/shared_cpu_list`)).toBe('4-7\nf0\n5\n');
		// get_cache_id(): the APIC ID, for every leaf.
		expect(sh(`cat ${CPU}/cpu5/cache/index3/id`)).toBe('5\n');
		expect(sh(`ls -l ${CPU}/cpu5/topology/ | grep -c ' 28672 '`)).toBe('6\n');
		expect(sh(`cat ${CPU}/cpu7/firmware_node/path ${CPU}/cpu7/firmware_node/hid`)).toBe('\\_SB_.CPUS.C007\nLNXCPU\n');
		expect(sh(`cat ${CPU}/cpu7/firmware_node/physical_node/topology/core_id`)).toBe('3\n');
	});

	it('crash_notes: each CPU\'s percpu unit; hotplug/ targets; the processor driver binds and unbinds', () => {
		const s = boot('2');
		const sh = (line: string) => printed(s, 'serial', line);
		expect(sh(`cat ${CPU}/cpu0/crash_notes ${CPU}/cpu1/crash_notes ${CPU}/cpu1/crash_notes_size`)).toBe('3ec3a400\n3ed3a400\n368\n');
		expect(sh(`cat ${CPU}/cpu0/hotplug/target ${CPU}/cpu1/hotplug/target ${CPU}/cpu1/hotplug/state ${CPU}/cpu1/hotplug/fail`)).toBe('0\n236\n236\n-1\n');
		expect(sh(`echo 0 > ${CPU}/cpu1/hotplug/target`)).toBe('sh: write error: Device or resource busy\n');
		expect(sh(`echo 5 > ${CPU}/cpu1/hotplug/target`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(`echo 237 > ${CPU}/cpu1/hotplug/fail`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(`cat ${CPU}/cpu1/uevent`)).toBe('DRIVER=processor\n');
		expect(sh('ls /sys/bus/cpu/drivers/processor/')).toBe('bind    cpu0    cpu1    uevent  unbind\n');
		expect(sh('echo cpu1 > /sys/bus/cpu/drivers/processor/bind')).toBe('sh: write error: Device or resource busy\n');
		expect(sh('echo cpu1 > /sys/bus/cpu/drivers/processor/unbind')).toBe('');
		expect(sh(`ls ${CPU}/cpu1/ | grep -c driver; cat ${CPU}/cpu1/uevent`)).toBe('0\n');
		expect(sh('echo cpu1 > /sys/bus/cpu/drivers/processor/unbind')).toBe('sh: write error: No such device\n');
		expect(sh('echo cpu1 > /sys/bus/cpu/drivers/processor/bind')).toBe('');
		expect(sh(`readlink ${CPU}/cpu1/driver`)).toBe('../../../../bus/cpu/drivers/processor\n');
	});

	it('-smp 4,sockets=2,cores=2 on 2G: crash_notes in 512 KiB units', () => {
		const s = boot('4,sockets=2,cores=2', '2G');
		expect(printed(s, 'serial', `cat ${CPU}/cpu*/crash_notes`)).toBe('7dc3a600\n7dcba600\n7dd3a600\n7ddba600\n');
	});
});
