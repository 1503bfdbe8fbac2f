/**
 * The ACPI memory devices of QEMU's DSDT (PNP0C80, \_SB.MHPC.MPxx) in sysfs, and the eject the
 * guest can start itself by writing 1 to one's `eject` (acpi_eject_store()): the same hot-remove
 * as an eject request, after which QEMU's _EJ0 handler unplugs the DIMM without a device_del.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {Tutorial} from '../source/tutorial/tutorial.js';
import {strings} from '../source/tutorial/i18n/index.js';
import {printed, startSession} from './session-helpers.js';

const ACPI = '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04';

function boot(smp = 1): Session {
	return startSession(['-machine', 'pc', '-m', '1024M,slots=16,maxmem=8G', '-smp', String(smp), '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

const run = printed;

function plug(s: Session, size = '512M', extra = ''): void {
	expect(run(s, 'monitor', `object_add memory-backend-ram,id=m1,size=${size}`)).toBe('');
	expect(run(s, 'monitor', `device_add pc-dimm,id=d1,memdev=m1${extra}`)).toBe('');
}

describe('PNP0C80 devices in sysfs', () => {
	it('/sys/bus/acpi/devices links every slot (the raw run: PNP0C80:00 .. one per slot), _STA through the link', () => {
		const s = boot();
		const names = run(s, 'serial', 'ls /sys/bus/acpi/devices/ | grep -i PNP0C80').trim().split('\n');
		expect(names).toEqual(Array.from({length: 16}, (_, i) => `PNP0C80:${i.toString(16).padStart(2, '0')}`));
		expect(run(s, 'serial', 'cat /sys/bus/acpi/devices/PNP0C80:00/status')).toBe('0\n');
		plug(s);
		expect(run(s, 'serial', 'cat /sys/bus/acpi/devices/PNP0C80:00/status /sys/bus/acpi/devices/PNP0C80:00/path')).toBe('15\n\\_SB_.MHPC.MP00\n');
		// The devices' `subsystem` link is no longer dangling.
		// (The lab guest's bus directory: drivers_autoprobe and drivers_probe are listed, not simulated.)
		expect(run(s, 'serial', `ls ${ACPI}/PNP0C80:00/subsystem/`)).toBe('devices            drivers_autoprobe  uevent\ndrivers            drivers_probe\n');
	});

	it('a plugged 512M DIMM: the real run\'s entries, one physical_node per bound block, _STA 15', () => {
		const s = boot();
		plug(s);
		const fw = '/sys/devices/system/memory/memory32/firmware_node';
		expect(run(s, 'serial', `ls -1 ${fw}/`).split('\n').filter(Boolean)).toEqual(['eject', 'hid', 'modalias', 'path', 'physical_node',
			'physical_node1', 'physical_node2', 'physical_node3', 'power', 'status', 'subsystem', 'uevent', 'uid']);
		expect(run(s, 'serial', `cat ${fw}/path ${fw}/hid ${fw}/uid ${fw}/status ${fw}/modalias`)).toBe('\\_SB_.MHPC.MP00\nPNP0C80\n0x00\n15\nacpi:PNP0C80:\n');
		expect(run(s, 'serial', `ls -l ${fw}/physical_node3`)).toMatch(/physical_node3 -> \.\.\/\.\.\/\.\.\/\.\.\/system\/memory\/memory35\n$/);
		expect(run(s, 'serial', `cat ${fw}/physical_node2/phys_index`)).toBe('00000022\n');
	});

	it('an empty slot: _STA 0, no physical_node, QEMU\'s uppercase "0x%02X" uid', () => {
		const s = boot();
		expect(run(s, 'serial', `cat ${ACPI}/PNP0C80:0a/status ${ACPI}/PNP0C80:0a/uid ${ACPI}/PNP0C80:0a/path`)).toBe('0\n0x0A\n\\_SB_.MHPC.MP0A\n');
		expect(run(s, 'serial', `ls ${ACPI}/PNP0C80:0a/`)).not.toMatch(/physical_node/);
	});
});

describe('echo 1 > .../eject', () => {
	it('refuses anything but a leading 1 (EINVAL) and a slot with no memory device bound (ENODEV)', () => {
		const s = boot();
		plug(s);
		expect(run(s, 'serial', `echo 0 > ${ACPI}/PNP0C80:00/eject`)).toBe('sh: write error: Invalid argument\n');
		expect(run(s, 'serial', `echo 1 > ${ACPI}/PNP0C80:03/eject`)).toBe('sh: write error: No such device\n');
		expect(run(s, 'monitor', 'info memory-devices')).toMatch(/"d1"/);
	});

	it('offlines and removes the DIMM\'s blocks, and QEMU unplugs the DIMM without a device_del', () => {
		const s = boot();
		plug(s);
		run(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory32/state');
		expect(run(s, 'serial', 'echo 1 > /sys/devices/system/memory/memory32/firmware_node/eject')).toBe('');
		expect(run(s, 'serial', 'ls /sys/devices/system/memory/ | grep -c memory3')).toBe('1\n');
		expect(run(s, 'serial', `cat ${ACPI}/PNP0C80:00/status`)).toBe('0\n');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
		expect(run(s, 'monitor', 'object_del m1')).toBe('');
	});

	it('is refused like an eject request when a block cannot go offline: blocks back online, the DIMM stays', () => {
		// Two CPUs: the page directory an idle CPU holds pins the Normal block after `cat`.
		const s = boot(2);
		plug(s);
		run(s, 'serial', 'echo online > /sys/devices/system/memory/memory32/state');
		expect(run(s, 'serial', 'cat /sys/devices/system/memory/memory32/state')).toBe('online\n');
		expect(run(s, 'serial', 'echo 1 > /sys/devices/system/memory/memory32/firmware_node/eject')).toBe('');
		expect(run(s, 'serial', 'dmesg | tail -1')).toMatch(/\] memory memory32: Offline failed\.\n$/);
		expect(run(s, 'serial', 'cat /sys/devices/system/memory/memory32/state')).toBe('online\n');
		expect(run(s, 'monitor', 'info memory-devices')).toMatch(/"d1"/);
		const refused = s.snapshot().events.filter(e => e.kind === 'eject-refused').at(-1)!;
		expect(refused.byGuest).toBe(true);
		expect(refused.callPath.slice(0, 2)).toEqual(['acpi_eject_store', 'acpi_hotplug_schedule']);
		const why = explainEvent(refused, s.snapshot())!;
		expect(strings('en').explanation(why)).toMatch(/^The eject written to the ACPI device did not happen/);
		expect(strings('zh').explanation(why)).toMatch(/^写入 ACPI 设备的 eject 没有生效/);
	});
});

describe('/sys/firmware/acpi/hotplug/memory/enabled (the memory scan handler\'s hotplug profile)', () => {
	const ENABLED = '/sys/firmware/acpi/hotplug/memory/enabled';

	it('0 refuses every eject with -EPERM: `Eject disabled`, _OST 0x81, nothing offlined, the DIMM stays; 1 allows it again', () => {
		const s = boot();
		plug(s, '256M');
		run(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory32/state');
		expect(run(s, 'serial', `cat ${ENABLED}`)).toBe('1\n');
		expect(run(s, 'serial', `echo 0 > ${ENABLED}; cat ${ENABLED}`)).toBe('0\n');
		expect(run(s, 'monitor', 'device_del d1')).toBe('');
		expect(run(s, 'serial', 'dmesg | tail -1')).toMatch(/\] acpi PNP0C80:00: Eject disabled\n$/);
		// Nothing was offlined: the online block stays online, in its zone.
		expect(run(s, 'serial', 'cat /sys/devices/system/memory/memory32/state /sys/devices/system/memory/memory32/valid_zones')).toBe('online\nMovable\n');
		const ospm = () => (s.qemu.qmp('query-acpi-ospm-status') as {return: unknown[]}).return[0];
		expect(ospm()).toEqual({device: 'd1', slot: '0', 'slot-type': 'DIMM', source: 3, status: 0x81});
		expect(s.snapshot().qemu.dimms[0].status).toBe('eject-refused');
		const refused = s.snapshot().events.filter(e => e.kind === 'eject-refused').at(-1)!;
		expect(refused).toMatchObject({ejectDisabled: true, reason: 'EPERM: eject disabled'});
		const why = explainEvent(refused, s.snapshot())!;
		expect(strings('en').explanation(why)).toMatch(/^device_del had no effect: ejects of memory devices are switched off/);
		expect(strings('zh').explanation(why)).toMatch(/^device_del 没有生效：Guest 关闭了内存设备的弹出/);
		// The guest's own eject: acpi_eject_store() finds the handler's profile off and no driver.
		expect(run(s, 'serial', 'echo 1 > /sys/devices/system/memory/memory32/firmware_node/eject; echo $?')).toBe('sh: write error: No such device\n1\n');
		expect(run(s, 'monitor', 'info memory-devices')).toMatch(/"d1"/);
		// Back on: the next device_del ejects.
		run(s, 'serial', `echo 1 > ${ENABLED}`);
		expect(run(s, 'monitor', 'device_del d1')).toBe('');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
	});

	it("takes what enabled_store() takes: 0 or 1 (kstrtouint base 10), else EINVAL", () => {
		const s = boot();
		for (const bad of ['2', 'x', '-1', '', 'on', '0x1']) expect(run(s, 'serial', `echo '${bad}' > ${ENABLED}`)).toBe('sh: write error: Invalid argument\n');
		expect(run(s, 'serial', `echo +0 > ${ENABLED}; cat ${ENABLED}`)).toBe('0\n');
		expect(run(s, 'serial', `ls -l ${ENABLED}`)).toMatch(/^-rw-r--r-- .* \/sys\/firmware\/acpi\/hotplug\/memory\/enabled\n$/);
	});
});

describe('acpi_no_memhotplug', () => {
	it('the guest adds no memory for a hot-added DIMM, has no memory hotplug profile, and lets device_del eject it at once', () => {
		const s = startSession(['-machine', 'pc', '-m', '1024M,slots=4,maxmem=8G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr acpi_no_memhotplug', '-nographic']);
		expect(run(s, 'serial', 'ls /sys/firmware/acpi/hotplug/')).toBe('');
		const free = run(s, 'serial', 'free -m');
		plug(s, '256M');
		// QEMU has the DIMM; Linux never attached the memory handler: no blocks, no physical_node.
		expect(run(s, 'monitor', 'info memory-devices')).toMatch(/"d1"/);
		expect(run(s, 'serial', 'ls -d /sys/devices/system/memory/memory32 2>&1')).toBe('ls: /sys/devices/system/memory/memory32: No such file or directory\n');
		expect(run(s, 'serial', `ls ${ACPI}/PNP0C80:00/ | grep -c physical_node`)).toBe('0\n');
		expect(run(s, 'serial', `cat ${ACPI}/PNP0C80:00/status`)).toBe('15\n');
		expect(run(s, 'serial', 'free -m')).toBe(free);
		expect(run(s, 'serial', `echo 1 > ${ACPI}/PNP0C80:00/eject`)).toBe('sh: write error: No such device\n');
		// Nothing to offline: the eject request goes straight to _EJ0.
		expect(run(s, 'monitor', 'device_del d1')).toBe('');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
		expect(run(s, 'monitor', 'object_del m1')).toBe('');
		// A __setup() parameter: the kernel takes it, init does not get it.
		expect(run(s, 'serial', 'dmesg | grep "Unknown kernel"')).toMatch(/parameters "nokaslr", will/);
	});
});

describe('a DIMM the guest does not add, explained', () => {
	/** The explanation the tutorial's tracker shows after `line` on the console. */
	function explained(s: Session, line: string, lang: 'en' | 'zh' = 'en'): string | undefined {
		const queue: Array<() => void> = [];
		const tutorial = new Tutorial(s, lang, run => queue.push(run));
		run(s, 'serial', line);
		while (queue.length) queue.shift()!();
		return tutorial.view().explanation;
	}

	it('an unaligned DIMM: a hot-add-failed event (EINVAL, its call path) and the explanation', () => {
		const s = boot();
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=130M');
		// The guest's KERN_ERR lines reach the console even with quiet.
		expect(run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1')).toContain('Block size [0x8000000] unaligned hotplug range: start 0x100000000, size 0x8200000');
		expect(run(s, 'serial', 'dmesg | grep -c "unaligned hotplug range"')).toBe('1\n');
		const failed = s.snapshot().events.at(-1)!;
		expect(failed).toMatchObject({kind: 'hot-add-failed', blocks: [], reason: 'EINVAL: range not aligned to the memory block size'});
		expect(failed.callPath.at(-1)).toBe('check_hotplug_memory_range');
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toMatch(/^QEMU plugged the DIMM, but the guest could not add its 130 MiB: its range is not a whole number of 128 MiB/);
		expect(strings('zh').explanation(why)).toMatch(/^QEMU 已经插入了 DIMM，但 Guest 无法添加这 130 MiB/);
	});

	it('acpi_no_memhotplug: free after a hot-add says why nothing appeared', () => {
		const s = startSession(['-machine', 'pc', '-m', '1024M,slots=4,maxmem=8G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr acpi_no_memhotplug', '-nographic']);
		plug(s, '256M');
		expect(explained(s, 'free -m')).toMatch(/^free has not grown and no memoryN appeared for d1: this guest was booted with acpi_no_memhotplug/);
		expect(explained(s, 'free -m', 'zh')).toMatch(/^free 没有变大，d1 也没有出现新的 memoryN：这个 Guest 启动时带了 acpi_no_memhotplug/);
	});
});

describe('a hot-add without room for its memmap', () => {
	it('ENOMEM: hot-add-failed with the vmemmap call path, and the explanation says where the memmap comes from', () => {
		const s = startSession(['-machine', 'pc', '-m', '256M,slots=2,maxmem=16G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=12G');
		expect(run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1')).toContain('acpi PNP0C80:00: add_memory failed');
		expect(run(s, 'serial', 'dmesg | grep -c "vmemmap alloc failure: order:9"')).toBe('1\n');
		const failed = s.snapshot().events.at(-1)!;
		expect(failed).toMatchObject({kind: 'hot-add-failed', reason: 'ENOMEM: no room for its memmap'});
		expect(failed.callPath.at(-1)).toBe('vmemmap_populate');
		expect(strings('en').explanation(explainEvent(failed, s.snapshot())!)).toMatch(/could not add its 12288 MiB: the memmap for it \(2 MiB per 128 MiB\)/);
	});
});
