/**
 * Files hold bytes; memhp keeps them as JavaScript text. UTF-8 sequences are the characters
 * they encode; a byte that is not part of a valid sequence (`printf '\200'`) is kept as one
 * lone surrogate, U+DC80..U+DCFF, as Python's surrogateescape does, so every byte string
 * survives the round trip (a terminal shows such a byte as U+FFFD).
 */

const ASCII = /^[\x00-\x7f]*$/;

/** A byte that is not valid UTF-8, as it is kept in text. */
const isEscapedByte = (c: number) => c >= 0xdc80 && c <= 0xdcff;

/**
 * Byte length of a string in UTF-8 (what st_size counts), without encoding it: stat(2) runs on
 * every PATH search and must not allocate a buffer per call.
 */
export function utf8Length(s: string): number {
	let bytes = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			// A surrogate pair is one code point of four bytes.
			bytes += 4;
			i++;
		} else if (isEscapedByte(c)) {
			bytes += 1;
		} else {
			// Everything else, other lone surrogates included (written as U+FFFD).
			bytes += 3;
		}
	}
	return bytes;
}

/** Byte values (0..255) to a string of one char per byte. */
function fromBytes(u: Uint8Array | Uint16Array, n: number): string {
	let out = '';
	for (let i = 0; i < n; i += 8192) out += String.fromCharCode(...u.subarray(i, Math.min(n, i + 8192)));
	return out;
}

/** Text to its bytes, one char (code < 256) per byte: what busybox's applets work on. */
export function bytesOf(s: string): string {
	if (ASCII.test(s)) return s;
	const u = new Uint8Array(s.length * 3);
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		let c = s.charCodeAt(i);
		if (c < 0x80) u[n++] = c;
		else if (c < 0x800) {
			u[n++] = 0xc0 | (c >> 6);
			u[n++] = 0x80 | (c & 63);
		} else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
			u[n++] = 0xf0 | (cp >> 18);
			u[n++] = 0x80 | ((cp >> 12) & 63);
			u[n++] = 0x80 | ((cp >> 6) & 63);
			u[n++] = 0x80 | (cp & 63);
		} else if (isEscapedByte(c)) {
			u[n++] = c - 0xdc00;
		} else {
			if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
			u[n++] = 0xe0 | (c >> 12);
			u[n++] = 0x80 | ((c >> 6) & 63);
			u[n++] = 0x80 | (c & 63);
		}
	}
	return fromBytes(u, n);
}

/** Bytes (one char per byte) back to text: valid UTF-8 decoded, any other byte escaped. */
export function textOf(b: string): string {
	if (ASCII.test(b)) return b;
	const u = new Uint16Array(b.length);
	let n = 0;
	const at = (i: number) => (i < b.length ? b.charCodeAt(i) & 0xff : -1);
	const cont = (i: number, lo = 0x80, hi = 0xbf) => {
		const c = at(i);
		return c >= lo && c <= hi;
	};
	for (let i = 0; i < b.length;) {
		const b0 = at(i);
		let len = 0;
		let cp = 0;
		if (b0 < 0x80) {
			u[n++] = b0;
			i++;
			continue;
		}
		// RFC 3629's well-formed sequences: no overlong forms, no surrogates, nothing past U+10FFFF
		if (b0 >= 0xc2 && b0 <= 0xdf && cont(i + 1)) {
			len = 2;
			cp = ((b0 & 0x1f) << 6) | (at(i + 1) & 63);
		} else if (b0 >= 0xe0 && b0 <= 0xef && cont(i + 1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf) && cont(i + 2)) {
			len = 3;
			cp = ((b0 & 0x0f) << 12) | ((at(i + 1) & 63) << 6) | (at(i + 2) & 63);
		} else if (b0 >= 0xf0 && b0 <= 0xf4 && cont(i + 1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3)) {
			len = 4;
			cp = ((b0 & 0x07) << 18) | ((at(i + 1) & 63) << 12) | ((at(i + 2) & 63) << 6) | (at(i + 3) & 63);
		}
		if (!len) {
			u[n++] = 0xdc00 + b0;
			i++;
		} else if (cp >= 0x10000) {
			u[n++] = 0xd800 + ((cp - 0x10000) >> 10);
			u[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			i += len;
		} else {
			u[n++] = cp;
			i += len;
		}
	}
	return fromBytes(u, n);
}
