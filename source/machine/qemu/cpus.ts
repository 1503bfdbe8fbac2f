/**
 * The machine's vCPUs as the monitor sees them: query-cpus-fast (cpus.c), the possible CPUs
 * of x86_possible_cpu_arch_ids() for query-hotpluggable-cpus (hw/core/machine-qmp-cmds.c),
 * and the monitor's current CPU (monitor_set_cpu / monitor_get_cpu_index).
 *
 * Thread ids are the host's: memhp simulates a QEMU process whose main thread is
 * SIMULATED_QEMU_PID, whose call_rcu thread comes next, and whose MTTCG vCPU threads follow in
 * CPU index order, as they are created at machine init.
 */
import type {QemuConfig} from './qemu-command-line.js';
import {x86CpuProps, type CpuInstanceProps} from './smp.js';

export const SIMULATED_QEMU_PID = 4242;

/** X86_CPU_TYPE_NAME(model). */
export const cpuTypeName = (config: QemuConfig): string => `${config.cpuModel}-x86_64-cpu`;

/**
 * The boot CPUs are the first devices pc_init1() creates in /machine/unattached, but for the
 * kvmvapic device CPU 0's APIC creates in between (pc-composition.ts): device[0], then [2]...
 */
const cpuQomPath = (index: number): string => `/machine/unattached/device[${index === 0 ? 0 : index + 1}]`;

export interface CpuInfoFast {
	'cpu-index': number;
	'qom-path': string;
	'thread-id': number;
	props: CpuInstanceProps;
	target: 'x86_64';
}

export function queryCpusFast(config: QemuConfig, numaNodes: number): CpuInfoFast[] {
	return Array.from({length: config.smp}, (_, i) => ({
		'cpu-index': i,
		'qom-path': cpuQomPath(i),
		'thread-id': SIMULATED_QEMU_PID + 2 + i,
		props: x86CpuProps(config.topology, i, numaNodes),
		target: 'x86_64',
	}));
}

export interface HotpluggableCpu {
	type: string;
	'vcpus-count': number;
	props: CpuInstanceProps;
	'qom-path'?: string;
}

/** machine_query_hotpluggable_cpus(): every possible CPU, QAPI_LIST_PREPEND'ed (last first). */
export function queryHotpluggableCpus(config: QemuConfig, numaNodes: number): HotpluggableCpu[] {
	const list: HotpluggableCpu[] = [];
	for (let i = 0; i < config.topology.maxCpus; i++) {
		const item: HotpluggableCpu = {type: cpuTypeName(config), 'vcpus-count': 1, props: x86CpuProps(config.topology, i, numaNodes)};
		if (i < config.smp) item['qom-path'] = cpuQomPath(i);
		list.unshift(item);
	}
	return list;
}

/** hmp_info_cpus (7.2): `*` marks the monitor's current CPU. */
export function infoCpus(config: QemuConfig, currentCpu: number): string {
	return queryCpusFast(config, 0).map((c) => `${c['cpu-index'] === currentCpu ? '*' : ' '} CPU #${c['cpu-index']}: thread_id=${c['thread-id']}\n`).join('');
}

/** hmp_hotpluggable_cpus. */
export function infoHotpluggableCpus(config: QemuConfig, numaNodes: number): string {
	let out = 'Hotpluggable CPUs:\n';
	for (const c of queryHotpluggableCpus(config, numaNodes)) {
		out += `  type: "${c.type}"\n  vcpus_count: "${c['vcpus-count']}"\n`;
		if (c['qom-path'] !== undefined) out += `  qom_path: "${c['qom-path']}"\n`;
		out += '  CPUInstance Properties:\n';
		if (c.props['node-id'] !== undefined) out += `    node-id: "${c.props['node-id']}"\n`;
		out += `    socket-id: "${c.props['socket-id']}"\n`;
		if (c.props['die-id'] !== undefined) out += `    die-id: "${c.props['die-id']}"\n`;
		out += `    core-id: "${c.props['core-id']}"\n    thread-id: "${c.props['thread-id']}"\n`;
	}
	return out;
}
