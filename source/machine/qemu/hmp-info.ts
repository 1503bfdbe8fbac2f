/**
 * Text formatting of the `info` subcommands memhp simulates (hmp_info_memdev,
 * hmp_info_memory_devices, hmp_info_memory_size_summary, hmp_info_numa, hmp_info_status,
 * hmp_info_version) over the QMP data.
 */
import type {QemuMachine} from './machine.js';
import {numaText, queryMemdev, queryMemoryDevices, QEMU_PKGVERSION, QEMU_VERSION} from './qmp-commands.js';

/** string_output_visitor for a uint16 list: ranges collapsed ("0-2,5"). */
function formatHostNodes(nodes: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < nodes.length; i++) {
		let j = i;
		while (j + 1 < nodes.length && nodes[j + 1] === nodes[j] + 1) j++;
		parts.push(j > i ? `${nodes[i]}-${nodes[j]}` : `${nodes[i]}`);
		i = j;
	}
	return parts.join(',');
}

export function infoMemdev(m: QemuMachine): string {
	let out = '';
	for (const b of queryMemdev(m) as Array<Record<string, unknown>>) {
		out += `memory backend: ${b.id}\n`;
		out += `  size:  ${b.size}\n`;
		out += `  merge: ${b.merge}\n`;
		out += `  dump: ${b.dump}\n`;
		out += `  prealloc: ${b.prealloc}\n`;
		out += `  share: ${b.share}\n`;
		out += `  reserve: ${b.reserve}\n`;
		out += `  policy: ${b.policy}\n`;
		out += `  host nodes: ${formatHostNodes(b['host-nodes'] as number[])}\n`;
	}
	return `${out}\n`;
}

export function infoMemoryDevices(m: QemuMachine): string {
	let out = '';
	for (const {type, data: d} of queryMemoryDevices(m) as Array<{type: string; data: Record<string, unknown>}>) {
		out += `Memory device [${type}]: "${(d.id as string | undefined) ?? ''}"\n`;
		if (type === 'virtio-mem') {
			out += `  memaddr: 0x${(d.memaddr as number).toString(16)}\n  node: ${d.node}\n  requested-size: ${d['requested-size']}\n  size: ${d.size}\n`;
			out += `  max-size: ${d['max-size']}\n  block-size: ${d['block-size']}\n  memdev: ${d.memdev}\n`;
			continue;
		}
		out += `  addr: 0x${(d.addr as number).toString(16)}\n`;
		out += `  slot: ${d.slot}\n  node: ${d.node}\n  size: ${d.size}\n  memdev: ${d.memdev}\n`;
		out += `  hotplugged: ${d.hotplugged}\n  hotpluggable: ${d.hotpluggable}\n`;
	}
	return out;
}

export function infoMemorySizeSummary(m: QemuMachine): string {
	return `base memory: ${m.config.memory.size}\nplugged memory: ${m.pluggedMemory()}\n`;
}

export function infoNuma(m: QemuMachine): string {
	return numaText(m);
}

/** hmp_info_status: "paused (prelaunch)" before the first cont of a -S machine. */
export function infoStatus(m: QemuMachine): string {
	const running = m.running();
	return `VM status: ${running ? 'running' : 'paused'}${!running && m.runstate !== 'paused' ? ` (${m.runstate})` : ''}\n`;
}

/** hmp_info_version prints "%d.%d.%d%s" with the package string appended as is. */
export function infoVersion(): string {
	return `${QEMU_VERSION.major}.${QEMU_VERSION.minor}.${QEMU_VERSION.micro}${QEMU_PKGVERSION}\n`;
}
