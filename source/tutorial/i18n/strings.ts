import type {HotplugEvent} from '../../machine/snapshot.js';
import type {Explanation} from '../explain.js';
import type {StepId} from '../types.js';

/** Values the step texts quote (from the machine, so other RAM sizes read right). */
export interface StepTextParams {
	/** The block the walkthrough onlines (memory33 on the tutorial machine). */
	block: number;
	/** Hot-plugged block range text, e.g. `memory32-35`; '' before the hot-add. */
	blocks: string;
	blockMib: number;
	ramMib: number;
	dimm: string;
	backend: string;
	/** MemTotal growth seen by the last `free` (MiB), 0 if none. */
	gainedMib: number;
}

/** One kernel option of the kernel-config step. */
export interface KernelOption {
	option: string;
	enables: string;
	without: string;
}

/** What the summary reports, gathered from the tracker. */
export interface SummaryFacts {
	hotAddedBlocks: string;
	hotAddedMib: number;
	onlinedBlocks: string;
	zones: string;
	gainedMib: number;
	offlineFailures: number;
	removed: boolean;
	dimm: string;
	backend: string;
}

/** Every text of the tutorial in one language. */
export interface Strings {
	steps: Record<StepId, {title: string; body: (p: StepTextParams) => string[]}>;
	kernelConfig: KernelOption[];
	explanation: (e: Explanation) => string;
	summary: (s: SummaryFacts) => string[];
	/** Header line of one event in the call-path view. */
	eventTitle: (e: HotplugEvent) => string;
	/** Notes where Linux 5.0 (the walkthrough's kernel) differed, keyed by 6.1 function name. */
	linux50: Record<string, string>;
	ui: {
		stepOf: (index: number, total: number) => string;
		type: string;
		done: string;
		waiting: string;
		keys: string;
		callPaths: string;
		noEvents: string;
		failedHere: (reason: string) => string;
		innermostFirst: string;
		linux50: string;
		finished: string;
		nothingToType: string;
	};
}
