/**
 * x86 CPU models of qemu-system-x86_64 7.2 (target/i386/cpu.c builtin_x86_defs), reduced to
 * what decides the memory map: the CPUID vendor (AMD models get the HyperTransport hole
 * treatment in pc_memory_init) and whether the model is 64-bit (long mode).
 */
import {DEVICE_CATALOG_HELP} from './qemu-catalog.js';

/** Model names accepted by -cpu, derived from the "<model>-x86_64-cpu" QOM types. */
export const CPU_MODELS: ReadonlySet<string> = new Set(
	[...DEVICE_CATALOG_HELP.matchAll(/^name "(.+)-x86_64-cpu"/gm)].map((m) => m[1]),
);

/** vendor = CPUID_VENDOR_AMD in builtin_x86_defs (TCG's "max" model also reports AMD). */
export function isAmdCpuModel(model: string): boolean {
	return /^(qemu64|athlon|phenom|Opteron_G\d|EPYC|max)(-|$)/.test(model);
}

/** Models without CPUID_EXT2_LM: phys-bits is fixed (32, or 36 with PAE/PSE36). */
export function fixed32BitPhysBits(model: string): number | undefined {
	if (/^(486|pentium)(-v1)?$/.test(model)) return 32;
	if (/^(pentium2|pentium3|coreduo|n270|qemu32|kvm32|athlon)(-v1)?$/.test(model)) return 36;
	return undefined;
}
