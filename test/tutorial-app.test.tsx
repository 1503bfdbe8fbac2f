import React from 'react';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createSession, DEFAULT_QEMU_ARGS} from '../source/machine/session.js';
import type {MachineSession} from '../source/machine/session-types.js';
import type {Lang} from '../source/tutorial/types.js';
import {App, type AppMode} from '../source/ui/app.js';
import {paneText, plain, tick} from './ui-helpers.js';

afterEach(() => cleanup());

const F2 = '\x1bOQ';
const F7 = '\x1b[18~';
const F8 = '\x1b[19~';

function machine(): MachineSession {
	const created = createSession(DEFAULT_QEMU_ARGS);
	if (!created.ok) throw new Error(created.stderr);
	return created.session;
}

/** The App in a mode at a terminal size (ink-testing-library's stdout has no size: set it). */
async function mount(opts: {mode?: AppMode; lang?: Lang; columns?: number; rows?: number; speed?: number} = {}) {
	const session = machine();
	const exits: number[] = [];
	const r = render(
		<App
			session={session}
			onExit={code => exits.push(code)}
			color={false}
			mode={opts.mode}
			lang={opts.lang}
			demo={opts.speed ? {speed: opts.speed} : undefined}
		/>,
	);
	Object.defineProperty(r.stdout, 'columns', {value: opts.columns ?? 120, configurable: true});
	Object.defineProperty(r.stdout, 'rows', {value: opts.rows ?? 40, configurable: true});
	r.stdout.emit('resize');
	await tick();
	const frame = () => plain(r.lastFrame());
	const type = async (...chunks: string[]) => {
		for (const c of chunks) {
			r.stdin.write(c);
			await tick();
		}
	};
	const waitFor = (check: (frame: string) => void, timeout = 3000) => vi.waitFor(() => check(frame()), {timeout, interval: 20});
	return {session, exits, frame, type, waitFor};
}

/** Collapses runs of blanks: wrapped panel text compares as one paragraph. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The right-hand column of the wide layout (panes are 82 columns) as one paragraph: panel
 * borders dropped, wrapped lines joined.
 */
function side(frame: string): string {
	return squash(
		frame
			.split('\n')
			.map(line => line.slice(82).replace(/^[│╭╰┌└]|[│╮╯┐┘]$/g, '').replace(/^[─ ]*$/, ''))
			.join(' '),
	);
}

const hotAdd = ['\x01c', 'object_add memory-backend-ram,id=mem1,size=512M\r', 'device_add pc-dimm,id=dimm1,memdev=mem1\r'];

describe('call paths and explanations on the free screen', () => {
	it('F2 swaps the memory panel for the kernel call paths, innermost first, and back', async () => {
		const ui = await mount();
		await ui.type(...hotAdd, '\x01c', 'echo online > /sys/devices/system/memory/memory33/state\r');
		await ui.waitFor(f => expect(paneText(f, 'guest memory')).toContain('memory33 online → Normal, +128 MiB'));
		await ui.type(F2);
		await ui.waitFor(f => expect(f).toContain('│ Kernel call paths (innermost firs… │'));
		const f = ui.frame();
		expect(f).not.toContain('guest memory');
		// The online path as the walkthrough lists it, innermost (generic_online_page) above its callers.
		const at = (fn: string) => f.indexOf(`    ${fn}`);
		// Titles wrap in the narrow side panel, and the Linux 5.0 notes go below their function.
		expect(side(f)).toMatch(/\[ +\d+\.\d{6}\] online memory33 into ZONE_NORMAL \(128 MiB\)/);
		expect(side(f)).toContain('online_pages_range 5.0: called through walk_system_ram_range');
		expect(at('generic_online_page')).toBeGreaterThan(0);
		expect(at('generic_online_page')).toBeLessThan(at('online_pages'));
		expect(at('online_pages')).toBeLessThan(at('state_store'));
		// F7/F8 page tutorial steps: nothing to page outside the tutorial, and no step panel.
		await ui.type(F8, F7);
		expect(ui.frame()).not.toMatch(/Step \d+\/13/);
		await ui.type('\x1b[12~'); // VT220 F2
		await ui.waitFor(f2 => expect(f2).toContain('guest memory'));
		expect(ui.frame()).not.toContain('Kernel call paths');
	});

	it('explains object_del "in use" in the panel until the next command', async () => {
		const ui = await mount();
		await ui.type(...hotAdd, 'object_del mem1\r');
		const why =
			'mem1 is still the memdev of DIMM dimm1: object_del only works once nothing maps the backend. Remove the DIMM first with `device_del dimm1`.';
		await ui.waitFor(f => expect(paneText(f, 'guest memory').replace(/\n {2}/g, ' ')).toContain(`! ${why}`));
		await ui.type('info memdev\r');
		await ui.waitFor(f => expect(f).not.toContain('! mem1 is still'));
	});

	it('explains why free -m did not grow after the hot-add', async () => {
		const ui = await mount();
		await ui.type(...hotAdd, '\x01c', 'free -m\r');
		await ui.waitFor(f => expect(squash(paneText(f, 'guest memory'))).toContain('! free has not grown: memory32-35 were added but are offline'));
	});

	it('shows the explanation in the compact panel at 80x24', async () => {
		const ui = await mount({columns: 80, rows: 24});
		await ui.type(...hotAdd, 'object_del mem1\r');
		// Two lines of it in place of the DIMM list and the last event.
		await ui.waitFor(f => expect(paneText(f, 'guest memory').split('\n').slice(2)).toEqual([
			'! mem1 is still the memdev of DIMM dimm1: object_del only works once nothing',
			'  maps the backend. Remove the DIMM first with `device_del dimm1`.',
		]));
	});
});

describe('memhp tutorial on the screen', () => {
	it('follows the machine; F8 leaves the kernel-config page, F7 looks back, F2 toggles the call paths', async () => {
		const ui = await mount({mode: 'tutorial'});
		await ui.waitFor(f => expect(side(f)).toContain('Step 1/13 Kernel configuration'));
		expect(ui.frame()).toMatch(/focus: ttyS0 — guest │ C-a c switch · C-a x quit · F7\/F8 steps · F2 call paths/);
		await ui.type(F8);
		await ui.waitFor(f => expect(side(f)).toContain('Step 3/13 Switch to the QEMU monitor'));
		await ui.type('\x01', 'c');
		await ui.waitFor(f => expect(side(f)).toContain('Step 4/13 Create the memory backend'));
		// The exact thing to type is wrapped in the narrow side panel, never cut off.
		expect(side(ui.frame()).replace(/ /g, '')).toContain('(qemu)object_addmemory-backend-ram,id=BiscuitOS-mem,size=512M');
		await ui.type(F7);
		await ui.waitFor(f => expect(side(f)).toContain('Step 3/13 Switch to the QEMU monitor (done)'));
		await ui.type(F8);
		// Any equivalent command counts: a different id and size.
		await ui.type('object_add memory-backend-ram,id=ram0,size=256M\r', 'device_add pc-dimm,id=d0,memdev=ram0\r');
		await ui.waitFor(f => expect(side(f)).toContain('Step 6/13 Back to the guest console'));
		await ui.type('\x01c');
		// The step after the hot-add opens the call paths by itself, below the step panel.
		await ui.waitFor(f => expect(side(f)).toContain('Step 7/13'));
		expect(ui.frame()).toContain('│ Kernel call paths (innermost firs… │');
		expect(side(ui.frame())).toMatch(/\[ +\d+\.\d{6}\] hot-add/);
		expect(side(ui.frame())).toContain('create_memory_block_devices');
		await ui.type(F2);
		await ui.waitFor(f => expect(f).toContain('guest memory'));
		expect(ui.frame()).not.toContain('Kernel call paths');
	});

	it('fits at 80x24: the step panel takes the memory panel\'s place', async () => {
		const ui = await mount({mode: 'tutorial', lang: 'zh', columns: 80, rows: 24});
		await ui.type(F8, '\x01c');
		await ui.waitFor(f => expect(f).toContain('第 4/13 步  创建内存后端'));
		const lines = ui.frame().split('\n');
		expect(lines).toHaveLength(23);
		expect(lines.at(-1)).toBe(' -m 1024M,slots=32,maxmem=8G │ focus: QEMU monitor │ C-a c switch · F7/F8 · F2');
		expect(ui.frame()).toContain('│   (qemu) object_add memory-backend-ram,id=BiscuitOS-mem,size=512M            │');
	});
});

describe('memhp demo on the screen', () => {
	it('types the walkthrough into the machine, pauses on space and quits by itself at the end', async () => {
		const ui = await mount({mode: 'demo', speed: 20});
		await ui.waitFor(f => expect(f).toContain('demo: space pause · n skip · C-a x quit · F2 call paths'));
		await ui.waitFor(f => expect(paneText(f, 'QEMU monitor')).toContain('(qemu) object_add memory-backend-ram,id=BiscuitOS-mem,size=512M'), 10_000);
		await ui.type(' ');
		await ui.waitFor(f => expect(f).toContain('demo PAUSED: space resume'));
		const paused = ui.session.version();
		await tick(300);
		expect(ui.session.version()).toBe(paused);
		await ui.type(' ');
		await ui.waitFor(f => expect(f).toContain('demo: space pause'));
		// n finishes the step being typed at once and goes on to the next one.
		for (let i = 0; i < 40 && ui.exits.length === 0; i++) await ui.type('n');
		await ui.waitFor(f => expect(f).toContain('QEMU: Terminated'), 15_000);
		await vi.waitFor(() => expect(ui.exits).toEqual([0]));
		expect(ui.session.snapshot().qemu.dimms).toEqual([]);
	}, 30_000);
});
