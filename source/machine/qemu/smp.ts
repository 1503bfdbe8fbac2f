/**
 * `-smp` as QEMU 7.2 takes it: vl.c's machine_parse_property_opt() keyval-parses the option
 * (implied key `cpus`) into the machine's "smp" property, whose setter visits an
 * SMPConfiguration and calls machine_parse_smp_config() (hw/core/machine-smp.c). The pc
 * machine supports dies (not clusters), prefers cores over sockets (machine types since 6.2)
 * and allows 255 CPUs. x86_topo_ids_from_idx() gives each CPU index its socket/die/core/thread.
 */
import {keyvalParse} from './keyval.js';
import {firstUnvisitedKey} from './qdict-order.js';
import {qemuStrtoi64} from './qemu-strtosz.js';

export interface SmpTopology {
	cpus: number;
	sockets: number;
	dies: number;
	clusters: number;
	cores: number;
	threads: number;
	maxCpus: number;
}

/** SMPConfiguration's members, in the order the QAPI visitor visits them. */
const MEMBERS = ['cpus', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'maxcpus'] as const;
type Member = typeof MEMBERS[number];

/** pc-i440fx-7.2's MachineClass: name, max_cpus, smp_props. */
const PC_MACHINE = {name: 'pc-i440fx-7.2', minCpus: 0, maxCpus: 255, diesSupported: true, clustersSupported: false};

export const DEFAULT_SMP: SmpTopology = {cpus: 1, sockets: 1, dies: 1, clusters: 1, cores: 1, threads: 1, maxCpus: 1};

/** The C `unsigned` a QAPI int member is assigned to in machine_parse_smp_config(). */
const toUnsigned = (v: bigint): number => Number(BigInt.asUintN(32, v));

export type SmpParseResult = {ok: true; topology: SmpTopology; warnings: string[]; help?: string} | {ok: false; error: string; located: boolean};

/** qemu_opts_print_help() of vl.c's smp-opts list: its QEMU_OPT_NUMBER members, sorted. */
const SMP_OPTS_HELP = `smp-opts options:\n${[...MEMBERS].sort().map((m) => `  ${m}=<num>\n`).join('')}`;

/**
 * Parses `-smp TEXT`. Errors from keyval_parse() carry the option's location
 * (`-smp TEXT: ...`); the visitor's and machine_parse_smp_config()'s do not (`located: false`),
 * since they are reported when the machine's options are applied.
 */
export function parseSmpOption(text: string): SmpParseResult {
	const parsed = keyvalParse(text, 'cpus');
	if (!parsed.ok) return {ok: false, error: parsed.error, located: true};
	if (parsed.options.help) return {ok: true, topology: DEFAULT_SMP, warnings: [], help: SMP_OPTS_HELP};
	const given = new Map<Member, number>();
	for (const member of MEMBERS) {
		const raw = parsed.options.values.get(member);
		if (raw === undefined) continue;
		// qobject_input_type_int64_keyval(): qemu_strtoi64(str, NULL, 0).
		const value = qemuStrtoi64(raw, 0);
		if (!value.ok) return {ok: false, error: `Parameter 'smp.${member}' expects integer`, located: false};
		given.set(member, toUnsigned(value.value));
	}
	// qobject_input_check_struct(): the first key (in QDict order) the visitor left unvisited.
	const unexpected = firstUnvisitedKey(parsed.options.values.keys(), MEMBERS);
	if (unexpected !== undefined) return {ok: false, error: `Parameter 'smp.${unexpected}' is unexpected`, located: false};
	return machineParseSmpConfig(given);
}

function hierarchy(t: SmpTopology): string {
	let s = `sockets (${t.sockets})`;
	if (PC_MACHINE.diesSupported) s += ` * dies (${t.dies})`;
	if (PC_MACHINE.clustersSupported) s += ` * clusters (${t.clusters})`;
	return `${s} * cores (${t.cores}) * threads (${t.threads})`;
}

/** machine_parse_smp_config() of QEMU 7.2 for the pc machine. */
export function machineParseSmpConfig(given: ReadonlyMap<Member, number>): SmpParseResult {
	const warnings: string[] = [];
	if ([...given.values()].some((v) => v === 0)) {
		warnings.push('Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero');
	}
	let cpus = given.get('cpus') ?? 0;
	let sockets = given.get('sockets') ?? 0;
	let dies = given.get('dies') ?? 0;
	let clusters = given.get('clusters') ?? 0;
	let cores = given.get('cores') ?? 0;
	let threads = given.get('threads') ?? 0;
	let maxCpus = given.get('maxcpus') ?? 0;
	if (!PC_MACHINE.diesSupported && dies > 1) return {ok: false, error: "dies not supported by this machine's CPU topology", located: false};
	if (!PC_MACHINE.clustersSupported && clusters > 1) return {ok: false, error: "clusters not supported by this machine's CPU topology", located: false};
	dies = dies > 0 ? dies : 1;
	clusters = clusters > 0 ? clusters : 1;
	const div = (a: number, b: number): number => (b === 0 ? 0 : Math.floor(a / b));
	if (cpus === 0 && maxCpus === 0) {
		sockets = sockets > 0 ? sockets : 1;
		cores = cores > 0 ? cores : 1;
		threads = threads > 0 ? threads : 1;
	} else {
		maxCpus = maxCpus > 0 ? maxCpus : cpus;
		// prefer cores over sockets since 6.2
		if (cores === 0) {
			sockets = sockets > 0 ? sockets : 1;
			threads = threads > 0 ? threads : 1;
			cores = div(maxCpus, sockets * dies * clusters * threads);
		} else if (sockets === 0) {
			threads = threads > 0 ? threads : 1;
			sockets = div(maxCpus, dies * clusters * cores * threads);
		}
		if (threads === 0) threads = div(maxCpus, sockets * dies * clusters * cores);
	}
	maxCpus = maxCpus > 0 ? maxCpus : sockets * dies * clusters * cores * threads;
	cpus = cpus > 0 ? cpus : maxCpus;
	const topology: SmpTopology = {cpus, sockets, dies, clusters, cores, threads, maxCpus};
	if (sockets * dies * clusters * cores * threads !== maxCpus) {
		return {ok: false, error: `Invalid CPU topology: product of the hierarchy must match maxcpus: ${hierarchy(topology)} != maxcpus (${maxCpus})`, located: false};
	}
	if (maxCpus < cpus) {
		return {ok: false, error: `Invalid CPU topology: maxcpus must be equal to or greater than smp: ${hierarchy(topology)} == maxcpus (${maxCpus}) < smp_cpus (${cpus})`, located: false};
	}
	if (cpus < PC_MACHINE.minCpus) {
		return {ok: false, error: `Invalid SMP CPUs ${cpus}. The min CPUs supported by machine '${PC_MACHINE.name}' is ${PC_MACHINE.minCpus}`, located: false};
	}
	if (maxCpus > PC_MACHINE.maxCpus) {
		return {ok: false, error: `Invalid SMP CPUs ${maxCpus}. The max CPUs supported by machine '${PC_MACHINE.name}' is ${PC_MACHINE.maxCpus}`, located: false};
	}
	return {ok: true, topology, warnings};
}

/** CpuInstanceProperties of one possible CPU (x86_possible_cpu_arch_ids), in QAPI member order. */
export interface CpuInstanceProps {
	'node-id'?: number;
	'socket-id': number;
	'die-id'?: number;
	'core-id': number;
	'thread-id': number;
}

/**
 * x86_topo_ids_from_idx(): package, die, core and SMT ids of CPU index `idx`. With NUMA nodes
 * (the pc machine makes one when memory hotplug is configured), machine_numa_finish_cpu_init()
 * gives every possible CPU the board's default node, 0 with one node.
 */
export function x86CpuProps(t: SmpTopology, idx: number, numaNodes = 0): CpuInstanceProps {
	const smt = idx % t.threads;
	const core = Math.floor(idx / t.threads) % t.cores;
	const die = Math.floor(idx / (t.threads * t.cores)) % t.dies;
	const pkg = Math.floor(idx / (t.threads * t.cores * t.dies));
	return {
		...(numaNodes > 0 ? {'node-id': 0} : {}),
		'socket-id': pkg,
		...(t.dies > 1 ? {'die-id': die} : {}),
		'core-id': core,
		'thread-id': smt,
	};
}
