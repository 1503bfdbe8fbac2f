import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DemoPlayer} from '../source/tutorial/demo.js';
import {Tutorial} from '../source/tutorial/tutorial.js';
import {ConsoleController} from '../source/ui/console-controller.js';
import {createKeyParser} from '../source/ui/keys/parse-keys.js';
import type {MachineSession} from '../source/machine/session-types.js';
import {FakeSession} from './tutorial-fake-session.js';

/** A demo wired like the screen: keys go through the key parser into the console controller. */
function setup(session: MachineSession, options: {speed?: number; seed?: number} = {}) {
	const controller = new ConsoleController(session, () => {});
	const parser = createKeyParser();
	const fed: string[] = [];
	const tutorial = new Tutorial(session, 'en');
	let ended = 0;
	const demo = new DemoPlayer({
		tutorial,
		feed: keys => {
			fed.push(keys);
			for (const event of parser.push(keys)) controller.handle(event);
		},
		speed: options.speed,
		seed: options.seed,
		timer: {setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: h => clearTimeout(h as NodeJS.Timeout)},
		onEnd: () => ended++,
	});
	return {demo, tutorial, fed, controller, ended: () => ended};
}

async function runFor(ms: number) {
	await vi.advanceTimersByTimeAsync(ms);
}

describe('demo', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('plays the whole walkthrough at a human pace and quits with C-a x', async () => {
		const session = new FakeSession();
		const {demo, tutorial, fed, ended} = setup(session);
		demo.start();
		// One key at a time, never the whole line at once.
		await runFor(10_000);
		expect(fed.every(keys => keys.length === 1 || keys === '\x01x')).toBe(true);
		const start = Date.now();
		await vi.runAllTimersAsync();
		const minutes = (Date.now() - start) / 60_000;
		expect(minutes).toBeGreaterThan(1);
		expect(minutes).toBeLessThan(6);
		expect(tutorial.view().id).toBe('summary');
		expect(session.exitCode()).toBe(0);
		expect(ended()).toBe(1);
		expect(session.transcript('serial')).toContain('/ # echo online > /sys/devices/system/memory/memory33/state\n/ # free -m\n');
		expect(session.transcript('monitor')).toContain('(qemu) object_add memory-backend-ram,id=BiscuitOS-mem,size=512M\n');
		expect(session.transcript('monitor')).toContain('(qemu) device_del BiscuitOS-dimm\n(qemu) object_del BiscuitOS-mem\n');
	});

	it('--speed 50 plays the same keys fifty times faster', async () => {
		const slow = setup(new FakeSession());
		slow.demo.start();
		let t0 = Date.now();
		await vi.runAllTimersAsync();
		const slowMs = Date.now() - t0;

		const fast = setup(new FakeSession(), {speed: 50});
		fast.demo.start();
		t0 = Date.now();
		await vi.runAllTimersAsync();
		const fastMs = Date.now() - t0;
		expect(fast.fed).toEqual(slow.fed);
		// Timers round to whole milliseconds, so only roughly 50x.
		expect(fastMs).toBeGreaterThan(slowMs / 60);
		expect(fastMs).toBeLessThan(slowMs / 40);
	});

	it('varies the rhythm naturally but the same way for the same seed', async () => {
		const times = async (seed: number) => {
			const s = setup(new FakeSession(), {seed});
			const stamps: number[] = [];
			const original = s.demo['options'].feed;
			s.demo['options'].feed = (keys: string) => {
				stamps.push(Date.now());
				original(keys);
			};
			s.demo.start();
			await vi.runAllTimersAsync();
			return stamps.slice(1).map((t, i) => t - stamps[i]);
		};
		const a = await times(1);
		const b = await times(1);
		const c = await times(2);
		expect(a).toEqual(b);
		expect(a).not.toEqual(c);
		const keyGaps = a.filter(gap => gap < 400);
		expect(new Set(keyGaps).size).toBeGreaterThan(20);
		expect(Math.min(...keyGaps)).toBeGreaterThanOrEqual(70);
	});

	it('space pauses and resumes; n skips ahead; C-a x quits', async () => {
		const session = new FakeSession();
		const {demo, tutorial, fed, ended} = setup(session);
		demo.start();
		await runFor(7_000);
		const before = fed.length;
		demo.handleKey(' ');
		expect(demo.paused()).toBe(true);
		await runFor(60_000);
		expect(fed.length).toBe(before);
		demo.handleKey(' ');
		await runFor(3_000);
		expect(fed.length).toBeGreaterThan(before);

		// n: the rest of the current step is typed at once and the next step starts.
		const step = demo.step();
		demo.handleKey('n');
		expect(demo.step()).toBe(step + 1);
		await Promise.resolve();
		expect(tutorial.currentIndex()).toBeGreaterThanOrEqual(step + 1);
		// No key is lost to the pause or the skip: the line that was being typed is whole.
		expect(tutorial.tracker.context().everBackends).toEqual(['BiscuitOS-mem']);
		expect(session.transcript('monitor')).toContain('(qemu) object_add memory-backend-ram,id=BiscuitOS-mem,size=512M\n');

		// C-a x in two chunks, as a terminal may deliver it.
		demo.handleKey('\x01');
		expect(session.exitCode()).toBeUndefined();
		demo.handleKey('x');
		expect(session.exitCode()).toBe(0);
		expect(session.transcript(session.focus())).toContain('QEMU: Terminated\n');
		expect(ended()).toBe(1);
		const after = fed.length;
		await vi.runAllTimersAsync();
		expect(fed.length).toBe(after);
	});
});
