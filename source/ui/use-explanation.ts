import {useRef} from 'react';
import {strings} from '../tutorial/i18n/index.js';
import type {TutorialTracker} from '../tutorial/tracker.js';
import type {Lang} from '../tutorial/types.js';

export interface UseExplanation {
	/** Why the last command failed or surprised, in `lang`; undefined when all went as expected. */
	text?: string;
	/** Call when the user submits a line: older explanations are about earlier commands. */
	markInput(): void;
}

/**
 * The memory panel's explanation line outside the tutorial: the tracker the tutorial judges
 * its steps with also explains what people get stuck on (EBUSY offline, refused eject,
 * object_del in use, `free` unchanged after hot-add, read-only files). Outside the tutorial
 * there is no step to scope it to, so it is shown until the next line is entered. The caller
 * re-renders on tracker changes (useTutorial does).
 */
export function useExplanation(tracker: TutorialTracker, lang: Lang): UseExplanation {
	const since = useRef(0);
	const latest = tracker.latestExplanation();
	const text = latest && latest.seq >= since.current ? strings(lang).explanation(latest.explanation) : undefined;
	return {
		text,
		// Explanations the next command causes are stamped after the tracker's next update.
		markInput: () => {
			since.current = tracker.now() + 1;
		},
	};
}
