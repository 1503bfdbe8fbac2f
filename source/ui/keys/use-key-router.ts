import {useRef} from 'react';
import type {KeyEvent} from './key-event.js';
import {createKeyParser} from './parse-keys.js';
import {useRawInput} from './use-raw-input.js';

/**
 * Feeds raw key bytes into the router as if they had been typed: the demo player types
 * through this, so its keys take exactly the path a user's keys take.
 */
export type FeedKeys = (chunk: string) => void;

/**
 * The one key router: raw chunks -> key events (C-a chords found by scanning the raw text,
 * a trailing C-a kept for the next chunk) -> `dispatch`, in order, then one `done()` per chunk
 * so a paste of many keys costs one render.
 *
 * `intercept` sees each raw stdin chunk first and returns true when it took it (the demo
 * player reads the user's keys itself while it types). Returns the feed for synthetic keys.
 */
export function useKeyRouter(dispatch: (event: KeyEvent) => void, done: () => void, intercept?: (chunk: string) => boolean): FeedKeys {
	const parser = useRef(createKeyParser());
	const feed = useRef<FeedKeys>(() => {});
	feed.current = chunk => {
		for (const event of parser.current.push(chunk)) dispatch(event);
		done();
	};
	useRawInput(chunk => {
		if (intercept?.(chunk)) {
			done();
			return;
		}
		feed.current(chunk);
	});
	// A stable function whose body always uses the latest dispatch.
	const stable = useRef<FeedKeys>(chunk => feed.current(chunk));
	return stable.current;
}
