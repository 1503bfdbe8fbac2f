import {useEffect, useRef, useState} from 'react';
import type {MachineSession} from '../../machine/session-types.js';
import {Tutorial, type TutorialView} from '../../tutorial/tutorial.js';
import type {Lang} from '../../tutorial/types.js';
import {useCoalescedRender} from '../use-coalesced-render.js';
import type {TutorialKeyAction} from './tutorial-keys.js';

export interface UseTutorial {
	tutorial: Tutorial;
	view: TutorialView;
	/** Whether the call-path view should be shown: the user's F2 choice, else the step's hint. */
	callPathsVisible: boolean;
	/** The user's own F2 choice, undefined until F2 is pressed (outside the tutorial only this counts). */
	callPathsChoice: boolean | undefined;
	toggleCallPaths(): void;
	back(): void;
	forward(): void;
	/** Runs a tutorial key action (from `tutorialKeyAction`). */
	act(action: TutorialKeyAction): void;
}

/**
 * One Tutorial for the component's lifetime over `session`, re-rendering when its view may
 * have changed (machine output, F7/F8). The language is passed down from the entry point.
 */
export function useTutorial(session: MachineSession, lang: Lang): UseTutorial {
	const [tutorial] = useState(() => new Tutorial(session, lang));
	// The tracker reports every output chunk: render once after the burst.
	const rerender = useCoalescedRender();
	const [callPaths, setCallPaths] = useState<boolean | undefined>(undefined);
	useEffect(() => {
		const off = tutorial.onChange(() => rerender());
		return () => {
			off();
			tutorial.dispose();
		};
	}, [tutorial]);
	tutorial.lang = lang;
	// Tutorial.view() builds a new object on every call; keep the previous one while it reads
	// the same, so the memoised side panel is not redrawn by every keystroke.
	const last = useRef<{key: string; view: TutorialView} | undefined>(undefined);
	const fresh = tutorial.view();
	const key = JSON.stringify(fresh);
	if (last.current?.key !== key) last.current = {key, view: fresh};
	const view = last.current.view;
	const callPathsVisible = callPaths ?? view.callPathsHint;
	const api: UseTutorial = {
		tutorial,
		view,
		callPathsVisible,
		callPathsChoice: callPaths,
		toggleCallPaths: () => setCallPaths(!callPathsVisible),
		back: () => tutorial.back(),
		forward: () => tutorial.forward(),
		act: action => {
			if (action === 'call-paths') api.toggleCallPaths();
			else if (action === 'back') api.back();
			else api.forward();
		},
	};
	return api;
}
