import {useEffect} from 'react';
import type {MachineSession} from '../machine/session-types.js';

/** How often the screen tells a waiting guest program how much real time has passed. */
export const GUEST_TIMER_MS = 100;

/**
 * The screen runs the guest in real time: its clock keeps up with the screen's between inputs
 * (Session.runInRealTime()), and a program waiting on the console for its delay (watch's
 * interval, top's) is told the real time that passes, and goes on when it is over. The timer
 * runs only while such a program waits (`timed`, read on each render).
 */
export function useGuestTimer(session: MachineSession): void {
	useEffect(() => {
		// (monotonic and finer than a millisecond: dmesg stamps keep their microseconds)
		session.runInRealTime(() => performance.now());
	}, [session]);
	const timed = session.consoleTimeout() !== undefined;
	useEffect(() => {
		if (!timed) return undefined;
		let last = Date.now();
		const id = setInterval(() => {
			const now = Date.now();
			session.elapse(now - last);
			last = now;
		}, GUEST_TIMER_MS);
		return () => clearInterval(id);
	}, [session, timed]);
}
