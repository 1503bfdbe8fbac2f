import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import chalk from 'chalk';
import type {BlockSnapshot} from '../source/machine/snapshot.js';
import {cellGlyph, layoutBlockMap} from '../source/ui/panel/block-map.js';
import {formatEvent, sparkline} from '../source/ui/panel/format.js';
import {bootSnapshot, FakeSession} from './ui-fake-session.js';
import {paneText, renderScreen} from './ui-helpers.js';

afterEach(() => cleanup());

const MiB = 1024 * 1024;
const block = (index: number, over: Partial<BlockSnapshot> = {}): BlockSnapshot => ({
	index,
	start: index * 128 * MiB,
	size: 128 * MiB,
	state: 'online',
	zone: 'Normal',
	hotplugged: false,
	totalPages: 32768,
	freePages: 32768,
	movablePages: 0,
	unmovablePages: 0,
	validZones: 'Normal',
	...over,
});

describe('block map layout', () => {
	test('rows break at gaps in block numbers so labels are memoryN', () => {
		const blocks = [...Array.from({length: 8}, (_, i) => block(i)), ...Array.from({length: 4}, (_, i) => block(32 + i, {state: 'offline', zone: null}))];
		const map = layoutBlockMap(blocks, 16, 10);
		expect(map.perCell).toBe(1);
		expect(map.rows.map(r => [r.label, r.cells.length])).toEqual([
			[0, 8],
			[32, 4],
		]);
		expect(map.rows[1].cells.map(cellGlyph).join('')).toBe('░░░░░░░░');
	});

	test('glyphs: zone letter + fill level; offline hatched; going-offline', () => {
		const cells = layoutBlockMap(
			[
				block(1, {zone: 'DMA32', freePages: 0}),
				block(2, {zone: 'Movable', freePages: 32768}),
				block(3, {freePages: 16384}),
				block(4, {state: 'going-offline'}),
				block(5, {zone: 'DMA', freePages: 32000}),
			],
			16,
			1,
		).rows[0].cells;
		expect(cells.map(cellGlyph)).toEqual(['3█', 'M ', 'N▄', '~~', 'D▁']);
	});

	test('8,000+ blocks aggregate into cells of N blocks', () => {
		const blocks = Array.from({length: 8192}, (_, i) => block(i, i >= 4096 ? {state: 'offline', zone: null} : {}));
		const map = layoutBlockMap(blocks, 16, 16);
		expect(map.perCell).toBe(32);
		expect(map.rows.length).toBe(16);
		expect(map.rows[8].label).toBe(4096);
		expect(cellGlyph(map.rows[8].cells[0])).toBe('░░');
		expect(cellGlyph(map.rows[0].cells[0])).toBe('N ');
	});

	test('a partly offline aggregate is marked', () => {
		const blocks = [block(0), block(1, {state: 'offline', zone: null})];
		expect(cellGlyph(layoutBlockMap(blocks, 1, 1).rows[0].cells[0])).toBe('▒▒');
	});
});

describe('panel text', () => {
	test('events read as one line', () => {
		expect(formatEvent({kind: 'online', blocks: [33], zone: 'Normal', bytes: 128 * MiB, callPath: [], time: 0})).toBe('memory33 online → Normal, +128 MiB');
		expect(formatEvent({kind: 'offline-failed', blocks: [33], reason: 'EBUSY: unmovable page pfn 0x108006', callPath: [], time: 0})).toBe(
			'offline refused: EBUSY: unmovable page pfn 0x108006 in memory33',
		);
		expect(formatEvent({kind: 'hot-add', blocks: [32, 33, 34, 35], dimm: 'dimm1', bytes: 512 * MiB, callPath: [], time: 0})).toBe(
			'dimm1 hot-added: memory32-35 offline, 512 MiB',
		);
	});

	test('sparkline scales to the maximum', () => {
		expect(sparkline([0, 50, 100], 10, 100)).toBe('▁▅█');
		expect(sparkline([1, 2, 3, 4], 2, 4)).toBe('▆█');
	});
});

describe('memory panel on screen', () => {
	test('object_add + device_add: offline blocks appear; echo online turns one online and MemFree grows', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		const panel = () => paneText(ui.frame(), 'guest memory');
		expect(panel()).toContain('0 *▄N▄N▄N▄N▄N▄N▄N▄');
		expect(panel()).toContain('MemFree      ');
		expect(panel()).toContain('781 MiB');
		await ui.type('\x01c', 'object_add memory-backend-ram,id=mem1,size=512M\r', 'device_add pc-dimm,id=dimm1,memdev=mem1\r');
		await ui.waitFor(() => expect(panel()).toContain('32 ░░░░░░░░'));
		expect(panel()).toContain('512 MiB offline, not in MemTotal');
		expect(panel()).toContain('DIMMs  slots 1/32  plugged 512 MiB');
		expect(panel()).toMatch(/^dimm1 +0 0x100000000 +512 MiB\n {2}memdev mem1 node 0 plugged$/m);
		expect(panel()).toContain('last event at 1.0 s\ndimm1 hot-added: memory32-35\noffline, 512 MiB\n  acpi_memory_device_add');
		await ui.type('\x01c', 'echo online > /sys/devices/system/memory/memory33/state\r');
		await ui.waitFor(() => expect(panel()).toContain('32 ░░N ░░░░'));
		expect(panel()).toContain('909 MiB');
		expect(panel()).toContain('384 MiB offline');
		expect(panel()).toContain('memory33 online → Normal, +128 MiB');
	});

	test('a 1 TiB guest (8,192 blocks) is drawn aggregated and says so', async () => {
		const s = new FakeSession();
		s.snap.guest!.blocks = Array.from({length: 8192}, (_, i) => block(i));
		s.bump();
		const ui = await renderScreen(s, {columns: 120, rows: 40});
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toMatch(/^memory blocks \(128 MiB each\)\n1 cell = \d+ blocks$/m));
		const rows = paneText(ui.frame(), 'guest memory').split('\n');
		expect(rows[2]).toMatch(/^ +0( N){15}$/);
		// Every block is drawn: the last row starts at a block number below 8192.
		const labels = rows.filter(r => /^ *\d+ N/.test(r)).map(r => Number.parseInt(r, 10));
		expect(labels[0]).toBe(0);
		expect(labels.at(-1)).toBeLessThan(8192);
		expect(labels.length).toBeGreaterThan(10);
	});

	test('a snapshot change without output (polled) updates the panel; eject refused is shown', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		s.snap.qemu.dimms.push({id: 'dimm1', slot: 0, addr: 0x100000000, size: 512 * MiB, memdev: 'mem1', node: 0, status: 'eject-refused'});
		s.snap.events.push({kind: 'eject-refused', blocks: [33], dimm: 'dimm1', reason: 'EBUSY: unmovable kernel pages', callPath: ['acpi_memory_device_remove'], time: 3});
		s.bump();
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('eject refused'));
		expect(paneText(ui.frame(), 'guest memory')).toContain('last event at 3.0 s\neject refused (dimm1): EBUSY:\nunmovable kernel pages in memory33');
	});

	test('tmpfs files written since boot are named beside the state, when there is room, from 1 MiB on', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		s.snap.guest!.tmpfsKb = 512;
		s.bump();
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('all blocks online\n'));
		s.snap.guest!.tmpfsKb = 300 * 1024;
		s.bump();
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('all blocks online · 300 MiB tmpfs\n'));
		s.snap.guest!.hugePages = 16;
		s.snap.guest!.blocks.push({...s.snap.guest!.blocks[1]!, index: 32, start: 32 * 128 * MiB, state: 'offline', zone: null, hotplugged: true, freePages: 0, movablePages: 0, unmovablePages: 0});
		s.bump();
		// the longest wording that fits: the huge pages stay, the tmpfs part goes first
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('128 MiB offline · 16 huge pages\n'));
	});

	test('the hugetlb pool is named beside the offline memory (full panel) and in the memory line (compact)', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		expect(paneText(ui.frame(), 'guest memory')).toContain('all blocks online\n');
		s.snap.guest!.hugePages = 16;
		s.bump();
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('all blocks online · 16 huge pages\n'));
		s.snap.guest!.blocks.push({...s.snap.guest!.blocks[1]!, index: 32, start: 32 * 128 * MiB, state: 'offline', zone: null, hotplugged: true, freePages: 0, movablePages: 0, unmovablePages: 0});
		s.bump();
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('128 MiB offline · 16 huge pages\n'));
		await ui.resize(80, 24);
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('128 MiB offline HugePages 16 '));
		expect(Math.max(...ui.frame().split('\n').map(l => l.length))).toBeLessThanOrEqual(80);
	});

	test('at 160 columns the DIMM table is one line per DIMM with a header', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s, {columns: 160, rows: 40});
		await ui.type('\x01c', 'object_add memory-backend-ram,id=mem1,size=512M\r', 'device_add pc-dimm,id=dimm1,memdev=mem1\r');
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('id    slot addr         size     memdev node status'));
		expect(paneText(ui.frame(), 'guest memory')).toContain('dimm1    0 0x100000000  512 MiB  mem1      0 plugged');
	});

	test('compact panel at 80x24 shows map, memory, DIMMs and the event', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s, {columns: 80, rows: 24});
		await ui.type('\x01c', 'object_add memory-backend-ram,id=mem1,size=512M\r', 'device_add pc-dimm,id=dimm1,memdev=mem1\r');
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('blocks 0:*▄N▄N▄N▄N▄N▄N▄N▄ 32:░░░░░░░░'));
		const panel = paneText(ui.frame(), 'guest memory');
		expect(panel).toContain('MemTotal 977M  MemFree 781M  MemAvailable 762M 512 MiB offline');
		expect(panel).toContain('DIMMs 1/32 512 MiB/maxmem 8 GiB dimm1 0 0x100000000 512 MiB plugged');
	});
});

describe('screen sizes and colour', () => {
	test('every line fits at 120x40 and at 80x24, and the frame is rows - 1 tall', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		let lines = ui.frame().split('\n');
		expect(lines.length).toBe(39);
		expect(Math.max(...lines.map(l => l.length))).toBeLessThanOrEqual(120);
		expect(lines[0]).toMatch(/^╔═ ttyS0 — guest .*╗┌─ guest memory /);
		await ui.resize(80, 24);
		await ui.waitFor(f => expect(f.split('\n').length).toBe(23));
		lines = ui.frame().split('\n');
		expect(Math.max(...lines.map(l => l.length))).toBeLessThanOrEqual(80);
		// (at 80 columns the consoles are drawn without side borders, the panel keeps its box)
		expect(ui.frame()).toContain('── QEMU monitor ');
		expect(ui.frame()).toContain('┌─ guest memory ');
		expect(lines[22]).toMatch(/^ -m 1024M,slots=32,maxmem=8G │ focus: ttyS0 — guest │ /);
	});

	test('too small: a centred message until the terminal grows', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s, {columns: 79, rows: 24});
		await ui.waitFor(f => expect(f.trim()).toBe('terminal too small (79x24, need 80x24)'));
		await ui.resize(100, 20);
		await ui.waitFor(f => expect(f.trim()).toBe('terminal too small (100x20, need 80x24)'));
		await ui.resize(100, 30);
		await ui.waitFor(f => expect(f).toContain('ttyS0 — guest'));
	});

	test('NO_COLOR: no colour codes; with colour on there are some', async () => {
		const level = chalk.level;
		chalk.level = 3;
		try {
			const colored = await renderScreen(new FakeSession(), {color: true});
			expect(colored.lastFrame()).toMatch(/\x1b\[(3[0-7]|9[0-7]|38;)/);
			colored.unmount();
			const plain = await renderScreen(new FakeSession(), {color: false});
			expect(plain.lastFrame()).not.toMatch(/\x1b\[(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]/);
			// Focus stays visible without colour: double border on the focused pane.
			expect(plain.frame()).toContain('╔═ ttyS0 — guest ');
		} finally {
			chalk.level = level;
		}
	});
});

test('boot snapshot is the tutorial machine', () => {
	expect(bootSnapshot().memoryOption).toBe('1024M,slots=32,maxmem=8G');
});
