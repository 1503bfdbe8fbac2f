import {useEffect, useRef, useState} from 'react';
import type {MachineSession} from '../machine/session-types.js';
import {ConsoleController} from './console-controller.js';
import type {KeyEvent} from './keys/key-event.js';
import {useKeyRouter, type FeedKeys} from './keys/use-key-router.js';
import {useCoalescedRender} from './use-coalesced-render.js';

/** How often the machine's version counter is polled for changes made without output. */
const POLL_MS = 100;
/**
 * Delay between showing `QEMU: Terminated` and leaving, so the last frame is on screen long
 * enough to be seen (and read by a screen poller: the e2e tests look every 50 ms; 40 ms was
 * missed on a loaded machine).
 */
const EXIT_DELAY_MS = 150;

/** Hooks for keys that are not the console's (tutorial function keys, the demo player). */
export interface ConsoleKeyHooks {
	/** Sees each key event before the console; true when it handled the key. */
	onKey?(event: KeyEvent): boolean;
	/** Sees each raw stdin chunk before the key parser; true when it took the chunk. */
	intercept?(chunk: string): boolean;
}

/**
 * Wires a session to the screen: one controller for the app's lifetime, the key router feeding
 * it, and a re-render after each input chunk, each output chunk and each machine change.
 * Calls `onExit(code)` once the session has an exit code and the frame showing it is drawn.
 * Returns the controller and the feed that types synthetic keys through the same router.
 */
export function useConsole(
	session: MachineSession,
	onExit: (code: number) => void,
	hooks: ConsoleKeyHooks = {},
): {controller: ConsoleController; feed: FeedKeys} {
	// One render per input chunk or output burst, after it (see useCoalescedRender).
	const rerender = useCoalescedRender();
	const [controller] = useState(() => new ConsoleController(session, rerender));
	const exiting = useRef(false);
	const onExitRef = useRef(onExit);
	onExitRef.current = onExit;

	const feed = useKeyRouter(
		event => {
			if (!hooks.onKey?.(event)) controller.handle(event);
		},
		() => rerender(),
		chunk => hooks.intercept?.(chunk) ?? false,
	);

	useEffect(() => {
		let seen = session.version();
		const timer = setInterval(() => {
			const version = session.version();
			if (version !== seen || (session.exitCode() !== undefined && !exiting.current)) {
				seen = version;
				rerender();
			}
		}, POLL_MS);
		return () => {
			clearInterval(timer);
			controller.dispose();
		};
	}, [session, controller]);

	const code = session.exitCode();
	useEffect(() => {
		if (code === undefined || exiting.current) return;
		exiting.current = true;
		setTimeout(() => onExitRef.current(code), EXIT_DELAY_MS);
	});

	controller.sample();
	return {controller, feed};
}
