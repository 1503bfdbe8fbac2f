/**
 * On the screen the guest's clock keeps up with real time between inputs (the screen passes its
 * clock to runInRealTime()): the time a person spends reading has passed in the guest too, as in
 * a running VM. Replay (no clock given) stays on the virtual clock.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {createSession} from '../source/machine/session.js';
import {Shell} from '../source/machine/shell/index.js';
import {injectFault, printed, startSession} from './session-helpers.js';

const BOOT = ['-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet'];

const uptime = (s: ReturnType<typeof startSession>) => Number(printed(s, 'serial', 'cat /proc/uptime').split(' ')[0]);

const restores: (() => void)[] = [];
afterEach(() => {
	while (restores.length) restores.pop()!();
});

describe('the guest clock on the screen', () => {
	it('moves on by the real time that passed before each input', () => {
		const s = startSession(BOOT);
		let ms = 1_000_000;
		s.runInRealTime(() => ms);
		const start = uptime(s);
		ms += 60_000;
		const later = uptime(s);
		expect(later - start).toBeGreaterThanOrEqual(60);
		expect(later - start).toBeLessThan(60.2);
		// (the monitor's inputs count too: a hot-add a minute later is stamped a minute later)
		ms += 30_000;
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		printed(s, 'serial', 'echo online > /sys/devices/system/memory/memory32/state');
		const stamp = Number(/\[ *(\d+\.\d+)\]/.exec(printed(s, 'serial', 'dmesg | tail -n 1'))?.[1]);
		expect(stamp).toBeGreaterThanOrEqual(later + 30);
	});

	it('counts a sleep once: the guest clock moved by it as it waited in real time', () => {
		const s = startSession(BOOT);
		let ms = 0;
		s.runInRealTime(() => ms);
		const start = uptime(s);
		s.submitLine('sleep 20');
		expect(s.consoleTimeout()).toBe(20);
		ms += 20_000;
		s.elapse(20_000);
		const after = uptime(s);
		expect(after - start).toBeGreaterThanOrEqual(20);
		expect(after - start).toBeLessThan(20.9);
	});

	it('never goes back: commands typed faster than they take leave it ahead until real time catches up', () => {
		const s = startSession(BOOT);
		let ms = 0;
		s.runInRealTime(() => ms);
		const start = uptime(s);
		for (let i = 0; i < 50; i++) printed(s, 'serial', 'true');
		const ahead = uptime(s);
		expect(ahead).toBeGreaterThan(start + 1);
		ms += 1_000;
		expect(uptime(s)).toBeGreaterThan(ahead);
		ms += 10_000;
		expect(uptime(s) - start).toBeGreaterThanOrEqual(11);
	});

	it('a background sleep ends when its time has passed in real time', () => {
		const s = startSession(BOOT);
		let ms = 0;
		s.runInRealTime(() => ms);
		printed(s, 'serial', 'sleep 100 &');
		ms += 50_000;
		expect(printed(s, 'serial', 'jobs')).toContain('Running');
		ms += 51_000;
		expect(printed(s, 'serial', 'jobs')).toContain('Done');
	});

	it('stays on the virtual clock without the screen\'s clock (replay), whatever the host does', () => {
		const a = startSession(BOOT);
		a.runInRealTime();
		const b = startSession(BOOT);
		expect(uptime(a)).toBe(uptime(b));
	});

	it('a machine rebuilt after an internal error has the same clock', () => {
		const s = startSession(BOOT);
		let ms = 0;
		s.runInRealTime(() => ms);
		ms += 100_000;
		const before = uptime(s);
		restores.push(injectFault(Shell.prototype, 'run'));
		expect(printed(s, 'serial', 'true')).toContain('memhp: internal error');
		restores.pop()!();
		const after = uptime(s);
		expect(after).toBeGreaterThanOrEqual(before);
		expect(after - before).toBeLessThan(1);
	});

	it('starts the guest\'s wall clock at the host time it is given (the screen gives its own)', () => {
		const epoch = 1_900_000_000;
		const created = createSession(BOOT, epoch);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		const seconds = Number(printed(s, 'serial', 'date +%s'));
		expect(seconds - epoch).toBeGreaterThanOrEqual(2);
		expect(seconds - epoch).toBeLessThan(4);
		expect(printed(s, 'serial', 'dmesg | grep "setting system clock"')).toContain('2030-03-17T');
		// (QEMU stamps its events with the host's clock)
		const events: {timestamp: {seconds: number}}[] = [];
		s.onQapiEvent(e => events.push(e));
		printed(s, 'monitor', 'stop');
		expect(events[0]?.timestamp.seconds).toBeGreaterThanOrEqual(seconds);
		expect(events[0]?.timestamp.seconds).toBeLessThan(seconds + 2);
		// (a replay without it boots at the fixed date)
		expect(printed(startSession(BOOT), 'serial', 'date +%Y')).toBe('2026\n');
	});

	it('-rtc base=DATE starts the guest\'s RTC at that date; QEMU still stamps its events with the host\'s time', () => {
		const created = createSession(['-rtc', 'base=2006-06-17T16:01:21', ...BOOT], 1_900_000_000);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		expect(printed(s, 'serial', 'date +%Y-%m-%dT%H:%M')).toBe('2006-06-17T16:01\n');
		expect(printed(s, 'serial', 'dmesg | grep -o "setting system clock to [^ ]*"')).toMatch(/^setting system clock to 2006-06-17T16:01:2\d\n$/);
		const events: {timestamp: {seconds: number}}[] = [];
		s.onQapiEvent(e => events.push(e));
		printed(s, 'monitor', 'stop');
		expect(events[0]?.timestamp.seconds).toBeGreaterThan(1_900_000_000);
		// (mktimegm() carries out-of-range fields over, as QEMU's does: month 13 is next January)
		const carried = createSession(['-rtc', 'base=2006-13-01', ...BOOT]);
		if (!carried.ok) throw new Error(carried.stderr);
		expect(printed(carried.session, 'serial', 'date +%Y-%m-%d')).toBe('2007-01-01\n');
	});
});
