import {isErrno, strerror} from '../../../errno.js';
import {getopt32} from '../../getopt.js';
import {errorMsg, type Program} from '../../proc.js';
import {bytesOf, textOf} from './common.js';

/**
 * coreutils/dos2unix.c of busybox 1.35: `dos2unix [-ud] [FILE]...` and `unix2dos`. Every CR
 * goes (not only those before a LF), and unix2dos then puts one before each LF; -u and -d choose
 * the direction whatever the name (the last given wins). Each FILE is converted in place (busybox
 * writes a temporary file and renames it over; memhp rewrites the file itself), the first one
 * that cannot be read ends it; without one stdin goes to stdout. Checked against the lab's guest
 * (s54/r46 probe4).
 */
function dos2unixApplet(toDos: boolean): Program {
	return p => {
		const o = getopt32(p, {opts: 'du'});
		if (typeof o === 'number') return o;
		// ("u--d:d--u": the later of the two options counts)
		const last = o.seq.filter(([c]) => c === 'd' || c === 'u').pop();
		const dos = last ? last[0] === 'd' : toDos;
		const convert = (data: string): string => {
			const unix = data.replace(/\r/g, '');
			return dos ? unix.replace(/\n/g, '\r\n') : unix;
		};
		if (!o.args.length) {
			p.out(textOf(convert(bytesOf(p.stdin()))));
			return 0;
		}
		for (const name of o.args) {
			p.tick();
			const path = p.abs(name);
			const f = p.vfs.open(path, {read: true});
			const data = isErrno(f) ? f : f.read();
			if (!isErrno(f)) f.close();
			if (isErrno(data)) {
				errorMsg(p, `can't open '${name}': ${strerror[data]}`);
				return 1;
			}
			const w = p.vfs.open(path, {write: true, truncate: true});
			if (isErrno(w)) {
				errorMsg(p, `can't open '${name}': ${strerror[w]}`);
				return 1;
			}
			const e = w.write(textOf(convert(bytesOf(data))));
			w.close();
			if (e) {
				errorMsg(p, strerror[e]);
				return 1;
			}
		}
		return 0;
	};
}

export const DOS2UNIX_PROGRAMS: Record<string, Program> = {dos2unix: dos2unixApplet(false), unix2dos: dos2unixApplet(true)};
