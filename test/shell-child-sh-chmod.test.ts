/**
 * `sh` run as a program (a child ash: -c, a script file, commands on stdin) and `chmod`. The
 * texts are those of Debian's busybox 1.35 on this machine (`busybox sh ...`, `busybox chmod ...`).
 */
import {describe, expect, it} from 'vitest';
import {bbParseMode} from '../source/machine/shell/applets/fileutils.js';
import {ASH_BANNER, Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';
import {printed, startSession} from './session-helpers.js';

function setup() {
	return new Shell(new FakeKernel(8).syscalls(), {columns: 80});
}
const out = (sh: Shell, line: string) => sh.run(line).output;

describe('sh as a program', () => {
	it('-c STRING [NAME [ARGS]]: $0, $1..., messages as ash prints them, the exit status', () => {
		const sh = setup();
		expect(out(sh, "sh -c 'foo'; echo rc=$?")).toBe('sh: foo: not found\nrc=127\n');
		expect(out(sh, "sh -c 'foo' nm a; echo rc=$?")).toBe('nm: line 0: foo: not found\nrc=127\n');
		expect(out(sh, "sh -c 'echo $0 $1 $#' a b c")).toBe('a b 2\n');
		expect(out(sh, "sh -c 'fi'; echo rc=$?")).toBe('sh: syntax error: unexpected "fi"\nrc=2\n');
		expect(out(sh, 'sh -c; echo rc=$?')).toBe('sh: -c requires an argument\nrc=2\n');
		expect(out(sh, 'sh -Q; echo rc=$?')).toBe('sh: illegal option -Q\nrc=2\n');
		expect(out(sh, "/bin/sh -c 'foo'")).toBe('/bin/sh: foo: not found\n');
		expect(out(sh, "sh -c 'exit 5'; echo rc=$?")).toBe('rc=5\n');
	});

	it('is a new process: only exported variables, its own cwd and functions, its own $$ and $PPID', () => {
		const sh = setup();
		expect(out(sh, 'X=1; export Y=2; f() { echo f; }; sh -c \'echo "[$X][$Y]"; f\'')).toBe('[][2]\nsh: f: not found\n');
		expect(out(sh, "sh -c 'cd /tmp; pwd'; pwd")).toBe('/tmp\n/\n');
		// On the guest (whose fork gives pids): the child's own pid, the console shell its parent.
		const s = startSession(['-m', '1G', '-kernel', 'bzImage']);
		const [pid, ppid] = printed(s, 'serial', "sh -c 'echo $$ $PPID; sh -c \"echo \\$PPID\"'").trim().split(/\s+/).map(Number);
		expect(ppid).toBe(1);
		expect(pid).toBeGreaterThan(30);
		expect(printed(s, 'serial', "sh -c 'echo $$ $PPID; sh -c \"echo \\$PPID\"'").trim().split(/\s+/).map(Number)[2]).toBeGreaterThan(30);
	});

	it('FILE [ARGS]: a script with $0 = FILE and `FILE: line N:` messages; a missing one is "can\'t open" (2)', () => {
		const sh = setup();
		out(sh, "printf 'echo one $0 $1\\nfoo\\necho two\\nexit 3\\n' > /tmp/s1.sh");
		expect(out(sh, 'sh /tmp/s1.sh A; echo rc=$?')).toBe('one /tmp/s1.sh A\n/tmp/s1.sh: line 2: foo: not found\ntwo\nrc=3\n');
		expect(out(sh, 'sh /nonexist; echo rc=$?')).toBe("sh: can't open '/nonexist': No such file or directory\nrc=2\n");
		// A directory opens, and its read error reads as end of file.
		expect(out(sh, 'sh /proc; echo rc=$?')).toBe('rc=0\n');
	});

	it('reads commands from a pipe; an EXIT trap runs on the way out', () => {
		const sh = setup();
		expect(out(sh, "echo 'echo from-stdin $0; x=1; echo $x' | sh; echo rc=$?")).toBe('from-stdin sh\n1\nrc=0\n');
		expect(out(sh, "printf 'echo a\\nfoo\\n' | sh")).toBe('a\nsh: foo: not found\n');
		expect(out(sh, 'sh -c "trap \\"echo bye\\" EXIT; echo hi; exit 3"; echo rc=$?')).toBe('hi\nbye\nrc=3\n');
	});

	it('with the terminal as stdin it reads the console until it exits (more in shell-interactive-sh.test.ts)', () => {
		const sh = setup();
		expect(out(sh, 'sh; echo rc=$?')).toBe(ASH_BANNER);
		expect(out(sh, 'exit 4')).toBe('rc=4\n');
	});
});

describe('chmod', () => {
	it('octal and symbolic modes, -v/-c reports, -R', () => {
		const sh = setup();
		out(sh, 'cd /tmp; touch f; mkdir d; chmod 644 f');
		expect(out(sh, 'chmod -v +x f; chmod -c +x f; chmod -c g-x f; stat -c %a f')).toBe(
			"mode of 'f' changed to 0755 (rwxr-xr-x)\nmode of 'f' changed to 0745 (rwxr--r-x)\n745\n");
		expect(out(sh, 'chmod -R go-rwx d; stat -c %a d')).toBe('700\n');
		expect(out(sh, 'chmod u=rwx,g=rx,o= f; stat -c %a f; chmod -x f; stat -c %a f; chmod a+X f; stat -c %a f; chmod g=u f; stat -c %a f'))
			.toBe('750\n640\n640\n660\n');
	});

	it('errors: a missing file, a bad mode, no operands', () => {
		const sh = setup();
		expect(out(sh, 'chmod 755 /tmp/nofile; echo rc=$?')).toBe('chmod: /tmp/nofile: No such file or directory\nrc=1\n');
		expect(out(sh, 'touch /tmp/f; chmod zz /tmp/f; echo rc=$?; chmod 8 /tmp/f; echo rc=$?')).toBe("chmod: invalid mode 'zz'\nrc=1\nchmod: invalid mode '8'\nrc=1\n");
		expect(out(sh, 'chmod 2>&1 | head -3')).toBe('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: chmod [-Rcvf] MODE[,MODE]... FILE...\n');
	});

	it('makes a script runnable by its path', () => {
		const sh = setup();
		out(sh, "echo 'echo hello from $0' > /tmp/s.sh");
		expect(out(sh, '/tmp/s.sh')).toBe('sh: /tmp/s.sh: Permission denied\n');
		expect(out(sh, 'chmod +x /tmp/s.sh; /tmp/s.sh')).toBe('hello from /tmp/s.sh\n');
	});

	it('bb_parse_mode(): permcopy, X only for directories or already executable files, the umask without a who list', () => {
		expect(bbParseMode('g=u', 0o100640, 0o022)).toBe(0o100660);
		expect(bbParseMode('a+X', 0o100644, 0o022)).toBe(0o100644);
		expect(bbParseMode('a+X', 0o40644, 0o022)).toBe(0o40755);
		expect(bbParseMode('+w', 0o100444, 0o022)).toBe(0o100644);
		expect(bbParseMode('=r', 0o100777, 0o022)).toBe(0o100444);
		expect(bbParseMode('u', 0o100644, 0o022)).toBeUndefined();
		expect(bbParseMode('07777', 0, 0)).toBe(0o7777);
		expect(bbParseMode('17777', 0, 0)).toBeUndefined();
	});
});

describe('operator tables are not objects with a prototype', () => {
	it('test/[ take `__proto__` or `constructor` as plain strings (was: internal error)', () => {
		const sh = setup();
		expect(out(sh, 'test __proto__ read /etc/passwd; echo rc=$?')).toBe('sh: read: unknown operand\nrc=2\n');
		expect(out(sh, '[ constructor ] && echo yes')).toBe('yes\n');
		expect(out(sh, 'test __proto__ /etc/passwd; echo rc=$?')).not.toContain('internal error');
	});
});
