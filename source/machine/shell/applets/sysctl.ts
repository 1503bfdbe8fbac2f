import {isErrno, strerror, type Errno} from '../../errno.js';
import {getopt32} from '../getopt.js';
import {readFile, type Proc, type Program} from '../proc.js';

/**
 * busybox 1.35 sysctl (procps/sysctl.c) over /proc/sys: `KEY` reads, `KEY=VALUE` (or -w) writes
 * through the file's handler, a directory key (or -a/-A) walks it, -p applies a conf file.
 * -n drops the key names, -e the unknown-key errors, -q the echo of what was written.
 */
const PROC_SYS = '/proc/sys';

export const sysctlMain: Program = p => {
	const o = getopt32(p, {opts: '+neAapwq'});
	if (typeof o === 'number') return o;
	const ctl = new Sysctl(p, !o.has('n'), !o.has('e'), o.has('q'), o.has('w') || o.has('p'));
	if (o.has('p')) {
		for (const file of o.args.length ? o.args : ['/etc/sysctl.conf']) ctl.preload(file);
		// procps-ng does not flag parse errors: neither does busybox.
		return 0;
	}
	if (o.has('a') || o.has('A')) return ctl.recursive('.');
	let st = 0;
	for (const arg of o.args) {
		p.tick();
		st |= ctl.recursive(ctl.dotsToSlashes(arg));
	}
	return st;
};

class Sysctl {
	constructor(
		private readonly p: Proc,
		private readonly showKeys: boolean,
		private readonly showKeyErrors: boolean,
		private readonly quiet: boolean,
		private readonly write: boolean,
	) {}

	/** A path relative to /proc/sys (the applet chdir()s there), as the kernel resolves it. */
	private abs(path: string): string {
		if (path.startsWith('/')) return path;
		return path === '.' ? PROC_SYS : `${PROC_SYS}/${path}`;
	}

	private error(msg: string): void {
		this.p.err(`${this.p.name}: ${msg}\n`);
	}

	/**
	 * sysctl_dots_to_slashes(): turns the fewest dots of the key (before any `=`) into slashes
	 * that name an existing file, trying from the end and never before the last replacement.
	 */
	dotsToSlashes(arg: string): string {
		const eq = arg.indexOf('=');
		const end = eq < 0 ? arg.length : eq;
		const name = [...arg.slice(0, end), '.'];
		let lastGood = -1;
		for (let again = true; again;) {
			again = false;
			for (let i = name.length - 1; i > lastGood; i--) {
				this.p.tick();
				if (name[i] !== '.') continue;
				if (isErrno(this.p.vfs.stat(this.abs(name.slice(0, i).join(''))))) continue;
				name[i] = '/';
				lastGood = i;
				again = true;
				break;
			}
		}
		name.pop();
		return name.join('') + arg.slice(end);
	}

	/** sysctl_act_recursive(): a directory is walked when reading; anything else is one setting. */
	recursive(path: string): number {
		// An empty key names no file (stat("") is ENOENT).
		const st = path === '' ? 'ENOENT' : this.p.vfs.stat(this.abs(path));
		if (!isErrno(st) && st.type === 'dir' && !this.write) {
			const names = this.p.vfs.readdir(this.abs(path));
			if (isErrno(names)) return 1;
			let ret = 0;
			for (const n of names) {
				this.p.tick();
				// concat_subpath_file(): no second slash after one the key ended in.
				ret |= this.recursive(path === '.' ? n : path.endsWith('/') ? path + n : `${path}/${n}`);
			}
			return ret;
		}
		return this.actOnSetting(path);
	}

	/** sysctl_act_on_setting(): reads `KEY` or writes `KEY=VALUE`; 1 on failure. */
	private actOnSetting(setting: string): number {
		// The name shown swaps the two separators: a key found as vm/x shows as vm.x, and dots that
		// named no file show as slashes.
		let outname = setting.replace(/[./]/g, c => (c === '/' ? '.' : '/'));
		const eq = setting.indexOf('=');
		const writing = this.write || eq >= 0;
		let key = setting;
		let value = '';
		if (writing) {
			if (eq < 0) {
				this.error(`error: '${outname}' must be of the form name=value`);
				return 1;
			}
			if (eq === 0) {
				this.error(`error: malformed setting '${outname}'`);
				return 1;
			}
			key = setting.slice(0, eq);
			value = setting.slice(eq + 1);
			outname = outname.slice(0, eq);
		}
		const f = key === '' ? 'ENOENT' : this.p.vfs.open(this.abs(key), writing ? {write: true, create: true, truncate: true} : {read: true});
		if (isErrno(f)) return this.openFailed(f, writing, outname);
		if (writing) {
			// xwrite_str(): a failed write kills the applet.
			const err = value === '' ? undefined : f.write(value);
			f.close();
			if (err) throw new SysctlDies(`write error: ${strerror[err]}`);
			if (!this.quiet) this.p.out(`${this.showKeys ? `${outname} = ` : ''}${value}\n`);
			return 0;
		}
		const data = f.read();
		f.close();
		if (isErrno(data)) {
			this.error(`error reading key '${outname}': ${strerror[data]}`);
			return 0;
		}
		// Multi-line values get the name before each line.
		for (const line of data.match(/[^\n]*\n|[^\n]+$/g) ?? []) this.p.out(`${this.showKeys ? `${outname} = ` : ''}${line}`);
		return 0;
	}

	private openFailed(e: Errno, writing: boolean, outname: string): number {
		// A write-only setting (vm.drop_caches) is skipped without a word.
		if (e === 'EACCES') return 0;
		if (e === 'ENOENT') {
			if (this.showKeyErrors) this.error(`error: '${outname}' is an unknown key`);
		} else {
			this.error(`error ${writing ? 'sett' : 'read'}ing key '${outname}': ${strerror[e]}`);
		}
		return 1;
	}

	/**
	 * sysctl_handle_preload_file(): `key = value` lines (`#` and `;` comments, blanks around the
	 * tokens trimmed), each applied as KEY=VALUE.
	 */
	preload(file: string): void {
		const text = readFile(this.p.vfs, this.p.abs(file));
		if (isErrno(text)) {
			this.error(`${file}: ${strerror[text]}`);
			return;
		}
		for (const raw of text.split('\n')) {
			this.p.tick();
			const line = raw.trimStart();
			if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
			const eq = line.indexOf('=');
			if (eq < 0) continue;
			const key = line.slice(0, eq).trim();
			const value = line.slice(eq + 1).trim();
			if (key === '' || value === '') continue;
			this.actOnSetting(`${this.dotsToSlashes(key)}=${value}`);
		}
	}
}

/** bb_perror_msg_and_die() inside the applet: the message, then exit status 1. */
class SysctlDies extends Error {}

/** The applet as the shell runs it: a dying write ends it with status 1. */
export const sysctl: Program = p => {
	try {
		return sysctlMain(p);
	} catch (e) {
		if (!(e instanceof SysctlDies)) throw e;
		p.err(`${p.name}: ${e.message}\n`);
		return 1;
	}
};
