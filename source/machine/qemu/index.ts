/**
 * memhp's QEMU 7.2 model (pc machine, memory-backend-ram, pc-dimm, ACPI memory hotplug,
 * QMP-shaped commands and the HMP monitor). The integrator codes against these exports.
 */
export {parseQemuCommandLine, type QemuConfig, type ParseCommandLineResult} from './qemu-command-line.js';
export {QemuMachine, QmpError, type RunState} from './machine.js';
export type {QmpResponse} from './qmp-commands.js';
export {GHashTable, g_str_hash} from './glib-hash-table.js';
