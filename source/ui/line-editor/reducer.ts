/**
 * The line editor of one pane, as a pure reducer: every key is applied to the latest state,
 * so keys that arrive faster than Ink renders are never lost (the flaw of ink-text-input,
 * which computes each key from the last rendered value).
 *
 * Bindings follow busybox ash's line editing and QEMU's readline: C-a is not "home" here
 * because the mux owns it, as in QEMU's `-nographic`.
 */

/** History entries kept per pane (ash keeps 255 by default; QEMU 64). */
export const HISTORY_MAX = 500;

export interface LineEditorState {
	value: string;
	/** Cursor position in `value`, 0..value.length. */
	cursor: number;
	/** Submitted lines, oldest first. */
	history: string[];
	/** Index into history while browsing with Up/Down; null when editing a fresh line. */
	historyIndex: number | null;
	/** The line being typed before Up was pressed, restored by Down past the newest entry. */
	draft: string;
}

export type LineEditorAction =
	| {type: 'insert'; text: string}
	| {type: 'backspace'}
	| {type: 'delete'}
	| {type: 'left'}
	| {type: 'right'}
	| {type: 'home'}
	| {type: 'end'}
	/** Ctrl-U: kill from the start of the line to the cursor. */
	| {type: 'kill-to-start'}
	/** Ctrl-K: kill from the cursor to the end of the line. */
	| {type: 'kill-to-end'}
	/** Ctrl-W: kill the word before the cursor (and the blanks after it). */
	| {type: 'kill-word-back'}
	| {type: 'history-prev'}
	| {type: 'history-next'}
	/** Enter: the caller reads `value` first; the line goes to history and the editor empties. */
	| {type: 'submit'}
	/** Drop the line without keeping it (Ctrl-C, readline_restart on entering the monitor). */
	| {type: 'clear'}
	/** Replace the whole line (Tab completion). */
	| {type: 'set'; value: string; cursor: number};

export const initialLineEditorState: LineEditorState = {
	value: '',
	cursor: 0,
	history: [],
	historyIndex: null,
	draft: '',
};

const line = (state: LineEditorState, value: string, cursor: number): LineEditorState => ({
	...state,
	value,
	cursor: Math.max(0, Math.min(cursor, value.length)),
});

function recall(state: LineEditorState, index: number | null): LineEditorState {
	const value = index === null ? state.draft : state.history[index];
	return {...state, historyIndex: index, value, cursor: value.length};
}

/** Applies one editing action. Pure: returns a new state, never mutates. */
export function lineEditorReducer(state: LineEditorState, action: LineEditorAction): LineEditorState {
	const {value, cursor} = state;
	switch (action.type) {
		case 'insert':
			return line(state, value.slice(0, cursor) + action.text + value.slice(cursor), cursor + action.text.length);
		case 'backspace':
			return cursor === 0 ? state : line(state, value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
		case 'delete':
			return cursor >= value.length ? state : line(state, value.slice(0, cursor) + value.slice(cursor + 1), cursor);
		case 'left':
			return line(state, value, cursor - 1);
		case 'right':
			return line(state, value, cursor + 1);
		case 'home':
			return line(state, value, 0);
		case 'end':
			return line(state, value, value.length);
		case 'kill-to-start':
			return line(state, value.slice(cursor), 0);
		case 'kill-to-end':
			return line(state, value.slice(0, cursor), cursor);
		case 'kill-word-back': {
			let start = cursor;
			while (start > 0 && value[start - 1] === ' ') start--;
			while (start > 0 && value[start - 1] !== ' ') start--;
			return line(state, value.slice(0, start) + value.slice(cursor), start);
		}
		case 'history-prev': {
			if (state.history.length === 0) return state;
			if (state.historyIndex === null) return recall({...state, draft: value}, state.history.length - 1);
			return state.historyIndex === 0 ? state : recall(state, state.historyIndex - 1);
		}
		case 'history-next': {
			if (state.historyIndex === null) return state;
			const next = state.historyIndex + 1;
			return recall(state, next >= state.history.length ? null : next);
		}
		case 'submit': {
			const keep = value.trim() !== '' && state.history[state.history.length - 1] !== value;
			const history = keep ? [...state.history, value].slice(-HISTORY_MAX) : state.history;
			return {value: '', cursor: 0, history, historyIndex: null, draft: ''};
		}
		case 'clear':
			return {...state, value: '', cursor: 0, historyIndex: null, draft: ''};
		case 'set':
			return line(state, action.value, action.cursor);
	}
}
