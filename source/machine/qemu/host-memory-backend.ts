/**
 * memory-backend-ram (backends/hostmem.c, hostmem-ram.c): the QOM object behind
 * `object_add memory-backend-ram,...`, its properties with their defaults, the setters'
 * checks and qom-get/qom-set behaviour once the RAM is allocated.
 */
import {GHashTable} from './glib-hash-table.js';
import {MemoryRegionObject, QomObject, type PropertyInfo} from './qom.js';
import type {RamBlock, RamList} from './ram-block.js';

/** TASK_SIZE_MAX of an x86_64 host with 4-level paging (2^47 - 4096) and QEMU_VMALLOC_ALIGN. */
const HOST_TASK_SIZE = 2 ** 47 - 4096;
const QEMU_VMALLOC_ALIGN = 2 * 1024 * 1024;
/** The host's page size (qemu_fd_getpagesize() of a memfd without MFD_HUGETLB). */
const HOST_PAGE_SIZE = 4096;

/**
 * ram_block_add()'s failure for RAM `id` of `size` bytes: qemu_ram_mmap() reserves the size plus
 * its 2 MiB alignment in the process, which an x86_64 host's 47-bit user address space cannot
 * hold from 128 TiB on (the lab: -m 0x40000000 is 2^50 bytes). Smaller sizes the real host may
 * refuse too (more than its RAM and swap): see docs/known-gaps.md.
 */
export function hostMapError(id: string, size: number): string | undefined {
	return size + QEMU_VMALLOC_ALIGN > HOST_TASK_SIZE ? `cannot set up guest memory '${id}': Cannot allocate memory` : undefined;
}

export type HostMemPolicy = 'default' | 'preferred' | 'bind' | 'interleave';
export const HOST_MEM_POLICIES: readonly HostMemPolicy[] = ['default', 'preferred', 'bind', 'interleave'];
/** MAX_NODES (include/sysemu/numa.h). */
export const MAX_NODES = 128;

/**
 * Class properties in qom-list order: hostmem.c's class_init insertion order iterated by
 * GHashTable and reversed by QAPI_LIST_PREPEND (verified against the real monitor).
 */
const BACKEND_PROPERTIES: readonly PropertyInfo[] = [
	{name: 'share', type: 'bool'},
	{name: 'size', type: 'int'},
	{name: 'dump', type: 'bool'},
	{name: 'prealloc-threads', type: 'int'},
	{name: 'x-use-canonical-path-for-ramblock-id', type: 'bool'},
	{name: 'policy', type: 'HostMemPolicy'},
	{name: 'prealloc-context', type: 'link<thread-context>'},
	{name: 'prealloc', type: 'bool'},
	{name: 'reserve', type: 'bool'},
	{name: 'host-nodes', type: 'int'},
	{name: 'merge', type: 'bool'},
];

/** `object_add memory-backend-ram,help` (user_creatable_print_help), verbatim. */
export const MEMORY_BACKEND_RAM_HELP = `memory-backend-ram options:
  dump=<bool>            - Set to 'off' to exclude from core dump
  host-nodes=<int>       - Binds memory to the list of NUMA host nodes
  merge=<bool>           - Mark memory as mergeable
  policy=<HostMemPolicy> - Set the NUMA policy
  prealloc-context=<link<thread-context>> - Context to use for creating CPU threads for preallocation
  prealloc-threads=<int> - Number of CPU threads to use for prealloc
  prealloc=<bool>        - Preallocate memory
  reserve=<bool>         - Reserve swap space (or huge pages) if applicable
  share=<bool>           - Mark the memory as private to QEMU or shared
  size=<int>             - Size of the memory region (ex: 500M)
  x-use-canonical-path-for-ramblock-id=<bool>
`;

export class HostMemoryBackend extends QomObject {
	size = 0;
	merge = true;
	dump = true;
	prealloc = false;
	share = false;
	reserve = true;
	policy: HostMemPolicy = 'default';
	hostNodes: number[] = [];
	preallocThreads: number;
	useCanonicalPath = false;
	/** host_memory_backend_is_mapped: a memory device (pc-dimm) uses it. */
	mapped = false;
	/** The RAM's memory region (the `<id>[0]` child), once the memory is allocated. */
	region?: MemoryRegionObject;
	/** Its RAMBlock (named while a DIMM has it registered). */
	ramBlock?: RamBlock;
	/** host_memory_backend_mr_inited: RAM allocated by user_creatable_complete. */
	mrInited = false;

	constructor(smpCpus: number, typeName = 'memory-backend-ram') {
		super(typeName);
		// host_memory_backend_init: prealloc-threads defaults to the machine's CPU count
		this.preallocThreads = smpCpus;
	}

	override propertyList(): PropertyInfo[] {
		return [{name: 'type', type: 'string'}, ...BACKEND_PROPERTIES];
	}

	/**
	 * host_memory_backend_memory_complete (+ ram_backend_memory_alloc): validates the NUMA
	 * policy, allocates the RAM and adds its memory-region child (`<id>[0]`).
	 */
	complete(ram?: RamList): string | undefined {
		// ram_backend_memory_alloc() comes before the policy checks.
		const mapError = hostMapError(this.name, this.size);
		if (mapError) return mapError;
		if (this.hostNodes.length && this.policy === 'default') {
			return 'host-nodes must be empty for policy default, or you should explicitly specify a policy other than default';
		}
		if (!this.hostNodes.length && this.policy !== 'default') return `host-nodes must be set for policy ${this.policy}`;
		// mbind(2) on a host with one NUMA node: the nodes it has in the mask, or EINVAL (the lab:
		// 0-1 binds, 1 or 1-2 do not)
		if (this.hostNodes.length && !this.hostNodes.includes(0)) return 'cannot bind memory to host NUMA nodes: Invalid argument';
		this.mrInited = true;
		this.ramBlock = ram?.add('', this.size);
		// memory_region_do_init(): the region is the backend's child `<escaped name>[*]`.
		this.region = new MemoryRegionObject(this.size);
		this.addChild(`${escapeRegionName(this.regionName())}[0]`, this.region);
		return undefined;
	}

	/**
	 * memory_region_get_alignment() of its RAM: what memory_device_pre_plug() aligns a DIMM's
	 * address and size to. Anonymous RAM is mapped at QEMU_VMALLOC_ALIGN (qemu_anon_ram_alloc()).
	 */
	regionAlign(): number {
		return QEMU_VMALLOC_ALIGN;
	}

	/**
	 * host_memory_backend_get_name(): the name of its memory region and RAMBlock, the id, or with
	 * x-use-canonical-path-for-ramblock-id the canonical path (`/objects/<id>`).
	 */
	regionName(): string {
		return this.useCanonicalPath ? this.canonicalPath() : this.name;
	}

	/** qom-get: the property as a QObject (JSON value). */
	getProperty(name: string): unknown {
		switch (name) {
			case 'type': return this.typeName;
			case 'size': return this.size;
			case 'merge': return this.merge;
			case 'dump': return this.dump;
			case 'prealloc': return this.prealloc;
			case 'share': return this.share;
			case 'reserve': return this.reserve;
			case 'policy': return this.policy;
			case 'host-nodes': return [...this.hostNodes];
			case 'prealloc-threads': return this.preallocThreads;
			case 'prealloc-context': return '';
			case 'x-use-canonical-path-for-ramblock-id': return this.useCanonicalPath;
			default: return undefined;
		}
	}

	hasProperty(name: string): boolean {
		return this.propertyList().some((p) => p.name === name);
	}

	/** Setter side effects and refusals once the RAM exists (qom-set after creation). */
	setProperty(name: string, value: unknown): string | undefined {
		const typeName = this.typeName;
		switch (name) {
			case 'size':
				if (this.mrInited) return `cannot change property ${name} of ${typeName} `;
				if (value === 0) return `property '${name}' of ${typeName} doesn't take value '0'`;
				this.size = value as number;
				return undefined;
			case 'share': case 'reserve':
				if (this.mrInited) return 'cannot change property value';
				if (name === 'reserve' && this.prealloc && !value) return "'prealloc=on' and 'reserve=off' are incompatible";
				this[name] = value as boolean;
				return undefined;
			case 'prealloc-threads':
				if (value === 0) return `property '${name}' of ${typeName} doesn't take value '0'`;
				this.preallocThreads = value as number;
				return undefined;
			case 'prealloc':
				// host_memory_backend_set_prealloc(): refused without reserve; once the memory
				// exists, on preallocates it and off changes nothing (it is allocated already)
				if (value && !this.reserve) return "'prealloc=on' and 'reserve=off' are incompatible";
				if (!this.mrInited || value) this.prealloc = value as boolean;
				return undefined;
			case 'merge': case 'dump':
				this[name] = value as boolean;
				return undefined;
			case 'policy':
				this.policy = value as HostMemPolicy;
				return undefined;
			case 'host-nodes': {
				const nodes = value as number[];
				const bad = nodes.find((n) => n >= MAX_NODES);
				if (bad !== undefined) return `Invalid host-nodes value: ${bad}`;
				this.hostNodes = [...new Set(nodes)].sort((a, b) => a - b);
				return undefined;
			}
			case 'x-use-canonical-path-for-ramblock-id':
				this.useCanonicalPath = value as boolean;
				return undefined;
			default:
				return `Property '${typeName}.${name}' not found`;
		}
	}
}

/** hostmem-memfd.c class_init: the properties it adds, in that order. */
const MEMFD_CLASS_PROPERTIES: readonly PropertyInfo[] = [
	{name: 'hugetlb', type: 'bool'},
	{name: 'hugetlbsize', type: 'int'},
	{name: 'seal', type: 'bool'},
];

/**
 * qom-list puts a class's own properties after its parents' (the iteration walks the class
 * first, then hostmem, then object; QAPI_LIST_PREPEND reverses it all): memfd's three come
 * last, in the reverse of their GHashTable iteration order.
 */
const MEMFD_PROPERTIES: readonly PropertyInfo[] = (() => {
	const table = new GHashTable<PropertyInfo>();
	for (const p of MEMFD_CLASS_PROPERTIES) table.set(p.name, p);
	return table.keysInOrder().reverse().map(name => table.get(name)!);
})();

/**
 * user_creatable_print_help() for a backend type with the base class's properties and
 * `extra` ones: `name=<type>` padded to 22 columns before a description, sorted as strings.
 */
function backendHelp(type: string, extra: ReadonlyArray<readonly [string, string?]>): string {
	const lines = MEMORY_BACKEND_RAM_HELP.split('\n').slice(1).filter(Boolean);
	const own = extra.map(([arg, desc]) => (desc ? `  ${arg.padEnd(22)} - ${desc}` : `  ${arg}`));
	const key = (line: string) => line.trim().split(/\s/)[0];
	const all = [...lines, ...own].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
	return `${type} options:\n${all.join('\n')}\n`;
}

/** `object_add memory-backend-memfd,help`. */
export const MEMORY_BACKEND_MEMFD_HELP = backendHelp('memory-backend-memfd', [
	['hugetlb=<bool>', 'Use huge pages'],
	['hugetlbsize=<int>', 'Huge pages size (ex: 2M, 1G)'],
	['seal=<bool>', 'Seal growing & shrinking'],
]);

/** `object_add memory-backend-file,help` (its own properties have no descriptions). */
export const MEMORY_BACKEND_FILE_HELP = backendHelp('memory-backend-file', [
	['align=<int>'], ['discard-data=<bool>'], ['mem-path=<string>'], ['pmem=<bool>'], ['readonly=<bool>'],
]);

/** The `help` text of each memory backend type memhp knows the properties of. */
export const MEMORY_BACKEND_HELP: Readonly<Record<string, string>> = {
	'memory-backend-ram': MEMORY_BACKEND_RAM_HELP,
	'memory-backend-memfd': MEMORY_BACKEND_MEMFD_HELP,
	'memory-backend-file': MEMORY_BACKEND_FILE_HELP,
};

/**
 * memory-backend-memfd (backends/hostmem-memfd.c): anonymous memory from memfd_create(), shared
 * by default (instance_init sets share), sealed by default, optionally on huge pages.
 */
export class HostMemoryBackendMemfd extends HostMemoryBackend {
	hugetlb = false;
	hugetlbsize = 0;
	seal = true;

	constructor(smpCpus: number) {
		super(smpCpus, 'memory-backend-memfd');
		this.share = true;
	}

	override propertyList(): PropertyInfo[] {
		return [...super.propertyList(), ...MEMFD_PROPERTIES];
	}

	/**
	 * memfd_backend_memory_alloc(): with MFD_HUGETLB the memfd's pages come from the host's huge
	 * page pool, which the simulated host, like the lab's and most laptops, leaves empty
	 * (vm.nr_hugepages 0): mapping it fails with ENOMEM, and QEMU reports it as for any RAM block.
	 */
	override complete(ram?: RamList): string | undefined {
		if (this.hugetlb) return 'unable to map backing store for guest RAM: Cannot allocate memory';
		// qemu_ram_alloc_from_fd(): the memfd was truncated to the size asked for, the block is that
		// size rounded up to the host's pages, and a file shorter than its block is refused (the
		// lab: size=3k is 'backing store size 0xc00 does not match 'size' option 0x1000').
		const pages = Math.ceil(this.size / HOST_PAGE_SIZE) * HOST_PAGE_SIZE;
		if (pages !== this.size) return `backing store size 0x${this.size.toString(16)} does not match 'size' option 0x${pages.toString(16)}`;
		return super.complete(ram);
	}

	/** file_ram_alloc(): a file-backed block is aligned to the file's page size, a memfd's 4 KiB (the lab plugs a 4096-byte one). */
	override regionAlign(): number {
		return HOST_PAGE_SIZE;
	}

	override getProperty(name: string): unknown {
		switch (name) {
			case 'hugetlb': return this.hugetlb;
			case 'hugetlbsize': return this.hugetlbsize;
			case 'seal': return this.seal;
			default: return super.getProperty(name);
		}
	}

	override setProperty(name: string, value: unknown): string | undefined {
		switch (name) {
			// hugetlb and seal are plain setters; only hugetlbsize refuses once the memory exists.
			case 'hugetlb':
				this.hugetlb = value as boolean;
				return undefined;
			case 'hugetlbsize':
				if (this.mrInited) return 'cannot change property value';
				if (value === 0) return `Property '${this.typeName}.${name}' doesn't take value '0'`;
				this.hugetlbsize = value as number;
				return undefined;
			case 'seal':
				this.seal = value as boolean;
				return undefined;
			default:
				return super.setProperty(name, value);
		}
	}
}

/** memory_region_escape_name(): `/`, `[`, `]` and backslash as `\xNN` (hex), so that a region name can be a QOM property name. */
export function escapeRegionName(name: string): string {
	return name.replace(/[/[\\\]]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
