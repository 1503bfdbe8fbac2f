import type {Pane} from '../machine/session-types.js';
import type {MachineSnapshot} from '../machine/snapshot.js';

/** Languages the tutorial speaks. */
export type Lang = 'en' | 'zh';

/** The walkthrough's steps, in order. */
export type StepId =
	| 'kernel-config'
	| 'start-qemu'
	| 'enter-monitor'
	| 'object-add'
	| 'device-add'
	| 'back-to-console'
	| 'see-offline'
	| 'online'
	| 'free-grows'
	| 'offline'
	| 'device-del'
	| 'object-del'
	| 'summary';

/**
 * One `free` run the tutorial saw on the guest console (recognised by busybox free's header
 * line in the serial output), with the machine state at the moment its output appeared.
 */
export interface FreeRun {
	/** Order among everything the tracker observed. */
	seq: number;
	/** The `total` column of the `Mem:` row as printed (unit as the user chose: -m, -k ...). */
	printedTotal: number;
	memTotalKb: number;
	/** Hot-plugged memory blocks present, and the ones of them online, when free ran. */
	hotplugBlocks: number[];
	onlineHotplugBlocks: number[];
}

/**
 * What a step's `done` predicate sees: the machine now, the machine when the tutorial
 * started, and the few facts the tutorial derives from the session's output stream.
 */
export interface TutorialContext {
	snapshot: MachineSnapshot;
	initial: MachineSnapshot;
	focus: Pane;
	/** The monitor had the focus at some point since the tutorial started. */
	monitorVisited: boolean;
	/** The console had the focus again after a DIMM was plugged. */
	consoleAfterPlug: boolean;
	freeRuns: FreeRun[];
	/** Hot-plugged blocks that have been online at some point (from online events / snapshots). */
	everOnline: number[];
	/** Ids of DIMMs and backends that existed at some point since the start. */
	everDimms: string[];
	everBackends: string[];
}

/** Something to do for a step: typed into a front-end, a mux chord, or run on the host. */
export type SuggestedInput =
	| {kind: 'line'; pane: Pane; text: string}
	| {kind: 'chord'; key: string}
	| {kind: 'host'; text: string};

/** A walkthrough step: how to recognise it is done, and what to suggest. */
export interface StepDef {
	id: StepId;
	/** Info steps (kernel config, summary) are read, then left with the forward key. */
	info?: boolean;
	/** True once the machine state shows the step done. Never looks at typed text. */
	done(ctx: TutorialContext): boolean;
	/** The exact thing to type, derived from the machine (block numbers, device ids). */
	suggest(ctx: TutorialContext): SuggestedInput[];
}
