import {useReducer, useRef} from 'react';

/**
 * A stable function that asks for one re-render of the component, coalescing every request
 * made before the next microtask into a single render.
 *
 * Why: a command prints in several chunks while it runs, and the tutorial tracker reacts to
 * each of them. Ink's root is legacy, so each state update renders and commits at once: the
 * first commit drew a half-done frame and Ink's frame throttle then held the finished one back
 * for up to ~17 ms. Coalesced, the screen renders once, after the burst, with the final state.
 */
export function useCoalescedRender(): () => void {
	const [, forceRender] = useReducer((n: number) => n + 1, 0);
	const pending = useRef(false);
	const request = useRef(() => {
		if (pending.current) return;
		pending.current = true;
		queueMicrotask(() => {
			pending.current = false;
			forceRender();
		});
	});
	return request.current;
}
