import {md5, sha1} from '@noble/hashes/legacy';
import {sha256, sha512} from '@noble/hashes/sha2';
import {sha3_224, sha3_256, sha3_384, sha3_512} from '@noble/hashes/sha3';
import {strerror} from '../../../errno.js';
import {BadNumber, bbShowUsage, getopt32, UINT_MAX, xatonum} from '../../getopt.js';
import {errorMsg, type Program, type Proc} from '../../proc.js';
import {linesKeepingNewlines, openRead, Stdin, textOf} from './common.js';

/**
 * coreutils/md5_sha1_sum.c and coreutils/uudecode.c's base64 of busybox 1.35. The digests are
 * @noble/hashes' (pure JavaScript, audited): md5sum, sha1sum, sha256sum, sha512sum and
 * sha3sum (FIPS 202 SHA-3, `-a 224` by default).
 */

type Digest = (data: Uint8Array) => Uint8Array;

const SHA3: Record<number, Digest> = {224: sha3_224, 256: sha3_256, 384: sha3_384, 512: sha3_512};

const bytes = (s: string): Uint8Array => Uint8Array.from(s, c => c.charCodeAt(0) & 0xff);
const hex = (d: Uint8Array): string => Array.from(d, b => b.toString(16).padStart(2, '0')).join('');

/**
 * hash_file(): the lower-case hex digest of a file (`-` is standard input), or undefined after
 * `can't open 'NAME'` / `can't read 'NAME'` (a directory).
 */
function hashFile(p: Proc, name: string, stdin: Stdin, digest: Digest): string | undefined {
	const r = openRead(p, name, stdin);
	if (!r.ok) {
		const e = r.openErr ?? r.readErr!;
		errorMsg(p, `can't ${r.openErr ? 'open' : 'read'} '${name}': ${strerror[e]}`);
		return undefined;
	}
	p.tick(Math.ceil(r.data.length / 65536));
	return hex(digest(bytes(r.data)));
}

/** md5sum, sha1sum, sha256sum, sha512sum, sha3sum: print `HASH  NAME`, or with -c check such lines. */
function sumProgram(algo: Digest | 'sha3'): Program {
	return p => {
		// -b and -t (binary, text) are accepted and ignored, as in coreutils' sha*sum
		const o = getopt32(p, {opts: algo === 'sha3' ? 'scwbta:' : 'scwbt'});
		if (typeof o === 'number') return o;
		// -s and -w need -c
		if ((o.has('s') || o.has('w')) && !o.has('c')) return bbShowUsage(p);
		let digest: Digest;
		if (algo === 'sha3') {
			const a = o.arg('a');
			const bits = a === undefined ? 224 : xatonum(a, UINT_MAX);
			if (bits instanceof BadNumber) {
				errorMsg(p, bits.message);
				return 1;
			}
			if (!SHA3[bits]) {
				errorMsg(p, `bad -a${bits}`);
				return 1;
			}
			digest = SHA3[bits];
		} else digest = algo;
		const stdin = new Stdin(p);
		let status = 0;
		for (const name of o.args.length ? o.args : ['-']) {
			if (!o.has('c')) {
				const h = hashFile(p, name, stdin, digest);
				if (h === undefined) status = 1;
				else p.out(`${h}  ${name}\n`);
				continue;
			}
			// xfopen_stdin(): a list that cannot be read ends the program
			const list = openRead(p, name, stdin);
			if (!list.ok) {
				errorMsg(p, `${name}: ${strerror[list.openErr ?? list.readErr!]}`);
				return 1;
			}
			let total = 0;
			let failed = 0;
			for (const raw of list.data === '' ? [] : linesKeepingNewlines(list.data)) {
				const line = textOf(raw.endsWith('\n') ? raw.slice(0, -1) : raw);
				total++;
				// `HASH  NAME`, or `HASH *NAME` as the binary mode of coreutils writes it
				let at = line.indexOf('  ');
				if (at < 0) at = line.indexOf(' *');
				if (at < 0) {
					if (o.has('w')) errorMsg(p, 'invalid format');
					failed++;
					status = 1;
					continue;
				}
				const file = line.slice(at + 2);
				const ok = hashFile(p, file, stdin, digest) === line.slice(0, at);
				if (!o.has('s')) p.out(`${file}: ${ok ? 'OK' : 'FAILED'}\n`);
				if (!ok) {
					failed++;
					status = 1;
				}
			}
			if (total === 0) {
				errorMsg(p, `${name}: no checksum lines found`);
				status = 1;
			} else if (failed && !o.has('s')) errorMsg(p, `WARNING: ${failed} of ${total} computed checksums did NOT match`);
		}
		return status;
	};
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * base64 [-d] [-w COL] [FILE]: encodes in lines of COL characters (76; 0: one line), or
 * decodes, skipping what is not in the alphabet (-w 0: no line break at all); input that ends inside a group of four is
 * `truncated input` after the whole groups.
 */
const base64: Program = p => {
	const o = getopt32(p, {opts: 'dw:'});
	if (typeof o === 'number') return o;
	if (o.args.length > 1) return bbShowUsage(p);
	const w = o.arg('w');
	const cols = w === undefined ? 76 : xatonum(w, UINT_MAX);
	if (cols instanceof BadNumber) {
		errorMsg(p, cols.message);
		return 1;
	}
	const r = openRead(p, o.args[0] ?? '-', new Stdin(p));
	if (!r.ok) {
		errorMsg(p, `${o.args[0]}: ${strerror[r.openErr ?? r.readErr!]}`);
		return 1;
	}
	const data = r.data;
	p.tick(Math.ceil(data.length / 65536));
	if (o.has('d')) {
		let out = '';
		let group: number[] = [];
		for (const c of data) {
			if (c === '=') {
				// padding ends the data: what the group holds is decoded
				break;
			}
			const v = B64.indexOf(c);
			if (v < 0) continue;
			group.push(v);
			if (group.length === 4) {
				const n = (group[0]! << 18) | (group[1]! << 12) | (group[2]! << 6) | group[3]!;
				out += String.fromCharCode((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
				group = [];
			}
		}
		const padded = data.includes('=');
		if (group.length >= 2 && padded) {
			const n = (group[0]! << 18) | (group[1]! << 12) | ((group[2] ?? 0) << 6);
			out += String.fromCharCode((n >> 16) & 0xff);
			if (group.length === 3) out += String.fromCharCode((n >> 8) & 0xff);
		}
		p.out(textOf(out));
		if (group.length && !padded) {
			errorMsg(p, 'truncated input');
			return 1;
		}
		return 0;
	}
	let enc = '';
	for (let i = 0; i < data.length; i += 3) {
		const a = data.charCodeAt(i);
		const b = i + 1 < data.length ? data.charCodeAt(i + 1) : 0;
		const c = i + 2 < data.length ? data.charCodeAt(i + 2) : 0;
		const n = (a << 16) | (b << 8) | c;
		enc += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < data.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < data.length ? B64[n & 63]! : '=');
	}
	let out = '';
	if (cols === 0) out = enc;
	else for (let i = 0; i < enc.length; i += cols) out += `${enc.slice(i, i + cols)}\n`;
	p.out(out);
	return 0;
};

export const SUM_PROGRAMS: Record<string, Program> = {
	md5sum: sumProgram(md5),
	sha1sum: sumProgram(sha1),
	sha256sum: sumProgram(sha256),
	sha512sum: sumProgram(sha512),
	sha3sum: sumProgram('sha3'),
	base64,
};
