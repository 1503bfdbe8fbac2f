/**
 * busybox 1.35 ash through memhp's shell, each expected text produced by running the same
 * lines through Debian's `busybox sh -i` (BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1)).
 */
import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';

function shell() {
	const k = new FakeKernel();
	k.hotplug(32, 4);
	const sh = new Shell(k.syscalls(), {columns: 80});
	sh.run('cd /tmp');
	return sh;
}

/** Runs the lines one by one; returns the output and the last status (or the exit status). */
function run(...lines: string[]): string {
	const sh = shell();
	let out = '';
	for (const line of lines) {
		const r = sh.run(line);
		out += r.output;
		if (r.exit !== undefined) return `${out}[exit ${r.exit}]`;
	}
	return `${out}[${sh.lastStatus()}]`;
}

describe('ash parameter expansion', () => {
	it('"$*" joins with the first IFS character, "$@" keeps fields', () => {
		expect(run(`set -- a 'b c' d; IFS=:; echo "$*"`)).toBe('a:b c:d\n[0]');
		expect(run(`IFS=; set -- "a b" c; echo "$*"`)).toBe('a bc\n[0]');
		expect(run(`set -- a 'b c' d; for x in "$@"; do echo "[$x]"; done`)).toBe('[a]\n[b c]\n[d]\n[0]');
		expect(run(`IFS=: ; set -- "a:b" "" c; for i in $*; do echo "[$i]"; done`)).toBe('[a]\n[b]\n[c]\n[0]');
	});

	it('substrings and pattern replacement (bash-compatible forms ash has)', () => {
		expect(run('v=hello; echo ${v:1} ${v:1:2} ${v: -2} ${v:1:-1} ${v:10}x')).toBe('ello el lo ell x\n[0]');
		expect(run('v=hello; echo ${v/l/L} ${v//l/L} ${v/l*/X} ${v//l}')).toBe('heLlo heLLo heX heo\n[0]');
		expect(run('v=a.b.c; echo ${v//./-}; v=hello; echo ${v/#h/H}')).toBe('a-b-c\nhello\n[0]');
		expect(run('v=hello; echo ${v:}')).toBe("sh: syntax error: missing '}'\n[2]");
	});

	it('tilde expansion', () => {
		expect(run('HOME=/tmp; echo ~ ~/foo "~" a~; x=~/b; echo $x')).toBe('/tmp /tmp/foo ~ a~\n/tmp/b\n[0]');
		expect(run('echo ~root ~nosuch/x')).toBe('/root ~nosuch\n[0]');
	});

	it('set -u and set -f', () => {
		expect(run('set -u; echo $nosuch; echo after')).toBe('sh: nosuch: parameter not set\n[2]');
		expect(run('set -u; echo ${nosuch:-ok}')).toBe('ok\n[0]');
		expect(run('set -f; touch a1; echo a*')).toBe('a*\n[0]');
	});
});

describe('ash functions and builtins', () => {
	it('local restores (or unsets again) on return; outside a function it fails', () => {
		expect(run('f() { local x=1; echo $x; }; x=0; f; echo $x')).toBe('1\n0\n[0]');
		expect(run('f() { local x; echo "[$x]"; x=2; }; x=1; f; echo $x')).toBe('[]\n1\n[0]');
		expect(run('f() { local x=1; g; echo $x; }; g() { x=2; }; f; echo "[$x]"')).toBe('2\n[]\n[0]');
		expect(run('local x=1')).toBe('sh: local: not in a function\n[2]');
	});

	it('return at top level ends the shell; in a . file it ends the file', () => {
		expect(run('return 5; echo $?', 'echo next')).toBe('[exit 5]');
		expect(run(`echo 'return 7; echo no' > r.sh; . ./r.sh; echo $?`)).toBe('7\n[0]');
		expect(run(`echo 'echo sourced $1' > s.sh; . ./s.sh arg; echo $?`)).toBe('sourced arg\n0\n[0]');
	});

	it('shift past the end is status 1 without a message', () => {
		expect(run('set -- a b c; shift; echo $@; shift 2; echo $#; shift; echo $?')).toBe('b c\n0\n1\n[0]');
	});

	it('set -e exits on a failure outside conditions', () => {
		expect(run('set -e; false; echo notreached')).toBe('[exit 1]');
		expect(run('set -e; false || echo ok; if false; then :; fi; ! true; echo after')).toBe('ok\nafter\n[0]');
	});

	it('set -x traces with ash quoting on stderr', () => {
		expect(run(`set -x; x=1 y="a b"; echo hi in '' "it's" a=b '[' ]`)).toBe(
			"+ x=1 y='a b'\n+ echo hi 'in'  'it'\"'\"'s' 'a=b' '[' ]\nhi in  it's a=b [ ]\n[0]");
		expect(run('set -x; f() { echo in; }; f a; true > /dev/null 2>&1')).toBe("+ f a\n+ echo 'in'\nin\n+ true\n[0]");
	});

	it('set -o lists the options; a bad one is an error', () => {
		expect(run('set -o | head -3')).toBe('errexit         off\nnoglob          off\nignoreeof       off\n[0]');
		expect(run('set -o nosuch; echo $?')).toBe('sh: set: illegal option -o nosuch\n[2]');
	});
});

describe('ash error texts', () => {
	it('eval and . prefix their messages; . files say line N', () => {
		expect(run(`eval 'if'; echo $?`)).toBe('sh: eval: syntax error: unexpected end of file (expecting "then")\n[2]');
		expect(run('eval nosuch; echo $?')).toBe('sh: eval: nosuch: not found\n127\n[0]');
		expect(run(`eval 'echo "abc'`)).toBe('sh: eval: syntax error: unterminated quoted string\n[2]');
		expect(run(`eval 'echo $((1+'`)).toBe("sh: eval: syntax error: missing '))'\n[2]");
		expect(run("eval 'echo `ls'")).toBe('sh: eval: syntax error: EOF in backquote substitution\n[2]');
		expect(run(`eval 'case a in a) echo'`)).toBe('sh: eval: syntax error: unexpected end of file (expecting ";;")\n[2]');
		expect(run(`printf 'echo a\\n\\nnosuch\\n' > n.sh; . ./n.sh; echo $?`)).toBe('a\nsh: ./n.sh: line 3: nosuch: not found\n127\n[0]');
		expect(run(`printf 'echo a\\nif\\n' > n.sh; . ./n.sh; echo $?`)).toBe('a\nsh: ./n.sh: line 3: syntax error: unexpected end of file (expecting "then")\n[2]');
	});

	it('<> on stdin reads the file', () => {
		expect(run('echo data > f; cat <> f')).toBe('data\n[0]');
	});
});
