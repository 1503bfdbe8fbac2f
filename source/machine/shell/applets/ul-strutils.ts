/**
 * util-linux 2.38 lib/strutils.c: the number and size parsers its programs share (lsmem's and
 * chmem's arguments), over glibc's strtoumax(). Values are 64-bit unsigned, as uintmax_t.
 */

const UINTMAX_MAX = 2n ** 64n - 1n;

/** What a parser refused: EINVAL (not a number) or ERANGE (too large). */
export type StrtoError = 'EINVAL' | 'ERANGE';

/**
 * glibc strtoumax(): leading white space, an optional sign, then digits of `base` (0: a `0x`
 * prefix means 16, a leading `0` means 8, else 10). `end` is where parsing stopped (0 when no
 * digits were read); a value past 64 bits is UINTMAX_MAX with `erange`; `-N` wraps, as in C.
 */
export function strtoumax(str: string, base: 0 | 10 | 16): {value: bigint; end: number; erange: boolean} {
	let i = 0;
	while (i < str.length && ' \t\n\v\f\r'.includes(str[i])) i++;
	let negative = false;
	if (str[i] === '+' || str[i] === '-') {
		negative = str[i] === '-';
		i++;
	}
	let radix: number = base;
	const hexPrefix = str[i] === '0' && (str[i + 1] === 'x' || str[i + 1] === 'X') && /[0-9a-fA-F]/.test(str[i + 2] ?? '');
	if ((radix === 0 || radix === 16) && hexPrefix) {
		radix = 16;
		i += 2;
	} else if (radix === 0) radix = str[i] === '0' ? 8 : 10;
	const digits = radix === 16 ? /[0-9a-fA-F]/ : radix === 8 ? /[0-7]/ : /[0-9]/;
	const start = i;
	let value = 0n;
	let erange = false;
	while (i < str.length && digits.test(str[i])) {
		value = value * BigInt(radix) + BigInt(parseInt(str[i], 16));
		if (value > UINTMAX_MAX) erange = true;
		i++;
	}
	if (i === start) return {value: 0n, end: 0, erange: false};
	if (erange) return {value: UINTMAX_MAX, end: i, erange};
	return {value: negative && value ? BigInt.asUintN(64, -value) : value, end: i, erange};
}

/** do_scale_by_power(): x * base^power, or ERANGE past 64 bits. */
function scaleByPower(x: bigint, base: bigint, power: number): bigint | undefined {
	for (let i = 0; i < power; i++) {
		if (UINTMAX_MAX / base < x) return undefined;
		x *= base;
	}
	return x;
}

/**
 * parse_size(): a number (strtoumax base 0) with an optional fraction and suffix K M G T P E Z
 * Y (either case; `KiB` is 1024-based like `K`, `KB` 1000-based). Negative numbers are refused.
 */
export function parseSize(str: string): bigint | StrtoError {
	if (!str) return 'EINVAL';
	if (str.trimStart().startsWith('-')) return 'EINVAL';
	const parsed = strtoumax(str, 0);
	if (parsed.end === 0) return 'EINVAL';
	if (parsed.erange) return 'ERANGE';
	let x = parsed.value;
	let p = parsed.end;
	if (p === str.length) return x;
	let base = 1024n;
	let frac = 0n;
	let fracZeros = 0;
	for (;;) {
		// check_suffix:
		if (str[p + 1] === 'i' && (str[p + 2] === 'B' || str[p + 2] === 'b') && p + 3 === str.length) base = 1024n;
		else if ((str[p + 1] === 'B' || str[p + 1] === 'b') && p + 2 === str.length) base = 1000n;
		else if (p + 1 < str.length) {
			// the locale's decimal point (C locale: '.'), once
			if (frac === 0n && str[p] === '.') {
				p++;
				while (str[p] === '0') {
					fracZeros++;
					p++;
				}
				if (/[0-9]/.test(str[p] ?? '')) {
					const f = strtoumax(str.slice(p), 0);
					if (f.erange) return 'ERANGE';
					frac = f.value;
					p += f.end;
				}
				if (frac && p === str.length) return 'EINVAL'; // a fraction without a suffix
				continue;
			}
			return 'EINVAL';
		}
		break;
	}
	const c = str[p] ?? '';
	const pwr = 'KMGTPEZY'.indexOf(c) >= 0 ? 'KMGTPEZY'.indexOf(c) + 1 : 'kmgtpezy'.indexOf(c) + 1;
	if (pwr === 0 || c === '') return 'EINVAL';
	const scaled = scaleByPower(x, base, pwr);
	if (scaled === undefined) return 'ERANGE';
	x = scaled;
	if (frac && pwr) {
		const fracBase = scaleByPower(1n, base, pwr) ?? UINTMAX_MAX;
		let fracDiv = 10n;
		let fracPoz = 1n;
		while (fracDiv < frac) {
			if (fracDiv <= UINTMAX_MAX / 10n) fracDiv *= 10n;
			else frac /= 10n;
		}
		for (let i = 0; i < fracZeros; i++) {
			if (fracDiv <= UINTMAX_MAX / 10n) fracDiv *= 10n;
			else frac /= 10n;
		}
		// each digit from the last: what it is worth of fracBase
		do {
			const seg = frac % 10n;
			const segDiv = fracDiv / fracPoz;
			frac /= 10n;
			fracPoz *= 10n;
			if (seg && segDiv / seg) x += fracBase / (segDiv / seg);
		} while (frac);
	}
	return x;
}

/**
 * ul_strtou64() as strtou64_or_err() and strtox64_or_err() use it: the whole string a number
 * of `base`, not negative.
 */
export function strtou64(str: string, base: 10 | 16): bigint | StrtoError {
	if (!str) return 'EINVAL';
	const parsed = strtoumax(str, base);
	// (strtoimax() first: a negative number is ERANGE)
	if (str.trimStart().startsWith('-') && parsed.end && parsed.value !== 0n) return 'ERANGE';
	if (parsed.erange) return 'ERANGE';
	if (parsed.end === 0 || parsed.end !== str.length) return 'EINVAL';
	return parsed.value;
}
