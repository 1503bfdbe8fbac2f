/**
 * The host's wall clock when the guest booted (QEMU hands it to the RTC, -rtc base=utc), in
 * seconds since the epoch: a fixed date, so runs are reproducible.
 */
export const HOST_EPOCH = 1795956932;

/**
 * The machine's virtual clock. Replay is deterministic: time only moves when the model
 * advances it (each command costs a little guest time), never from the host clock.
 */
export class VirtualClock {
	/** Nanoseconds since the guest booted. */
	private ns: number;

	constructor(bootedForNs = 2_500_000_000) {
		this.ns = bootedForNs;
	}

	now(): number {
		return this.ns;
	}

	advance(ns: number): void {
		this.ns += Math.max(0, ns);
	}

	/** Seconds since boot, as printk timestamps show them. */
	seconds(): number {
		return this.ns / 1e9;
	}
}
