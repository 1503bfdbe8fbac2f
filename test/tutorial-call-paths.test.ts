import {describe, expect, it} from 'vitest';
import {callPathEntries, renderCallPaths} from '../source/tutorial/call-paths.js';
import {FakeSession} from './tutorial-fake-session.js';

const SYS = '/sys/devices/system/memory';

function machine(normalUnmovable = false) {
	const s = new FakeSession({normalUnmovable});
	s.muxKey('c');
	s.submitLine('object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
	s.submitLine('device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
	s.muxKey('c');
	return s;
}

describe('call-path view', () => {
	it('hot-add: innermost first, with the 5.0 __add_memory(nid, ...) note', () => {
		const s = machine();
		expect(renderCallPaths(s.snapshot().events, 'en')).toEqual([
			'[   10.080000] hot-add of BiscuitOS-dimm: memory32-35 created, offline (512 MiB)',
			'    create_memory_block_devices  5.0: link_mem_sections / register_mem_sect_under_node per section',
			'    arch_add_memory',
			'    add_memory_resource          5.0: add_memory_resource(nid, res, online)',
			'    __add_memory                 5.0: __add_memory(nid, start, size); 6.1: __add_memory(mgid, start, size, MHP_NID_IS_MGID)',
			'    acpi_memory_enable_device',
			'    acpi_memory_device_add',
			'    acpi_bus_attach',
			'    acpi_bus_scan',
			'    acpi_device_hotplug',
			'    acpi_hotplug_work_fn',
		]);
	});

	it('online: kernfs_fop_write_iter vs 5.0 kernfs_fop_write, __free_pages_core vs __free_page', () => {
		const s = machine();
		s.submitLine(`echo online > ${SYS}/memory33/state`);
		const lines = renderCallPaths(s.snapshot().events, 'en', {last: 1});
		expect(lines[0]).toBe('[   10.120000] online memory33 into ZONE_NORMAL (128 MiB)');
		expect(lines[1]).toBe('    __free_pages_core          5.0: __free_page (order-0 pages, via __free_reserved_page)');
		expect(lines[2]).toBe('    generic_online_page        5.0: generic_online_page(page), one page at a time: __online_page_free -> __free_reserved_page -> __free_page');
		expect(lines[3]).toBe('    online_pages_range         5.0: called through walk_system_ram_range');
		expect(lines.at(-1)).toBe('    kernfs_fop_write_iter      5.0: kernfs_fop_write (write_iter since 5.12)');
		expect(lines).toHaveLength(14);
	});

	it('failed offline: the path stops where it failed, marked with the reason (zh)', () => {
		const s = machine(true);
		s.submitLine(`echo online > ${SYS}/memory33/state`);
		s.submitLine(`echo offline > ${SYS}/memory33/state`);
		const [entry] = callPathEntries(s.snapshot().events, 'zh').slice(-1);
		expect(entry.kind).toBe('offline-failed');
		expect(entry.title).toBe('下线 memory33 失败：EBUSY: unmovable page');
		expect(entry.frames.map(f => f.fn)).toEqual([
			'start_isolate_page_range', 'offline_pages', 'memory_block_offline', 'memory_block_action',
			'memory_block_change_state', 'memory_subsys_offline', 'device_offline', 'state_store',
			'dev_attr_store', 'sysfs_kf_write', 'kernfs_fop_write_iter',
		]);
		expect(entry.frames[0].failed).toBe('<- 在这里失败：EBUSY: unmovable page');
		expect(entry.frames[1].linux50).toBe('5.0：offline_pages(start_pfn, nr_pages) -> __offline_pages(start, end)');
		const text = renderCallPaths(s.snapshot().events, 'zh', {last: 1});
		expect(text[1]).toBe('    start_isolate_page_range   <- 在这里失败：EBUSY: unmovable page');
	});

	it('eject: removal path, and a refused eject marked as failed', () => {
		const ok = machine();
		ok.muxKey('c');
		ok.submitLine('device_del BiscuitOS-dimm');
		const lines = renderCallPaths(ok.snapshot().events, 'en', {last: 1});
		expect(lines[0]).toBe('[   10.120000] eject of BiscuitOS-dimm: memory32-35 offlined and removed');
		expect(lines.slice(1, 4)).toEqual([
			'    remove_memory_block_devices  5.0: unregister_memory_section per section via __remove_pages',
			'    try_remove_memory',
			'    __remove_memory              5.0: __remove_memory(nid, start, size)',
		]);
		expect(lines.at(-1)).toBe('    acpi_hotplug_work_fn');

		const refused = machine(true);
		refused.submitLine(`echo online > ${SYS}/memory35/state`);
		refused.muxKey('c');
		refused.submitLine('device_del BiscuitOS-dimm');
		expect(renderCallPaths(refused.snapshot().events, 'en', {last: 1})).toEqual([
			'[   10.160000] eject of BiscuitOS-dimm refused: memory35 could not be offlined',
			'    acpi_scan_try_to_offline  <- failed here: EBUSY',
			'    acpi_scan_hot_remove',
			'    acpi_device_hotplug',
			'    acpi_hotplug_work_fn',
		]);
	});

	it('says so when nothing happened yet', () => {
		expect(renderCallPaths([], 'en')).toEqual(['No hotplug event yet.']);
		expect(renderCallPaths([], 'zh')).toEqual(['还没有热插拔事件。']);
	});
});

describe('fitting the view', () => {
	it('keeps whole events, newest last; a long one keeps its title and innermost frames', async () => {
		const {fitCallPaths} = await import('../source/tutorial/call-paths.js');
		const s = machine();
		s.submitLine(`echo online > ${SYS}/memory33/state`);
		const events = s.snapshot().events;
		expect(fitCallPaths(events, 'en', 3)).toEqual([
			'[   10.120000] online memory33 into ZONE_NORMAL (128 MiB)',
			'    __free_pages_core          5.0: __free_page (order-0 pages, via __free_reserved_page)',
			'    generic_online_page        5.0: generic_online_page(page), one page at a time: __online_page_free -> __free_reserved_page -> __free_page',
		]);
		const both = fitCallPaths(events, 'en', 25);
		expect(both).toHaveLength(11 + 14);
		expect(both[0]).toBe('[   10.080000] hot-add of BiscuitOS-dimm: memory32-35 created, offline (512 MiB)');
		expect(fitCallPaths(events, 'en', 20)[0]).toBe('[   10.120000] online memory33 into ZONE_NORMAL (128 MiB)');
		expect(fitCallPaths([], 'en', 5)).toEqual(['No hotplug event yet.']);
	});
});
