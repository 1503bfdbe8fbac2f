import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {parse} from '../source/machine/shell/parser.js';
import {FakeKernel} from './shell-fake.js';
import {busyboxRows} from './guest-shell.js';
import {singleQuote} from '../source/machine/shell/interp.js';

function shell() {
	const k = new FakeKernel();
	k.hotplug(32, 4);
	return {k, sh: new Shell(k.syscalls(), {columns: 80})};
}

const out = (sh: Shell, line: string) => sh.run(line).output;

describe('ash parser', () => {
	it('reports ash syntax errors with its token names', () => {
		expect(parse('fi\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected "fi"'});
		expect(parse('if true; fi\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected "fi" (expecting "then")'});
		expect(parse('echo >\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected newline'});
		expect(parse(';\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected ";"'});
		expect(parse('echo a ;;\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected ";;"'});
		expect(parse(')\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected ")"'});
		expect(parse('while true; done\n')).toEqual({ok: false, incomplete: false, message: 'syntax error: unexpected "done" (expecting "do")'});
	});

	it('asks for more input on incomplete constructs', () => {
		for (const src of ['for i in 1 2\n', 'if true\n', 'echo "abc\n', "echo 'x\n", 'echo a |\n', 'echo $(ls\n', '{ echo\n', 'echo \\']) {
			expect(parse(src)).toMatchObject({ok: false, incomplete: true});
		}
	});

	it('prints the syntax error as sh: and sets $? to 2', () => {
		const {sh} = shell();
		expect(out(sh, 'echo hi; fi')).toBe('sh: syntax error: unexpected "fi"\n');
		expect(out(sh, 'echo $?')).toBe('2\n');
	});
});

describe('ash language', () => {
	it('quotes, backslashes and parameters', () => {
		const {sh} = shell();
		expect(out(sh, `X='a  b'; echo $X "$X" '$X' \\$X`)).toBe('a b a  b $X $X\n');
		expect(out(sh, 'echo ${X:-dflt} ${Y:-dflt} ${#X} ${Y-unset}')).toBe('a b dflt 4 unset\n');
		expect(out(sh, 'F=memory33; echo ${F#mem} ${F%3} ${F%%3*}')).toBe('ory33 memory3 memory\n');
		expect(out(sh, 'echo "$(echo one; echo two)" `echo back`')).toBe('one\ntwo back\n');
		expect(out(sh, 'echo $((1 + 2 * 3)) $((0x10 >> 2)) $(( (5 > 3) && 1 ))')).toBe('7 4 1\n');
		expect(out(sh, 'echo $#; set -- a b c; echo $# $2 "$@"')).toBe('0\n3 b a b c\n');
	});

	it('lists, pipes, && || and !', () => {
		const {sh} = shell();
		expect(out(sh, 'true && echo yes || echo no; false && echo yes || echo no')).toBe('yes\nno\n');
		expect(out(sh, '! false; echo $?')).toBe('0\n');
		expect(out(sh, 'printf "b\\na\\nc\\n" | sort | head -n 2')).toBe('a\nb\n');
		expect(out(sh, 'xyz; echo $?')).toBe('sh: xyz: not found\n127\n');
	});

	it('for, while, until, if/elif/else, case, groups, subshells, functions', () => {
		const {sh} = shell();
		expect(out(sh, 'for i in 1 2 3; do echo -n $i; done; echo')).toBe('123\n');
		expect(out(sh, 'i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i')).toBe('3\n');
		expect(out(sh, 'until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i')).toBe('0\n');
		expect(out(sh, 'if false; then echo a; elif true; then echo b; else echo c; fi')).toBe('b\n');
		expect(out(sh, 'case memory33 in mem*3) echo hit;; *) echo miss;; esac')).toBe('hit\n');
		expect(out(sh, '(cd /tmp; pwd); pwd; { echo g1; echo g2; } | wc -l')).toBe('/tmp\n/\n2\n');
		expect(out(sh, 'f() { echo "f:$1"; return 3; }; f x; echo $?')).toBe('f:x\n3\n');
		expect(out(sh, 'for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done')).toBe('1\n');
	});

	it('continues a for loop across lines with PS2', () => {
		const {sh} = shell();
		expect(sh.run('for b in 32 33').output).toBe('');
		expect(sh.prompt()).toBe('> ');
		expect(sh.run('do cat /sys/devices/system/memory/memory$b/state').output).toBe('');
		expect(sh.run('done').output).toBe('offline\noffline\n');
		expect(sh.prompt()).toBe('/ # ');
		sh.run('if true');
		expect(sh.interrupt()).toEqual({output: '\n'});
		expect(sh.prompt()).toBe('/ # ');
	});

	it('a line that ends in a backslash goes on on the next (PS2), as on the real console', () => {
		const {sh} = shell();
		expect(sh.run('echo a \\').output).toBe('');
		expect(sh.prompt()).toBe('> ');
		expect(sh.run('b').output).toBe('a b\n');
		expect(sh.run('echo c\\').output).toBe('');
		expect(sh.run('d').output).toBe('cd\n');
		expect(sh.prompt()).toBe('/ # ');
	});

	it('in scripts and -c strings too; a backslash that ends the input is itself (Debian\'s busybox 1.35, `sh -c ROW; echo rc=$?`)', () => {
		const {sh} = shell();
		const REAL: [string, string][] = [
		["printf 'echo a \\\\\\nb\\necho c\\\\\\nd\\n' > /tmp/s.sh; sh /tmp/s.sh", "a b\ncd\nrc=0\n"],
		["printf 'echo a \\\\\\n' > /tmp/s.sh; sh /tmp/s.sh", "a\nrc=0\n"],
		["printf 'echo a \\\\' > /tmp/s.sh; sh /tmp/s.sh", "a \\\nrc=0\n"],
		["printf 'echo a\\\\\\n\\\\\\nb\\n' > /tmp/s.sh; sh /tmp/s.sh", "ab\nrc=0\n"],
		["printf 'for i in 1 \\\\\\n 2; do echo $i; done\\n' > /tmp/s.sh; sh /tmp/s.sh", "1\n2\nrc=0\n"],
		["printf 'echo a \\\\\\nb\\n' | sh", "a b\nrc=0\n"],
		["sh -c 'echo a \\'", "a \\\nrc=0\n"],
		["sh -c 'echo a\\'", "a\\\nrc=0\n"],
		["printf 'echo a\\\\' > /tmp/s.sh; sh /tmp/s.sh", "a\\\nrc=0\n"],
		];
		for (const [row, want] of REAL) expect(out(sh, `sh -c ${singleQuote(row)} 2>&1; echo rc=$?`), row).toBe(want);
	});

	it("a $(...) ends at its own `)`: a case's patterns and a ${...}'s `)` inside close nothing (Debian's busybox 1.35)", () => {
		const {sh} = shell();
		const REAL: [string, string][] = [
		["echo $(echo ${x:-)})", ")\nrc=0\n"],
		["echo $(echo ${x:-a)b})", "a)b\nrc=0\n"],
		["echo $(echo \"${x:-)}\")", ")\nrc=0\n"],
		["echo $(echo ${#x})", "0\nrc=0\n"],
		["echo $(case a in a) echo A;; esac)", "A\nrc=0\n"],
		["echo $(echo case)", "case\nrc=0\n"],
		["echo $(echo esac; echo x)", "esac x\nrc=0\n"],
		["x=$(case a in (a) echo paren;; esac); echo $x", "paren\nrc=0\n"],
		["echo $(for i in 1 2; do case $i in 1) echo one;; *) echo other;; esac; done)", "one other\nrc=0\n"],
		["echo $(if true; then case b in b) echo B;; esac; fi)", "B\nrc=0\n"],
		["echo $(echo ${x y); echo after", "sh: syntax error: missing '}'\nrc=2\n"],
		["echo $(case a in a) echo $(echo in);; esac)", "in\nrc=0\n"],
		["echo \"$(case a in a) echo q;; esac)\"", "q\nrc=0\n"],
		["echo $(echo ')')", ")\nrc=0\n"],
		["echo $(echo \\))", ")\nrc=0\n"],
		["echo $( (echo sub) )", "sub\nrc=0\n"],
		["echo $(echo a | case x in x) cat;; esac)", "a\nrc=0\n"],
		["echo $({ case a in a) echo grp;; esac; })", "grp\nrc=0\n"],
		["echo $(! case a in a) false;; esac; echo $?)", "0\nrc=0\n"],
		["echo $(while false; do case a in a) :;; esac; done; echo w)", "w\nrc=0\n"],
		["echo $(x=case; echo $x)", "case\nrc=0\n"],
		["echo $(echo a; case b in b|c) echo bc;; esac)", "a bc\nrc=0\n"],
		["echo $(echo `echo bq`)", "bq\nrc=0\n"],
		["echo $(echo $(( (1+2) )))", "3\nrc=0\n"],
		["echo $((1+$(echo 2)))", "3\nrc=0\n"],
		];
		for (const [row, want] of REAL) expect(out(sh, `sh -c ${singleQuote(row)} 2>&1; echo rc=$?`), row).toBe(want);
	});

	it('redirections: >, >>, <, 2>, 2>&1, >/dev/null', () => {
		const {sh} = shell();
		expect(out(sh, 'echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f')).toBe('one\ntwo\n');
		expect(out(sh, 'cat /nope 2>/dev/null; echo $?')).toBe('1\n');
		expect(out(sh, 'cat /nope > /tmp/e 2>&1; cat /tmp/e')).toBe("cat: can't open '/nope': No such file or directory\n");
		expect(out(sh, 'echo x >/dev/null')).toBe('');
		expect(out(sh, 'cat < /nope; echo $?')).toBe("sh: can't open /nope: no such file\n1\n");
		expect(out(sh, 'read a b < /tmp/f; echo "$b-$a"')).toBe('-one\n');
	});

	it('globs against the VFS, sorted, and keeps unmatched patterns', () => {
		const {sh} = shell();
		expect(out(sh, 'echo /sys/devices/system/memory/memory3?')).toBe(
			'/sys/devices/system/memory/memory32 /sys/devices/system/memory/memory33 /sys/devices/system/memory/memory34 /sys/devices/system/memory/memory35\n');
		expect(out(sh, 'cd /sys/devices/system/memory; echo memory[0-2] nomatch*')).toBe('memory0 memory1 memory2 nomatch*\n');
		expect(out(sh, 'echo "memory*"')).toBe('memory*\n');
	});

	it('bounds runaway loops', () => {
		const {sh} = shell();
		expect(out(sh, 'while true; do :; done')).toBe('memhp: command interrupted after 100000 steps\n');
		expect(out(sh, 'echo still here')).toBe('still here\n');
	});

	it('cd, prompt and exit', () => {
		const {sh} = shell();
		expect(out(sh, 'cd /sys/devices/system/memory')).toBe('');
		expect(sh.prompt()).toBe('/sys/devices/system/memory # ');
		expect(out(sh, 'cd /nope')).toBe("sh: cd: can't cd to /nope: No such file or directory\n");
		expect(out(sh, 'cd ../../..; pwd')).toBe('/sys\n');
		expect(sh.run('exit 3')).toEqual({output: '', exit: 3});
	});

	it('completes commands and paths', () => {
		const {sh} = shell();
		expect(sh.complete('lsm', 3)).toEqual({replaceFrom: 0, candidates: ['lsmem', 'lsmod']});
		expect(sh.complete('cat /sys/devices/system/memory/memory3', 38).candidates).toContain('/sys/devices/system/memory/memory33/');
		expect(sh.complete('echo x; fre', 11)).toEqual({replaceFrom: 8, candidates: ['free', 'freeramdisk']});
	});

	it('says which busybox applets are not simulated', () => {
		const {sh} = shell();
		expect(out(sh, 'bc /tmp/x; echo $?')).toBe('memhp: bc: not simulated\n127\n');
	});
});

/**
 * ash reads whatever token comes where a case pattern goes (only `)` or `|` must follow), the
 * pattern's text the last word it read, and reads the token after it without keyword checks.
 * Each row ran as `sh -c 'ROW'` through Debian's busybox 1.35.
 */
const CASE_PATTERNS: [string, string][] = [
	['case in in ;) echo hi;; esac; echo end', 'hi\nend\n'],
	['case x in & ) echo hi;; esac; echo e3', 'e3\n'],
	['case a in a|;) echo hi;; esac; echo e4', 'hi\ne4\n'],
	['case x in ; esac; echo e6', 'sh: syntax error: unexpected word (expecting ")")\n'],
	['case x in (;) echo y;; esac; echo e7', 'e7\n'],
	['case x in ;| x) echo y;; esac; echo e8', 'y\ne8\n'],
	['case x in a esac', 'sh: syntax error: unexpected word (expecting ")")\n'],
];

describe('case patterns where ash reads a token that is no word', () => {
	busyboxRows(CASE_PATTERNS, {mode: 'sh-c'});
});
