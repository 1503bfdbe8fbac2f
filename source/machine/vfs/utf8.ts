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
		} else {
			// Everything else, lone surrogates included (TextEncoder writes U+FFFD for them).
			bytes += 3;
		}
	}
	return bytes;
}
