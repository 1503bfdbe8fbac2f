import {expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {singleQuote} from '../source/machine/shell/interp.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

/** The console shell of a booted guest on a pc machine with four DIMM slots, for the shell tests. */
export function guestShell(ramMiB = 1024, maxMiB = 2048): Shell {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	return new Shell(g.syscalls);
}

/**
 * How a row recorded from Debian's busybox-static 1.35 ran: its output into a pipe (`{ CMD; }
 * 2>&1 | cat`), on a terminal (`{ CMD; } 2>&1`), as `sh -c 'CMD' 2>&1` (with `; echo rc=$?`
 * after it: `sh-c-rc`), or as it is.
 */
export type RowMode = 'pipe' | 'tty' | 'sh-c' | 'sh-c-rc' | 'raw';

/**
 * One test per [command line, output] row: each on a fresh guest shell (`boot`'s, if given),
 * after `setup` (its output ignored), run as `mode` says (into a pipe by default).
 */
export function busyboxRows(rows: [string, string][], opts: {setup?: string; mode?: RowMode; boot?: () => Shell} = {}): void {
	it.each(rows)('%s', (cmd, output) => {
		const sh = (opts.boot ?? guestShell)();
		if (opts.setup) sh.run(opts.setup);
		const line = opts.mode === 'raw' ? cmd : opts.mode === 'sh-c' ? `sh -c ${singleQuote(cmd)} 2>&1`
			: opts.mode === 'sh-c-rc' ? `sh -c ${singleQuote(cmd)} 2>&1; echo rc=$?` : opts.mode === 'tty' ? `{ ${cmd}; } 2>&1` : `{ ${cmd}; } 2>&1 | cat`;
		expect(sh.run(line).output).toBe(output);
	});
}
