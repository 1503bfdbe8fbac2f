/**
 * `-machine` (softmmu/vl.c): keyval_parse_into() of each -machine into one dictionary (implied
 * key "type"), `help` answered at once, select_machine() before anything else is checked, then
 * qemu_apply_machine_options(): every property of that dictionary (with -smp's "smp" and -m's
 * "memory") set on the machine object in QDict order, so the first bad one in that order is the
 * error. The lists are qemu-system-x86_64 7.2's (`-machine help`, `-machine pc,help`, and the
 * pc machine object's `qom-list /machine`).
 */
import {keyvalParse, qapiBoolParse} from './keyval.js';
import {PC_MACHINE_PROPERTIES} from './pc-machine.js';
import {qdictOrder} from './qdict-order.js';
import {qemuStrtoi64, qemuStrtosz, qemuStrtou64} from './qemu-strtosz.js';

/** `-machine help` (machine_help_func with no type). */
export const MACHINE_LIST_HELP =
	"Supported machines are:\n" +
	"microvm              microvm (i386)\n" +
	"pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)\n" +
	"pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n" +
	"pc-i440fx-7.1        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-7.0        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-6.2        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-6.1        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-6.0        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-5.2        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-5.1        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-5.0        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-4.2        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-4.1        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-4.0        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-3.1        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-3.0        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.9        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.8        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.7        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.6        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.5        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.4        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.3        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.2        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.12       Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.11       Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.10       Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.1        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-2.0        Standard PC (i440FX + PIIX, 1996)\n" +
	"pc-i440fx-1.7        Standard PC (i440FX + PIIX, 1996) (deprecated)\n" +
	"pc-i440fx-1.6        Standard PC (i440FX + PIIX, 1996) (deprecated)\n" +
	"pc-i440fx-1.5        Standard PC (i440FX + PIIX, 1996) (deprecated)\n" +
	"pc-i440fx-1.4        Standard PC (i440FX + PIIX, 1996) (deprecated)\n" +
	"q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)\n" +
	"pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-7.1           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-7.0           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-6.2           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-6.1           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-6.0           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-5.2           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-5.1           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-5.0           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-4.2           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-4.1           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-4.0.1         Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-4.0           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-3.1           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-3.0           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.9           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.8           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.7           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.6           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.5           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.4           Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.12          Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.11          Standard PC (Q35 + ICH9, 2009)\n" +
	"pc-q35-2.10          Standard PC (Q35 + ICH9, 2009)\n" +
	"isapc                ISA-only PC\n" +
	"none                 empty machine\n" +
	"x-remote             Experimental remote machine\n";

/** The class properties `-machine pc,help` lists (type_print_class_properties), pc and q35 alike. */
const PC_MACHINE_CLASS_HELP =
	"  acpi=<OnOffAuto>       - Enable ACPI\n" +
	"  append=<string>        - Linux kernel command line\n" +
	"  boot=<BootConfiguration> - Boot configuration\n" +
	"  bus-lock-ratelimit=<uint64_t> - Set the ratelimit for the bus locks acquired in VMs\n" +
	"  confidential-guest-support=<link<confidential-guest-support>> - Set confidential guest scheme to support\n" +
	"  default-bus-bypass-iommu=<bool>\n" +
	"  dt-compatible=<string> - Overrides the \"compatible\" property of the dt root node\n" +
	"  dtb=<string>           - Linux kernel device tree file\n" +
	"  dump-guest-core=<bool> - Include guest memory in a core dump\n" +
	"  dumpdtb=<string>       - Dump current dtb to a file and quit\n" +
	"  firmware=<string>      - Firmware image\n" +
	"  graphics=<bool>        - Set on/off to enable/disable graphics emulation\n" +
	"  hpet=<bool>            - Enable/disable high precision event timer emulation\n" +
	"  i8042=<bool>\n" +
	"  initrd=<string>        - Linux initial ramdisk file\n" +
	"  kernel=<string>        - Linux kernel image file\n" +
	"  max-fw-size=<size>     - Maximum combined firmware size\n" +
	"  max-ram-below-4g=<size> - Maximum ram below the 4G boundary (32bit boundary)\n" +
	"  mem-merge=<bool>       - Enable/disable memory merge support\n" +
	"  memory-backend=<link<memory-backend>> - Set RAM backendValid value is ID of hostmem based backend\n" +
	"  memory-encryption=<string> - Set memory encryption object to use\n" +
	"  memory=<MemorySizeConfiguration> - Memory size configuration\n" +
	"  phandle-start=<int>    - The first phandle ID we may generate dynamically\n" +
	"  pic=<OnOffAuto>        - Enable i8259 PIC\n" +
	"  pit=<OnOffAuto>        - Enable i8254 PIT\n" +
	"  sata=<bool>            - Enable/disable Serial ATA bus\n" +
	"  sgx-epc=<SgxEPC>       - SGX EPC device\n" +
	"  smbios-entry-point-type=<str> - SMBIOS Entry Point type [32, 64]\n" +
	"  smbus=<bool>           - Enable/disable system management bus\n" +
	"  smm=<OnOffAuto>        - Enable SMM\n" +
	"  smp=<SMPConfiguration> - CPU topology\n" +
	"  suppress-vmdesc=<bool> - Set on to disable self-describing migration\n" +
	"  usb=<bool>             - Set on/off to enable/disable usb\n" +
	"  vmport=<OnOffAuto>     - Enable vmport (pc & q35)\n" +
	"  x-oem-id=<string>      - Override the default value of field OEMID in ACPI table header.The string may be up to 6 bytes in size\n" +
	"  x-oem-table-id=<string> - Override the default value of field OEM Table ID in ACPI table header.The string may be up to 8 bytes in size\n";

/** The machine types of the list (first column). */
const MACHINE_TYPES: ReadonlySet<string> = new Set([...MACHINE_LIST_HELP.matchAll(/^(\S+) {2,}/gm)].map((m) => m[1]));

/** Which of them memhp models, and as what. */
export function modelledMachine(type: string): 'pc' | 'q35' | undefined {
	if (type === 'pc' || /^pc-i440fx-/.test(type)) return 'pc';
	if (type === 'q35' || /^pc-q35-/.test(type)) return 'q35';
	return undefined;
}

type PropKind = 'bool' | 'OnOffAuto' | 'size' | 'int' | 'str' | 'persistence' | 'struct' | 'list' | 'link' | 'read-only';
/** The QAPI type of a machine property, as the keyval input visitor reads it. */
function propKind(type: string): PropKind {
	if (type === 'bool' || type === 'OnOffAuto' || type === 'size') return type;
	if (type === 'int' || type === 'uint64_t') return 'int';
	if (type === 'string' || type === 'str') return 'str';
	if (type.startsWith('link<')) return 'link';
	// (lists of structs: the lab's `sgx-epc=x` is "expected: array")
	if (type === 'SgxEPC' || type === 'CXLFixedMemoryWindow') return 'list';
	return 'struct';
}
/**
 * The properties the machine has when qemu_apply_machine_options() sets them (the pc machine's
 * qom-list less the ones the board's init adds later: the lab's `-machine pc,smram=x` is "not
 * found"), and the kind each is read as; the type was taken by select_machine().
 */
const ADDED_BY_BOARD_INIT = new Set(['rtc-time', 'smram', 'acpi-device', 'rtc_state', 'type']);
const PC_MACHINE_PROPS: ReadonlyMap<string, PropKind> = new Map(
	PC_MACHINE_PROPERTIES.filter((p) => !ADDED_BY_BOARD_INIT.has(p.name)).map((p): [string, PropKind] => {
		// nvdimm-persistence has its own setter; device-memory-region-size a getter only
		if (p.name === 'nvdimm-persistence') return [p.name, 'persistence'];
		if (p.name === 'device-memory-region-size') return [p.name, 'read-only'];
		return [p.name, propKind(p.type)];
	}),
);

/**
 * A property -machine set (setMachineProperty() accepted it), as qom-get reads it back: the
 * visitor's type (a bool, OnOffAuto's string, a size's or an integer's number, a string); the
 * machine's vmport resolves `auto` at init (pc_init1(): on, without Xen). Undefined for what
 * -machine cannot set.
 */
export function machinePropertyFromOption(key: string, value: string): unknown {
	const number = (r: ReturnType<typeof qemuStrtosz>) => (r.ok ? (r.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.value) : r.value) : undefined);
	switch (PC_MACHINE_PROPS.get(key)) {
		case 'bool': return machineBool(value);
		case 'OnOffAuto': return key === 'vmport' && value === 'auto' ? 'on' : value;
		case 'size': return number(qemuStrtosz(value));
		case 'int': return qemuStrtou64(value).ok ? number(qemuStrtou64(value)) : number(qemuStrtoi64(value));
		case 'str': case 'persistence': return value;
		default: return undefined;
	}
}

/** A bool machine property's value (after setMachineProperty() accepted it). */
export const machineBool = (value: string): boolean => qapiBoolParse(value) === true;

/** The merged -machine dictionary, in the order its keys were first put. */
export class MachineOptions {
	readonly dict = new Map<string, string>();

	/** One `-machine VALUE`: a located error, a help text to print (exit 0), or nothing. */
	add(value: string): {error: string} | {help: string} | undefined {
		const parsed = keyvalParse(value, 'type');
		if (!parsed.ok) return {error: `-machine ${value}: ${parsed.error}`};
		for (const [k, v] of parsed.options.values) this.dict.set(k, v);
		if (!parsed.options.help) return undefined;
		// machine_help_func(): a known type's properties, else the list
		const type = this.dict.get('type');
		if (type !== undefined && MACHINE_TYPES.has(type) && modelledMachine(type)) {
			const name = type === 'pc' ? 'pc-i440fx-7.2' : type === 'q35' ? 'pc-q35-7.2' : type;
			return {help: `${name}-machine options:\n${PC_MACHINE_CLASS_HELP}`};
		}
		return {help: MACHINE_LIST_HELP};
	}

	/** select_machine(): the type, or QEMU's error (memhp's when the type is one it does not model). */
	select(): {ok: true; model: 'pc' | 'q35'; typeName: string} | {ok: false; error: string} {
		const type = this.dict.get('type') ?? 'pc';
		if (!MACHINE_TYPES.has(type)) return {ok: false, error: 'unsupported machine type\nUse -machine help to list supported machines'};
		const model = modelledMachine(type);
		if (!model) return {ok: false, error: `memhp: machine type '${type}' is not simulated (pc and q35 are)`};
		const name = type === 'pc' ? 'pc-i440fx-7.2' : type === 'q35' ? 'pc-q35-7.2' : type;
		return {ok: true, model, typeName: `${name}-machine`};
	}

	/**
	 * The keys qemu_apply_machine_options() sets, in QDict order: this dictionary's (less type and
	 * accel, which select_machine() and configure_accelerators() took) with "smp" and "memory"
	 * when -smp and -m put them there.
	 */
	applyOrder(extra: string[]): string[] {
		return qdictOrder([...this.dict.keys(), ...extra]).filter((k) => k !== 'type' && k !== 'accel');
	}
}

/**
 * object_set_properties_from_keyval() of one -machine property on the pc machine: the error
 * QEMU reports (not located), or undefined. `typeName` is the machine's QOM type.
 */
export function setMachineProperty(typeName: string, key: string, value: string): string | undefined {
	const dot = key.indexOf('.');
	const parent = dot > 0 ? key.slice(0, dot) : '';
	if (parent === 'smp' || parent === 'memory') {
		return `memhp: -machine ${key}: setting the machine's ${parent} through -machine is not simulated (use -${parent === 'smp' ? 'smp' : 'm'})`;
	}
	if (parent && PC_MACHINE_PROPS.has(parent)) return `memhp: -machine ${key} is not simulated`;
	const kind = PC_MACHINE_PROPS.get(key);
	if (kind === undefined) return `Property '${typeName}.${key}' not found`;
	switch (kind) {
		case 'bool':
			return qapiBoolParse(value) !== undefined ? undefined : `Parameter '${key}' expects 'on' or 'off'`;
		case 'OnOffAuto':
			return ['on', 'off', 'auto'].includes(value) ? undefined : `Parameter '${key}' does not accept value '${value}'`;
		case 'size':
			if (!qemuStrtosz(value).ok) return `Parameter '${key}' expects size`;
			return key === 'max-ram-below-4g' ? 'memhp: -machine max-ram-below-4g is not simulated (memhp splits RAM at 4 GiB as QEMU does by default)' : undefined;
		case 'int':
			return qemuStrtou64(value).ok || qemuStrtoi64(value).ok ? undefined : `Parameter '${key}' expects integer`;
		case 'persistence':
			return value === 'mem-ctrl' || value === 'cpu' ? undefined : `-machine nvdimm-persistence=${value}: unsupported option`;
		case 'struct':
			return `Invalid parameter type for '${key}', expected: object`;
		case 'list':
			return `Invalid parameter type for '${key}', expected: array`;
		case 'read-only':
			return `Property '${typeName}.${key}' is not writable`;
		case 'link':
			return key === 'memory-backend' ? "memhp: -machine memory-backend is not simulated (the machine's RAM is its own pc.ram)" : undefined;
		default:
			return undefined;
	}
}
