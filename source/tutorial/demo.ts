import {STEPS} from './steps.js';
import type {Tutorial} from './tutorial.js';
import type {SuggestedInput} from './types.js';

/** The clock the demo waits on; injectable so tests run it with fake timers. */
export interface DemoTimer {
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

/** Delays at speed 1, in milliseconds: a person typing at about 8 keys a second. */
export const DEMO_PACE = {
	key: 120,
	/** Before pressing Enter (looking the line over). */
	enter: 450,
	/** After a command, to read its output. */
	read: 1400,
	/** Between steps. */
	step: 2200,
	/** On the kernel-config step and the summary. */
	info: 6000,
	/** Between C-a and the key after it. */
	chord: 250,
};

export interface DemoOptions {
	/** The tutorial whose steps the demo plays (its panel reacts as the machine changes). */
	tutorial: Tutorial;
	/** Raw key bytes into the same input path a user's keys take (key router → console). */
	feed(keys: string): void;
	/** Speed multiplier (`--speed N`): 2 is twice as fast. */
	speed?: number;
	/** Seed for the natural variation of the typing rhythm. */
	seed?: number;
	timer?: DemoTimer;
	/** Quit the machine with C-a x after the summary (default true). */
	quitAtEnd?: boolean;
	/** Called once when the demo has nothing more to play (finished or quit). */
	onEnd?(): void;
}

interface Action {
	/** Delay before the action, in milliseconds at speed 1. */
	wait: number;
	run(): void;
}

/** mulberry32: a small seeded PRNG, so a demo types with the same rhythm every time. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Plays the walkthrough on a live session: for every step, the step's own suggested input
 * typed key by key at a human pace, with pauses to read. Space pauses and resumes, `n`
 * skips to the next step, C-a x quits (passed on to the machine like a user's keys).
 */
export class DemoPlayer {
	private readonly speed: number;
	private readonly random: () => number;
	private readonly timer: DemoTimer;
	private queue: Action[] = [];
	private stepIndex = -1;
	private handle: unknown;
	/** The action the timer is waiting to run. */
	private waiting: Action | undefined;
	private isPaused = false;
	private ended = false;
	private pendingCtrlA = false;

	constructor(private readonly options: DemoOptions) {
		this.speed = options.speed && options.speed > 0 ? options.speed : 1;
		this.random = seededRandom(options.seed ?? 0x6d656d);
		this.timer = options.timer ?? {setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: h => clearTimeout(h as NodeJS.Timeout)};
	}

	start(): void {
		this.schedule();
	}

	paused(): boolean {
		return this.isPaused;
	}

	finished(): boolean {
		return this.ended;
	}

	/** Index into STEPS of the step being played (-1 before the first). */
	step(): number {
		return this.stepIndex;
	}

	/** A chunk of keys the user typed during the demo. */
	handleKey(chunk: string): void {
		for (const ch of chunk) {
			if (this.pendingCtrlA) {
				this.pendingCtrlA = false;
				if (ch === 'x') this.quit();
				continue;
			}
			if (ch === '\x01') this.pendingCtrlA = true;
			else if (ch === ' ') this.togglePause();
			else if (ch === 'n') this.skip();
		}
	}

	togglePause(): void {
		if (this.ended) return;
		this.isPaused = !this.isPaused;
		if (this.isPaused) this.cancel();
		else this.schedule();
	}

	/** Finishes the current step at once (its keys typed without delay) and goes on. */
	skip(): void {
		if (this.ended) return;
		this.cancel();
		const rest = this.queue;
		this.queue = [];
		for (const action of rest) action.run();
		this.nextStep();
		if (this.queue.length > 0) this.queue[0] = {...this.queue[0], wait: 0};
		if (!this.isPaused) this.schedule();
	}

	/** C-a x: the machine quits (QEMU: Terminated), the demo stops. */
	quit(): void {
		if (this.ended) return;
		this.cancel();
		this.queue = [];
		this.options.feed('\x01x');
		this.end();
	}

	/** Stops the wait for the next action; the action goes back to the front of the queue. */
	private cancel(): void {
		if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
		this.handle = undefined;
		if (this.waiting) this.queue.unshift(this.waiting);
		this.waiting = undefined;
	}

	private end(): void {
		if (this.ended) return;
		this.ended = true;
		this.options.onEnd?.();
	}

	private schedule(): void {
		if (this.ended || this.isPaused || this.handle !== undefined) return;
		if (this.queue.length === 0) this.nextStep();
		const action = this.queue.shift();
		if (!action) {
			if (this.options.quitAtEnd !== false) this.options.feed('\x01x');
			this.end();
			return;
		}
		this.waiting = action;
		this.handle = this.timer.setTimeout(() => {
			this.handle = undefined;
			this.waiting = undefined;
			action.run();
			this.schedule();
		}, action.wait / this.speed);
	}

	/** Queues the next step's actions (built now, from the machine as it is after the last step). */
	private nextStep(): void {
		while (this.queue.length === 0 && this.stepIndex < STEPS.length - 1) {
			this.stepIndex++;
			this.queue = this.actionsFor(this.stepIndex);
		}
	}

	private actionsFor(index: number): Action[] {
		const step = STEPS[index];
		const {tutorial} = this.options;
		if (step.info) {
			// Time to read the panel, then F8 (what a user presses) unless the tutorial moved on.
			return [{wait: DEMO_PACE.info, run: () => tutorial.currentStep().id === step.id && !tutorial.finished() && tutorial.forward()}];
		}
		// Re-read the machine first: a mux switch (C-a c back to the console) prints nothing, so
		// the tracker has not seen it yet, and a stale focus would add a second C-a c.
		tutorial.tracker.update();
		const inputs = step.suggest(tutorial.tracker.context());
		const actions: Action[] = [];
		inputs.forEach((input, i) => actions.push(...this.typeInput(input, i === 0 ? DEMO_PACE.step : DEMO_PACE.read)));
		return actions;
	}

	private typeInput(input: SuggestedInput, before: number): Action[] {
		const feed = this.options.feed;
		switch (input.kind) {
			case 'host':
				// The machine is already running: QEMU's command line is not typed into it.
				return [];
			case 'chord':
				return [
					{wait: before, run: () => feed('\x01')},
					{wait: DEMO_PACE.chord * this.jitter(), run: () => feed(input.key)},
				];
			case 'line': {
				const keys = [...input.text].map((ch, i): Action => ({
					wait: i === 0 ? before : this.keyDelay(input.text[i - 1], ch),
					run: () => feed(ch),
				}));
				keys.push({wait: DEMO_PACE.enter * this.jitter(), run: () => feed('\r')});
				return keys;
			}
		}
	}

	/** Small natural variation: 0.6x .. 1.6x, longer after a space or punctuation. */
	private jitter(): number {
		return 0.6 + this.random();
	}

	private keyDelay(previous: string | undefined, ch: string): number {
		const thinking = previous === ' ' || previous === '/' || previous === ',' ? 1.6 : 1;
		return DEMO_PACE.key * this.jitter() * (ch === ch.toUpperCase() && /[A-Z]/.test(ch) ? 1.3 : 1) * thinking;
	}
}
