/**
 * What the monitor shows of the pc board's other devices, as QEMU 7.2 answers with nothing but
 * vl.c's defaults attached (lab s38/qt, `c20.txt`): query-block (the empty CD-ROM and floppy
 * drives, attached to the devices' QOM paths, and the SD card drive with no device),
 * query-mice (the PS/2 mouse), query-spice and query-vnc (no server), query-migrate (none ran),
 * and HMP's views over them. A drive given on the command line memhp does not simulate.
 */
import type {QemuConfig} from './qemu-command-line.js';
import type {QomObject} from './qom.js';

export interface BlockInfo {
	device: string;
	qdev?: string;
	locked: boolean;
	removable: boolean;
	tray_open?: boolean;
	'io-status'?: 'ok';
	type: 'unknown';
}

/** The canonical path of the first device of `type` in /machine/unattached. */
function devicePath(machine: QomObject, type: string): string | undefined {
	return machine.children.get('unattached')?.childList().find((d) => d.typeName === type)?.canonicalPath();
}

/**
 * qmp_query_block(): the default drives, in blk_backends order (the CD-ROM, which has a tray
 * and an I/O status, the floppy, the SD card); undefined when a drive was given.
 */
export function queryBlock(config: QemuConfig, machine: QomObject): BlockInfo[] | undefined {
	if (config.board.drives) return undefined;
	const out: BlockInfo[] = [];
	const cd = config.board.cdrom ? devicePath(machine, 'ide-cd') : undefined;
	if (cd) out.push({'io-status': 'ok', device: 'ide1-cd0', locked: false, removable: true, qdev: cd, tray_open: false, type: 'unknown'});
	const fd = config.board.floppy ? devicePath(machine, 'floppy') : undefined;
	if (fd) out.push({device: 'floppy0', locked: false, removable: true, qdev: fd, type: 'unknown'});
	if (config.board.sdcard) out.push({device: 'sd0', locked: false, removable: true, type: 'unknown'});
	return out;
}

/** hmp_info_block() of drives with no medium: a blank line between them. */
export function blockText(list: readonly BlockInfo[]): string {
	return list.map((b) => [
		`${b.device}: [not inserted]\n`,
		b.qdev ? `    Attached to:      ${b.qdev}\n` : '',
		b.removable ? `    Removable device: ${b.locked ? '' : 'not '}locked, tray ${b.tray_open ? 'open' : 'closed'}\n` : '',
	].join('')).join('\n');
}

export interface MouseInfo {
	name: string;
	index: number;
	current: boolean;
	absolute: boolean;
}

/** qmp_query_mice(): the i8042's PS/2 mouse, the third input handler (after the keyboards). */
export function queryMice(): MouseInfo[] {
	return [{name: 'QEMU PS/2 Mouse', index: 2, current: true, absolute: false}];
}

/** hmp_info_mice() */
export function miceText(mice: readonly MouseInfo[]): string {
	if (!mice.length) return 'No mouse devices connected\n';
	return mice.map((m) => `${m.current ? '*' : ' '} Mouse #${m.index}: ${m.name}${m.absolute ? ' (absolute)' : ''}\n`).join('');
}

/**
 * hmp_info_migrate() before any migration: query-migrate is empty, and the migration object's
 * globals are the pc-i440fx-7.2 machine's.
 */
export const MIGRATE_GLOBALS_TEXT = [
	'globals:', 'store-global-state: on', 'only-migratable: off', 'send-configuration: on', 'send-section-footer: on',
	'decompress-error-check: on', 'clear-bitmap-shift: 18',
].join('\n') + '\n';
