/**
 * Magic SysRq, against the lab's guest typed at key by key (s57, `test/fixtures/lab/sysrq-512M.probe`;
 * the probe waited about 1.5 s after each step): QEMU's `C-a b` sends a break to the serial port
 * and the next character is the kernel's command, masked by /proc/sys/kernel/sysrq (Debian: 438);
 * /proc/sysrq-trigger runs any command unmasked. The header is always on the console, HELP for a
 * key with no command, `This sysrq operation is disabled.` for a masked one.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {Shell} from '../source/machine/shell/index.js';
import {injectFault, labProbe, printed, serialOutput as output, startSession, typeLine} from './session-helpers.js';

const boot = () => startSession(['-m', '512M', '-kernel', 'bzImage']);

/**
 * The probe's timestamps and ls dates are the lab's clock, not memhp's; the lab's initramfs has an
 * /etc/passwd (ls names root), the goldens' has none.
 */
const clockFree = (text: string) => text.replace(/\[ *\d+\.\d{6}\]/g, '[T]').replace(/[A-Z][a-z]{2} [ \d]\d \d\d:\d\d /g, 'DATE ')
	.replace(/ root {5}root {5}/g, ' 0        0        ');

/** A probe step as the screen would play it: C-a b to the mux, the key after it to SysRq, the rest typed at the prompt. */
function play(s: Session, typing: {line: string}, keys: string): string {
	if (keys.startsWith('@wait')) return '';
	if (keys === '\x01b') return output(s, () => s.muxKey('b'));
	let text = '';
	for (const key of keys) {
		let taken = false;
		if (s.sysrqArmed()) text += output(s, () => void (taken = s.sysrqKey(key)));
		if (taken) continue;
		if (key === '\r') {
			const before = typing.line;
			typing.line = '';
			text += output(s, () => s.submitLine(before)).slice(before.length);
		} else {
			typing.line += key;
			text += key;
		}
	}
	return text;
}

describe('magic SysRq', () => {
	it.each([
		// (the OOM report of `f` and the memory dump of `m` are not simulated)
		['sysrq-512M.probe', 49, [26, 42]],
		// (nor the timers of `q`, the backtraces of `l`, the panic's stack dump of `c`)
		['sysrq2-512M.probe', 7, [2, 4, 5]],
	])('writes what the real guest wrote for each key of the lab probe %s', (file, count, skipped: number[]) => {
		const s = boot();
		const typing = {line: ''};
		const steps = labProbe(file);
		const differ: string[] = [];
		steps.forEach((step, i) => {
			// (the session's own output of a key: the sysrq key step prints through the console)
			const got = clockFree(play(s, typing, step.keys));
			if (!skipped.includes(i) && got !== clockFree(step.want)) differ.push(`${i}: ${JSON.stringify(step.keys)}\n  got  ${JSON.stringify(got)}\n  want ${JSON.stringify(clockFree(step.want))}`);
		});
		expect(differ.join('\n')).toBe('');
		expect(steps.length).toBe(count);
	});

	it('C-a b o powers the machine off: QEMU exits', () => {
		const s = boot();
		s.muxKey('b');
		// (no `quiet`: console loglevel 7 shows the pr_info() too)
		expect(clockFree(output(s, () => s.sysrqKey('o')))).toBe('[T] sysrq: Power Off\n[T] ACPI: PM: Preparing to enter system sleep state S5\n[T] reboot: Power down\n');
		expect(s.exitCode()).toBe(0);
	});

	it('echo c > /proc/sysrq-trigger panics the kernel: the machine stops, its console silent until system_reset', () => {
		const s = boot();
		expect(clockFree(printed(s, 'serial', 'echo c > /proc/sysrq-trigger; echo not-here'))).toBe('[T] sysrq: Trigger a crash\n'
			+ '[T] Kernel panic - not syncing: sysrq triggered crash\nmemhp: sysrq crash(c) (the stack dump): what the kernel prints here is not simulated\n'
			+ '[T] Kernel Offset: disabled\n[T] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---\n');
		expect(printed(s, 'serial', 'echo ignored')).toBe('');
		printed(s, 'monitor', 'system_reset');
		expect(printed(s, 'serial', 'echo back')).toBe('back\n');
	});

	it('m: show_mem()\'s report has the lab kernel\'s lines (the lab\'s counters were its own)', () => {
		const s = boot();
		// (which orders have blocks, and on which lists, is the counters' business too)
		const shape = (text: string) => clockFree(text).replace(/ \([UMEHI]+\)/g, '').replace(/\d+/g, 'N');
		const lab = labProbe('sysrq-512M.probe').find(step => step.keys === 'echo m > /proc/sysrq-trigger\r')!.want;
		printed(s, 'serial', 'echo 9 > /proc/sysrq-trigger');
		expect(shape(printed(s, 'serial', 'echo m > /proc/sysrq-trigger'))).toBe(shape(lab.slice(lab.indexOf('\n') + 1).replace(/\/ # $/, '')));
	});

	it('m: the report agrees with /proc/zoneinfo, /proc/meminfo and /proc/buddyinfo after a hot-add and an online', () => {
		const s = startSession(['-m', '1G,slots=4,maxmem=4G', '-kernel', 'bzImage']);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		s.muxKey('c');
		printed(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory32/state; echo 9 > /proc/sysrq-trigger');
		// (the shell's builtins read the files right after: no program runs between, to take pages)
		const show = (file: string) => `while IFS= read -r l; do echo "$l"; done < ${file}`;
		// (a /proc file's seq buffer is a page allocation: buddyinfo is read last, the report taken after it)
		const all = printed(s, 'serial', `${show('/proc/zoneinfo')}; echo @; ${show('/proc/meminfo')}; echo @; ${show('/proc/buddyinfo')}; echo @; echo m > /proc/sysrq-trigger`);
		const [zoneinfo, meminfo, buddyinfo, printk] = all.split('@\n') as [string, string, string, string];
		const report = printk.replace(/^\[ *\d+\.\d{6}\] /gm, '');
		const zones = [...report.matchAll(/^Node 0 (\w+) free:(\d+)kB boost:0kB min:(\d+)kB low:(\d+)kB high:(\d+)kB .* present:(\d+)kB managed:(\d+)kB/gm)];
		expect(zones.map(m => m[1])).toEqual(['DMA', 'DMA32', 'Movable']);
		for (const [, name, free, min, low, high, present, managed] of zones) {
			const zi = new RegExp(`zone +${name}\\n[^]*?pages free +(\\d+)\\n +boost +0\\n +min +(\\d+)\\n +low +(\\d+)\\n +high +(\\d+)\\n +spanned +\\d+\\n +present +(\\d+)\\n +managed +(\\d+)`).exec(zoneinfo)!;
			expect([free, min, low, high, present, managed].map(Number)).toEqual(zi.slice(1).map(v => Number(v) * 4));
			// the free lists add up to the zone's free pages, order by order as buddyinfo counts them
			const buddy = new RegExp(`^Node 0 ${name}: (.*) = (\\d+)kB$`, 'm').exec(report)!;
			expect(Number(buddy[2])).toBe(Number(free));
			const counts = [...buddy[1]!.matchAll(/(\d+)\*(\d+)kB/g)].map(m => Number(m[1]));
			expect(counts.join(' ')).toBe(new RegExp(`zone +${name} +(.*)$`, 'm').exec(buddyinfo)![1]!.trim().split(/ +/).join(' '));
		}
		const field = (name: string) => Number(new RegExp(`^${name}: +(\\d+) kB$`, 'm').exec(meminfo)![1]);
		expect(Number(/ free:(\d+) free_pcp/.exec(report)![1]) * 4).toBe(field('MemFree'));
		expect(Number(/^(\d+) pages RAM$/m.exec(report)![1])).toBe(zones.reduce((n, m) => n + Number(m[6]) / 4, 0));
		expect(Number(/ shmem:(\d+) pagetables/.exec(report)![1]) * 4).toBe(field('Shmem'));
		expect(Number(/ slab_reclaimable:(\d+)/.exec(report)![1]) * 4).toBe(field('SReclaimable'));
	});

	it('a dump memhp does not produce says so after the kernel\'s header', () => {
		const s = boot();
		expect(clockFree(printed(s, 'serial', 'echo 8 > /proc/sysrq-trigger; echo t > /proc/sysrq-trigger'))).toBe(
			'[T] sysrq: Changing Loglevel\n[T] sysrq: Loglevel set to 8\n[T] sysrq: Show State\nmemhp: sysrq show-task-states(t): what the kernel prints here is not simulated\n');
	});

	it('C-a b b resets the machine: the guest boots again, what was in its memory gone', () => {
		const s = boot();
		printed(s, 'serial', 'touch /tmp/x');
		s.muxKey('b');
		expect(clockFree(output(s, () => s.sysrqKey('b')))).toMatch(/^\[T\] sysrq: Resetting\n[\s\S]*BusyBox v1\.35\.0/);
		expect(printed(s, 'serial', 'ls /tmp; echo $?')).toBe('0\n');
	});

	it('the break arms only the next key, only on the guest console, and not with kernel.sysrq 0', () => {
		const s = boot();
		s.muxKey('b');
		expect(s.sysrqArmed()).toBe(true);
		// (the first character of a line typed at once, here `x`: HELP, and `echo hi` runs)
		const text = clockFree(typeLine(s, 'serial', 'xecho hi')).replace(/\r/g, '');
		expect(text).toMatch(/^\[T\] sysrq: HELP : loglevel\(0-9\) reboot\(b\) .* dump-ftrace-buffer\(z\) \n/);
		expect(text.slice(text.indexOf('\n') + 1)).toBe('echo hi\nhi\n/ # ');
		expect(s.sysrqArmed()).toBe(false);
		s.muxKey('c');
		s.muxKey('b');
		expect(s.sysrqArmed()).toBe(false);
		s.muxKey('c');
		printed(s, 'serial', 'echo 0 > /proc/sys/kernel/sysrq');
		s.muxKey('b');
		expect(s.sysrqArmed()).toBe(false);
	});

	it('an internal error rebuilds the machine from its inputs, a SysRq key among them', () => {
		const s = boot();
		s.muxKey('b');
		s.sysrqKey('8');
		const restore = injectFault(Shell.prototype, 'run');
		try {
			expect(printed(s, 'serial', 'true')).toContain('memhp: internal error: injected fault');
		} finally {
			restore();
		}
		// (the console loglevel the key set is still there)
		expect(printed(s, 'serial', 'cat /proc/sys/kernel/printk')).toBe('8\t4\t1\t7\n');
	});

	it('a break while a program reads the console: the key is SysRq\'s, not the program\'s', () => {
		const s = boot();
		typeLine(s, 'serial', 'cat');
		s.muxKey('b');
		expect(clockFree(output(s, () => s.ttyKeys('8')))).toBe('[T] sysrq: Changing Loglevel\n[T] sysrq: Loglevel set to 8\n');
		expect(output(s, () => s.ttyKeys('ok\r'))).toBe('ok\nok\n');
	});
});
