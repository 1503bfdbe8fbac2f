#!/usr/bin/env node
// Follows a zone's per-CPU free list through a page allocator trace (`cat
// /sys/kernel/tracing/trace` of a guest booted with APPEND='trace_event=kmem:mm_page_free,
// kmem:mm_page_free_batched,kmem:mm_page_alloc,kmem:mm_page_alloc_zone_locked,
// kmem:mm_page_pcpu_drain trace_buf_size=2M', see probe.mjs) and prints it as runs: the kind
// (F free, A allocation, R rmqueue_bulk() refill, D free_pcppages_bulk() trim), the task, the
// pages, the first timestamp and the running count. Orders 0 to 3 only, pfns from FIRST_PFN
// (default 0x1000: DMA32) up to LAST_PFN.
// The count is relative: pages a bulk allocation (vmalloc()'s alloc_pages_bulk()) takes show
// no event, so it drifts; a trim is an anchor (the list stood at its high mark just before it).
// A developer tool: nothing in the tests or the app runs it. Session 58 read free_initmem()'s
// runs of frees and the count before them this way (pcp-boot.ts pcpOneCpuBootList()).
//
//   node scripts/lab/pcp-trace.mjs TRACE.txt [FIRST_PFN] [LAST_PFN]
import fs from 'node:fs';

const [file, first = '0x1000', lastPfn = '0xffffffffff'] = process.argv.slice(2);
if (!file) {
	console.error('usage: pcp-trace.mjs TRACE.txt [FIRST_PFN] [LAST_PFN]');
	process.exit(2);
}
const from = Number(first);
const to = Number(lastPfn);
const EVENT = /^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+([\d.]+): mm_page_(\w+): (?:page=\S+ )?pfn=0x([0-9a-f]+) order=(\d+)(?: migratetype=(-?\d+))?(?: percpu_refill=(\d))?/;
const KIND = {free: 'F', free_batched: 'F', alloc: 'A', alloc_zone_locked: 'R', pcpu_drain: 'D'};
let count = 0;
let run;
const flush = () => run && console.log([run.kind, run.task, run.pages, run.at, run.count].join('\t'));
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
	const m = EVENT.exec(line);
	if (!m) continue;
	const [, task, , at, event, pfnHex, order, , refill] = m;
	const pfn = parseInt(pfnHex, 16);
	const kind = KIND[event];
	// (mm_page_alloc_zone_locked with percpu_refill 0 is an allocation that bypassed the lists.)
	if (!kind || pfn < from || pfn >= to || Number(order) > 3 || (kind === 'R' && refill !== '1')) continue;
	const pages = 1 << Number(order);
	count += kind === 'F' || kind === 'R' ? pages : -pages;
	if (!run || run.kind !== kind || run.task !== task) {
		flush();
		run = {kind, task, pages: 0, at, count};
	}
	run.pages += pages;
	run.count = count;
}
flush();
