import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

/** The console shell of a booted guest on a pc machine with four DIMM slots, for the shell tests. */
export function guestShell(ramMiB = 1024, maxMiB = 2048): Shell {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	return new Shell(g.syscalls);
}
