import {useEffect, useReducer, useRef} from 'react';
import {DemoPlayer} from '../tutorial/demo.js';
import type {Tutorial} from '../tutorial/tutorial.js';
import type {FeedKeys} from './keys/use-key-router.js';
import {tutorialKeyAction, type TutorialKeyAction} from './tutorial/tutorial-keys.js';

/** Options of `memhp demo`. */
export interface DemoOptions {
	/** `--speed N`: 2 plays twice as fast. */
	speed: number;
	/** Seed of the typing rhythm (tests); the default gives the same rhythm every run. */
	seed?: number;
}

export interface UseDemo {
	/** Demo state for the status bar; undefined outside demo mode. */
	state?: 'playing' | 'paused' | 'ended';
	/** For the key router: the user's raw keys go to the player while it plays. */
	intercept(chunk: string): boolean;
	/** Connects the player to the router's feed once it exists (call on every render). */
	connect(feed: FeedKeys): void;
}

/**
 * Plays the walkthrough on the live screen with a DemoPlayer that types through the key
 * router's feed, the path a user's keys take. While it plays, stdin goes to the player (space
 * pauses, `n` skips, C-a x quits) except the tutorial's function keys (F2, F7, F8). The player
 * ends the machine with C-a x after the summary, so the app exits by itself.
 */
export function useDemo(tutorial: Tutorial, options: DemoOptions | undefined, act: (action: TutorialKeyAction) => void): UseDemo {
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const player = useRef<DemoPlayer | undefined>(undefined);
	const feedRef = useRef<FeedKeys | undefined>(undefined);
	const speed = options?.speed;
	const seed = options?.seed;
	const enabled = options !== undefined;
	useEffect(() => {
		if (!enabled) return;
		const demo = new DemoPlayer({
			tutorial,
			feed: keys => feedRef.current?.(keys),
			speed,
			seed,
			onEnd: () => rerender(),
		});
		player.current = demo;
		demo.start();
		return () => {
			player.current = undefined;
			// Unmounted before the end (the machine quit another way): stop the timers.
			if (!demo.finished() && !demo.paused()) demo.togglePause();
		};
	}, [tutorial, enabled, speed, seed]);
	const demo = player.current;
	return {
		state: !enabled ? undefined : demo?.finished() ? 'ended' : demo?.paused() ? 'paused' : 'playing',
		intercept: chunk => {
			const current = player.current;
			if (!current || current.finished()) return false;
			const action = tutorialKeyAction(chunk);
			if (action) act(action);
			else current.handleKey(chunk);
			return true;
		},
		connect: feed => {
			feedRef.current = feed;
		},
	};
}
