/**
 * Control keys reach the focused front end's own line editor: busybox lineedit in the guest
 * console, QEMU readline in the monitor (which ignores C-c, C-u, C-k, C-b, C-f, C-p and C-n),
 * and the mux's C-a C-a sends either one a C-a: beginning of line.
 */
import {describe, expect, it} from 'vitest';
import {ConsoleController} from '../source/ui/console-controller.js';
import {startSession} from './session-helpers.js';

function controller(): ConsoleController {
	const session = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet', '-nographic']);
	return new ConsoleController(session, () => {});
}

const text = (c: ConsoleController, t: string) => c.handle({type: 'text', text: t});
const ctrl = (c: ConsoleController, letter: string) => c.handle({type: 'ctrl', letter});
const value = (c: ConsoleController) => c.editors[c.focus()].value;
const cursor = (c: ConsoleController) => c.editors[c.focus()].cursor;

describe('C-a C-a', () => {
	it('moves the guest line editor to the beginning of the line (no byte inserted)', () => {
		const c = controller();
		text(c, 'echo hi');
		c.handle({type: 'mux', key: '\x01'});
		expect(value(c)).toBe('echo hi');
		expect(cursor(c)).toBe(0);
		text(c, 'X');
		c.handle({type: 'key', name: 'enter'});
		expect(c.session.transcript('serial')).toMatch(/\/ # Xecho hi\nsh: Xecho: not found\n\/ # $/);
	});

	it('moves the monitor line editor to the beginning of the line', () => {
		const c = controller();
		c.handle({type: 'mux', key: 'c'});
		text(c, 'info status');
		c.handle({type: 'mux', key: '\x01'});
		text(c, 'x');
		expect(value(c)).toBe('xinfo status');
	});
});

describe('the monitor is QEMU readline', () => {
	it('ignores C-c, C-u, C-k, C-b, C-f, C-p and C-n', () => {
		const c = controller();
		c.handle({type: 'mux', key: 'c'});
		text(c, 'info status');
		c.handle({type: 'key', name: 'left'});
		for (const letter of ['c', 'u', 'k', 'b', 'f', 'p', 'n']) ctrl(c, letter);
		expect(value(c)).toBe('info status');
		expect(cursor(c)).toBe(10);
	});

	it('acts on C-e, C-d, C-h and C-w', () => {
		const c = controller();
		c.handle({type: 'mux', key: 'c'});
		text(c, 'info status');
		ctrl(c, 'h');
		expect(value(c)).toBe('info statu');
		ctrl(c, 'w');
		expect(value(c)).toBe('info ');
		text(c, 'kvm');
		c.handle({type: 'key', name: 'home'});
		ctrl(c, 'd');
		expect(value(c)).toBe('nfo kvm');
		ctrl(c, 'e');
		expect(cursor(c)).toBe(7);
	});
});

describe('the guest console is busybox lineedit', () => {
	it('C-u kills before the cursor, C-k after it, C-b/C-f move, C-c gives a fresh prompt', () => {
		const c = controller();
		text(c, 'echo one two');
		for (let i = 0; i < 3; i++) ctrl(c, 'b');
		ctrl(c, 'f');
		ctrl(c, 'k');
		expect(value(c)).toBe('echo one t');
		ctrl(c, 'u');
		expect(value(c)).toBe('');
		text(c, 'echo three');
		ctrl(c, 'c');
		expect(value(c)).toBe('');
		expect(c.session.transcript('serial')).toMatch(/\/ # echo three\^C\n\/ # $/);
	});

	it('C-c writes ^C where the cursor is, over what the tty showed of the line', () => {
		const c = controller();
		text(c, 'echo three');
		for (let i = 0; i < 5; i++) ctrl(c, 'b');
		ctrl(c, 'c');
		expect(c.session.transcript('serial')).toMatch(/\/ # echo \^Cree\n\/ # $/);
		text(c, 'echo ok');
		c.handle({type: 'key', name: 'enter'});
		expect(c.session.transcript('serial')).toMatch(/\/ # echo ok\nok\n\/ # $/);
	});
});
