import {describe, expect, test} from 'vitest';
import fc from 'fast-check';
import {createKeyParser} from '../source/ui/keys/parse-keys.js';

const parse = (...chunks: string[]) => {
	const p = createKeyParser();
	return chunks.flatMap(c => p.push(c));
};

describe('key parser', () => {
	test('C-a c in one chunk is a mux chord', () => {
		expect(parse('\x01c')).toEqual([{type: 'mux', key: 'c'}]);
	});

	test('C-a split across chunks waits for the next key', () => {
		const p = createKeyParser();
		expect(p.push('ab\x01')).toEqual([{type: 'text', text: 'ab'}]);
		expect(p.pending()).toBe(true);
		expect(p.push('cde')).toEqual([
			{type: 'mux', key: 'c'},
			{type: 'text', text: 'de'},
		]);
		expect(p.pending()).toBe(false);
	});

	test('C-a in the middle of text', () => {
		expect(parse('ab\x01cde')).toEqual([
			{type: 'text', text: 'ab'},
			{type: 'mux', key: 'c'},
			{type: 'text', text: 'de'},
		]);
	});

	test('C-a C-a gives a literal C-a key', () => {
		expect(parse('\x01\x01x')).toEqual([
			{type: 'mux', key: '\x01'},
			{type: 'text', text: 'x'},
		]);
	});

	test('arrows, Home/End variants, PageUp/PageDown, Delete', () => {
		const names = parse('\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1b[1~\x1b[4~\x1bOH\x1bOF\x1b[5~\x1b[6~\x1b[3~').map(e =>
			e.type === 'key' ? e.name : '?',
		);
		expect(names).toEqual(['up', 'down', 'right', 'left', 'home', 'end', 'home', 'end', 'home', 'end', 'pageup', 'pagedown', 'delete']);
	});

	test('an escape sequence cut between chunks is completed', () => {
		expect(parse('x\x1b[', '5~y')).toEqual([
			{type: 'text', text: 'x'},
			{type: 'key', name: 'pageup'},
			{type: 'text', text: 'y'},
		]);
	});

	test('control bytes: enter, CRLF as one, backspace both ways, tab, ctrl letters', () => {
		expect(parse('a\r\nb\n\x7f\b\t\x03\x05\x15\x0b\x17')).toEqual([
			{type: 'text', text: 'a'},
			{type: 'key', name: 'enter'},
			{type: 'text', text: 'b'},
			{type: 'key', name: 'enter'},
			{type: 'key', name: 'backspace'},
			{type: 'key', name: 'backspace'},
			{type: 'key', name: 'tab'},
			{type: 'ctrl', letter: 'c'},
			{type: 'ctrl', letter: 'e'},
			{type: 'ctrl', letter: 'u'},
			{type: 'ctrl', letter: 'k'},
			{type: 'ctrl', letter: 'w'},
		]);
	});

	test('a lone Escape and unknown sequences', () => {
		expect(parse('\x1b')).toEqual([{type: 'key', name: 'escape'}]);
		expect(parse('\x1b[99~z')).toEqual([{type: 'text', text: 'z'}]);
	});

	test('printable text survives any chunking (property)', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom('a', 'b', ' ', '/', '#', 'é')}), fc.array(fc.nat(), {maxLength: 5}), (text, cuts) => {
				const points = [...new Set(cuts.map(c => c % (text.length + 1)))].sort((a, b) => a - b);
				const chunks: string[] = [];
				let at = 0;
				for (const p of points) {
					chunks.push(text.slice(at, p));
					at = p;
				}
				chunks.push(text.slice(at));
				const joined = parse(...chunks)
					.map(e => (e.type === 'text' ? e.text : '?'))
					.join('');
				expect(joined).toBe(text);
			}),
		);
	});
});
