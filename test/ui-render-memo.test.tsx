import {afterEach, describe, expect, test, vi} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {FakeSession} from './ui-fake-session.js';
import {renderScreen} from './ui-helpers.js';

/**
 * Issue 5: a keystroke must re-render one pane, not the screen. PaneFrame is drawn by both
 * panes and the memory panel (titled), so counting its renders per title counts the renders
 * of each of the three views.
 */
const renders = vi.hoisted(() => new Map<string, number>());
vi.mock('../source/ui/pane/pane-frame.js', async importOriginal => {
	const original = await importOriginal<typeof import('../source/ui/pane/pane-frame.js')>();
	return {
		...original,
		PaneFrame: (props: Parameters<typeof original.PaneFrame>[0]) => {
			renders.set(props.title, (renders.get(props.title) ?? 0) + 1);
			return original.PaneFrame(props);
		},
	};
});

const GUEST = 'ttyS0 — guest';
const MONITOR = 'QEMU monitor';
const PANEL = 'guest memory';

afterEach(() => cleanup());

/** Render counts since `before` (a copy of `renders`). */
function since(before: Map<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const title of [GUEST, MONITOR, PANEL]) out[title] = (renders.get(title) ?? 0) - (before.get(title) ?? 0);
	return out;
}

describe('render memoisation', () => {
	test('typing in the guest pane renders only the guest pane, at most once per key', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		const before = new Map(renders);
		await ui.type('e', 'c', 'h', 'o');
		await ui.waitFor(f => expect(f).toContain('/ # echo'));
		// Keys that arrive within one frame under load may share a render (React batches them).
		const counts = since(before);
		expect(counts[GUEST]).toBeGreaterThanOrEqual(1);
		expect(counts[GUEST]).toBeLessThanOrEqual(4);
		expect({...counts, [GUEST]: 0}).toEqual({[GUEST]: 0, [MONITOR]: 0, [PANEL]: 0});
	});

	test('typing in the monitor pane renders only the monitor pane', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01c');
		await ui.waitFor(f => expect(f).toContain('focus: QEMU monitor'));
		const before = new Map(renders);
		await ui.type('i', 'n', 'f', 'o');
		await ui.waitFor(f => expect(f).toContain('(qemu) info'));
		// At most one render a key (keys that arrive within one frame are batched into one, as on
		// a loaded machine), and none of the other pane or the panel.
		const counts = since(before);
		expect(counts[MONITOR]).toBeGreaterThan(0);
		expect(counts[MONITOR]).toBeLessThanOrEqual(4);
		expect(counts[GUEST]).toBe(0);
		expect(counts[PANEL]).toBe(0);
	});

	test('output into one pane does not render the other pane or the panel', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		const before = new Map(renders);
		s.emit('serial', '[   42.000000] a kernel message\n/ # ');
		await ui.waitFor(f => expect(f).toContain('a kernel message'));
		const counts = since(before);
		expect(counts[GUEST]).toBeGreaterThan(0);
		expect(counts[MONITOR]).toBe(0);
		expect(counts[PANEL]).toBe(0);
	});

	test('a burst of output chunks (one command printing in pieces) renders the pane once', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		const before = new Map(renders);
		for (let i = 0; i < 10; i++) s.emit('serial', `line ${i}\n`);
		s.emit('serial', '/ # ');
		await ui.waitFor(f => expect(f).toContain('line 9'));
		expect(since(before)).toEqual({[GUEST]: 1, [MONITOR]: 0, [PANEL]: 0});
	});

	test('a machine change renders the panel again (the memo is keyed on the machine version)', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01c', 'object_add memory-backend-ram,id=mem1,size=512M\r');
		await ui.waitFor(f => expect(f).toContain('(qemu) object_add'));
		const before = new Map(renders);
		await ui.type('device_add pc-dimm,id=dimm1,memdev=mem1\r');
		await ui.waitFor(f => expect(f).toContain('dimm1'));
		const counts = since(before);
		expect(counts[PANEL]).toBeGreaterThan(0);
		expect(counts[GUEST]).toBe(0);
	});

	test('a snapshot is taken once per machine version, not once per render', async () => {
		const s = new FakeSession();
		const snapshot = vi.spyOn(s, 'snapshot');
		const ui = await renderScreen(s);
		const taken = snapshot.mock.calls.length;
		await ui.type('l', 's', ' ', '/');
		await ui.waitFor(f => expect(f).toContain('/ # ls /'));
		expect(snapshot.mock.calls.length).toBe(taken);
		s.bump();
		await ui.type('x');
		await ui.waitFor(f => expect(f).toContain('/ # ls /x'));
		expect(snapshot.mock.calls.length).toBe(taken + 1);
	});
});
