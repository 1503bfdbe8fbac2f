import type {MachineSession, OutputChunk, Pane} from '../machine/session-types.js';
import type {MachineSnapshot} from '../machine/snapshot.js';
import {cleanLine, explainEvent, explainFreeRun, explainLine, type Explanation} from './explain.js';
import {hotplugBlocks, onlineHotplugBlocks, userBackends} from './facts.js';
import type {FreeRun, TutorialContext} from './types.js';

/** busybox free's header line (`printf("       %12s%12s..."`), whatever the unit flag. */
const FREE_HEADER = /^\s+total\s+used\s+free\s+shared\s+buff\/cache\s+available\s*$/;
const FREE_MEM_ROW = /^Mem:\s+(\d+)\s/;

/** An explanation with the observation number it was made at (newer ones replace older). */
export interface TimedExplanation {
	seq: number;
	explanation: Explanation;
}

/**
 * Watches a session for the tutorial: keeps the facts steps are judged on (focus history,
 * DIMMs and backends seen, blocks onlined, `free` runs recognised in the console output) and
 * the explanations of what went wrong. It never reads the typed text, only what the machine
 * did and printed.
 */
export class TutorialTracker {
	readonly initial: MachineSnapshot;
	private snapshot: MachineSnapshot;
	private focus: Pane;
	private seq = 0;
	private monitorVisited = false;
	private consoleAfterPlug = false;
	private readonly freeRuns: FreeRun[] = [];
	private readonly everOnline = new Set<number>();
	private readonly everDimms: string[] = [];
	private readonly everBackends: string[] = [];
	private readonly partial: Record<Pane, string> = {serial: '', monitor: ''};
	private freeHeaderSeen = false;
	private eventsSeen: number;
	private readonly explanations: TimedExplanation[] = [];
	private readonly listeners = new Set<() => void>();
	private readonly unsubscribe: () => void;
	private scheduled = false;

	/**
	 * @param schedule runs the deferred update after an output chunk (default: a microtask),
	 *   so a focus switch that finishes after its last output is seen too.
	 */
	constructor(
		private readonly session: MachineSession,
		private readonly schedule: (run: () => void) => void = queueMicrotask,
	) {
		this.initial = session.snapshot();
		this.snapshot = this.initial;
		this.focus = session.focus();
		// Events from before the tutorial started (a replayed prefix) are history, not news.
		this.eventsSeen = this.initial.events.length;
		this.unsubscribe = session.onOutput(chunk => this.output(chunk));
		this.update();
	}

	dispose(): void {
		this.unsubscribe();
		this.listeners.clear();
	}

	/** Called after the tracker's facts changed. Returns the unsubscribe function. */
	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** The context steps are judged on. */
	context(): TutorialContext {
		return {
			snapshot: this.snapshot,
			initial: this.initial,
			focus: this.focus,
			monitorVisited: this.monitorVisited,
			consoleAfterPlug: this.consoleAfterPlug,
			freeRuns: [...this.freeRuns],
			everOnline: [...this.everOnline].sort((a, b) => a - b),
			everDimms: [...this.everDimms],
			everBackends: [...this.everBackends],
		};
	}

	/** The newest explanation, if any. */
	latestExplanation(): TimedExplanation | undefined {
		return this.explanations.at(-1);
	}

	/** Observation counter: grows with every update and recognised output. */
	now(): number {
		return this.seq;
	}

	/** Re-reads focus and machine state (cheap; the UI calls it on every machine change). */
	update(): void {
		this.seq++;
		this.snapshot = this.session.snapshot();
		this.focus = this.session.focus();
		if (this.focus === 'monitor') this.monitorVisited = true;
		const {qemu} = this.snapshot;
		for (const dimm of qemu.dimms) if (!this.everDimms.includes(dimm.id)) this.everDimms.push(dimm.id);
		for (const backend of userBackends({snapshot: this.snapshot, initial: this.initial})) {
			if (!this.everBackends.includes(backend.id)) this.everBackends.push(backend.id);
		}
		if (this.focus === 'serial' && (qemu.dimms.length > 0 || hotplugBlocks(this.snapshot).length > 0)) {
			this.consoleAfterPlug = true;
		}
		for (const block of onlineHotplugBlocks(this.snapshot)) this.everOnline.add(block.index);
		const events = this.snapshot.events;
		for (let i = this.eventsSeen; i < events.length; i++) {
			const event = events[i];
			if (event.kind === 'online') {
				// Blocks that came and went between two updates still count as onlined.
				const hotplugged = new Set(hotplugBlocks(this.snapshot).map(b => b.index));
				for (const b of event.blocks) if (hotplugged.has(b) || this.isDimmBlock(b)) this.everOnline.add(b);
			}
			this.explain(explainEvent(event, this.snapshot));
		}
		this.eventsSeen = events.length;
		for (const listener of this.listeners) listener();
		// Output lines judged after this update are newer than what the listeners just saw.
		this.seq++;
	}

	private isDimmBlock(block: number): boolean {
		const size = this.snapshot.guest?.blockSizeBytes ?? 0;
		const region = this.snapshot.qemu.deviceMemory;
		if (!size || !region) return false;
		const start = block * size;
		return start >= region.base && start < region.base + region.size;
	}

	private explain(explanation: Explanation | undefined): void {
		if (!explanation) return;
		const last = this.explanations.at(-1);
		// The busy write line repeats what the offline-failed event already said (the event is
		// explained in the update before the line is judged, one seq earlier), and says less: the
		// event names the page's slab where it knows it.
		const offlineFailed = (e: Explanation) => e.kind === 'offline-busy' || e.kind === 'offline-no-room';
		if (last && last.seq >= this.seq - 1 && (last.explanation.kind === explanation.kind || (offlineFailed(last.explanation) && offlineFailed(explanation)))) return;
		this.explanations.push({seq: this.seq, explanation});
		if (this.explanations.length > 50) this.explanations.shift();
	}

	private output(chunk: OutputChunk): void {
		const text = this.partial[chunk.pane] + chunk.text;
		const lines = text.split('\n');
		this.partial[chunk.pane] = lines.pop() ?? '';
		if (lines.length > 0) {
			// Events and state from the command that printed these lines, before judging the lines.
			this.update();
			for (const line of lines) this.line(chunk.pane, line);
		}
		if (!this.scheduled) {
			this.scheduled = true;
			this.schedule(() => {
				this.scheduled = false;
				this.update();
			});
		}
	}

	private line(pane: Pane, raw: string): void {
		const line = cleanLine(raw);
		if (pane === 'serial') {
			if (FREE_HEADER.test(line)) {
				this.freeHeaderSeen = true;
				return;
			}
			const row = this.freeHeaderSeen ? FREE_MEM_ROW.exec(line) : null;
			this.freeHeaderSeen = false;
			if (row) {
				const run: FreeRun = {
					seq: this.seq,
					printedTotal: Number(row[1]),
					memTotalKb: this.snapshot.guest?.memTotalKb ?? 0,
					hotplugBlocks: hotplugBlocks(this.snapshot).map(b => b.index),
					onlineHotplugBlocks: onlineHotplugBlocks(this.snapshot).map(b => b.index),
				};
				this.freeRuns.push(run);
				this.explain(explainFreeRun(run, this.snapshot));
				return;
			}
		}
		// A write error is about the command the shell runs: the last line of its history.
		this.explain(explainLine(pane, line, this.snapshot, pane === 'serial' ? this.session.history('serial').at(-1) : undefined));
	}
}
