import {useEffect, useReducer, useRef, useState} from 'react';
import type {MachineSession} from '../machine/session-types.js';
import {ConsoleController} from './console-controller.js';
import {useKeyRouter} from './keys/use-key-router.js';

/** How often the machine's version counter is polled for changes made without output. */
const POLL_MS = 100;
/** Delay between showing `QEMU: Terminated` and leaving, so the last frame is on screen. */
const EXIT_DELAY_MS = 40;

/**
 * Wires a session to the screen: one controller for the app's lifetime, the key router feeding
 * it, and a re-render after each input chunk, each output chunk and each machine change.
 * Calls `onExit(code)` once the session has an exit code and the frame showing it is drawn.
 */
export function useConsole(session: MachineSession, onExit: (code: number) => void): ConsoleController {
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const [controller] = useState(() => new ConsoleController(session, () => rerender()));
	const exiting = useRef(false);
	const onExitRef = useRef(onExit);
	onExitRef.current = onExit;

	useKeyRouter(
		event => controller.handle(event),
		() => rerender(),
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
	return controller;
}
