import {describe, expect, it} from 'vitest';
import {Mux, muxHelpText} from '../source/machine/mux.js';
import type {Pane} from '../source/machine/session-types.js';

function setup() {
	const out: Array<[Pane, string]> = [];
	let now = 0;
	const mux = new Mux({write: (pane, text) => out.push([pane, text])}, () => now);
	return {mux, out, tick: (ms: number) => (now += ms * 1e6), text: () => out.map(([, t]) => t).join('')};
}

describe('mux chardev', () => {
	it('prints QEMU 7.2 help text for C-a h', () => {
		expect(muxHelpText()).toBe(
			'\nC-a h    print this help\nC-a x    exit emulator\nC-a s    save disk data back to file (if -snapshot)\n' +
			'C-a t    toggle console timestamps\nC-a b    send break (magic sysrq)\nC-a c    switch between console and monitor\n' +
			'C-a C-a  sends C-a\n',
		);
	});

	it('passes serial output through while the monitor has focus (only input follows the focus)', () => {
		const {mux, out} = setup();
		expect(mux.escape('c')).toEqual({type: 'focus', from: 'serial', to: 'monitor'});
		mux.setFocus('monitor');
		mux.write('monitor', '(qemu) ');
		mux.write('serial', '[    8.0] Policy zone: Normal\n');
		expect(out).toEqual([['monitor', '(qemu) '], ['serial', '[    8.0] Policy zone: Normal\n']]);
		mux.setFocus('serial');
		expect(out).toHaveLength(2);
	});

	it('stamps line starts after C-a t, not the line in progress', () => {
		const {mux, text, tick} = setup();
		mux.escape('t');
		mux.write('serial', 'echo hello\n');
		tick(1500);
		mux.write('serial', 'hello\n/ # ');
		expect(text()).toBe('echo hello\n[00:00:00.000] hello\n[00:00:00.000] / # ');
		tick(61_001);
		mux.write('serial', 'x\n');
		expect(text().endsWith('x\n[00:01:01.001] ')).toBe(false);
		mux.write('serial', 'y');
		expect(text().endsWith('x\n[00:01:01.001] y')).toBe(true);
	});

	it('exits with QEMU: Terminated, passes C-a C-a, swallows unknown keys', () => {
		const {mux, text} = setup();
		expect(mux.escape('z')).toEqual({type: 'none'});
		expect(mux.escape('\x01')).toEqual({type: 'literal'});
		expect(mux.escape('x')).toEqual({type: 'exit', code: 0});
		expect(text()).toBe('QEMU: Terminated\n');
	});
});
