import {isErrno} from '../errno.js';
import type {Errno} from '../errno.js';
import type {Vfs} from '../vfs/types.js';
import {absPath, readFile, type InteractiveProgram, type Program} from './proc.js';
import {PROGRAMS} from './programs.js';
import {APPLET_NAMES} from '../vfs/applets.js';

export type Found =
	| {kind: 'missing'}
	| {kind: 'error'; errno: Errno}
	| {kind: 'applet'; applet: string; program: Program | InteractiveProgram | undefined}
	/** A text file with execute permission; `path` is what execve() was given (as typed, or DIR/NAME from $PATH). */
	| {kind: 'script'; text: string; path: string};

/** Executables that are not busybox links but real binaries in the initramfs. */
export const BINARIES: ReadonlySet<string> = new Set(['lsmem', 'chmem']);

/**
 * execve() as far as the guest needs it: ash's find_command(): a name without a slash that is
 * one of the binary's own applets runs it without any $PATH search (FEATURE_SH_STANDALONE and
 * FEATURE_PREFER_APPLETS of the static build: "To run external program, use full path"); else
 * the PATH search, then what the file is: a link to /bin/busybox runs the applet named by
 * argv[0]; util-linux binaries run their program; a text file runs as a shell script.
 */
export function findProgram(vfs: Vfs, path: string, cwd: string, name: string): Found {
	if (!name.includes('/') && APPLET_NAMES.has(name)) return {kind: 'applet', applet: name, program: PROGRAMS[name]};
	const candidates = name.includes('/') ? [absPath(cwd, name)] : path.split(':').filter(Boolean).map(d => `${d}/${name}`);
	for (const c of candidates) {
		const st = vfs.stat(c);
		if (typeof st === 'string') {
			if (name.includes('/')) return st === 'ENOENT' ? {kind: 'missing'} : {kind: 'error', errno: st};
			continue;
		}
		if (st.type === 'dir') {
			if (name.includes('/')) return {kind: 'error', errno: 'EACCES'};
			continue;
		}
		if (st.type !== 'file' || (st.mode & 0o111) === 0) {
			if (name.includes('/')) return {kind: 'error', errno: 'EACCES'};
			continue;
		}
		const real = vfs.realpath(c);
		const base = name.slice(name.lastIndexOf('/') + 1);
		if (real === '/bin/busybox') return {kind: 'applet', applet: base, program: PROGRAMS[base]};
		const realBase = !isErrno(real) ? real.slice(real.lastIndexOf('/') + 1) : base;
		if (BINARIES.has(realBase) && !isErrno(real) && real.startsWith('/usr/bin/')) {
			return {kind: 'applet', applet: realBase, program: PROGRAMS[realBase]};
		}
		const text = readFile(vfs, c);
		if (!isErrno(text) && !text.startsWith('\x7fELF')) return {kind: 'script', text, path: name.includes('/') ? name : c};
		return {kind: 'error', errno: 'ENOENT'};
	}
	return {kind: 'missing'};
}

/** Where the $PATH search finds `name` (an executable regular file), for ash's command hash table. */
export function pathLookup(vfs: Vfs, path: string, cwd: string, name: string): string | undefined {
	for (const dir of path.split(':')) {
		const c = `${dir || '.'}/${name}`;
		const st = vfs.stat(absPath(cwd, c));
		if (typeof st !== 'string' && st.type === 'file' && (st.mode & 0o111) !== 0) return c;
	}
	return undefined;
}
