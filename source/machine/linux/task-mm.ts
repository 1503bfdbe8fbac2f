/**
 * A user task's address space as /proc/<pid>/maps, smaps, smaps_rollup, numa_maps, map_files
 * and status show it. Every user task of this guest runs the initramfs's static busybox (a
 * non-PIE ELF at 0x400000, inode 251 of the rootfs, device 00:02), so each mm is the same five
 * image mappings and bss, then what exec randomizes (PF_RANDOMIZE, randomize_va_space 2): the
 * heap (arch_randomize_brk(): a page within 1 GiB above the bss), the stack (STACK_TOP less up to
 * 16 GiB, 22 bits of pages), [vvar] and [vdso] (vdso_addr(): a page between the stack's top and
 * the next 2 MiB boundary) and mmap_base (TASK_SIZE less a gap of 16 GiB + 9 MiB and up to
 * 1 TiB of pages), below which `cat` maps its 64 KiB copy buffer (bb_copyfd with
 * FEATURE_COPYBUF_KB=64 mmaps it when sendfile(2) fails: Task.copyBuf). Measured on the lab's
 * 1G guest (session 44, lab s44/pc).
 *
 * Which pages are resident is each task's working set: the console shell's as its smaps showed
 * it, a freshly exec'ed program's as `cat`'s did. Pages of the image live in the rootfs (shmem)
 * and are shared between tasks: memhp takes the working sets as nested (every task touches the
 * start-up code a smaller one touches), so page k of a mapping is mapped by every task whose set
 * there has more than k pages, and PSS divides each page by that count, as smaps_pte_entry()
 * does by page_mapcount(). The last page of the read-only data is mapped twice by every task
 * (the RELRO mapping starts on it), so its mapcount is twice the tasks'.
 */

import {PAGE_SIZE as PAGE} from './memblock.js';
import {DEV} from './mounts.js';
import type {Task} from './process.js';

/** The static busybox's inode on the lab guest's rootfs (its device is the rootfs's, DEV.rootfs). */
const BUSYBOX_INO = 251;
const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const ROOTFS_DEV = `${hex2(DEV.rootfs[0])}:${hex2(DEV.rootfs[1])}`;

/** TASK_SIZE_MAX - PAGE_SIZE: STACK_TOP of a 64-bit task. */
const STACK_TOP = 0x7ffffffff000;
/** mmap_base()'s gap: the 8 MiB stack limit, stack_guard_gap (1 MiB) and the stack's 16 GiB of randomization. */
const MMAP_GAP = 16 * 2 ** 30 + 9 * 2 ** 20;
const PMD = 2 * 2 ** 20;
const COPYBUF = 64 * 1024;

export type VmaKind = 'text-r' | 'text-x' | 'rodata' | 'relro' | 'data' | 'bss' | 'heap' | 'copybuf' | 'stack' | 'vvar' | 'vdso';

export interface Vma {
	kind: VmaKind;
	start: number;
	end: number;
	perms: string;
	/** File offset (pages of the image), 0 for anonymous mappings. */
	pgoff: number;
	file: boolean;
	name: string;
	/** show_smap_vma_flags(). */
	flags: string;
}

/** The image's mappings (the ELF's PT_LOAD segments as the kernel maps them). */
const IMAGE: readonly {kind: VmaKind; start: number; end: number; perms: string; pgoff: number; flags: string}[] = [
	{kind: 'text-r', start: 0x400000, end: 0x401000, perms: 'r--p', pgoff: 0, flags: 'rd mr mw me sd'},
	{kind: 'text-x', start: 0x401000, end: 0x585000, perms: 'r-xp', pgoff: 0x1000, flags: 'rd ex mr mw me sd'},
	{kind: 'rodata', start: 0x585000, end: 0x5db000, perms: 'r--p', pgoff: 0x185000, flags: 'rd mr mw me sd'},
	{kind: 'relro', start: 0x5db000, end: 0x5e2000, perms: 'r--p', pgoff: 0x1da000, flags: 'rd mr mw me ac sd'},
	{kind: 'data', start: 0x5e2000, end: 0x5e5000, perms: 'rw-p', pgoff: 0x1e1000, flags: 'rd wr mr mw me ac sd'},
];
const BSS = {start: 0x5e5000, end: 0x5ec000};
const HEAP_BYTES = 0x22000;
const STACK_BYTES = 0x21000;

/** Where exec put a task's randomized mappings (page numbers drawn from the task's own generator). */
export interface Layout {
	heap: number;
	stackEnd: number;
	vvar: number;
	mmapBase: number;
}

/** A small deterministic generator (splitmix32) per task: the same machine and pid give the same layout. */
function generator(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x9e3779b9) >>> 0;
		let z = s;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
		return (z ^ (z >>> 16)) >>> 0;
	};
}

/** load_elf_binary()'s randomization for a new image, from `seed` (a fork's pid, or another number for an exec in place). */
export function randomLayout(seed: number): Layout {
	const next = generator(seed * 2654435761);
	const pages = (bits: number) => next() % 2 ** bits;
	const heap = BSS.end + pages(18) * PAGE;
	const stackEnd = STACK_TOP - pages(22) * PAGE;
	// vdso_addr(): from the stack's top to the next PMD boundary (at most TASK_SIZE_MAX), less
	// the [vvar]+[vdso] size.
	const room = Math.max(0, (Math.min(Math.ceil((stackEnd + 1) / PMD) * PMD, STACK_TOP) - stackEnd - 6 * PAGE) / PAGE);
	const vvar = stackEnd + (next() % (room + 1)) * PAGE;
	const mmapBase = STACK_TOP - MMAP_GAP - pages(28) * PAGE;
	return {heap, stackEnd, vvar, mmapBase};
}

/** The task's VMAs in address order (its own layout unless given); none for a kernel thread. */
export function taskVmas(t: Task, layout: Layout = t.layout ?? randomLayout(t.pid)): Vma[] {
	if (t.kthread) return [];
	const image = IMAGE.map(m => ({...m, file: true, name: '/bin/busybox'}));
	const anon = (kind: VmaKind, start: number, end: number, name: string, perms = 'rw-p', flags = 'rd wr mr mw me ac sd'): Vma => ({kind, start, end, perms, pgoff: 0, file: false, name, flags});
	const vmas: Vma[] = [...image, anon('bss', BSS.start, BSS.end, ''), anon('heap', layout.heap, layout.heap + HEAP_BYTES, '[heap]')];
	if (t.copyBuf) vmas.push(anon('copybuf', layout.mmapBase - COPYBUF, layout.mmapBase, ''));
	vmas.push(anon('stack', layout.stackEnd - STACK_BYTES, layout.stackEnd, '[stack]', 'rw-p', 'rd wr mr mw me gd ac'));
	vmas.push(anon('vvar', layout.vvar, layout.vvar + 4 * PAGE, '[vvar]', 'r--p', 'rd mr pf io de dd sd'));
	vmas.push(anon('vdso', layout.vvar + 4 * PAGE, layout.vvar + 6 * PAGE, '[vdso]', 'r-xp', 'rd ex mr mw me de sd'));
	return vmas;
}

/** Resident pages of one mapping: the file (shmem) pages and the private anonymous ones. */
interface Resident {
	file: number;
	anon: number;
}

/**
 * Working sets, pages per mapping: the console shell's (lab s44/pc a: its smaps with one `cat`
 * running) and a freshly exec'ed program's (`cat /proc/self/smaps`). A forked shell that has not
 * exec'ed has its parent's.
 */
const SHELL_SET: Readonly<Partial<Record<VmaKind, Resident>>> = {
	'text-r': {file: 1, anon: 0}, 'text-x': {file: 324, anon: 0}, rodata: {file: 86, anon: 0}, relro: {file: 5, anon: 2},
	data: {file: 0, anon: 3}, bss: {file: 0, anon: 3}, heap: {file: 0, anon: 10}, stack: {file: 0, anon: 2}, vdso: {file: 1, anon: 0},
};
const PROGRAM_SET: Readonly<Partial<Record<VmaKind, Resident>>> = {
	'text-r': {file: 1, anon: 0}, 'text-x': {file: 260, anon: 0}, rodata: {file: 86, anon: 0}, relro: {file: 5, anon: 2},
	data: {file: 0, anon: 3}, bss: {file: 0, anon: 3}, heap: {file: 0, anon: 2}, copybuf: {file: 0, anon: 1}, stack: {file: 0, anon: 2}, vdso: {file: 1, anon: 0},
};

function workingSet(t: Task): Readonly<Partial<Record<VmaKind, Resident>>> {
	return t.execed ? PROGRAM_SET : SHELL_SET;
}

/** One mapping's smaps figures, in pages (PSS in 1/4096ths of a page, as the kernel's fixed point). */
export interface VmaStats {
	rss: number;
	anon: number;
	sharedClean: number;
	sharedDirty: number;
	privateDirty: number;
	pss: number;
	pssAnon: number;
	pssFile: number;
	pssShmem: number;
	pssDirty: number;
	/** Most mappings of one page (numa_maps' mapmax). */
	mapmax: number;
}

/** Pages the seq_file had copied to the reader before this mapping's record (a copy buffer touched by then). */
export type CopiedPages = number;

/**
 * smaps_account() over the mapping's resident pages. `all`: every live user task (for the
 * mapcounts); `copied`: how many pages of output the reading task's buffer had taken when this
 * record was generated (its copy buffer is touched only by the read(2) in progress).
 */
export function vmaStats(t: Task, vma: Vma, all: readonly Task[], copied: CopiedPages = 0): VmaStats {
	const set = workingSet(t)[vma.kind] ?? {file: 0, anon: 0};
	const anon = vma.kind === 'copybuf' ? Math.min(set.anon, copied, (vma.end - vma.start) / PAGE) : set.anon;
	const sizes = all.filter(o => !o.kthread && (vma.kind !== 'copybuf' || o === t)).map(o => (workingSet(o)[vma.kind] ?? {file: 0}).file);
	let pss = 0;
	let sharedClean = 0;
	let sharedDirty = 0;
	let privateDirty = 0;
	let mapmax = anon > 0 ? 1 : 0;
	// The page RELRO shares with the read-only data: mapped twice per task.
	const twice = (k: number) => (vma.kind === 'rodata' && k === set.file - 1) || (vma.kind === 'relro' && k === 0);
	for (let k = 0; k < set.file; k++) {
		let mapcount = Math.max(1, sizes.filter(n => n > k).length);
		if (twice(k)) mapcount *= 2;
		mapmax = Math.max(mapmax, mapcount);
		pss += Math.floor(PAGE / mapcount);
		// The vdso's page is the kernel's, never written; shmem pages of the image are dirty.
		if (mapcount > 1) {
			if (vma.kind === 'vdso') sharedClean++;
			else sharedDirty++;
		} else if (vma.kind !== 'vdso') privateDirty++;
	}
	const filePss = pss;
	pss += anon * PAGE;
	privateDirty += anon;
	return {
		rss: set.file + anon, anon, sharedClean, sharedDirty, privateDirty, pss,
		pssAnon: anon * PAGE, pssFile: vma.kind === 'vdso' ? filePss : 0, pssShmem: vma.kind === 'vdso' ? 0 : filePss,
		pssDirty: pss - (vma.kind === 'vdso' ? filePss : 0), mapmax,
	};
}

const hex = (n: number, w = 8) => n.toString(16).padStart(w, '0');

/** show_map_vma(): the header line, the name padded to column 73 (seq_pad()). */
export function mapsLine(vma: Vma): string {
	const prefix = `${hex(vma.start)}-${hex(vma.end)} ${vma.perms} ${hex(vma.pgoff)} ${vma.file ? ROOTFS_DEV : '00:00'} ${vma.file ? BUSYBOX_INO : 0} `;
	return vma.name ? `${prefix.padEnd(73)}${vma.name}` : prefix;
}

const kb = (name: string, pages: number) => `${`${name}:`.padEnd(16)}${String(pages * 4).padStart(8)} kB`;
const kbFixed = (name: string, pss: number) => `${`${name}:`.padEnd(16)}${String(Math.floor(pss / 1024)).padStart(8)} kB`;

/** The figures show_smap() and show_smaps_rollup() print after the header, in their order. */
function smapLines(s: VmaStats, rollup: boolean): string[] {
	const l = [kb('Rss', s.rss), kbFixed('Pss', s.pss), kbFixed('Pss_Dirty', s.pssDirty)];
	if (rollup) l.push(kbFixed('Pss_Anon', s.pssAnon), kbFixed('Pss_File', s.pssFile), kbFixed('Pss_Shmem', s.pssShmem));
	l.push(kb('Shared_Clean', s.sharedClean), kb('Shared_Dirty', s.sharedDirty), kb('Private_Clean', 0), kb('Private_Dirty', s.privateDirty),
		kb('Referenced', s.rss), kb('Anonymous', s.anon), kb('LazyFree', 0), kb('AnonHugePages', 0), kb('ShmemPmdMapped', 0), kb('FilePmdMapped', 0),
		kb('Shared_Hugetlb', 0), kb('Private_Hugetlb', 0), kb('Swap', 0), kb('SwapPss', 0), kb('Locked', 0));
	return l;
}

/** /proc/<pid>/maps. */
export function showMaps(vmas: readonly Vma[]): string {
	return vmas.map(v => `${mapsLine(v)}\n`).join('');
}

/** /proc/<pid>/smaps: a record per mapping; the reader's copy buffer fills as the seq_file hands out pages. */
export function showSmaps(t: Task, vmas: readonly Vma[], all: readonly Task[]): string {
	let out = '';
	for (const v of vmas) {
		const s = vmaStats(t, v, all, Math.floor(out.length / PAGE));
		const size = `${'Size:'.padEnd(16)}${String((v.end - v.start) / 1024).padStart(8)} kB`;
		out += [mapsLine(v), size, kb('KernelPageSize', 1), kb('MMUPageSize', 1), ...smapLines(s, false), 'THPeligible:    0', `VmFlags: ${v.flags} `].join('\n') + '\n';
	}
	return out;
}

/** /proc/<pid>/smaps_rollup: the sums under one header spanning the mappings. */
export function showSmapsRollup(t: Task, vmas: readonly Vma[], all: readonly Task[]): string {
	const sum: VmaStats = {rss: 0, anon: 0, sharedClean: 0, sharedDirty: 0, privateDirty: 0, pss: 0, pssAnon: 0, pssFile: 0, pssShmem: 0, pssDirty: 0, mapmax: 0};
	for (const v of vmas) {
		const s = vmaStats(t, v, all);
		for (const k of Object.keys(sum) as (keyof VmaStats)[]) sum[k] += s[k];
	}
	const head = `${hex(vmas[0]!.start)}-${hex(vmas.at(-1)!.end)} ---p 00000000 00:00 0 `.padEnd(73) + '[rollup]';
	return [head, ...smapLines(sum, true)].join('\n') + '\n';
}

/** /proc/<pid>/numa_maps: one node (N0), the mapping's policy and its resident pages. */
export function showNumaMaps(t: Task, vmas: readonly Vma[], all: readonly Task[]): string {
	return vmas.map(v => {
		const s = vmaStats(t, v, all);
		const name = v.file ? ` file=${v.name}` : v.kind === 'heap' ? ' heap' : v.kind === 'stack' ? ' stack' : '';
		if (!s.rss || v.kind === 'vdso' || v.kind === 'vvar') return `${hex(v.start)} default${name}\n`;
		const file = workingSet(t)[v.kind]?.file ?? 0;
		// Anonymous pages written after the fork or exec sit on the inactive list until touched
		// again (the relro mapping's file pages count as active).
		const anonPart = s.anon ? ` anon=${s.anon}` : '';
		const active = s.anon ? ` active=${v.kind === 'relro' ? file : v.kind === 'stack' && t.execed ? 1 : 0}` : '';
		const mapmax = s.mapmax > 1 ? ` mapmax=${s.mapmax}` : '';
		return `${hex(v.start)} default${name}${anonPart} dirty=${s.rss}${mapmax}${active} N0=${s.rss} kernelpagesize_kB=4\n`;
	}).join('');
}

/**
 * Pages of the mappings that carry VM_ACCOUNT (smaps' `ac`): what the mm has charged to
 * vm_committed_as (mmap_region() and brk for private writable memory, the stack as it grows;
 * an mprotect() to read-only, as of the RELRO range, keeps the charge).
 */
export function accountedPages(vmas: readonly Vma[]): number {
	let n = 0;
	for (const v of vmas) if (v.flags.split(' ').includes('ac')) n += (v.end - v.start) / PAGE;
	return n;
}

/** status's and statm's sizes: total, data (writable private, not stack) and stack, in kB. */
export function vmSizes(vmas: readonly Vma[]): {size: number; data: number; stk: number; exe: number} {
	let size = 0;
	let data = 0;
	let stk = 0;
	let exe = 0;
	for (const v of vmas) {
		const k = (v.end - v.start) / 1024;
		size += k;
		if (v.kind === 'stack') stk += k;
		else if (v.perms[1] === 'w') data += k;
		if (v.perms[2] === 'x' && v.file) exe += k;
	}
	return {size, data, stk, exe};
}
