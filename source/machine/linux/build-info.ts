/**
 * Identity strings of the guest kernel build and its virtual hardware, shared by the boot log,
 * uname(2) and the kernel's diagnostic dumps (dump_stack_print_info()).
 */
import {HOST_EPOCH} from '../clock.js';

/** UTS_RELEASE of this Debian build. */
export const LINUX_RELEASE = '6.1.0-57-amd64';
/** UTS_VERSION: dump_stack prints only its first word (`#1`), Debian appends its own version. */
export const LINUX_UTS_VERSION = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)';
/** The Debian package version dump_stack_print_info() adds after `#1`. */
export const DEBIAN_VERSION = '6.1.192-3';
/** The SeaBIOS build of Debian's QEMU 7.2: its banner on the serial console, and the SMBIOS BIOS version. */
export const SEABIOS_VERSION = '1.16.2-debian-1.16.2-1';
/** dmi_setup()'s dump_stack_arch_desc: what `DMI:` at boot and `Hardware name:` in dumps show. */
const DMI_HARDWARE_NAME = `QEMU Standard PC (i440FX + PIIX, 1996), BIOS ${SEABIOS_VERSION} 04/01/2014`;
/** The same for a q35 board (SMBIOS type 1's product name, mc->desc). */
const DMI_HARDWARE_NAME_Q35 = `QEMU Standard PC (Q35 + ICH9, 2009), BIOS ${SEABIOS_VERSION} 04/01/2014`;

/** What `DMI:` and `Hardware name:` show for a board. */
export function dmiHardwareName(board: 'pc' | 'q35' = 'pc'): string {
	return board === 'q35' ? DMI_HARDWARE_NAME_Q35 : DMI_HARDWARE_NAME;
}
/** Wall-clock time of the guest's boot (the RTC of the recorded runs), seconds since the epoch. */
export const BOOT_EPOCH = HOST_EPOCH;
