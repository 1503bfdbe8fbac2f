import {useRef} from 'react';
import type {KeyEvent} from './key-event.js';
import {createKeyParser} from './parse-keys.js';
import {useRawInput} from './use-raw-input.js';

/**
 * The one key router: raw chunks -> key events (C-a chords found by scanning the raw text,
 * a trailing C-a kept for the next chunk) -> `dispatch`, in order, then one `done()` per chunk
 * so a paste of many keys costs one render.
 */
export function useKeyRouter(dispatch: (event: KeyEvent) => void, done: () => void): void {
	const parser = useRef(createKeyParser());
	useRawInput(chunk => {
		for (const event of parser.current.push(chunk)) dispatch(event);
		done();
	});
}
