/**
 * kernel/sched/cputime.c's accounting as /proc/stat, /proc/uptime and /proc/PID/stat show it:
 * each CPU's time split into user, nice, system, idle, iowait, irq, softirq and steal (kcpustat),
 * and each task's user and system time, in USER_HZ clock ticks (100 a second).
 *
 * memhp's guest is idle but for what the model says it did: its boot (measured in the lab, s51/r40
 * s3 and s4: most of the boot CPU's time in the kernel, the tick not counting for the first
 * 0.8 s), and what a program costs where that shows (`top` reading /proc: a tick of system time
 * each pass). What is left of the elapsed time is idle.
 */

export const USER_HZ = 100;

/** The tick starts counting (the lab's one-CPU guest had 394 ticks at 4.78 s of uptime). */
const ACCOUNTING_STARTS = 0.8;

/** What boot left on the boot CPU and on each other one (lab: `head -1 /proc/stat` at the prompt). */
const BOOT_CPU0 = {user: 5, system: 150, softirq: 1};
const BOOT_OTHER_CPU = {user: 1, system: 100, softirq: 10};

export interface CpuStat {
	user: number;
	nice: number;
	system: number;
	idle: number;
	iowait: number;
	irq: number;
	softirq: number;
	steal: number;
	guest: number;
	guestNice: number;
}

/**
 * The boot's interrupts by IRQ line (i8259/IO-APIC pins; kstat_irqs_usr()), on the lab's guest:
 * the PIT's calibration ticks (0), the keyboard controller (1), the serial console (4), the RTC
 * (8), the PS/2 mouse (12). Local APIC and other arch interrupts only count in the total.
 */
const BOOT_IRQS: Record<number, number> = {0: 151, 1: 9, 4: 63, 8: 1, 12: 3};
const BOOT_ARCH_IRQS = 492;
/** softirq counts by vector (HI TIMER NET_TX NET_RX BLOCK IRQ_POLL TASKLET SCHED HRTIMER RCU) at the prompt. */
const BOOT_SOFTIRQS = [0, 105, 0, 0, 0, 0, 1, 0, 0, 184];
/** What an idle second adds (the local timer, its TIMER and RCU softirqs, context switches). */
const PER_SECOND = {arch: 40, timer: 10, rcu: 15, ctxt: 25};
const BOOT_CTXT = 1003;

export class CpuTimes {
	/** Busy ticks per CPU (user, system, softirq); idle is what the clock leaves. */
	private readonly busy: {user: number; system: number; softirq: number}[];

	/** `now`: seconds since the guest booted. */
	constructor(private readonly cpus: number, private readonly now: () => number) {
		this.busy = Array.from({length: Math.max(1, cpus)}, (_, i) => ({...(i === 0 ? BOOT_CPU0 : BOOT_OTHER_CPU)}));
	}

	/** account_system_time(): `ticks` of a task's time in the kernel on CPU `cpu`. */
	chargeSystem(ticks: number, cpu = 0): void {
		this.busy[cpu]!.system += ticks;
	}

	/** Ticks since the accounting started on each CPU (all of them up since boot). */
	private elapsed(): number {
		// (the clock moves in whole ticks and more; 1e-6 keeps a float's 185.99999 at 186)
		return Math.max(0, Math.floor((this.now() - ACCOUNTING_STARTS) * USER_HZ + 1e-6));
	}

	/** kcpustat_cpu_fetch() of CPU `cpu`, in ticks. */
	cpu(cpu: number): CpuStat {
		const b = this.busy[cpu]!;
		const idle = Math.max(0, this.elapsed() - b.user - b.system - b.softirq);
		return {user: b.user, nice: 0, system: b.system, idle, iowait: 0, irq: 0, softirq: b.softirq, steal: 0, guest: 0, guestNice: 0};
	}

	/** get_idle_time() summed over the CPUs, in seconds (/proc/uptime's second field). */
	idleSeconds(): number {
		let ticks = 0;
		for (let c = 0; c < this.busy.length; c++) ticks += this.cpu(c).idle;
		return ticks / USER_HZ;
	}

	/**
	 * nr_irqs: x86's arch_probe_nr_irqs() bounds the IRQ descriptors by NR_VECTORS per CPU and
	 * by the IO-APIC's 24 GSIs, the 16 legacy IRQs and MSI room (8 per CPU, 16 per GSI).
	 */
	nrIrqs(): number {
		const gsiTop = 24;
		return Math.min(256 * this.cpus, gsiTop + 16 + 8 * this.cpus + gsiTop * 16);
	}

	/** show_stat(): /proc/stat. `forks` is total_forks (every pid handed out since boot). */
	stat(forks: number, bootEpoch: number): string {
		const rows = Array.from({length: this.busy.length}, (_, c) => this.cpu(c));
		const sum = rows.reduce((a, r) => {
			for (const k of Object.keys(a) as (keyof CpuStat)[]) a[k] += r[k];
			return a;
		}, {user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0});
		const line = (r: CpuStat) => ` ${r.user} ${r.nice} ${r.system} ${r.idle} ${r.iowait} ${r.irq} ${r.softirq} ${r.steal} ${r.guest} ${r.guestNice}`;
		const up = Math.max(0, this.now() - ACCOUNTING_STARTS);
		const irqs = Array.from({length: this.nrIrqs()}, (_, i) => BOOT_IRQS[i] ?? 0);
		const intr = irqs.reduce((a, n) => a + n, 0) + BOOT_ARCH_IRQS + Math.floor(up * PER_SECOND.arch);
		const softirqs = BOOT_SOFTIRQS.map((n, i) => n + (i === 1 ? Math.floor(up * PER_SECOND.timer) : i === 9 ? Math.floor(up * PER_SECOND.rcu) : 0));
		const ctxt = BOOT_CTXT + Math.floor(up * PER_SECOND.ctxt);
		return `cpu ${line(sum)}\n${rows.map((r, c) => `cpu${c}${line(r)}\n`).join('')}`
			+ `intr ${intr} ${irqs.join(' ')}\nctxt ${ctxt}\nbtime ${bootEpoch}\nprocesses ${forks}\nprocs_running 1\nprocs_blocked 0\n`
			+ `softirq ${softirqs.reduce((a, n) => a + n, 0)} ${softirqs.join(' ')}\n`;
	}
}
