/**
 * How the guest sees its CPUs' topology: the APIC ID QEMU gives each vCPU
 * (x86_apicid_from_topo_ids(): SMT, core, die and package fields, each as wide as its count
 * needs in bits) and what arch/x86 derives from it (phys_proc_id, cpu_core_id for this AMD
 * family 0xf vCPU, the package count of "Max logical packages").
 */
import type {FirmwareBootInfo} from '../acpi.js';

export interface CpuTopology {
	sockets: number;
	dies: number;
	cores: number;
	threads: number;
}

/** The boot information's topology, or one package of `cpus` cores. */
export function cpuTopology(boot: FirmwareBootInfo): CpuTopology {
	return boot.topology ?? {sockets: 1, dies: 1, cores: Math.max(1, boot.cpus), threads: 1};
}

/** apicid_bitwidth_for_count(): bits to number `count` items (0 for one). */
const bitWidth = (count: number): number => (count <= 1 ? 0 : Math.ceil(Math.log2(count)));

export interface CpuIds {
	apicId: number;
	packageId: number;
	/** cpu_core_id: the APIC ID bits below the package field (AMD without TOPOEXT). */
	coreId: number;
}

/** CPU index `idx`'s ids (x86_topo_ids_from_idx() then x86_apicid_from_topo_ids()). */
export function cpuIds(t: CpuTopology, idx: number): CpuIds {
	const smt = idx % t.threads;
	const core = Math.floor(idx / t.threads) % t.cores;
	const die = Math.floor(idx / (t.threads * t.cores)) % t.dies;
	const pkg = Math.floor(idx / (t.threads * t.cores * t.dies));
	const coreOffset = bitWidth(t.threads);
	const dieOffset = coreOffset + bitWidth(t.cores);
	const pkgOffset = dieOffset + bitWidth(t.dies);
	const apicId = (pkg << pkgOffset) | (die << dieOffset) | (core << coreOffset) | smt;
	return {apicId, packageId: pkg, coreId: apicId & ((1 << pkgOffset) - 1)};
}
