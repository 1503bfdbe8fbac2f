import {describe, expect, it} from 'vitest';
import {displayWidth, fitCallPaths, renderCallPaths} from '../source/tutorial/call-paths.js';
import {FakeSession} from './tutorial-fake-session.js';

function hotAdded() {
	const s = new FakeSession();
	s.muxKey('c');
	s.submitLine('object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
	s.submitLine('device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
	s.muxKey('c');
	return s;
}

describe('call paths in a narrow panel', () => {
	it('puts a Linux 5.0 note that does not fit beside its function on the lines below', () => {
		const lines = renderCallPaths(hotAdded().snapshot().events, 'en', {width: 40});
		expect(lines.slice(0, 7)).toEqual([
			'[   10.080000] hot-add of',
			'BiscuitOS-dimm: memory32-35 created,',
			'offline (512 MiB)',
			'    create_memory_block_devices',
			'      5.0: link_mem_sections /',
			'      register_mem_sect_under_node per',
			'      section',
		]);
		expect(lines).toContain('    arch_add_memory');
		expect(lines.every(line => displayWidth(line) <= 40)).toBe(true);
	});

	it('keeps notes beside the names when they fit, and counts the extra rows when fitting', () => {
		const events = hotAdded().snapshot().events;
		const wide = renderCallPaths(events, 'en', {width: 200});
		expect(wide).toEqual(renderCallPaths(events, 'en'));
		expect(fitCallPaths(events, 'en', 40, 40)).toEqual(renderCallPaths(events, 'en', {width: 40}));
		expect(fitCallPaths(events, 'en', 5, 40)).toHaveLength(5);
	});

	it('measures Chinese text in terminal columns', () => {
		expect(displayWidth('热添加 memory32')).toBe(15);
		const lines = renderCallPaths(hotAdded().snapshot().events, 'zh', {width: 34});
		expect(lines.filter(line => displayWidth(line) > 34)).toEqual([]);
	});
});
