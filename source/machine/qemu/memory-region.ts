/**
 * A small model of QEMU's MemoryRegion tree (softmmu/memory.c) for the pc machine's address
 * spaces: enough for `info mtree` and `info mtree -f` to show what memory hotplug changes (the
 * device-memory container and one RAM region per plugged DIMM) among the rest.
 */
export type RegionKind = 'ram' | 'rom' | 'i/o';

export interface MemoryRegion {
	name: string;
	/** Offset in the parent (absolute address for a root). */
	addr: number;
	size: number;
	priority: number;
	kind: RegionKind;
	/** An alias shows `target` starting at `offset`. */
	alias?: {target: MemoryRegion; offset: number};
	subregions: MemoryRegion[];
	/** memory_region_set_readonly() (the PAM "pam-rom" aliases): the flat view prints `rom`. */
	readonly?: boolean;
	/** memory_region_set_nonvolatile() (an nvdimm's region): printed with an `nv-` prefix. */
	nonvolatile?: boolean;
	/**
	 * memory_region_set_enabled(false): not rendered, and `info mtree` leaves out its own line
	 * (not its subregions', as mtree_print_mr() does without -D).
	 */
	disabled?: boolean;
	/** A container (memory_region_init()): no contents of its own, so a flat view shows what lies under its gaps. */
	container?: boolean;
}

export function region(name: string, addr: number, size: number, kind: RegionKind, priority = 0, subregions: MemoryRegion[] = []): MemoryRegion {
	return {name, addr, size, priority, kind, subregions};
}

/** memory_region_init(): a container, printed as i/o. */
export function container(name: string, addr: number, size: number, priority = 0, subregions: MemoryRegion[] = [], flags: {disabled?: boolean} = {}): MemoryRegion {
	return {name, addr, size, priority, kind: 'i/o', subregions, container: true, ...flags};
}

export function aliasOf(name: string, addr: number, size: number, target: MemoryRegion, offset: number, priority = 0, flags: {readonly?: boolean; nonvolatile?: boolean} = {}): MemoryRegion {
	return {name, addr, size, priority, kind: target.kind, alias: {target, offset}, subregions: [], ...flags};
}

const nv = (mr: {nonvolatile?: boolean}) => (mr.nonvolatile ? 'nv-' : '');

const hex16 = (n: number) => n.toString(16).padStart(16, '0');

/** start-end inclusive; BigInt for the end so a 2^64-byte container prints ffffffffffffffff. */
function range(start: number, size: number): string {
	const end = BigInt(start) + BigInt(size) - 1n;
	return `${hex16(start)}-${end.toString(16).padStart(16, '0')}`;
}

/** mtree_print_mr: children sorted by address, then higher priority first. */
function printTree(mr: MemoryRegion, base: number, level: number, out: string[], aliased: Set<MemoryRegion>): void {
	const start = base + mr.addr;
	const indent = '  '.repeat(level);
	// (An alias's target is queued even when the alias is disabled and its line left out: a PCI
	// function's disabled `bus master` alias queues `system`.)
	if (mr.alias) aliased.add(mr.alias.target);
	// (A disabled region's line is left out; its subregions are printed one level in all the same.)
	if (!mr.disabled) {
		const what = mr.alias ? `alias ${mr.name} @${mr.alias.target.name} ${range(mr.alias.offset, mr.size)}` : mr.name;
		out.push(`${indent}${range(start, mr.size)} (prio ${mr.priority}, ${nv(mr)}${mr.kind}): ${what}`);
	}
	const children = [...mr.subregions].sort((a, b) => a.addr - b.addr || b.priority - a.priority);
	for (const child of children) printTree(child, start, level + 1, out, aliased);
}

/** An address space's name and root region; those sharing a root are printed together. */
export interface AddressSpaceView {
	names: string[];
	root: MemoryRegion;
}

/**
 * mtree_info_as(): each group of address spaces with its tree, then a `memory-region:` section
 * for every region an alias pointed at, in the order the printing met them (the sections' own
 * aliases included).
 */
export function mtreeText(spaces: AddressSpaceView[]): string {
	const out: string[] = [];
	const aliased = new Set<MemoryRegion>();
	for (const {names, root} of spaces) {
		out.push(...names.map((name) => `address-space: ${name}`));
		printTree(root, 0, 1, out, aliased);
		out.push('');
	}
	// (A Set iterates what is added while iterating.)
	for (const target of aliased) {
		out.push(`memory-region: ${target.name}`);
		printTree({...target, addr: target.addr}, 0, 1, out, aliased);
		out.push('');
	}
	return `${out.join('\n')}\n`;
}

interface FlatRange {
	start: number;
	end: number;
	mr: MemoryRegion;
	/** Offset of `start` inside `mr`. */
	offset: number;
	readonly: boolean;
	nonvolatile: boolean;
}

/**
 * render_memory_region: subregions in priority order claim the parts of their range that no
 * higher-priority sibling claimed; aliases render their target's window; then adjacent pieces of
 * one region with contiguous offsets and the same attributes are merged (flatview_simplify);
 * readonly and nonvolatile pass down from aliases and containers to what they show.
 */
function render(mr: MemoryRegion, origin: number, clipStart: number, clipEnd: number, out: FlatRange[], inherited = {readonly: false, nonvolatile: false}): void {
	const start = Math.max(origin, clipStart);
	const end = Math.min(origin + mr.size, clipEnd);
	if (start >= end || mr.disabled) return;
	const readonly = inherited.readonly || Boolean(mr.readonly);
	const nonvolatile = inherited.nonvolatile || Boolean(mr.nonvolatile);
	if (mr.alias) {
		// Target offset o appears at origin + (o - alias.offset).
		render(mr.alias.target, origin - mr.alias.offset, start, end, out, {readonly, nonvolatile});
		return;
	}
	const ordered = [...mr.subregions].reverse().sort((a, b) => b.priority - a.priority);
	for (const child of ordered) render(child, origin + child.addr, start, end, out, {readonly, nonvolatile});
	if (isContainer(mr)) return;
	// A region with contents of its own fills what its subregions left.
	let cursor = start;
	const covered = out.filter((r) => r.end > start && r.start < end).sort((a, b) => a.start - b.start);
	const pieces: FlatRange[] = [];
	for (const r of covered) {
		if (r.start > cursor) pieces.push({start: cursor, end: r.start, mr, offset: cursor - origin, readonly, nonvolatile});
		cursor = Math.max(cursor, r.end);
	}
	if (cursor < end) pieces.push({start: cursor, end, mr, offset: cursor - origin, readonly, nonvolatile});
	out.push(...pieces);
}

/** Containers (system, pci, device-memory, smram, an SMM root) have no contents of their own. */
function isContainer(mr: MemoryRegion): boolean {
	return Boolean(mr.container);
}

/**
 * `info mtree -f` for the address spaces of one FlatView: each named with the view's root, or
 * with its own root when that only leads to it (a PCI function's enabled `bus master` container).
 */
export function flatViewText(index: number, asNames: (string | {name: string; root: string})[], root: MemoryRegion): string {
	const raw: FlatRange[] = [];
	render(root, root.addr, 0, Number.MAX_SAFE_INTEGER, raw);
	raw.sort((a, b) => a.start - b.start);
	const merged: FlatRange[] = [];
	for (const r of raw) {
		const last = merged.at(-1);
		const canMerge = last && last.mr === r.mr && last.end === r.start && last.offset + (last.end - last.start) === r.offset
			&& last.readonly === r.readonly && last.nonvolatile === r.nonvolatile;
		if (last && canMerge) last.end = r.end;
		else merged.push({...r});
	}
	const out = [
		`FlatView #${index}`,
		...asNames.map((as) => (typeof as === 'string' ? ` AS "${as}", root: ${root.name}` : ` AS "${as.name}", root: ${as.root}`)),
		` Root memory region: ${root.name}`,
	];
	for (const r of merged) {
		const at = r.offset ? ` @${hex16(r.offset)}` : '';
		out.push(`  ${range(r.start, r.end - r.start)} (prio ${r.mr.priority}, ${nv(r)}${r.readonly ? 'rom' : r.mr.kind}): ${r.mr.name}${at}`);
	}
	return `${out.join('\n')}\n\n`;
}

/**
 * `info mtree -f` for the FlatView of address spaces whose root renders nothing (a PCI function's
 * `bus master container` with its alias off): named, with no root region and no ranges.
 */
export function emptyFlatViewText(index: number, asNames: string[], root: string): string {
	return `${[`FlatView #${index}`, ...asNames.map((name) => ` AS "${name}", root: ${root}`), ' Root memory region: (none)', '  No rendered FlatView'].join('\n')}\n\n`;
}
