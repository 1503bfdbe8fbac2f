import type {BlockSnapshot, MachineSnapshot} from '../machine/snapshot.js';
import type {TutorialContext} from './types.js';

/** Memory blocks that came from a hot-plugged DIMM (they have a firmware_node). */
export function hotplugBlocks(snapshot: MachineSnapshot): BlockSnapshot[] {
	return snapshot.guest?.blocks.filter(block => block.hotplugged) ?? [];
}

/** Hot-plugged blocks that are online now. */
export function onlineHotplugBlocks(snapshot: MachineSnapshot): BlockSnapshot[] {
	return hotplugBlocks(snapshot).filter(block => block.state === 'online');
}

/** Backends the user created (everything not there when the tutorial started, e.g. not pc.ram). */
export function userBackends(ctx: Pick<TutorialContext, 'snapshot' | 'initial'>) {
	const before = new Set(ctx.initial.qemu.backends.map(b => b.id));
	return ctx.snapshot.qemu.backends.filter(b => !before.has(b.id) && b.id !== 'pc.ram');
}

/**
 * The block the walkthrough onlines: its second block (memory33 for a DIMM at 4 GiB with
 * 128 MiB blocks), or the only one for a one-block DIMM. Before any hot-add: the block the
 * first DIMM would start at, plus one, from the device-memory base QEMU reserved.
 */
export function tutorialBlock(snapshot: MachineSnapshot): number {
	const blocks = hotplugBlocks(snapshot).map(b => b.index).sort((a, b) => a - b);
	if (blocks.length > 0) return blocks.length > 1 ? blocks[1] : blocks[0];
	const blockSize = snapshot.guest?.blockSizeBytes ?? 0x8000000;
	const base = snapshot.qemu.deviceMemory?.base ?? 0x100000000;
	return Math.floor(base / blockSize) + 1;
}

/** `memory32-35` style range text for a list of block numbers (consecutive runs joined). */
export function blockRanges(blocks: number[]): string {
	const sorted = [...new Set(blocks)].sort((a, b) => a - b);
	const runs: string[] = [];
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
		runs.push(j === i ? `memory${sorted[i]}` : `memory${sorted[i]}-${sorted[j]}`);
		i = j + 1;
	}
	return runs.join(', ');
}

/** Bytes as MiB, for the texts (the walkthrough speaks in MiB). */
export function mib(bytes: number): number {
	return Math.round(bytes / (1024 * 1024));
}
