import {strerror} from '../../errno.js';
import {hasVfsExt} from '../../vfs/ext.js';
import {APPLET_LIST, APPLETS} from '../../vfs/applets.js';
import type {InteractiveProgram, Proc, Program} from '../proc.js';
import {BB_BANNER_TEXT} from '../bb-version.js';

/** bb_banner of the Debian build. */
const BANNER = BB_BANNER_TEXT;

/**
 * applet_names, sorted as the build sorts it (strcmp): the Debian build lists `busybox` itself
 * (in /bin) and `linuxrc` (init's other name, installed in / and so shown without a directory).
 */
const NAMES = APPLET_LIST;
const DIRS = new Map<string, string>([...APPLETS.map(([name, dir]): [string, string] => [name, {bin: 'bin/', sbin: 'sbin/', usrbin: 'usr/bin/', usrsbin: 'usr/sbin/'}[dir]]), ['linuxrc', '']]);

/**
 * busybox_main()'s help: banner, usage, the FEATURE_SH_STANDALONE paragraph of the static build,
 * and the applet names wrapped at the terminal width less one (the serial console reports no
 * size, so get_terminal_width() falls back to 80).
 */
export function busyboxHelp(width = 80, names: readonly string[] = NAMES): string {
	let s = `${BANNER} multi-call binary.\nBusyBox is copyrighted by many authors between 1998-2015.\n` +
		'Licensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\n' +
		'Usage: busybox [function [arguments]...]\n   or: busybox --list[-full]\n' +
		'   or: busybox --install [-s] [DIR]\n   or: function [arguments]...\n\n' +
		'\tBusyBox is a multi-call binary that combines many common Unix\n' +
		'\tutilities into a single executable.  The shell in this build\n' +
		'\tis configured to run built-in utilities without $PATH search.\n' +
		'\tYou don\'t need to install a link to busybox for each utility.\n' +
		'\tTo run external program, use full path (/sbin/ip instead of ip).\n\n' +
		'Currently defined functions:\n';
	const outputWidth = width - 1;
	let col = 0;
	for (const a of names) {
		const len2 = a.length + 2;
		if (col >= outputWidth - len2) {
			s += ',\n';
			col = 0;
		}
		if (col === 0) {
			col = 6;
			s += '\t';
		} else {
			s += ', ';
		}
		s += a;
		col += len2;
	}
	return `${s}\n`;
}

/**
 * The busybox binary called by its own name (libbb/appletlib.c busybox_main()): no argument or
 * --help for the help (written to stderr after dup2(1, 2), so it goes where stdout goes),
 * --list and --list-full, `--help APPLET` as `APPLET --help`, and `busybox APPLET ARGS...` (also
 * with a path before the applet's name) runs the applet in the same process. Made with the
 * program table it dispatches into (which holds it too).
 */
export const makeBusybox = (programs: Readonly<Record<string, Program | InteractiveProgram>>): InteractiveProgram => (p: Proc) => {
	const arg = p.argv[1];
	if (arg === undefined || (arg === '--help' && (p.argv[2] === undefined || p.argv[2] === 'busybox'))) {
		p.out(busyboxHelp(p.columns));
		return 0;
	}
	if (arg.startsWith('--list')) {
		const full = arg.length > 6;
		p.out(NAMES.map(n => `${full ? DIRS.get(n)! : ''}${n}\n`).join(''));
		return 0;
	}
	if (arg === '--install') return installLinks(p);
	let argv: string[];
	if (arg === '--help') argv = [p.argv[2]!, '--help'];
	else argv = p.argv.slice(1);
	const name = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
	if (!DIRS.has(name)) {
		p.err(`${name}: applet not found\n`);
		return 127;
	}
	// `busybox busybox ...` is busybox_main() again, with the arguments after it.
	const program = name === 'busybox' ? makeBusybox(programs) : programs[name];
	if (!program) {
		p.err(`memhp: ${name}: not simulated\n`);
		return 127;
	}
	return program({...p, name, argv});
};

/**
 * `busybox --install [-s] [DIR]` (install_links()): a link to the binary (readlink of
 * /proc/self/exe: /bin/busybox) for every applet, in DIR or each applet's own directory; an
 * existing name is left alone (EEXIST is not reported), any other failure is `busybox: PATH:
 * error` and the rest go on. Without -s they are hard links (link(2)), so a DIR on another
 * filesystem than /bin's fails each one with EXDEV.
 */
function installLinks(p: Proc): number {
	const symbolic = p.argv[2] === '-s';
	const dir = p.argv[symbolic ? 3 : 2];
	if (!hasVfsExt(p.vfs)) return 1;
	const vfs = p.vfs;
	for (const name of NAMES) {
		p.tick();
		// concat_path_file(): one slash between the directory and the name
		const path = dir !== undefined ? `${dir.replace(/\/+$/, '')}/${name}` : `/${DIRS.get(name)!}${name}`;
		const e = symbolic ? vfs.symlink('/bin/busybox', p.abs(path)) : vfs.link('/bin/busybox', p.abs(path));
		if (e && e !== 'EEXIST') p.err(`busybox: ${path}: ${strerror[e]}\n`);
	}
	return 0;
}
