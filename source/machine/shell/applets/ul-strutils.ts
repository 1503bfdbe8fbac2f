import {strtoull} from '../../strtoull.js';

/**
 * util-linux 2.38 lib/strutils.c: the number and size parsers its programs share (lsmem's and
 * chmem's arguments), over glibc's strtoumax() (strtoull.ts). Values are 64-bit unsigned, as
 * uintmax_t.
 */

const UINTMAX_MAX = 2n ** 64n - 1n;

/** What a parser refused: EINVAL (not a number) or ERANGE (too large). */
export type StrtoError = 'EINVAL' | 'ERANGE';

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
	const parsed = strtoull(str, 0, 0);
	if (parsed.end === 0) return 'EINVAL';
	if (parsed.overflow) return 'ERANGE';
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
					const f = strtoull(str.slice(p), 0, 0);
					if (f.overflow) return 'ERANGE';
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
	const parsed = strtoull(str, 0, base);
	// (strtoimax() first: a negative number is ERANGE)
	if (str.trimStart().startsWith('-') && parsed.end && parsed.value !== 0n) return 'ERANGE';
	if (parsed.overflow) return 'ERANGE';
	if (parsed.end === 0 || parsed.end !== str.length) return 'EINVAL';
	return parsed.value;
}
