import {KERN_EMERG, KERN_WARNING, type PrintkRing} from './printk.js';

/**
 * An NMI nobody claims (arch/x86/kernel/nmi.c, Linux 6.1): QEMU's `nmi` (inject-nmi) raises it
 * through each CPU's LAPIC LINT1, which the kernel leaves unmasked on the boot CPU alone
 * (setup_local_APIC()), so CPU 0 takes it. default_do_nmi() asks no handler to claim it, reads
 * the NMI reason (port 0x61: neither SERR nor IOCHK set) and unknown_nmi_error() says so on the
 * console at KERN_EMERG, twice pr_emerg_ratelimited() (each call site 10 messages in 5 s), and
 * goes on (unknown_nmi_panic is off). Port 0x61 as QEMU's PC speaker answers it: timer 2's gate
 * (bit 0) and output (bit 5) set since the boot's PIT calibration, and a refresh bit (4) that
 * flips at every read: the lab's one- and two-CPU 1G guests (s72/e2 p14, p15) printed reasons
 * 21, 31, 21 for three NMIs, and a `nmi` while the VM was stopped at `cont`.
 */
const NMI_REASON_AFTER_BOOT = 0x21;
const NMI_REASON_REFRESH = 0x10;
/** DEFAULT_RATELIMIT_INTERVAL and DEFAULT_RATELIMIT_BURST. */
const RATELIMIT_INTERVAL_NS = 5e9;
const RATELIMIT_BURST = 10;

/** struct ratelimit_state of one call site, as ___ratelimit() keeps it. */
class Ratelimit {
	private begin = 0;
	private printed = 0;
	private missed = 0;

	constructor(private readonly func: string, private readonly printk: PrintkRing, private readonly now: () => number) {}

	allow(): boolean {
		const now = this.now();
		if (!this.begin) this.begin = now;
		if (now > this.begin + RATELIMIT_INTERVAL_NS) {
			if (this.missed) this.printk.printk(KERN_WARNING, `${this.func}: ${this.missed} callbacks suppressed`);
			this.begin = now;
			this.printed = 0;
			this.missed = 0;
		}
		if (this.printed < RATELIMIT_BURST) {
			this.printed++;
			return true;
		}
		this.missed++;
		return false;
	}
}

export class UnknownNmi {
	/** Reads of port 0x61 since boot: one per NMI (default_do_nmi() on CPU 0). */
	private reads = 0;
	private readonly received: Ratelimit;
	private readonly dazed: Ratelimit;

	constructor(private readonly printk: PrintkRing, now: () => number) {
		this.received = new Ratelimit('unknown_nmi_error', printk, now);
		this.dazed = new Ratelimit('unknown_nmi_error', printk, now);
	}

	/** default_do_nmi() on CPU 0 for an NMI no handler claims. */
	take(): void {
		const reason = NMI_REASON_AFTER_BOOT ^ (this.reads++ % 2 ? NMI_REASON_REFRESH : 0);
		if (this.received.allow()) this.printk.printk(KERN_EMERG, `Uhhuh. NMI received for unknown reason ${reason.toString(16).padStart(2, '0')} on CPU 0.`);
		if (this.dazed.allow()) this.printk.printk(KERN_EMERG, 'Dazed and confused, but trying to continue');
	}
}
