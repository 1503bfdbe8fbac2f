/**
 * The host's wall clock when the guest booted (QEMU hands it to the RTC, -rtc base=utc), in
 * seconds since the epoch: a fixed date, so runs are reproducible (the screen gives the host's
 * own time instead, VirtualClock.hostEpoch).
 */
export const HOST_EPOCH = 1795956932;

/** How long the guest takes from power-on (or reset) to its shell prompt. */
export const GUEST_BOOT_NS = 2_500_000_000;

/**
 * The machine's virtual clock. Replay is deterministic: time only moves when the model
 * advances it (each command costs a little guest time), never from the host clock.
 */
export class VirtualClock {
	/** Nanoseconds since the guest booted. */
	private ns: number;

	/**
	 * `hostEpoch`: the host's wall clock at power-on, in seconds since the epoch, as QEMU hands
	 * it to the RTC and stamps its events with it from there on.
	 */
	constructor(bootedForNs = GUEST_BOOT_NS, readonly hostEpoch = HOST_EPOCH) {
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

/**
 * The clock of a guest that booted again (system_reset): its "since boot" counts from the reset,
 * while time itself is the machine's (advancing one advances the other).
 */
export class GuestClock extends VirtualClock {
	constructor(private readonly machine: VirtualClock, private readonly bootedAtNs: number) {
		super(0, machine.hostEpoch);
	}

	override now(): number {
		return this.machine.now() - this.bootedAtNs;
	}

	override advance(ns: number): void {
		this.machine.advance(ns);
	}

	override seconds(): number {
		return this.now() / 1e9;
	}
}
