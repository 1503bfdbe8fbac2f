import {KERN_INFO, type PrintkRing} from './printk.js';

/**
 * Magic SysRq (drivers/tty/sysrq.c, Linux 6.1) as Debian's kernel has it: the key table its HELP
 * lists, CONFIG_MAGIC_SYSRQ_DEFAULT_ENABLE=0x01b6 (/proc/sys/kernel/sysrq reads 438), the
 * serial console's break (8250: the next character within 5 s is the command, and is not typed)
 * and /proc/sysrq-trigger (no mask check). Each command says what it does on the console
 * whatever the console loglevel (the header is printed at CONSOLE_LOGLEVEL_DEFAULT), then runs:
 * the loglevel, restart and power-off, emergency sync and remount (nothing to sync, and no
 * filesystem here has a block device to remount read-only), SIGTERM/SIGKILL to every process
 * but init, show_mem()'s report of the page allocator (`m`), an empty ftrace buffer (`z`), no
 * blocked task (`w`), a panic that stops the machine (`c`). The other dumps print the header
 * and say they are not simulated. The lab's guest (s57, `sysrq{,2}-512M.probe`) printed each
 * message memhp prints.
 */

const SYSRQ_ENABLE_LOG = 0x0002;
const SYSRQ_ENABLE_KEYBOARD = 0x0004;
const SYSRQ_ENABLE_DUMP = 0x0008;
const SYSRQ_ENABLE_SYNC = 0x0010;
const SYSRQ_ENABLE_REMOUNT = 0x0020;
const SYSRQ_ENABLE_SIGNAL = 0x0040;
const SYSRQ_ENABLE_BOOT = 0x0080;
const SYSRQ_ENABLE_RTNICE = 0x0100;

/** CONFIG_MAGIC_SYSRQ_DEFAULT_ENABLE of Debian's kernel. */
export const SYSRQ_DEFAULT_ENABLE = 0x01b6;

/** CONSOLE_LOGLEVEL_DEFAULT: the level the header is printed under. */
const CONSOLE_LOGLEVEL_DEFAULT = 7;
/** CONSOLE_LOGLEVEL_DEBUG: what SIGTERM to all tasks leaves the console at. */
const CONSOLE_LOGLEVEL_DEBUG = 10;

/** What sysrq's commands reach in the rest of the kernel. */
export interface SysrqKernel {
	printk: PrintkRing;
	/** emergency_restart(): the machine resets at once (it does not return). */
	restart(): never;
	/** kernel_power_off() from the poweroff work (it does not return). */
	powerOff(): never;
	/** After panic(): the machine stops, its console silent (it does not return). */
	halt(): never;
	/** send_sig_all(): the signal to every user process but init. */
	signalAll(sig: number): void;
	/** show_mem(): the page allocator's report, printk records ([level, text]). */
	showMem(): [number, string][];
	/** A dump memhp does not produce: the console says so after the kernel's header. */
	notSimulated(what: string): void;
}

type Command = 'loglevel' | 'reboot' | 'crash' | 'term' | 'moom' | 'kill' | 'thaw' | 'sak' | 'dump' | 'showmem' | 'blocked' | 'ftrace' | 'unrt' | 'poweroff' | 'unraw' | 'sync' | 'mountro';

interface Op {
	help: string;
	action: string;
	mask: number;
	command: Command;
}

const op = (help: string, action: string, mask: number, command: Command): Op => ({help, action, mask, command});
const loglevelOp = op('loglevel(0-9)', 'Changing Loglevel', SYSRQ_ENABLE_LOG, 'loglevel');

/** sysrq_key_table[]: '0'..'9', then 'a'..'z' (x86, no kgdb, lockdep or framebuffer console keys). */
const KEY_TABLE: Record<string, Op> = {
	...Object.fromEntries([...'0123456789'].map(k => [k, loglevelOp])),
	b: op('reboot(b)', 'Resetting', SYSRQ_ENABLE_BOOT, 'reboot'),
	c: op('crash(c)', 'Trigger a crash', SYSRQ_ENABLE_DUMP, 'crash'),
	e: op('terminate-all-tasks(e)', 'Terminate All Tasks', SYSRQ_ENABLE_SIGNAL, 'term'),
	f: op('memory-full-oom-kill(f)', 'Manual OOM execution', SYSRQ_ENABLE_SIGNAL, 'moom'),
	i: op('kill-all-tasks(i)', 'Kill All Tasks', SYSRQ_ENABLE_SIGNAL, 'kill'),
	j: op('thaw-filesystems(j)', 'Emergency Thaw of all frozen filesystems', SYSRQ_ENABLE_SIGNAL, 'thaw'),
	k: op('sak(k)', 'SAK', SYSRQ_ENABLE_KEYBOARD, 'sak'),
	l: op('show-backtrace-all-active-cpus(l)', 'Show backtrace of all active CPUs', SYSRQ_ENABLE_DUMP, 'dump'),
	m: op('show-memory-usage(m)', 'Show Memory', SYSRQ_ENABLE_DUMP, 'showmem'),
	n: op('nice-all-RT-tasks(n)', 'Nice All RT Tasks', SYSRQ_ENABLE_RTNICE, 'unrt'),
	o: op('poweroff(o)', 'Power Off', SYSRQ_ENABLE_BOOT, 'poweroff'),
	p: op('show-registers(p)', 'Show Regs', SYSRQ_ENABLE_DUMP, 'dump'),
	q: op('show-all-timers(q)', 'Show clockevent devices & pending hrtimers (no others)', SYSRQ_ENABLE_DUMP, 'dump'),
	r: op('unraw(r)', 'Keyboard mode set to system default', SYSRQ_ENABLE_KEYBOARD, 'unraw'),
	s: op('sync(s)', 'Emergency Sync', SYSRQ_ENABLE_SYNC, 'sync'),
	t: op('show-task-states(t)', 'Show State', SYSRQ_ENABLE_DUMP, 'dump'),
	u: op('unmount(u)', 'Emergency Remount R/O', SYSRQ_ENABLE_REMOUNT, 'mountro'),
	w: op('show-blocked-tasks(w)', 'Show Blocked State', SYSRQ_ENABLE_DUMP, 'blocked'),
	z: op('dump-ftrace-buffer(z)', 'Dump ftrace buffer', SYSRQ_ENABLE_DUMP, 'ftrace'),
};

/** The HELP line: each command's help once, in table order. */
const HELP = `HELP : ${[...new Set(Object.values(KEY_TABLE))].map(o => `${o.help} `).join('')}`;

export class Sysrq {
	/** sysrq_enabled: /proc/sys/kernel/sysrq (0 off, 1 everything, else a mask of SYSRQ_ENABLE_*). */
	enabled = SYSRQ_DEFAULT_ENABLE;

	constructor(private readonly k: SysrqKernel) {}

	/** sysrq_on(): a break on the serial console arms the next character as a command. */
	on(): boolean {
		return this.enabled !== 0;
	}

	private onMask(mask: number): boolean {
		return this.enabled === 1 || (this.enabled & mask) !== 0;
	}

	/** __handle_sysrq(): the key's command, checked against the mask unless written to /proc/sysrq-trigger. */
	handle(key: string, checkMask: boolean): void {
		const ring = this.k.printk;
		const info = (text: string) => ring.printk(KERN_INFO, `sysrq: ${text}`);
		// The header is printed at the default console loglevel, so that it is always seen.
		const level = ring.consoleLoglevel;
		ring.consoleLoglevel = CONSOLE_LOGLEVEL_DEFAULT;
		const o = KEY_TABLE[key];
		if (!o) {
			info(HELP);
			ring.consoleLoglevel = level;
			return;
		}
		if (checkMask && !this.onMask(o.mask)) {
			info('This sysrq operation is disabled.');
			ring.consoleLoglevel = level;
			return;
		}
		info(o.action);
		ring.consoleLoglevel = level;
		this.run(o, key);
	}

	private run(o: Op, key: string): void {
		const ring = this.k.printk;
		switch (o.command) {
			case 'loglevel': {
				const loglevel = key.charCodeAt(0) - 48;
				ring.consoleLoglevel = CONSOLE_LOGLEVEL_DEFAULT;
				ring.printk(KERN_INFO, `sysrq: Loglevel set to ${loglevel}`);
				ring.consoleLoglevel = loglevel;
				return;
			}
			case 'reboot':
				return this.k.restart();
			case 'poweroff':
				return this.k.powerOff();
			case 'term':
				this.k.signalAll(15);
				ring.consoleLoglevel = CONSOLE_LOGLEVEL_DEBUG;
				return;
			case 'kill':
				this.k.signalAll(9);
				ring.consoleLoglevel = CONSOLE_LOGLEVEL_DEBUG;
				return;
			// (the work item's message, at the default message level)
			case 'sync':
				return ring.printk(4, 'Emergency Sync complete');
			case 'mountro':
				return ring.printk(4, 'Emergency Remount complete');
			case 'thaw':
				return ring.printk(4, 'Emergency Thaw complete');
			// ftrace_dump(): nothing was traced (KERN_TRACE is KERN_EMERG)
			case 'ftrace':
				ring.printk(0, 'Dumping ftrace buffer:');
				return ring.printk(0, '   (ftrace buffer empty)');
			case 'showmem':
				for (const [level, text] of this.k.showMem()) ring.printk(level, text);
				return;
			// show_state_filter(TASK_UNINTERRUPTIBLE): no task here ever sleeps uninterruptibly
			case 'blocked':
				return;
			// panic(): the message, the stack dump, and the machine stops
			case 'crash':
				ring.printk(0, 'Kernel panic - not syncing: sysrq triggered crash');
				this.k.notSimulated(`${o.help} (the stack dump)`);
				ring.printk(0, 'Kernel Offset: disabled');
				ring.printk(0, '---[ end Kernel panic - not syncing: sysrq triggered crash ]---');
				return this.k.halt();
			case 'moom':
			case 'dump':
				return this.k.notSimulated(o.help);
			// SAK on the foreground virtual console, unraw of its keyboard, RT tasks niced: none here
			case 'sak':
			case 'unraw':
			case 'unrt':
				return;
		}
	}
}
