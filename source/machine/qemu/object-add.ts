/**
 * object_add / object-add: user_creatable_add_from_str → QAPI ObjectOptions visitor →
 * user_creatable_add_type (qom/object_interfaces.c). Errors come out in QEMU's order:
 * QAPI member visits (schema order), unexpected keys, id syntax, property setters (QDict
 * order), duplicate id, then user_creatable_complete — only the last one touches the
 * `/objects` table (insert + remove, leaving a GHashTable tombstone).
 */
import {HOST_MEM_POLICIES, HostMemoryBackend, HostMemoryBackendMemfd} from './host-memory-backend.js';
import {ID_NOT_WELLFORMED, idWellformed, qapiBoolParse} from './keyval.js';
import {firstUnvisitedKey, qdictOrder} from './qdict-order.js';
import {qemuStrtosz, qemuStrtou64} from './qemu-strtosz.js';
import {USER_CREATABLE_TYPES} from './qemu-catalog.js';
import type {Container} from './qom.js';
import type {RamList} from './ram-block.js';

/** A value as the QAPI input visitor receives it: a string from keyval (HMP) or typed JSON (QMP). */
export type OptionValue = string | number | boolean | unknown[];

type Visit<T> = {ok: true; value: T} | {ok: false; error: string};

/** MemoryBackendProperties members in qapi/qom.json order (the visit order). */
const MEMBERS = ['dump', 'host-nodes', 'merge', 'policy', 'prealloc', 'prealloc-threads', 'prealloc-context', 'share', 'reserve', 'size', 'x-use-canonical-path-for-ramblock-id'] as const;
const BACKEND_MEMBER_NAMES: ReadonlySet<string> = new Set(MEMBERS);
/** MemoryBackendMemfdProperties: the base members, then its own. */
const MEMFD_MEMBERS = [...MEMBERS, 'hugetlb', 'hugetlbsize', 'seal'] as const;
/** MemoryBackendFileProperties: the base members, then its own (mem-path mandatory). */
const FILE_MEMBERS = [...MEMBERS, 'align', 'discard-data', 'mem-path', 'pmem', 'readonly'] as const;
/** The members each memory backend type's properties struct has (memory-backend-epc: the base's). */
const BACKEND_MEMBERS: Record<string, readonly string[]> = {
	'memory-backend-ram': MEMBERS, 'memory-backend-memfd': MEMFD_MEMBERS, 'memory-backend-file': FILE_MEMBERS, 'memory-backend-epc': MEMBERS,
};
/**
 * ObjectType values of the QAPI schema whose class this build of QEMU does not register
 * (`object_add help` does not list them): visited, then refused by user_creatable_add_type().
 */
const UNREGISTERED_TYPES: readonly string[] = ['memory-backend-epc'];

/** How the visitors type each backend member (host-nodes apart: visitHostNodes()). */
const MEMBER_KINDS: Record<string, 'bool' | 'size' | 'uint32' | 'str' | 'policy'> = {
	dump: 'bool', merge: 'bool', policy: 'policy', prealloc: 'bool', 'prealloc-threads': 'uint32', 'prealloc-context': 'str',
	share: 'bool', reserve: 'bool', size: 'size', 'x-use-canonical-path-for-ramblock-id': 'bool',
	hugetlb: 'bool', hugetlbsize: 'size', seal: 'bool',
	align: 'size', 'discard-data': 'bool', 'mem-path': 'str', pmem: 'bool', readonly: 'bool',
};

/**
 * A backend property's JSON value through the strict QObject input visitor (QMP's qom-set:
 * object_property_set_qobject()), as object-add visits the same member.
 */
export function visitBackendValue(name: string, raw: OptionValue): Visit<unknown> {
	if (name === 'host-nodes') return visitHostNodes(new Map([[name, raw]]));
	return visitScalar(name, raw, MEMBER_KINDS[name] ?? 'bool', false, () => {});
}

/** Visits one scalar the way qobject_input_visitor (keyval flavour for strings) does. */
function visitScalar(name: string, raw: OptionValue, kind: 'bool' | 'size' | 'uint32' | 'str' | 'policy', keyval: boolean, warn: (line: string) => void): Visit<unknown> {
	// QMP input is typed JSON: only str/enum members may be strings there
	if (typeof raw !== 'string' || (!keyval && kind !== 'str' && kind !== 'policy')) {
		if (kind === 'size' || kind === 'uint32') {
			// qobject_input_type_uint64(): a JSON integer, a negative one taken modulo 2^64 (for
			// backward compatibility), anything else "expects uint64"; uint32 then checks the range.
			if (typeof raw !== 'number' || !Number.isInteger(raw)) return {ok: false, error: `Parameter '${name}' expects uint64`};
			const value = raw < 0 ? Number(BigInt.asUintN(64, BigInt(raw))) : raw;
			if (kind === 'uint32' && value > 0xffffffff) return {ok: false, error: `Parameter '${name}' expects uint32_t`};
			return {ok: true, value};
		}
		const expected = kind === 'bool' ? 'boolean' : 'string';
		const okType = kind === 'bool' && typeof raw === 'boolean';
		if (!okType) return {ok: false, error: `Invalid parameter type for '${name}', expected: ${expected}`};
		return {ok: true, value: raw};
	}
	switch (kind) {
		case 'bool': {
			const value = qapiBoolParse(raw);
			return value === undefined ? {ok: false, error: `Parameter '${name}' expects 'on' or 'off'`} : {ok: true, value};
		}
		case 'size': {
			const parsed = qemuStrtosz(raw);
			if (!parsed.ok) return {ok: false, error: `Parameter '${name}' expects size`};
			if (parsed.hexSuffix) warn(`Using a multiplier suffix on hex numbers is deprecated: ${raw}`);
			// Up to 2^64 - 1 parses (the id is checked after the visit); past 2^53 the number is
			// rounded, which nothing shows: no host can map such a backend (complete()).
			return {ok: true, value: Number(parsed.value)};
		}
		case 'uint32': {
			const parsed = qemuStrtou64(raw);
			if (!parsed.ok) return {ok: false, error: `Parameter '${name}' expects integer`};
			if (parsed.value > 0xffffffffn) return {ok: false, error: `Parameter '${name}' expects uint32_t`};
			return {ok: true, value: Number(parsed.value)};
		}
		case 'policy':
			if (!(HOST_MEM_POLICIES as readonly string[]).includes(raw)) return {ok: false, error: `Parameter '${name}' does not accept value '${raw}'`};
			return {ok: true, value: raw};
		default:
			return {ok: true, value: raw};
	}
}

/** host-nodes is ['uint16']: keyval spells it host-nodes.0=..., QMP as a JSON array. */
function visitHostNodes(values: Map<string, OptionValue>): Visit<number[] | undefined> {
	const direct = values.get('host-nodes');
	if (direct !== undefined) {
		if (!Array.isArray(direct)) return {ok: false, error: "Invalid parameter type for 'host-nodes', expected: array"};
		const nodes: number[] = [];
		for (const [i, n] of direct.entries()) {
			if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return {ok: false, error: `Invalid parameter type for 'host-nodes[${i}]', expected: integer`};
			if (n > 0xffff) return {ok: false, error: `Parameter 'host-nodes[${i}]' expects uint16_t`};
			nodes.push(n);
		}
		return {ok: true, value: nodes};
	}
	const indexed = [...values.keys()].filter((k) => /^host-nodes\.\d+$/.test(k));
	if (!indexed.length) return {ok: true, value: undefined};
	const nodes: number[] = [];
	for (let i = 0; values.has(`host-nodes.${i}`); i++) {
		const parsed = qemuStrtou64(String(values.get(`host-nodes.${i}`)));
		if (!parsed.ok) return {ok: false, error: `Parameter 'host-nodes[${i}]' expects integer`};
		if (parsed.value > 0xffffn) return {ok: false, error: `Parameter 'host-nodes[${i}]' expects uint16_t`};
		nodes.push(Number(parsed.value));
	}
	return {ok: true, value: nodes};
}

export interface ObjectAddContext {
	objects: Container;
	smpCpus: number;
	/** Where the backends' RAMBlocks go. */
	ram: RamList;
}

/**
 * user_creatable_add_qapi for `values` (qom-type, id and the properties); `keyval` when the
 * values are strings from HMP's keyval_parse rather than typed QMP JSON. Returns the new
 * backend, or the error text QEMU prints after "Error: " (may be two lines: message + hint).
 */
export function userCreatableAdd(ctx: ObjectAddContext, values: Map<string, OptionValue>, keyval: boolean, warn: (line: string) => void = () => {}): {ok: true; backend: HostMemoryBackend} | {ok: false; error: string} {
	const visited = userCreatableVisit(values, keyval, warn);
	return visited.ok ? userCreatableCreate(ctx, visited.options) : visited;
}

/** What visit_type_ObjectOptions() makes of the values: the type, the id and typed properties. */
export interface VisitedObjectOptions {
	qomType: string;
	id: string;
	props: Map<string, unknown>;
}

/** visit_type_ObjectOptions()'s common members: qom-type, a value of the ObjectType enum, then the id. */
export function visitObjectHead(values: Map<string, OptionValue>): {ok: true; qomType: string; id: string} | {ok: false; error: string} {
	const qomType = values.get('qom-type');
	if (qomType === undefined) return {ok: false, error: "Parameter 'qom-type' is missing"};
	if (typeof qomType !== 'string') return {ok: false, error: "Invalid parameter type for 'qom-type', expected: string"};
	if (!USER_CREATABLE_TYPES.includes(qomType) && !UNREGISTERED_TYPES.includes(qomType)) return {ok: false, error: `Parameter 'qom-type' does not accept value '${qomType}'`};
	const id = values.get('id');
	if (id === undefined) return {ok: false, error: "Parameter 'id' is missing"};
	if (typeof id !== 'string') return {ok: false, error: "Invalid parameter type for 'id', expected: string"};
	return {ok: true, qomType, id};
}

/**
 * visit_type_ObjectOptions(): the union's members visited and typed (-object does this while
 * the command line is parsed; object-add just before creating the object).
 */
export function userCreatableVisit(values: Map<string, OptionValue>, keyval: boolean, warn: (line: string) => void = () => {}): {ok: true; options: VisitedObjectOptions} | {ok: false; error: string} {
	const head = visitObjectHead(values);
	if (!head.ok) return head;
	const {qomType, id} = head;
	const members = BACKEND_MEMBERS[qomType];
	if (!members) return {ok: false, error: `memhp: object type '${qomType}' is not simulated`};

	const props = new Map<string, unknown>();
	const visited = new Set(['qom-type', 'id']);
	for (const member of members) {
		if (member === 'host-nodes') {
			const nodes = visitHostNodes(values);
			if (!nodes.ok) return nodes;
			for (const key of values.keys()) if (key === 'host-nodes' || key.startsWith('host-nodes.')) visited.add(key);
			if (nodes.value) props.set('host-nodes', nodes.value);
			continue;
		}
		const raw = values.get(member);
		if (raw === undefined) {
			if (member === 'size' || member === 'mem-path') return {ok: false, error: `Parameter '${member}' is missing`};
			continue;
		}
		visited.add(member);
		const visit = visitScalar(member, raw, MEMBER_KINDS[member], keyval, warn);
		if (!visit.ok) return visit;
		props.set(member, visit.value);
	}
	const unexpected = firstUnvisitedKey(values.keys(), visited);
	if (unexpected !== undefined) return {ok: false, error: `Parameter '${unexpected.replace(/\..*/, '')}' is unexpected`};
	if (!idWellformed(id)) return {ok: false, error: ID_NOT_WELLFORMED};
	return {ok: true, options: {qomType, id, props}};
}

/** user_creatable_add_type(): the object made, its properties set, added to /objects, completed. */
export function userCreatableCreate(ctx: ObjectAddContext, options: VisitedObjectOptions): {ok: true; backend: HostMemoryBackend} | {ok: false; error: string} {
	const {id, props} = options;
	if (UNREGISTERED_TYPES.includes(options.qomType)) return {ok: false, error: `invalid object type: ${options.qomType}`};
	const file = options.qomType === 'memory-backend-file';
	const backend = options.qomType === 'memory-backend-memfd' ? new HostMemoryBackendMemfd(ctx.smpCpus) : new HostMemoryBackend(ctx.smpCpus, options.qomType);
	for (const key of qdictOrder(props.keys())) {
		if (key === 'prealloc-context') {
			return {ok: false, error: `Device '${props.get(key) as string}' not found`};
		}
		// (a file backend's own properties matter only once it opens its file)
		if (file && !BACKEND_MEMBER_NAMES.has(key)) continue;
		const error = backend.setProperty(key, props.get(key));
		if (error) return {ok: false, error};
	}
	if (!ctx.objects.addChild(id, backend)) {
		return {ok: false, error: `attempt to add duplicate property '${id}' to object (type 'container')`};
	}
	// user_creatable_complete(): the file backend would open (and maybe create) a file on the host.
	const error = file ? 'memhp: memory-backend-file is not simulated (it would open a host file)' : backend.complete(ctx.ram);
	if (error) {
		ctx.objects.deleteChild(id);
		return {ok: false, error};
	}
	return {ok: true, backend};
}
