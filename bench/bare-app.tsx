/**
 * The bench's floor: a bare Ink 6 app with one box and one line editor, rendered with the same
 * Ink options, alternate screen and bundle flags as memhp (scripts/build.mjs --bench), so
 * `npm run bench` can report memhp's figures as ratios to what Ink itself costs here.
 *
 * Keys: text inserts, Backspace deletes, C-u clears, Enter moves the line into the box's log,
 * C-a x or C-c quits.
 */
import React, {useReducer, useRef} from 'react';
import {Box, Text, render, useApp, useInput, useStdout} from 'ink';

/** Lines of submitted input kept (the floor needs a bound like memhp's scrollback). */
const LOG_LINES = 200;

interface EditorState {
	value: string;
	log: string[];
}

type EditorAction = {type: 'insert'; text: string} | {type: 'backspace'} | {type: 'clear'} | {type: 'submit'};

/** A reducer, so Enter always sees the latest line (a closure over `value` can lag a render). */
function editor(state: EditorState, action: EditorAction): EditorState {
	switch (action.type) {
		case 'insert':
			return {...state, value: state.value + action.text};
		case 'backspace':
			return {...state, value: state.value.slice(0, -1)};
		case 'clear':
			return {...state, value: ''};
		case 'submit':
			return {value: '', log: [...state.log, `> ${state.value}`].slice(-LOG_LINES)};
	}
}

function BareApp() {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const [{value, log}, dispatch] = useReducer(editor, {value: '', log: []});
	const escape = useRef(false);
	const columns = stdout.columns || 80;
	const rows = stdout.rows || 24;

	useInput((input, key) => {
		if (escape.current) {
			escape.current = false;
			if (input === 'x') exit();
			return;
		}
		if (key.ctrl && input === 'a') {
			escape.current = true;
			return;
		}
		if (key.ctrl && input === 'c') return exit();
		if (key.ctrl && input === 'u') return dispatch({type: 'clear'});
		if (key.return) return dispatch({type: 'submit'});
		if (key.backspace || key.delete) return dispatch({type: 'backspace'});
		if (!key.ctrl && !key.meta && input) dispatch({type: 'insert', text: input});
	});

	// Same root geometry as memhp: rows - 1 tall, so Ink never clears the screen per frame.
	const inner = Math.max(1, rows - 1 - 3);
	return (
		<Box flexDirection="column" width={columns} height={rows - 1} borderStyle="round">
			<Text bold>bare ink</Text>
			<Box flexDirection="column" height={inner - 1} justifyContent="flex-end">
				{log.slice(-(inner - 1)).map((line, i) => (
					<Text key={i} wrap="truncate">
						{line}
					</Text>
				))}
			</Box>
			<Text wrap="truncate">
				{'> '}
				{value}
				<Text inverse> </Text>
			</Text>
		</Box>
	);
}

process.stdout.write('\x1b[?1049h');
const instance = render(<BareApp />, {
	exitOnCtrlC: false,
	patchConsole: false,
	incrementalRendering: true,
	maxFps: 120,
});
await instance.waitUntilExit();
process.stdout.write('\x1b[?1049l\x1b[?25h');
