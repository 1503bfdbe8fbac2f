/**
 * Up/Down recall the machine's own histories: QEMU readline's in the monitor (a repeated line
 * moves to the end), busybox lineedit's in the guest console (a repeat of the previous line is
 * dropped, a line of spaces is kept, a child `sh` has its own), the ones `info history` and
 * ash's `history` print.
 */
import {describe, expect, it} from 'vitest';
import {ConsoleController} from '../source/ui/console-controller.js';
import {rememberInHistory} from '../source/machine/shell/index.js';
import {startSession} from './session-helpers.js';

function controller(): ConsoleController {
	const session = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet', '-nographic']);
	return new ConsoleController(session, () => {});
}

function type(c: ConsoleController, line: string): void {
	if (line) c.handle({type: 'text', text: line});
	c.handle({type: 'key', name: 'enter'});
}

function recall(c: ConsoleController, ups: number): string {
	for (let i = 0; i < ups; i++) c.handle({type: 'key', name: 'up'});
	const value = c.editors[c.focus()].value;
	// Down past the newest entry comes back to the (empty) line being typed.
	for (let i = 0; i < ups; i++) c.handle({type: 'key', name: 'down'});
	return value;
}

describe('monitor history (QEMU readline)', () => {
	it('a repeated command moves to the end of what Up walks', () => {
		const c = controller();
		c.handle({type: 'mux', key: 'c'});
		for (const line of ['info kvm', 'info status', 'info kvm']) type(c, line);
		expect(recall(c, 1)).toBe('info kvm');
		expect(recall(c, 2)).toBe('info status');
		expect(recall(c, 3)).toBe('info status');
		expect(c.session.history('monitor')).toEqual(['info status', 'info kvm']);
	});
});

describe('console history (busybox lineedit)', () => {
	it('drops a repeat of the previous line, keeps a line of spaces, and is what `history` prints', () => {
		const c = controller();
		for (const line of ['echo a', 'echo a', '   ', 'echo b', 'echo a']) type(c, line);
		expect(recall(c, 1)).toBe('echo a');
		expect(recall(c, 2)).toBe('echo b');
		expect(recall(c, 3)).toBe('   ');
		expect(recall(c, 4)).toBe('echo a');
		type(c, 'history');
		expect(c.buffers.serial.current()).toBe('/ # ');
		const text = c.session.transcript('serial');
		expect(text.slice(text.lastIndexOf('/ # history\n'))).toBe('/ # history\n   0 echo a\n   1    \n   2 echo b\n   3 echo a\n   4 history\n/ # ');
	});

	it('a child sh starts with its own history and the parent\'s comes back after exit', () => {
		const c = controller();
		type(c, 'echo parent');
		type(c, 'sh');
		expect(recall(c, 1)).toBe('');
		type(c, 'echo child');
		expect(recall(c, 1)).toBe('echo child');
		type(c, 'exit');
		expect(recall(c, 1)).toBe('sh');
		expect(recall(c, 2)).toBe('echo parent');
	});

	it('keeps the last 255 lines', () => {
		const h: string[] = [];
		for (let i = 0; i < 300; i++) rememberInHistory(h, `l${i}`);
		expect(h).toHaveLength(255);
		expect(h[0]).toBe('l45');
		rememberInHistory(h, '');
		expect(h.at(-1)).toBe('l299');
	});
});
