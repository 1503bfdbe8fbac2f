import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';

/**
 * Subscribes to raw input chunks exactly once for the whole app. Ink's `useInput` would parse
 * each chunk into one "key" (so `"\x01c"` is an unknown key) and broadcast it to every
 * listener; the mux needs the raw text and a single router.
 */
export function useRawInput(onChunk: (chunk: string) => void): void {
	const {internal_eventEmitter: events, setRawMode, isRawModeSupported} = useStdin();
	const handler = useRef(onChunk);
	handler.current = onChunk;
	useEffect(() => {
		if (isRawModeSupported) setRawMode(true);
		const listener = (chunk: string) => handler.current(String(chunk));
		events.on('input', listener);
		return () => {
			events.off('input', listener);
			if (isRawModeSupported) setRawMode(false);
		};
	}, [events, setRawMode, isRawModeSupported]);
}
