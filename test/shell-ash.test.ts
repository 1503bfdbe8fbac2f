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
		// plus_minus_o() prints and returns 1 (Debian's busybox 1.35: `sh -c 'set -o nosuch; echo rc=$?'`
		// says `sh: set: line 0: illegal option -o nosuch` and `rc=1`); a bad letter is an error
		expect(run('set -o nosuch; echo $?')).toBe('sh: set: illegal option -o nosuch\n1\n[0]');
		expect(run('set -z; echo $?')).toBe('sh: set: illegal option -z\n[2]');
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

describe('ash builtins: readonly, export, read, type, command', () => {
	it('readonly and export list NAME=value lines; a read-only variable cannot be set', () => {
		expect(run('readonly r=2; readonly r=3; echo $?')).toBe('sh: readonly: r: is read only\n[2]');
		expect(run("readonly z; readonly q=1; readonly -p | grep -v '^readonly [A-Z]'")).toBe("readonly q='1'\nreadonly z\n[0]");
		expect(run("readonly q=1; readonly | grep q")).toBe("readonly q='1'\n[0]");
		expect(run("export e1; export e2=x; export | grep ' e[12]'; export -p | grep e2")).toBe("export e1\nexport e2='x'\nexport e2='x'\n[0]");
		expect(run('readonly -x; echo $?')).toBe('sh: readonly: illegal option -x\n[2]');
		expect(run('readonly q=1; unset q; echo $?')).toBe('sh: unset: q: is read only\n[2]');
	});

	it('read splits on IFS as ash does, one line at a time', () => {
		expect(run(`printf 'a:b:c d\\n' | { IFS=:; read x y; echo "[$x][$y]"; }`)).toBe('[a][b:c d]\n[0]');
		expect(run(`printf 'a:b::c d\\n' | { IFS=:; read x y z; echo "[$x][$y][$z]"; }`)).toBe('[a][b][:c d]\n[0]');
		expect(run(`printf ' a : b \\n' | { IFS=": "; read x y; echo "[$x][$y]"; }`)).toBe('[a][b]\n[0]');
		expect(run(`printf 'a::b\\n' | { IFS=: read x y z; echo "[$x][$y][$z]"; }`)).toBe('[a][][b]\n[0]');
		expect(run(`printf ':a\\n' | { IFS=: read x y; echo "[$x][$y]"; }`)).toBe('[][a]\n[0]');
		expect(run(`printf 'a  b\\n' | { IFS= read x y; echo "[$x][$y]"; }`)).toBe('[a  b][]\n[0]');
		expect(run(`printf 'a b\\\\\\nc d\\n' | { read x y; echo "[$x][$y]"; }`)).toBe('[a][bc d]\n[0]');
		expect(run(`printf '  lead  \\n' | { read; echo "[$REPLY]"; read x; echo "[$x] $?"; }`)).toBe('[  lead  ]\n[] 1\n[0]');
		expect(run(`printf 'abc' | { read x; echo "[$x] $?"; }`)).toBe('[abc] 1\n[0]');
		expect(run(`printf 'a b c d\\n' | { read x y; echo "[$x][$y]"; }`)).toBe('[a][b c d]\n[0]');
		expect(run(`printf 'a\\n' | { read x y z; echo "[$x][$y][$z]"; }`)).toBe('[a][][]\n[0]');
		expect(run(`printf 'a\\nb\\n' | { read x; read y; echo "$x $y"; }`)).toBe('a b\n[0]');
		expect(run(`printf '1\\n2\\n3\\n' | while read n; do echo "n=$n"; done`)).toBe('n=1\nn=2\nn=3\n[0]');
	});

	it('read options', () => {
		expect(run(`printf 'a\\\\b c\\n' | { read -r x; echo "$x"; }`)).toBe('a\\b c\n[0]');
		expect(run(`printf 'abcdef\\n' | { read -n 3 x; echo "$x"; read y; echo "$y"; }`)).toBe('abc\ndef\n[0]');
		expect(run(`printf 'ab\\\\cd\\n' | { read -n 3 x; echo "[$x]"; }`)).toBe('[ab]\n[0]');
		expect(run(`printf 'abc\\n' | { read -p "P> " -s x; echo "$x"; }`)).toBe('abc\n[0]');
		expect(run(`printf 'abc\\n' | { read -t 1 x; echo "$x $?"; }`)).toBe('abc 0\n[0]');
		expect(run(`printf 'a,b;c\\n' | { read -d ';' x; echo "[$x] $?"; }`)).toBe('[a,b] 0\n[0]');
		expect(run('read -z x; echo $?')).toBe('sh: read: illegal option -z\n2\n[0]');
		expect(run('read -t x y </dev/null; echo $?')).toBe('sh: read: invalid timeout\n2\n[0]');
		expect(run('read -n x y </dev/null; echo $?')).toBe('sh: read: invalid count\n2\n[0]');
		expect(run('read -p; echo $?')).toBe('sh: read: no arg for -p option\n2\n[0]');
		expect(run('read -t 1.5 x < /dev/null; echo $?')).toBe('1\n[0]');
	});

	it('type and command -v / -V / command NAME (checked against Debian\'s busybox 1.35: its own applets are found by name, as the standalone shell runs them)', () => {
		expect(run('type if then ls cd f echo nosuch export; echo $?')).toBe(
			'if is a shell keyword\nthen is a shell keyword\nls is ls\ncd is a shell builtin\nf: not found\necho is a shell builtin\nnosuch: not found\nexport is a special shell builtin\n127\n[0]');
		expect(run('f() { :; }; type f', "alias ll='ls -l'", 'type ll')).toBe('f is a function\nll is an alias for ls -l\n[0]');
		expect(run('command -v ls cd; echo $?; command -v cd ls; command -v nosuch; echo $?')).toBe('ls\n0\ncd\n127\n[0]');
		expect(run("f() { :; }; alias ll='ls -l'; command -v f; command -v if; command -v ll")).toBe("f\nif\nalias ll='ls -l'\n[0]");
		expect(run('f() { :; }; command -V ls cd f; echo $?')).toBe('ls is ls\n0\n[0]');
		// and run without any $PATH search
		expect(run('PATH=/nowhere; echo x | cat; type lsmem')).toBe('x\nlsmem: not found\n[127]');
		expect(run('f() { echo func; }; command f; echo $?')).toBe('sh: f: not found\n127\n[0]');
		expect(run('echo() { :; }; command echo hi')).toBe('hi\n[0]');
	});
});

describe('ash alias, trap, umask, $-', () => {
	it('aliases expand at the start of the next input lines', () => {
		expect(run("alias ll='ls -l' x=y; alias; alias ll; alias nope; echo $?")).toBe("x='y'\nll='ls -l'\nll='ls -l'\nalias: nope not found\n1\n[0]");
		expect(run("alias a1='echo A'; a1 x")).toBe('sh: a1: not found\n[127]');
		expect(run("alias a1='echo A'", 'a1 x; echo a1')).toBe('A x\na1\n[0]');
		expect(run("alias ls='ls -d'", 'ls /tmp')).toBe('/tmp\n[0]');
		expect(run("alias a1='echo A'", 'unalias a1; alias; unalias zz; echo $?')).toBe('unalias: zz not found\n1\n[0]');
		expect(run("alias a1='echo A'", 'unalias -a; alias; echo $?')).toBe('0\n[0]');
		expect(run(`alias e='echo ' w=world l='ls -d'`, 'e w l', 'e l /tmp')).toBe('world l\nls -d /tmp\n[0]');
		expect(run(`alias q="echo it's"; alias q; type q`)).toBe(`q='echo it'"'"'s'\nq is an alias for echo it's\n[0]`);
	});

	it('trap lists, resets and ignores; the EXIT trap runs at exit', () => {
		expect(run("trap 'echo hi' INT TERM; trap; trap - INT; trap")).toBe("trap -- 'echo hi' INT\ntrap -- 'echo hi' TERM\ntrap -- 'echo hi' TERM\n[0]");
		expect(run("trap '' 2; trap 'echo h' 0; trap -- - TERM; trap")).toBe("trap -- 'echo h' EXIT\ntrap -- '' INT\n[0]");
		expect(run("trap 'echo x' NOSIG; echo $?; trap 'echo a' 99; echo $?")).toBe('sh: trap: NOSIG: invalid signal specification\n1\nsh: trap: 99: invalid signal specification\n1\n[0]');
		expect(run('trap -l')).toBe('sh: trap: illegal option -l\n[2]');
		expect(run("trap 'echo bye' EXIT", 'exit 3')).toBe('bye\n[exit 3]');
	});

	it('umask in octal and symbolic form, -S', () => {
		expect(run('umask; umask -S; umask 027; umask; umask -S; umask u=rwx,g=rx,o=; umask')).toBe('0022\nu=rwx,g=rx,o=rx\n0027\nu=rwx,g=rx,o=\n0027\n[0]');
		expect(run('umask 0777; umask; umask -S; umask 22; umask -S')).toBe('0777\nu=,g=,o=\nu=rwx,g=rx,o=rx\n[0]');
		expect(run('umask g-w; umask; umask a+w; umask')).toBe('0022\n0000\n[0]');
		expect(run('umask 999; echo $?; umask abc; echo $?')).toBe('sh: umask: illegal mode: 999\n2\nsh: umask: illegal mode: abc\n2\n[0]');
		expect(run('umask -x; echo $?')).toBe('sh: umask: illegal option -x\n2\n[0]');
	});

	it('$- and syntax errors inside $(...)', () => {
		expect(run('echo $-; set -e -u -f; echo $-')).toBe('smi\nusmife\n[0]');
		expect(run('echo "F=$(echo $-) $(set -e; echo $-)"; (echo "G=$-")')).toBe('F=smi smie\nG=smi\n[0]');
		expect(run('export nv; echo ${nv-unset}; readonly ro; echo ${ro-unset}')).toBe('unset\nunset\n[0]');
		expect(run('echo a; echo $(fi)')).toBe('sh: syntax error: unexpected "fi" (expecting ")")\n[2]');
		expect(run('echo $(if)')).toBe('sh: syntax error: unexpected ")"\n[2]');
		expect(run('echo "$(done)"')).toBe('sh: syntax error: unexpected "done" (expecting ")")\n[2]');
	});
});

describe('umask applies to what the shell and applets create', () => {
	it('files, directories and redirections are masked; a subshell umask does not leak; cp keeps the source bits (texts from busybox 1.35)', () => {
		expect(run('cd /tmp; umask 077; touch a; mkdir d; echo x > b; ls -l a b | cut -c1-10; ls -ld d | cut -c1-10')).toBe('-rw-------\n-rw-------\ndrwx------\n[0]');
		expect(run('cd /tmp; umask 022; touch c; (umask 0; touch e); touch f; ls -l c e f | cut -c1-10; umask')).toBe('-rw-r--r--\n-rw-rw-rw-\n-rw-r--r--\n0022\n[0]');
		expect(run('cd /tmp; umask 027; cp /bin/busybox x; ls -l x | cut -c1-10')).toBe('-rwxr-x---\n[0]');
	});
});

describe('a shared stdin is read on from where the last reader stopped', () => {
	it('read takes one line, the next program the rest (pipe and file), as busybox 1.35 ash', () => {
		expect(run('printf "a\\nb\\nc\\n" | { read x; cat; }')).toBe('b\nc\n[0]');
		expect(run('printf "a\\nb\\nc\\n" > rr; { read x; cat; } < rr')).toBe('b\nc\n[0]');
		expect(run('printf "a\\nb\\nc\\n" | { read x; head -1; cat; }')).toBe('b\n[0]');
	});
});

describe('pathname expansion: what makes a pattern (expmeta())', () => {
	it('a `[` needs a `]` after at least one character, before the next `/`; only a pattern reads the directory', () => {
		const sys = new FakeKernel().syscalls();
		const sh = new Shell(sys, {columns: 80});
		sh.run('cd /tmp; touch ab a[b a[]');
		const vfs = sys.vfs;
		const readdir = vfs.readdir.bind(vfs);
		const reads: string[] = [];
		vfs.readdir = (path: string) => {
			reads.push(path);
			return readdir(path);
		};
		// Host busybox 1.35: `[`, `a[b` and `a[]` are words (no getdents under strace), `a[b]` and `a[!x]` patterns.
		expect(sh.run('x=1; [ $x = 1 ] && echo yes; echo [ a[b a[]').output).toBe('yes\n[ a[b a[]\n');
		expect(reads).toEqual([]);
		expect(sh.run('echo a[b] a[!x]').output).toBe('ab ab\n');
		expect(reads.length).toBe(2);
	});
});

describe('type with an option', () => {
	it('type -t / type -p answer as command -v does (typecmd(): any first argument starting with -)', () => {
		expect(run('type -t cd lsmem cat nosuch; echo $?; type -p ls')).toBe('cd\n/usr/bin/lsmem\ncat\n127\nls\n[0]');
	});
});
