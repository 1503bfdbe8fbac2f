import type {GuestSyscalls} from '../linux/syscalls.js';
import {hasGlobChars} from './glob.js';
import {ExitShell, Interp, StepLimit, STEP_BUDGET} from './interp.js';
import {parse} from './parser.js';
import {BUILTIN_NAMES} from './builtins.js';
import {absPath, type Sink} from './proc.js';
import {strcmp} from './glob.js';

export {STEP_BUDGET} from './interp.js';

/**
 * busybox 1.35 ash as the interactive root shell on /dev/ttyS0. Lines go in one at a time;
 * an incomplete compound command waits for more lines (PS2 `> `). Everything runs against
 * the guest's system calls only.
 */
export class Shell {
	private readonly interp: Interp;
	private pending: string[] = [];
	private out = '';
	/** A command line is running (its tty output may be taken early, see takeOutput()). */
	private running = false;
	/** The last character of tty output taken early by takeOutput() during this command line. */
	private takenTail = '';
	/** The last PS1 expansion and what it was made of (front ends ask for the prompt often). */
	private ps1Cache: {ps1: string; cwd: string; home: string; value: string} | undefined;

	constructor(sys: GuestSyscalls, opts: {columns?: number} = {}) {
		const tty: Sink = {
			kind: 'tty',
			write: s => {
				this.out += s;
				return undefined;
			},
		};
		const vars = new Map<string, {value: string; exported: boolean}>([
			['HOME', {value: '/', exported: true}],
			['TERM', {value: 'linux', exported: true}],
			['PATH', {value: '/sbin:/usr/sbin:/bin:/usr/bin', exported: true}],
			['SHELL', {value: '/bin/sh', exported: true}],
			['USER', {value: 'root', exported: true}],
			['LOGNAME', {value: 'root', exported: true}],
			['PWD', {value: '/', exported: true}],
			['PS1', {value: '\\w \\$ ', exported: false}],
			['PS2', {value: '> ', exported: false}],
			['IFS', {value: ' \t\n', exported: false}],
		]);
		this.interp = new Interp(sys, {vars, cwd: '/', functions: new Map(), positional: [], status: 0}, tty, opts.columns ?? 80);
	}

	/** PS1 (`\w \$ ` as busybox expands it for root) or PS2 while a command is incomplete. */
	prompt(): string {
		if (this.pending.length) return this.interp.getVar('PS2') ?? '> ';
		const ps1 = this.interp.getVar('PS1') ?? '\\w \\$ ';
		const cwd = this.interp.state.cwd;
		const home = this.interp.getVar('HOME') ?? '';
		// \h asks the kernel each time; everything else depends on these three strings only.
		const c = this.ps1Cache;
		if (c && c.ps1 === ps1 && c.cwd === cwd && c.home === home) return c.value;
		const value = this.expandPs1(ps1, cwd, home);
		this.ps1Cache = ps1.includes('\\h') ? undefined : {ps1, cwd, home, value};
		return value;
	}

	private expandPs1(ps1: string, cwd: string, home: string): string {
		// lineedit's \w: $HOME becomes ~, except a HOME of "/" (the l != 1 check).
		const w = home.length > 1 && (cwd === home || cwd.startsWith(home + '/')) ? '~' + cwd.slice(home.length) : cwd;
		return ps1.replace(/\\([wWh$un\\])/g, (_m, c: string) => {
			switch (c) {
				case 'w': return w;
				case 'W': return w === '/' ? '/' : w.slice(w.lastIndexOf('/') + 1);
				case '$': return '#';
				case 'u': return 'root';
				case 'h': return this.interp.sys.uname().nodename.split('.')[0];
				case 'n': return '\n';
				default: return '\\';
			}
		});
	}

	run(line: string): {output: string; exit?: number} {
		this.out = '';
		this.pending.push(line);
		const src = this.pending.join('\n') + '\n';
		let parsed: ReturnType<typeof parse>;
		try {
			// More lines may come: an open here-document waits for its delimiter (PS2).
			parsed = parse(src, {partial: true});
		} catch (e) {
			if (!(e instanceof RangeError)) throw e;
			// Thousands of nested ( or $( exhaust the parser's stack: drop the input like ash
			// drops a line it cannot parse.
			this.pending = [];
			this.interp.state.status = 2;
			return {output: 'memhp: command interrupted: nesting too deep\n'};
		}
		if (!parsed.ok && parsed.incomplete) return {output: ''};
		this.pending = [];
		if (src.trim()) this.interp.history.push(src.slice(0, -1));
		if (!parsed.ok) {
			this.out += `sh: ${parsed.message}\n`;
			this.interp.state.status = 2;
			return {output: this.out};
		}
		this.interp.steps = 0;
		this.running = true;
		this.takenTail = '';
		try {
			this.interp.runTop(parsed.node);
		} catch (e) {
			if (e instanceof ExitShell) {
				this.interp.exitTrap();
				return {output: this.out, exit: e.status};
			}
			if (e instanceof StepLimit) {
				this.out += `${this.lineBreak()}memhp: command interrupted after ${STEP_BUDGET} steps\n`;
				this.interp.state.status = 130;
			} else if (e instanceof RangeError) {
				// Unbounded recursion (`f() { f; }; f`) or a string past the engine's limit: real
				// ash would crash or run out of memory; here the command stops, the shell lives on.
				this.out += `${this.lineBreak()}memhp: command interrupted: ${/stack/i.test(e.message) ? 'nesting too deep' : 'out of memory'}\n`;
				this.interp.state.status = 130;
			} else throw e;
		} finally {
			this.running = false;
		}
		return {output: this.out};
	}

	/**
	 * What the running command line has written to the tty so far, handed over and forgotten:
	 * the kernel's console is about to write to the same serial line, and the shell's earlier
	 * output must come first. Empty between command lines.
	 */
	takeOutput(): string {
		if (!this.running || !this.out) return '';
		const s = this.out;
		this.takenTail = s.slice(-1);
		this.out = '';
		return s;
	}

	/** memhp's own messages start on a fresh line even after output without a final newline. */
	private lineBreak(): string {
		const tail = this.out ? this.out.slice(-1) : this.takenTail;
		return tail === '' || tail === '\n' ? '' : '\n';
	}

	interrupt(): string {
		this.pending = [];
		this.interp.state.status = 130;
		return '\n';
	}

	lastStatus(): number {
		return this.interp.state.status;
	}

	complete(line: string, cursor: number): {replaceFrom: number; candidates: string[]} {
		const before = line.slice(0, cursor);
		const m = /[^\s;|&<>()]*$/.exec(before)!;
		const word = m[0];
		const start = cursor - word.length;
		const prefix = before.slice(0, start);
		const firstWord = /(^|[;|&(]|&&|\|\|)\s*$/.test(prefix);
		const vfs = this.interp.sys.vfs;
		if (firstWord && !word.includes('/')) {
			const names = new Set<string>([...BUILTIN_NAMES, ...this.interp.state.functions.keys()]);
			for (const dir of (this.interp.getVar('PATH') ?? '').split(':')) {
				const entries = vfs.readdir(dir);
				if (typeof entries !== 'string') for (const e of entries) names.add(e);
			}
			return {replaceFrom: start, candidates: [...names].filter(n => n.startsWith(word)).sort(strcmp)};
		}
		if (hasGlobChars(word)) return {replaceFrom: start, candidates: []};
		const slash = word.lastIndexOf('/');
		const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
		const base = word.slice(slash + 1);
		const dir = absPath(this.interp.state.cwd, dirPart || '.');
		const entries = vfs.readdir(dir);
		if (typeof entries === 'string') return {replaceFrom: start, candidates: []};
		const candidates = entries
			.filter(e => e.startsWith(base) && (base.startsWith('.') || !e.startsWith('.')))
			.sort(strcmp)
			.map(e => {
				const st = vfs.stat(`${dir.replace(/\/$/, '')}/${e}`);
				return dirPart + e + (typeof st !== 'string' && st.type === 'dir' ? '/' : '');
			});
		return {replaceFrom: start, candidates};
	}
}
