/**
 * shell/random.c of busybox 1.35: $RANDOM's generator, a Galois LFSR, an LCG and a 64-bit
 * xorshift combined, 15 bits of it per expansion. Unseeded, it starts from the shell's pid and
 * the monotonic clock (here the virtual one); `RANDOM=N` seeds it.
 */
export interface RandomState {
	/** int32_t: its sign decides the LFSR's tap. */
	galois: number;
	lcg: number;
	x: number;
	y: number;
}

/** INIT_RANDOM_T(rnd, nonzero, v). */
export function seedRandom(nonzero: number, v: number): RandomState {
	return {galois: nonzero | 0, lcg: v >>> 0, x: nonzero >>> 0, y: v >>> 0};
}

/** change_random() of an assignment: strtoul(value), 0 seeding as 1. */
export function seedFromString(value: string): RandomState {
	const m = /^\s*([+-]?\d+)/.exec(value);
	// (the unsigned long is stored into a uint32_t)
	const t = m ? Number(BigInt.asUintN(32, BigInt(m[1]!))) : 0;
	return seedRandom(t || 1, t);
}

/** next_random(): the next value of the state (updated in place), & 0x7fff. */
export function nextRandom(r: RandomState): number {
	const MASK = 0x8000000b;
	r.lcg = (Math.imul(1664525, r.lcg) + 1013904223) >>> 0;
	let t = (r.galois << 1) | 0;
	if (r.galois < 0) t = (t ^ MASK) | 0;
	r.galois = t;
	for (;;) {
		const u = (r.x ^ (r.x << 2)) >>> 0;
		r.x = r.y;
		r.y = (r.y ^ (r.y >>> 3) ^ u ^ (u >>> 7)) >>> 0;
		if (!(r.y === 0 && r.x <= 2)) break;
	}
	return ((r.galois >>> 0) - r.lcg + r.y) & 0x7fff;
}
