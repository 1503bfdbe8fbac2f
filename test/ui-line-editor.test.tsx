import {describe, expect, test} from 'vitest';
import {initialLineEditorState, lineEditorReducer, type LineEditorAction, type LineEditorState} from '../source/ui/line-editor/reducer.js';
import {applyCompletion, commonPrefix, layoutAsh, layoutQemu} from '../source/ui/line-editor/completion.js';

const run = (actions: LineEditorAction[], state: LineEditorState = initialLineEditorState) => actions.reduce(lineEditorReducer, state);
const type = (text: string): LineEditorAction[] => [...text].map(ch => ({type: 'insert', text: ch}));
const submitLines = (lines: string[]) => run(lines.flatMap(l => [...type(l), {type: 'submit'} as LineEditorAction]));

describe('line editor reducer', () => {
	test('no key is lost when hundreds of keys are applied back to back', () => {
		const text = 'echo online > /sys/devices/system/memory/memory33/state'.repeat(10);
		const state = run(type(text));
		expect(state.value).toBe(text);
		expect(state.cursor).toBe(text.length);
	});

	test('a multi-character chunk inserts at the cursor', () => {
		const state = run([...type('ac'), {type: 'left'}, {type: 'insert', text: 'bbb'}]);
		expect(state.value).toBe('abbbc');
		expect(state.cursor).toBe(4);
	});

	test('backspace, delete, left/right bounds, home/end', () => {
		let s = run([...type('hello'), {type: 'home'}, {type: 'left'}, {type: 'delete'}, {type: 'backspace'}]);
		expect(s.value).toBe('ello');
		expect(s.cursor).toBe(0);
		s = run([{type: 'end'}, {type: 'right'}, {type: 'backspace'}, {type: 'delete'}], s);
		expect(s.value).toBe('ell');
		expect(s.cursor).toBe(3);
	});

	test('Ctrl-U, Ctrl-K, Ctrl-W', () => {
		const base = run([...type('device_del dimm1  '), {type: 'left'}]);
		expect(run([{type: 'kill-word-back'}], base).value).toBe('device_del  ');
		expect(run([{type: 'kill-to-end'}], base).value).toBe('device_del dimm1 ');
		const u = run([{type: 'kill-to-start'}], base);
		expect(u.value).toBe(' ');
		expect(u.cursor).toBe(0);
	});

	test('history: Up/Down walk entries, keep the draft, skip a duplicate of the previous entry', () => {
		let s = submitLines(['info status', 'info status', 'free -m']);
		expect(s.history).toEqual(['info status', 'free -m']);
		s = run([...type('dra'), {type: 'history-prev'}], s);
		expect(s.value).toBe('free -m');
		s = run([{type: 'history-prev'}, {type: 'history-prev'}], s);
		expect(s.value).toBe('info status');
		s = run([{type: 'history-next'}], s);
		expect(s.value).toBe('free -m');
		s = run([{type: 'history-next'}], s);
		expect(s.value).toBe('dra');
		expect(s.historyIndex).toBeNull();
	});

	test('empty lines are not kept in history', () => {
		expect(submitLines(['', '  ', 'ls']).history).toEqual(['ls']);
	});
});

describe('Tab completion', () => {
	test('one candidate completes the word', () => {
		expect(applyCompletion('device_d', 8, {replaceFrom: 0, candidates: ['device_del ']}, layoutQemu)).toEqual({
			value: 'device_del ',
			cursor: 11,
		});
	});

	test('several candidates extend to the common prefix and are listed', () => {
		const r = applyCompletion('info m', 6, {replaceFrom: 5, candidates: ['memdev', 'memory-devices', 'memory_size_summary', 'mtree']}, layoutQemu);
		expect(r?.value).toBe('info m');
		const ob = applyCompletion('ob id=1', 2, {replaceFrom: 0, candidates: ['object_add', 'object_del']}, layoutQemu);
		expect(ob?.value).toBe('object_ id=1');
		expect(ob?.cursor).toBe(7);
		expect(r?.listing).toEqual(['memdev               memory-devices       memory_size_summary  ', 'mtree                ']);
	});

	test('ash lists column-major in the terminal width', () => {
		expect(layoutAsh(['cat', 'echo', 'exit', 'free', 'ls'], 20)).toEqual(['cat   exit  ls', 'echo  free']);
		expect(commonPrefix(['echo', 'exit'])).toBe('e');
	});

	test('no candidates: nothing happens', () => {
		expect(applyCompletion('zz', 2, {replaceFrom: 0, candidates: []}, layoutQemu)).toBeNull();
	});
});
