/**
 * QEMU's number parsers (util/cutils.c): qemu_strtosz for sizes with binary suffixes and
 * fractions ("1.5G", "128m", "512k", "100") or in hex ("0x8000000"; "0x10M" with a warning),
 * and qemu_strtou64/qemu_strtoi64 (strtoull semantics, base 0 accepts 0x / leading-0 octal). Results are bigint so that values up to
 * 2^64 are parsed exactly; callers convert once the value is known to be small enough.
 */

/** `hexSuffix`: hex with a scaling suffix, which 7.2 takes with a deprecation warning. */
export type ParseResult = {ok: true; value: bigint; hexSuffix?: boolean} | {ok: false; erange: boolean};

const U64_MAX = (1n << 64n) - 1n;

/** suffix_mul: B/K/M/G/T/P/E (case-insensitive), powers of `unit`. */
function suffixMul(c: string, unit: bigint): bigint {
	const exp = 'BKMGTPE'.indexOf(c.toUpperCase());
	return c !== '' && exp >= 0 ? unit ** BigInt(exp) : 0n;
}

/** Leading whitespace + digits as strtoull reads them in base 10; returns the digits and rest. */
function scanDecimal(s: string): {digits: string; rest: string; negative: boolean} | undefined {
	const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
	if (!m) return undefined;
	return {digits: m[2], rest: s.slice(m[0].length), negative: m[1] === '-'};
}

/**
 * qemu_strtosz(nptr, NULL, &result) — the whole string must be consumed.
 * `defaultSuffix` is 'B' for qemu_strtosz and 'M' for qemu_strtosz_MiB.
 */
export function qemuStrtosz(str: string, defaultSuffix = 'B', unit = 1024n): ParseResult {
	const scanned = scanDecimal(str);
	if (!scanned || scanned.negative) return {ok: false, erange: false};
	let val = BigInt(scanned.digits);
	if (val > U64_MAX) return {ok: false, erange: true};
	let rest = scanned.rest;
	if (val === 0n && /^[xX]/.test(rest) && scanned.digits === '0') {
		// Input looks like hex: reparsed in base 16, no fraction; a scaling suffix is deprecated
		// (warn_report() "Using a multiplier suffix on hex numbers is deprecated", 8.0 refuses it),
		// else the value is in units of the default suffix (bytes, or MiB for -m).
		const m = /^[xX]([0-9a-fA-F]+)/.exec(rest);
		if (!m) return {ok: false, erange: false};
		const hexVal = BigInt(`0x${m[1]}`);
		if (hexVal > U64_MAX) return {ok: false, erange: true};
		rest = rest.slice(m[0].length);
		const suffix = suffixMul(rest.charAt(0), unit);
		if (suffix > 0n) rest = rest.slice(1);
		if (rest !== '') return {ok: false, erange: false};
		const value = hexVal * (suffix > 0n ? suffix : suffixMul(defaultSuffix, unit));
		if (value > U64_MAX) return {ok: false, erange: true};
		return suffix > 0n ? {ok: true, value, hexSuffix: true} : {ok: true, value};
	}
	let valf = 0n;
	if (rest.startsWith('.')) {
		// strtod on ".ddd"; an exponent makes the whole input invalid
		const m = /^\.\d*(?:[eE][+-]?\d+)?/.exec(rest) as RegExpExecArray;
		if (/[eE]/.test(m[0])) return {ok: false, erange: false};
		const fraction = Number(`0${m[0]}`);
		// 64-bit fixed-point fraction: (uint64_t)(fraction * 0x1p64)
		valf = BigInt(Math.floor(fraction * 2 ** 64));
		rest = rest.slice(m[0].length);
	}
	let mul = suffixMul(rest.charAt(0), unit);
	if (mul > 0n) rest = rest.slice(1);
	else mul = suffixMul(defaultSuffix, unit);
	if (mul === 1n) {
		if (valf !== 0n) return {ok: false, erange: false};
	} else {
		val = val * mul + ((valf * mul) >> 64n) + (((valf * mul) >> 63n) & 1n);
		if (val > U64_MAX) return {ok: false, erange: true};
	}
	if (rest !== '') return {ok: false, erange: false};
	return {ok: true, value: val};
}

/** qemu_strtou64(str, NULL, base, &result): strtoull, whole string, "-N" wraps like C. */
export function qemuStrtou64(str: string, base: 0 | 10 | 16 = 0): ParseResult {
	const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|\d+)$/.exec(str);
	if (!m) return {ok: false, erange: false};
	let text = m[2];
	let value: bigint;
	if (/^0[xX]/.test(text)) {
		if (base === 10) return {ok: false, erange: false};
		value = BigInt(text);
	} else if (base === 0 && text.length > 1 && text.startsWith('0')) {
		if (/[89]/.test(text)) return {ok: false, erange: false};
		value = BigInt(`0o${text.slice(1)}`);
	} else {
		text = text.replace(/^0+(?=\d)/, '');
		value = base === 16 ? BigInt(`0x${text}`) : BigInt(text);
	}
	if (value > U64_MAX) return {ok: false, erange: true};
	if (m[1] === '-') value = (U64_MAX + 1n - value) & U64_MAX;
	return {ok: true, value};
}

/** qemu_strtoi64: signed, range-checked. */
export function qemuStrtoi64(str: string, base: 0 | 10 = 0): ParseResult {
	const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/.exec(str) as RegExpExecArray;
	const magnitude = qemuStrtou64(m[2], base);
	if (!magnitude.ok || m[2].startsWith('-') || m[2].startsWith('+')) return {ok: false, erange: !magnitude.ok && magnitude.erange};
	const value = m[1] === '-' ? -magnitude.value : magnitude.value;
	if (value > (1n << 63n) - 1n || value < -(1n << 63n)) return {ok: false, erange: true};
	return {ok: true, value};
}

/** Lower-case hex without leading zeros, as QEMU's "0x%" PRIx64 prints. */
export function hex(n: number | bigint): string {
	return n.toString(16);
}
