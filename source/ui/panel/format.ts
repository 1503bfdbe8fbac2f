import type {DimmStatus, HotplugEvent} from '../../machine/snapshot.js';

/**
 * Text for the memory panel: sizes, block lists and one-line hotplug events.
 */

const MiB = 1024 * 1024;

/** Bytes as people read them in the tutorial: `512 MiB`, `1.5 GiB`, `8 GiB`. */
export function formatBytes(bytes: number): string {
	if (bytes === 0) return '0 B';
	if (bytes >= 1024 * MiB) {
		const gib = bytes / (1024 * MiB);
		return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
	}
	if (bytes >= MiB) return `${Math.round(bytes / MiB)} MiB`;
	return `${Math.round(bytes / 1024)} KiB`;
}

/** kB (as /proc/meminfo counts) to whole MiB, rounded to the nearest like busybox `free -m`. */
export function kbToMiB(kb: number): number {
	return Math.floor((kb + 512) / 1024);
}

/** `memory33`, `memory32-35`, `memory8, memory32-35` */
export function formatBlocks(blocks: number[]): string {
	const sorted = [...blocks].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
		parts.push(j > i ? `memory${sorted[i]}-${sorted[j]}` : `memory${sorted[i]}`);
		i = j + 1;
	}
	return parts.join(', ');
}

/** One line for the last hotplug event, e.g. `memory33 online → Normal, +128 MiB`. */
export function formatEvent(event: HotplugEvent): string {
	const blocks = event.blocks.length > 0 ? formatBlocks(event.blocks) : '';
	const bytes = event.bytes === undefined ? '' : formatBytes(event.bytes);
	const dimm = event.dimm ?? 'dimm';
	switch (event.kind) {
		case 'hot-add':
			return `${dimm} ${event.atBoot ? 'added at boot' : 'hot-added'}: ${blocks} offline${bytes ? `, ${bytes}` : ''}`;
		case 'online':
			return `${blocks} online → ${event.zone ?? '?'}${bytes ? `, +${bytes}` : ''}`;
		case 'offline':
			return `${blocks} offline${event.zone ? ` (was ${event.zone})` : ''}${bytes ? `, -${bytes}` : ''}`;
		case 'hot-add-failed':
			return `${dimm} not added: ${event.reason ?? 'error'}`;
		case 'offline-failed':
			return `offline refused: ${event.reason ?? 'EBUSY'}${blocks ? ` in ${blocks}` : ''}`;
		case 'eject':
			return `${dimm} ejected${blocks ? `: ${blocks} removed` : ''}${bytes ? `, -${bytes}` : ''}`;
		case 'eject-refused':
			return `eject refused (${dimm}): ${event.reason ?? 'EBUSY'}${blocks ? ` in ${blocks}` : ''}`;
		case 'remove':
			return `${dimm} removed${blocks ? `: ${blocks}` : ''}${bytes ? `, -${bytes}` : ''}`;
	}
}

/** DIMM status as the panel's table shows it. */
export function formatDimmStatus(status: DimmStatus): string {
	return {plugged: 'plugged', 'eject-requested': 'eject requested', 'eject-refused': 'eject refused', nvdimm: 'nvdimm, no guest driver'}[status];
}

/** Hex address as QEMU's `info memory-devices` prints it (`0x100000000`). */
export function formatAddr(addr: number): string {
	return '0x' + addr.toString(16);
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A sparkline of the last `width` samples, scaled from 0 to `max`. */
export function sparkline(samples: readonly number[], width: number, max: number): string {
	const tail = samples.slice(-Math.max(0, width));
	if (max <= 0) return tail.map(() => SPARK[0]).join('');
	return tail.map(v => SPARK[Math.min(SPARK.length - 1, Math.max(0, Math.round((v / max) * (SPARK.length - 1))))]).join('');
}

/** A bar of `width` columns, `fraction` of it filled. */
export function bar(fraction: number, width: number): string {
	const w = Math.max(0, width);
	const filled = Math.round(Math.min(1, Math.max(0, fraction)) * w);
	return '█'.repeat(filled) + '░'.repeat(w - filled);
}

/** Word-wraps `text`: first line `firstWidth` wide, then `width`; long words are cut. */
export function wordWrap(text: string, firstWidth: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	let limit = Math.max(1, firstWidth);
	for (const word of text.split(' ')) {
		let w = word;
		while (w.length > 0) {
			const sep = line ? 1 : 0;
			if (line.length + sep + w.length <= limit) {
				line += (sep ? ' ' : '') + w;
				w = '';
			} else if (line) {
				lines.push(line);
				line = '';
				limit = Math.max(1, width);
			} else {
				lines.push(w.slice(0, limit));
				w = w.slice(limit);
				limit = Math.max(1, width);
			}
		}
	}
	if (line || lines.length === 0) lines.push(line);
	return lines;
}
