import type {Pane} from '../machine/session-types.js';
import type {DimmStatus, HotplugEvent, MachineSnapshot, ZoneName} from '../machine/snapshot.js';
import type {FreeRun} from './types.js';
import {kstrtobool, onlineTypeFromStr} from '../machine/linux/cmdline.js';

/** The slab caches an offline refusal's explanation names. */
const BUSY_SLABS = ['names_cache', 'kmalloc-cg-8k', 'pde_opener', 'kmalloc-32', 'kmalloc-1k', 'kmalloc-96', 'kmalloc-2k', 'sigqueue', 'Acpi-State', 'inode', 'dentry', 'kernfs_iattrs_cache', 'kernfs_node_cache', 'kmalloc-16'] as const;
export type BusySlab = typeof BUSY_SLABS[number];
/** An offline event's reason naming one of them: `(names_cache slab)`, `(empty kmalloc-16 slab)`. */
const BUSY_SLAB_REASON = new RegExp(`\\((empty )?(${BUSY_SLABS.join('|')}) slab\\)`);

/**
 * Why something the user just did failed or surprised, derived from model events and from
 * what the front-ends printed. The text for each kind lives in the i18n tables.
 */
export type Explanation =
	/** `offline` refused with EBUSY: unmovable (kernel) pages in the block. */
	| {kind: 'offline-busy'; block: number; zone?: ZoneName | 'none' | null; reason?: string; slab?: BusySlab; emptySlab?: true}
	/** `offline` failed because the block's movable pages had nowhere to migrate to. */
	| {kind: 'offline-no-room'; block: number}
	/** device_del had no effect: the guest could not offline the DIMM's blocks and refused _EJ0. */
	| {kind: 'eject-refused'; dimm?: string; blocks: number[]; byGuest?: boolean; disabled?: boolean}
	/** object_del refused while a DIMM still maps the backend. */
	| {kind: 'object-in-use'; backend: string; dimm?: string; dimmStatus: DimmStatus | 'none'}
	/** `free` after hot-add shows no new memory: the blocks are offline. */
	| {kind: 'free-unchanged'; blocks: number[]; autoOnline: string}
	/** A write to a read-only sysfs file. */
	| {kind: 'read-only'; path: string}
	/**
	 * A write to a block's `state` refused with EINVAL: a value state_store() does not take, a
	 * write that would not change the block's state, or an offline of a block offline_pages()
	 * cannot take (it spans two zones, or has holes).
	 */
	| {kind: 'state-rejected'; block: number; value: string; why: 'value' | 'unchanged' | 'spans-zones' | 'holes'; state: 'online' | 'offline'; file?: 'online'}
	/** An offline that shrank the hugetlb pool: its free huge pages in the block were dissolved. */
	| {kind: 'hugepages-dissolved'; block: number; pages: number}
	/** An offline that had to move the block's used (movable) pages elsewhere first. */
	| {kind: 'pages-migrated'; block: number; pages: number}
	/** The guest could not add a hot-plugged DIMM's memory (add_memory failed). */
	| {kind: 'hot-add-failed'; errno: 'EINVAL' | 'ENOMEM'; bytes: number}
	/** `free` after a hot-add on a guest booted with acpi_no_memhotplug: no blocks at all. */
	| {kind: 'memhotplug-disabled'; dimms: string[]};

export type ExplanationKind = Explanation['kind'];

/** An explanation for a hotplug event the guest handled, if it is one people get stuck on. */
export function explainEvent(event: HotplugEvent, snapshot: MachineSnapshot): Explanation | undefined {
	if (event.kind === 'offline-failed') {
		const block = event.blocks[0] ?? -1;
		if (event.reason?.includes('migration failed')) return {kind: 'offline-no-room', block};
		if (event.reason?.startsWith('EINVAL')) {
			return {kind: 'state-rejected', block, value: 'offline', state: 'online', why: event.reason.includes('multiple zones') ? 'spans-zones' : 'holes'};
		}
		const zone = event.zone ?? snapshot.guest?.blocks.find(b => b.index === block)?.zone;
		const m = BUSY_SLAB_REASON.exec(event.reason ?? '');
		const slab = m?.[2] as BusySlab | undefined;
		return {kind: 'offline-busy', block, zone, reason: event.reason, ...(slab ? {slab} : {}), ...(m?.[1] ? {emptySlab: true} : {})};
	}
	if (event.kind === 'eject-refused') {
		return {kind: 'eject-refused', dimm: event.dimm, blocks: event.blocks, ...(event.byGuest ? {byGuest: true} : {}), ...(event.ejectDisabled ? {disabled: true} : {})};
	}
	if (event.kind === 'hot-add-failed') {
		return {kind: 'hot-add-failed', errno: event.reason?.startsWith('EINVAL') ? 'EINVAL' : 'ENOMEM', bytes: event.bytes ?? 0};
	}
	if (event.kind === 'offline' && event.dissolvedHugePages) {
		return {kind: 'hugepages-dissolved', block: event.blocks[0] ?? -1, pages: event.dissolvedHugePages};
	}
	if (event.kind === 'offline' && event.migratedPages) {
		return {kind: 'pages-migrated', block: event.blocks[0] ?? -1, pages: event.migratedPages};
	}
	return undefined;
}

const IN_USE = /^Error: object '(.+)' is in use, can not be deleted$/;
const READ_ONLY = /^(?:-?\/?[\w/.-]*sh): can't create (.+): Permission denied$/;
const BUSY = /^(?:-?\/?[\w/.-]*sh): write error: Device or resource busy$/;
const EINVAL = /^(?:-?\/?[\w/.-]*sh): write error: Invalid argument$/;
/** A plain `echo VALUE > .../memoryN/state` (or `/online`), the command before a write error. */
const STATE_WRITE = /^echo\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s*>\s*\S*?memory(\d+)\/(state|online)\s*$/;
/** A `[HH:MM:SS.mmm] ` mux timestamp (C-a t) before a line. */
const MUX_STAMP = /^\[\d\d:\d\d:\d\d\.\d{3}\] /;

/** Strips what the terminal adds around a line: CR and the mux timestamp. */
export function cleanLine(line: string): string {
	return line.replace(/\r$/, '').replace(MUX_STAMP, '');
}

/**
 * An explanation for one complete output line of a front-end (monitor errors, ash's
 * messages for a failed redirection or write).
 */
export function explainLine(pane: Pane, line: string, snapshot: MachineSnapshot, command?: string): Explanation | undefined {
	const text = cleanLine(line);
	if (pane === 'monitor') {
		const inUse = IN_USE.exec(text);
		if (!inUse) return undefined;
		const backend = inUse[1];
		const dimm = snapshot.qemu.dimms.find(d => d.memdev === backend || d.memdev === `/objects/${backend}`);
		return {kind: 'object-in-use', backend, dimm: dimm?.id, dimmStatus: dimm?.status ?? 'none'};
	}
	const readOnly = READ_ONLY.exec(text);
	if (readOnly) return {kind: 'read-only', path: readOnly[1]};
	if (BUSY.test(text)) {
		// The kernel model normally reports an offline-failed event; this is the fallback.
		const failed = [...snapshot.events].reverse().find(e => e.kind === 'offline-failed');
		const block = failed?.blocks[0] ?? -1;
		return {kind: 'offline-busy', block, zone: snapshot.guest?.blocks.find(b => b.index === block)?.zone};
	}
	if (EINVAL.test(text) && command !== undefined) return explainStateWrite(command, snapshot);
	return undefined;
}

/**
 * Why `command`, a write to a block's state, got EINVAL: state_store() takes four values, and
 * device_online()/device_offline() report a block already in that state (1, which state_store()
 * turns into -EINVAL). (An offline offline_pages() refused is an event: explainEvent().)
 */
function explainStateWrite(command: string, snapshot: MachineSnapshot): Explanation | undefined {
	const m = STATE_WRITE.exec(command.trim());
	if (!m) return undefined;
	const value = m[1] ?? m[2] ?? m[3] ?? '';
	const block = Number(m[4]);
	const b = snapshot.guest?.blocks.find(x => x.index === block);
	if (!b) return undefined;
	const state: 'online' | 'offline' = b.state === 'offline' ? 'offline' : 'online';
	// online_store(): kstrtobool(), and a block already there is success (device_online() says 1).
	if (m[5] === 'online') return kstrtobool(value) === undefined ? {kind: 'state-rejected', block, value, state, why: 'value', file: 'online'} : undefined;
	if (onlineTypeFromStr(value) === undefined) return {kind: 'state-rejected', block, value, state, why: 'value'};
	if ((value === 'offline') === (state === 'offline')) return {kind: 'state-rejected', block, value, state, why: 'unchanged'};
	return undefined;
}

/** `free` after a hot-add while every new block is still offline. */
export function explainFreeRun(run: FreeRun, snapshot: MachineSnapshot): Explanation | undefined {
	if (run.hotplugBlocks.length === 0 && snapshot.guest?.acpiNoMemhotplug && snapshot.qemu.dimms.length > 0) {
		return {kind: 'memhotplug-disabled', dimms: snapshot.qemu.dimms.map(d => d.id || `slot ${d.slot}`)};
	}
	if (run.hotplugBlocks.length === 0 || run.onlineHotplugBlocks.length > 0) return undefined;
	return {kind: 'free-unchanged', blocks: run.hotplugBlocks, autoOnline: snapshot.guest?.autoOnlineBlocks ?? 'offline'};
}
