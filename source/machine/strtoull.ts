/**
 * glibc's strtoull() (strtoumax() on x86_64), as the host programs memhp simulates call it: QEMU's
 * HMP expressions and util-linux's number parsers. From `pos`: white space, an optional sign,
 * then digits of `base` (0: a `0x` prefix before a hex digit means 16, a leading `0` means 8, else
 * 10). `end` is where parsing stopped (`pos` when there were no digits); past 64 bits `overflow`
 * is set (ERANGE) and the value is ULLONG_MAX; `-N` wraps, as in C.
 */
export function strtoull(text: string, pos = 0, base: 0 | 10 | 16 = 0): {value: bigint; end: number; overflow: boolean} {
	let p = pos;
	while (' \t\n\v\f\r'.includes(text[p] ?? 'x')) p++;
	let negative = false;
	if (text[p] === '+' || text[p] === '-') {
		negative = text[p] === '-';
		p++;
	}
	let radix: number = base;
	if ((radix === 0 || radix === 16) && text[p] === '0' && (text[p + 1] === 'x' || text[p + 1] === 'X') && /[0-9a-fA-F]/.test(text[p + 2] ?? '')) {
		radix = 16;
		p += 2;
	} else if (radix === 0) radix = text[p] === '0' ? 8 : 10;
	const digit = (c: string | undefined): number => {
		if (c === undefined) return -1;
		const d = parseInt(c, 36);
		return Number.isNaN(d) || d >= radix ? -1 : d;
	};
	const start = p;
	let value = 0n;
	let overflow = false;
	while (digit(text[p]) >= 0) {
		value = value * BigInt(radix) + BigInt(digit(text[p]));
		if (value > ULLONG_MAX) overflow = true;
		p++;
	}
	if (p === start) return {value: 0n, end: pos, overflow: false};
	if (overflow) return {value: ULLONG_MAX, end: p, overflow};
	return {value: BigInt.asUintN(64, negative ? -value : value), end: p, overflow};
}

const ULLONG_MAX = 2n ** 64n - 1n;
