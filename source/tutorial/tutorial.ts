import type {MachineSession} from '../machine/session-types.js';
import {blockRanges, hotplugBlocks, mib, tutorialBlock} from './facts.js';
import {strings, type StepTextParams, type SummaryFacts} from './i18n/index.js';
import {STEPS, currentBackend, currentDimm, formatInput} from './steps.js';
import {TutorialTracker} from './tracker.js';
import type {Lang, StepDef, StepId, SuggestedInput, TutorialContext} from './types.js';

/** What the step panel shows: plain data, rebuilt on every machine change. */
export interface TutorialView {
	lang: Lang;
	/** 1-based number of the step shown, and how many there are. */
	number: number;
	total: number;
	id: StepId;
	title: string;
	body: string[];
	/** The exact things to type for the step shown, formatted (`(qemu) ...`, `/ # ...`, `C-a c`). */
	inputs: string[];
	/** The step shown is complete. */
	done: boolean;
	/** The user is looking back at an earlier step (the tutorial is further on). */
	browsing: boolean;
	/** Steps completed so far. */
	completed: number;
	finished: boolean;
	/** Why the last thing failed or surprised, if that happened since the current step began. */
	explanation?: string;
	/** The kernel-config step's option table: `OPTION: enables. Without: ...`. */
	options?: Array<{option: string; enables: string; without: string}>;
	summary?: string[];
	/** The step right after a hotplug event the walkthrough lists a call path for. */
	callPathsHint: boolean;
}

/** Steps that follow a hot-add, an online and an eject: the call-path view opens by itself there. */
const CALL_PATH_STEPS = new Set<StepId>(['see-offline', 'free-grows', 'object-del']);

/**
 * The guided walkthrough: which step is current (the first one the machine has not done
 * yet), which one the user is looking at (F7/F8 browse), and the texts for both languages.
 */
export class Tutorial {
	readonly tracker: TutorialTracker;
	private progress = 0;
	private viewed = 0;
	private readonly acknowledged = new Set<StepId>();
	/** Tracker observation at which the current step became current (older explanations are stale). */
	private stepSince = 0;
	private lastRefresh = 0;
	private readonly listeners = new Set<() => void>();
	private readonly unsubscribe: () => void;
	/** Steps already done when the tutorial started (e.g. QEMU was started with slots=). */
	private readonly doneAtStart: Set<number>;

	constructor(
		session: MachineSession,
		public lang: Lang,
		schedule?: (run: () => void) => void,
	) {
		this.tracker = new TutorialTracker(session, schedule);
		const start = this.tracker.context();
		this.doneAtStart = new Set(STEPS.flatMap((step, i) => (!step.info && step.done(start) ? [i] : [])));
		this.refresh();
		this.unsubscribe = this.tracker.onChange(() => this.refresh());
	}

	dispose(): void {
		this.unsubscribe();
		this.tracker.dispose();
		this.listeners.clear();
	}

	/** Called whenever the view may have changed. Returns the unsubscribe function. */
	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Index of the first step not done yet (the one the tutorial waits for). */
	currentIndex(): number {
		return this.progress;
	}

	currentStep(): StepDef {
		return STEPS[this.progress];
	}

	/** The walkthrough reached its summary. */
	finished(): boolean {
		return this.progress === STEPS.length - 1;
	}

	/** F7: look at the previous step. */
	back(): void {
		this.viewed = Math.max(0, this.viewed - 1);
		this.emit();
	}

	/** F8: look at the next step; on the current info step, acknowledge it and go on. */
	forward(): void {
		if (this.viewed < this.progress) {
			this.viewed++;
		} else if (STEPS[this.progress].info && !this.finished()) {
			this.acknowledged.add(STEPS[this.progress].id);
			this.refresh();
			return;
		}
		this.emit();
	}

	/** What the tutorial's suggested inputs for the current step are (the demo types these). */
	suggestions(): SuggestedInput[] {
		return STEPS[this.progress].suggest(this.tracker.context());
	}

	/** Re-judges the steps against the machine; completes as many as are done, in order. */
	refresh(): void {
		const ctx = this.tracker.context();
		const following = this.viewed === this.progress;
		// What happened since the last refresh is what completed the step: its explanation
		// (e.g. "free has not grown" on the run that showed the new blocks offline) stays.
		const since = this.lastRefresh + 1;
		this.lastRefresh = this.tracker.now();
		while (this.progress < STEPS.length - 1 && this.isDone(this.progress, ctx)) {
			this.progress++;
			this.stepSince = since;
		}
		if (following) this.viewed = this.progress;
		this.emit();
	}

	private isDone(index: number, ctx: TutorialContext): boolean {
		const step = STEPS[index];
		if (!step.info) return step.done(ctx);
		// Reading is optional: an info step is over once acknowledged, or once the user has done
		// something further on (a step that was not already done when the tutorial started).
		if (this.acknowledged.has(step.id)) return true;
		return step.done(ctx) && STEPS.some((later, j) => j > index && !later.info && !this.doneAtStart.has(j) && later.done(ctx));
	}

	/** The panel's data for the step being looked at. */
	view(): TutorialView {
		const ctx = this.tracker.context();
		const text = strings(this.lang);
		const step = STEPS[this.viewed];
		const params = textParams(ctx);
		const view: TutorialView = {
			lang: this.lang,
			number: this.viewed + 1,
			total: STEPS.length,
			id: step.id,
			title: text.steps[step.id].title,
			body: text.steps[step.id].body(params),
			inputs: step.suggest(ctx).map(formatInput),
			done: this.viewed < this.progress || (this.finished() && this.viewed === this.progress),
			browsing: this.viewed < this.progress,
			completed: this.progress,
			finished: this.finished(),
			callPathsHint: CALL_PATH_STEPS.has(step.id),
		};
		const latest = this.tracker.latestExplanation();
		if (latest && latest.seq >= this.stepSince) view.explanation = text.explanation(latest.explanation);
		if (step.id === 'kernel-config') view.options = text.kernelConfig;
		if (step.id === 'summary') view.summary = text.summary(summaryFacts(ctx));
		return view;
	}

	private emit(): void {
		for (const listener of this.listeners) listener();
	}
}

/** MiB that MemTotal had grown by at the last `free` run that showed hot-plugged memory online. */
function gainedMib(ctx: TutorialContext): number {
	const base = ctx.initial.guest?.memTotalKb ?? 0;
	const runs = ctx.freeRuns.filter(run => run.onlineHotplugBlocks.length > 0);
	const last = runs.at(-1);
	return last ? Math.round((last.memTotalKb - base) / 1024) : 0;
}

function textParams(ctx: TutorialContext): StepTextParams {
	const blockSize = ctx.snapshot.guest?.blockSizeBytes ?? 0x8000000;
	return {
		block: tutorialBlock(ctx.snapshot),
		blocks: blockRanges(hotplugBlocks(ctx.snapshot).map(b => b.index)),
		blockMib: mib(blockSize),
		ramMib: mib(ctx.snapshot.qemu.ramSize),
		dimm: currentDimm(ctx),
		backend: currentBackend(ctx),
		gainedMib: gainedMib(ctx),
	};
}

/** What the summary reports: from the model's events and the `free` runs seen. */
export function summaryFacts(ctx: TutorialContext): SummaryFacts {
	const events = ctx.snapshot.events.slice(ctx.initial.events.length);
	const added = events.filter(e => e.kind === 'hot-add');
	const zones = [...new Set(events.filter(e => e.kind === 'online' && e.zone).map(e => `ZONE_${e.zone!.toUpperCase()}`))];
	const dimmsGone = ctx.everDimms.length > 0 && ctx.everDimms.every(id => !ctx.snapshot.qemu.dimms.some(d => d.id === id));
	const backendsGone = ctx.everBackends.length > 0 && ctx.everBackends.every(id => !ctx.snapshot.qemu.backends.some(b => b.id === id));
	return {
		hotAddedBlocks: blockRanges(added.flatMap(e => e.blocks)),
		hotAddedMib: mib(added.reduce((sum, e) => sum + (e.bytes ?? 0), 0)),
		onlinedBlocks: blockRanges(ctx.everOnline),
		zones: zones.join(', '),
		gainedMib: gainedMib(ctx),
		offlineFailures: events.filter(e => e.kind === 'offline-failed').length,
		removed: dimmsGone && backendsGone,
		dimm: currentDimm(ctx),
		backend: currentBackend(ctx),
	};
}
