/**
 * Faults inside memhp (issue 6): a command that throws inside the model leaves the machine
 * exactly as it was, prints `memhp: internal error: ...` in that pane, and the session goes on.
 * Faults are injected by monkey-patching model methods so that they throw half-way through,
 * after they have already changed state.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {GuestMm} from '../source/machine/linux/mm.js';
import {Mux} from '../source/machine/mux.js';
import {QemuMachine} from '../source/machine/qemu/machine.js';
import {Shell} from '../source/machine/shell/index.js';
import {createSession, DEFAULT_QEMU_ARGS, type Session} from '../source/machine/session.js';
import {injectFault as injectFaultOnce} from './session-helpers.js';

const restores: Array<() => void> = [];
afterEach(() => {
	while (restores.length) restores.pop()!();
});

/** injectFault(), put back after each test. */
function injectFault<T extends object>(proto: T, name: keyof T & string, times = 1): void {
	restores.push(injectFaultOnce(proto, name, times));
}

function session(): Session {
	const created = createSession(DEFAULT_QEMU_ARGS);
	if (!created.ok) throw new Error(created.stderr);
	return created.session;
}

/** Submits a line to a pane (switching focus first) and returns what it printed. */
function type(s: Session, pane: 'serial' | 'monitor', line: string): string {
	if (s.focus() !== pane) s.muxKey('c');
	let out = '';
	const off = s.onOutput((c) => {
		out += c.text;
	});
	s.submitLine(line);
	off();
	return out;
}

function tutorialUpToHotAdd(): Session {
	const s = session();
	type(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
	type(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
	type(s, 'serial', 'echo online > /sys/devices/system/memory/memory32/state');
	return s;
}

describe('internal errors', () => {
	it('a fault in the guest kernel after it changed state rolls the machine back', () => {
		const s = tutorialUpToHotAdd();
		const before = s.snapshot();
		const serialBefore = s.transcript('serial');
		injectFault(GuestMm.prototype, 'memoryBlockOnline');
		const out = type(s, 'serial', 'echo online > /sys/devices/system/memory/memory33/state');
		expect(out).toBe('echo online > /sys/devices/system/memory/memory33/state\nmemhp: internal error: injected fault in memoryBlockOnline\n/ # ');
		expect(s.snapshot()).toEqual(before);
		expect(s.transcript('serial')).toBe(serialBefore + out);
		// The session continues, and the same command now works.
		expect(type(s, 'serial', 'echo online > /sys/devices/system/memory/memory33/state')).toBe('echo online > /sys/devices/system/memory/memory33/state\n/ # ');
		expect(s.snapshot().guest!.blocks.find((b) => b.index === 33)!.state).toBe('online');
		expect(type(s, 'serial', 'cat /sys/devices/system/memory/memory32/state')).toContain('\nonline\n');
	});

	it('a fault in QEMU after the DIMM was plugged rolls both sides back', () => {
		const s = session();
		type(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
		const before = s.snapshot();
		injectFault(QemuMachine.prototype, 'deviceAdd');
		const out = type(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		expect(out).toBe('device_add pc-dimm,id=dimm1,memdev=mem1\nmemhp: internal error: injected fault in deviceAdd\n(qemu) ');
		expect(s.snapshot()).toEqual(before);
		expect(s.snapshot().qemu.dimms).toEqual([]);
		expect(s.snapshot().qemu.backends.find((b) => b.id === 'mem1')!.mapped).toBe(false);
		// The id is free again and the backend usable.
		expect(type(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1')).toBe('device_add pc-dimm,id=dimm1,memdev=mem1\n(qemu) ');
		expect(s.snapshot().qemu.dimms.map((d) => d.id)).toEqual(['dimm1']);
		expect(s.snapshot().guest!.blocks.filter((b) => b.hotplugged).map((b) => b.index)).toEqual([32, 33, 34, 35]);
	});

	it('a fault while ejecting (guest offlines, then throws) restores the online blocks', () => {
		const s = tutorialUpToHotAdd();
		type(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory33/state');
		const before = s.snapshot();
		injectFault(GuestMm.prototype, 'removeMemory');
		const out = type(s, 'monitor', 'device_del dimm1');
		expect(out).toMatch(/memhp: internal error: injected fault in removeMemory\n\(qemu\) $/);
		expect(s.snapshot()).toEqual(before);
		expect(type(s, 'monitor', 'info memory-devices')).toContain('Memory device [dimm]: "dimm1"');
	});

	it('a fault in one instance is gone after the rebuild; the mux and timestamps state survive', () => {
		const s = session();
		s.muxKey('t');
		type(s, 'monitor', 'info status');
		const before = s.snapshot();
		s.qemu.hmp = () => {
			throw new TypeError("Cannot read properties of undefined (reading 'x')");
		};
		const out = type(s, 'monitor', 'info status');
		expect(out).toMatch(/memhp: internal error: Cannot read properties of undefined \(reading 'x'\)\n/);
		expect(s.snapshot()).toEqual(before);
		expect(s.focus()).toBe('monitor');
		// timestamps (C-a t) are still on after the rebuild
		expect(type(s, 'monitor', 'info status')).toMatch(/^info status\n\[\d\d:\d\d:\d\d\.\d{3}\] VM status: running\n/);
	});

	it('says so when even the rebuild fails, and keeps going', () => {
		const s = session();
		type(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=128M');
		injectFault(QemuMachine.prototype, 'objectAdd', 2);
		const out = type(s, 'monitor', 'object_add memory-backend-ram,id=mem2,size=128M');
		expect(out).toBe('object_add memory-backend-ram,id=mem2,size=128M\nmemhp: internal error: injected fault in objectAdd (machine state could not be restored)\n(qemu) ');
		expect(s.exitCode()).toBeUndefined();
		expect(type(s, 'monitor', 'info status')).toBe('info status\nVM status: running\n(qemu) ');
	});

	it('a fault in a mux key or Ctrl-C is reported too', () => {
		const s = session();
		let out = '';
		s.onOutput((c) => {
			out += c.text;
		});
		const before = s.snapshot();
		injectFault(Mux.prototype, 'escape');
		s.muxKey('c');
		expect(out).toBe('memhp: internal error: injected fault in escape\n/ # ');
		expect(s.focus()).toBe('serial');
		expect(s.snapshot()).toEqual(before);
		out = '';
		injectFault(Shell.prototype, 'interrupt');
		s.interrupt();
		expect(out).toBe('memhp: internal error: injected fault in interrupt\n/ # ');
		s.muxKey('c');
		expect(s.focus()).toBe('monitor');
		expect(s.complete('info memd', 9).candidates).toEqual(['memdev']);
	});

	it('a fault in tab completion gives no candidates and changes nothing', () => {
		const s = session();
		const before = s.snapshot();
		s.qemu.hmpComplete = () => {
			throw new Error('boom');
		};
		s.muxKey('c');
		expect(s.complete('info memd', 9)).toEqual({replaceFrom: 9, candidates: []});
		s.muxKey('c');
		expect(s.snapshot()).toEqual(before);
	});

	it('the input log kept for rebuilds is bounded (8 MiB): past it a fault says the state could not be restored', () => {
		const s = session();
		s.muxKey('c');
		const line = `x${'y'.repeat(100_000)}`;
		for (let i = 0; i < 85; i++) s.submitLine(line);
		s.qemu.hmp = () => {
			throw new Error('late fault');
		};
		expect(type(s, 'monitor', 'info status')).toBe('info status\nmemhp: internal error: late fault (machine state could not be restored)\n(qemu) ');
	});
});

describe('the output a pane keeps for late subscribers', () => {
	it('is everything printed, in order; past 2 Mi characters it drops all but the last 1 Mi', () => {
		const s = session();
		s.muxKey('c');
		// What the rule gives, chunk by chunk: all of it, cut to its last 1 Mi whenever it passes 2 Mi.
		let kept = s.transcript('monitor');
		let cuts = 0;
		const off = s.onOutput(c => {
			if (c.pane !== 'monitor') return;
			kept += c.text;
			if (kept.length > 1 << 21) {
				kept = kept.slice(-(1 << 20));
				cuts++;
			}
		});
		s.submitLine('info status');
		expect(s.transcript('monitor')).toBe(kept);
		const line = `x${'y'.repeat(100_000)}`;
		for (let i = 0; i < 25; i++) s.submitLine(line);
		off();
		expect(cuts).toBeGreaterThan(1);
		expect(s.transcript('monitor')).toBe(kept);
		expect(kept.length).toBeLessThanOrEqual(1 << 21);
	});

	it('keeps thousands of small writes in order (they are joined a thousand at a time)', () => {
		const s = session();
		s.muxKey('c');
		let kept = s.transcript('monitor');
		let writes = 0;
		const off = s.onOutput(c => {
			if (c.pane !== 'monitor') return;
			kept += c.text;
			writes++;
		});
		for (let i = 0; i < 1500; i++) {
			s.submitLine(`info status ${i}`);
			// (asked for midway: the joined and the newer writes together)
			if (i === 700) expect(s.transcript('monitor')).toBe(kept);
		}
		off();
		expect(writes).toBeGreaterThan(3000);
		expect(s.transcript('monitor')).toBe(kept);
	});
});

describe('a fault inside a QMP command', () => {
	it('comes back as a QMP error, prints nothing in the panes, and leaves the machine as before', () => {
		const s = session();
		expect(s.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'm1', size: 536870912})).toEqual({return: {}});
		const before = s.snapshot().qemu;
		injectFault(QemuMachine.prototype, 'deviceAdd');
		let printed = '';
		const off = s.onOutput(c => {
			printed += c.text;
		});
		expect(s.qmp('device_add', {driver: 'pc-dimm', id: 'd1', memdev: 'm1'})).toEqual({error: {class: 'GenericError', desc: 'memhp: internal error: injected fault in deviceAdd'}});
		off();
		expect(printed).toBe('');
		expect(s.snapshot().qemu).toEqual(before);
		// The QMP input that completed before the fault was replayed into the rebuilt machine.
		expect(s.qmp('query-memdev', {})).toMatchObject({return: [{id: 'm1'}, {id: 'pc.ram'}]});
	});
});
