/**
 * `sh` typed on the guest console: a child ash that reads the console until it exits, as
 * Debian's busybox 1.35 does when driven through a pty (`busybox sh`, then `sh`, `echo $$
 * $PPID`, `exit 3`, `echo $?`, Ctrl-C, Ctrl-D, ...). The banner, prompts, $-, SHLVL steps and
 * exit statuses below are what that binary printed. The console shell's SHLVL is 2: the guest's
 * /init is an ash script that execs it.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {startSession, typeLine} from './session-helpers.js';

/** What an interactive busybox 1.35 ash prints as it starts (the Debian build's bb_banner). */
const BANNER = "\n\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)\nEnter 'help' for a list of built-in commands.\n\n";

function boot(): Session {
	return startSession(['-m', '1G', '-smp', '2', '-kernel', 'bzImage']);
}

/** What a typed line printed: its echo and the prompt that follows (checked to be there) left out. */
function out(s: Session, line: string): string {
	const text = typeLine(s, 'serial', line);
	const prompt = s.prompt('serial');
	expect(text.startsWith(`${line}\n`) && text.endsWith(prompt), JSON.stringify(text)).toBe(true);
	return text.slice(line.length + 1, text.length - prompt.length);
}

/** Everything the console printed while fn ran (for Ctrl-C and Ctrl-D, which echo no line). */
function during(s: Session, fn: () => void): string {
	let text = '';
	const off = s.onOutput(c => {
		if (c.pane === 'serial') text += c.text;
	});
	fn();
	off();
	return text;
}

/** The pids `ps` lists with the command `sh` (`ps >&2` where stdout is not the console). */
function shPids(s: Session, ps = 'ps'): number[] {
	return [...out(s, ps).matchAll(/^\s*(\d+) root\s+sh$/gm)].map(m => Number(m[1]));
}

describe('sh on the console', () => {
	it('prints the banner and its own prompt, takes the console until `exit N`, and $? is N afterwards', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'sh')).toBe(`sh\n${BANNER}/ # `);
		expect(out(s, 'echo $SHLVL $0 $-')).toBe('3 sh smi\n');
		expect(typeLine(s, 'serial', 'exit 3')).toBe('exit 3\n/ # ');
		expect(out(s, 'echo $? $SHLVL')).toBe('3 2\n');
		// `exit` alone passes on the child's last status.
		typeLine(s, 'serial', 'sh');
		typeLine(s, 'serial', 'false');
		typeLine(s, 'serial', 'exit');
		expect(out(s, 'echo $?')).toBe('1\n');
	});

	it('the rest of the line that started it runs when it exits, loops and functions included', () => {
		const s = boot();
		expect(out(s, 'cd /tmp; sh; echo after=$? in $PWD')).toBe(BANNER);
		expect(out(s, 'exit 5')).toBe('after=5 in /tmp\n');
		expect(out(s, 'f() { for i in 1 2; do sh; echo loop $i $?; done; }; f')).toBe(BANNER);
		expect(out(s, 'exit 7')).toBe(`loop 1 7\n${BANNER}`);
		expect(out(s, 'exit 8')).toBe('loop 2 8\n');
		expect(out(s, 'echo $?')).toBe('0\n');
	});

	it('is a process of its own: exported variables only, its own cwd, functions, aliases and umask', () => {
		const s = boot();
		out(s, "X=1; export Y=2; cd /tmp; f() { echo f; }; alias ll='ls -l'");
		typeLine(s, 'serial', 'sh');
		expect(out(s, 'echo "[$X][$Y]" $PWD; f; ll /dev/null')).toBe('[][2] /tmp\nsh: f: not found\nsh: ll: not found\n');
		expect(typeLine(s, 'serial', 'X=5; export Z=3; cd /usr; g() { :; }; umask 077')).toMatch(/\n\/usr # $/);
		typeLine(s, 'serial', 'exit');
		expect(s.prompt('serial')).toBe('/tmp # ');
		expect(out(s, 'echo "[$X][$Z]" $PWD; type g; umask; f')).toBe('[1][] /tmp\ng: not found\n0022\nf\n');
		expect(out(s, 'touch /tmp/new; stat -c %a /tmp/new')).toBe('644\n');
	});

	it('nests, with its own $$ and $PPID at each level, and ps shows each sh while it runs', () => {
		const s = boot();
		expect(out(s, 'echo $$')).toBe('1\n');
		expect(shPids(s)).toEqual([1]);
		typeLine(s, 'serial', 'sh');
		const [p1, pp1] = out(s, 'echo $$ $PPID').trim().split(' ').map(Number);
		expect(pp1).toBe(1);
		expect(p1).toBeGreaterThan(1);
		expect(shPids(s)).toEqual([1, p1]);
		typeLine(s, 'serial', 'ash');
		const [p2, pp2, lvl] = out(s, 'echo $$ $PPID $SHLVL').trim().split(' ').map(Number);
		expect(pp2).toBe(p1);
		expect(p2).toBeGreaterThan(p1!);
		expect(lvl).toBe(4);
		// ps lists argv: the second child was started as `ash`.
		expect(out(s, 'ps')).toMatch(new RegExp(`^\\s*${p2} root\\s+ash$`, 'm'));
		typeLine(s, 'serial', 'sh');
		expect(out(s, 'echo $PPID $SHLVL')).toBe(`${p2} 5\n`);
		typeLine(s, 'serial', 'exit 1');
		expect(out(s, 'echo $? $$')).toBe(`1 ${p2}\n`);
		typeLine(s, 'serial', 'exit 2');
		expect(out(s, 'echo $? $$')).toBe(`2 ${p1}\n`);
		typeLine(s, 'serial', 'exit');
		expect(out(s, 'echo $? $$')).toBe('0 1\n');
		expect(shPids(s)).toEqual([1]);
	});

	it('ash, busybox sh, /bin/sh, sh -i and sh -s ARGS start the same interactive child', () => {
		const s = boot();
		for (const [cmd, zero] of [['ash', 'ash smi'], ['busybox sh', 'sh smi'], ['/bin/sh', '/bin/sh smi'], ['sh -i', 'sh smi'], ['sh -s a b', 'sh smi a b']]) {
			expect(out(s, cmd), cmd).toBe(BANNER);
			expect(out(s, 'echo $0 $- $@'), cmd).toBe(`${zero}\n`);
			expect(typeLine(s, 'serial', 'exit 4'), cmd).toBe('exit 4\n/ # ');
			expect(out(s, 'echo $? $SHLVL'), cmd).toBe('4 2\n');
		}
	});

	it('sh -l reads /etc/profile and $HOME/.profile, an interactive one $ENV (expanded), errors as `sh: `', () => {
		const s = boot();
		out(s, "echo 'echo in-profile $0; cd /tmp' > /.profile; printf 'echo in-env\\nfoo\\nif\\n' > /tmp/envrc");
		expect(out(s, 'sh -l')).toBe(`${BANNER}in-profile sh\n`);
		expect(s.prompt('serial')).toBe('/tmp # ');
		typeLine(s, 'serial', 'exit');
		expect(s.prompt('serial')).toBe('/ # ');
		out(s, "D=/tmp; export D; export ENV='$D/envrc'");
		expect(out(s, 'sh')).toBe(`${BANNER}in-env\nsh: foo: not found\nsh: syntax error: unexpected end of file (expecting "then")\n`);
		expect(out(s, 'echo $?')).toBe('2\n');
		typeLine(s, 'serial', 'exit');
		// $ENV is read by interactive shells only.
		expect(out(s, "sh -c 'echo c'")).toBe('c\n');
	});

	it('Ctrl-C cancels the child\'s line (the child lives on, $? = 130); PS2 and tab completion work in it', () => {
		const s = boot();
		typeLine(s, 'serial', 'sh');
		typeLine(s, 'serial', 'cd /tmp; touch zfile1 zfile2; zfunc() { :; }');
		expect(typeLine(s, 'serial', 'if true')).toBe('if true\n> ');
		expect(during(s, () => s.interrupt())).toBe('^C\n/tmp # ');
		expect(out(s, 'echo $? $SHLVL')).toBe('130 3\n');
		expect(typeLine(s, 'serial', 'for i in a b')).toBe('for i in a b\n> ');
		expect(typeLine(s, 'serial', 'do echo $i')).toBe('do echo $i\n> ');
		expect(typeLine(s, 'serial', 'done')).toBe('done\na\nb\n/tmp # ');
		expect(s.complete('cat zf', 6)).toEqual({replaceFrom: 4, candidates: ['zfile1', 'zfile2']});
		expect(s.complete('zfu', 3).candidates).toEqual(['zfunc']);
		typeLine(s, 'serial', 'exit');
		// Back in the console shell: its cwd (/) and functions.
		expect(s.complete('cat zf', 6).candidates).toEqual([]);
		expect(s.complete('zfu', 3).candidates).toEqual([]);
		expect(out(s, 'echo $SHLVL')).toBe('2\n');
	});

	it('Ctrl-D: a child exits with $? after a newline; at PS2 a here-document ends, anything else is a syntax error; the console shell is respawned', () => {
		const s = boot();
		typeLine(s, 'serial', 'sh; echo after=$?');
		typeLine(s, 'serial', 'if true');
		expect(during(s, () => s.eof())).toBe('sh: syntax error: unexpected end of file (expecting "then")\n/ # ');
		// A here-document ends at end of file and its command runs; an open quote is an error.
		typeLine(s, 'serial', 'cat <<EOF');
		typeLine(s, 'serial', 'abc');
		expect(during(s, () => s.eof())).toBe('abc\n/ # ');
		typeLine(s, 'serial', 'echo "abc');
		expect(during(s, () => s.eof())).toBe('sh: syntax error: unterminated quoted string\n/ # ');
		expect(during(s, () => s.eof())).toBe('\nafter=2\n/ # ');
		expect(out(s, 'echo $SHLVL')).toBe('2\n');
		expect(during(s, () => s.eof())).toBe(`\n${BANNER}/ # `);
	});

	it('traps and history stay with their shell; the child\'s EXIT trap runs as it exits', () => {
		const s = boot();
		out(s, "trap 'echo parent-bye' EXIT");
		typeLine(s, 'serial', 'sh');
		expect(out(s, 'trap; history')).toBe('   0 trap; history\n');
		out(s, "trap 'echo child-bye' EXIT");
		expect(out(s, 'exit 6')).toBe('child-bye\n');
		expect(out(s, 'echo $?; trap')).toBe("6\ntrap -- 'echo parent-bye' EXIT\n");
		expect(out(s, 'history')).toBe("   0 trap 'echo parent-bye' EXIT\n   1 sh\n   2 echo $?; trap\n   3 history\n");
		// a forked subshell has a copy; `sh -c` is a new ash with none (Debian's busybox 1.35 on a pty)
		expect(out(s, '(history) | tail -n 1; sh -c history; echo end')).toBe('   4 (history) | tail -n 1; sh -c history; echo end\nend\n');
	});

	it('`exit` in the console shell still respawns it with the banner, also after children came and went', () => {
		const s = boot();
		typeLine(s, 'serial', 'sh');
		typeLine(s, 'serial', 'exit');
		expect(typeLine(s, 'serial', 'exit')).toBe(`exit\n${BANNER}/ # `);
		expect(out(s, 'echo $$ $SHLVL')).toBe('1 2\n');
	});

	it('the respawned console shell is a new ash: no variables, functions, aliases, options or history of the old one, and `/`', () => {
		const s = boot();
		out(s, 'x=5; f() { echo F; }; alias ll=ls; set -f; cd /tmp; umask 077');
		expect(out(s, 'echo "$x" $-; pwd')).toBe('5 smif\n/tmp\n');
		expect(typeLine(s, 'serial', 'exit')).toBe(`exit\n${BANNER}/ # `);
		expect(out(s, 'echo "x=$x" $-; pwd; alias; type f')).toBe('x= smi\n/\nf: not found\n');
		expect(out(s, 'history')).toBe('   0 echo "x=$x" $-; pwd; alias; type f\n   1 history\n');
		expect(out(s, 'umask; touch /tmp/n; stat -c %a /tmp/n')).toBe('0022\n644\n');
		// set -n, which no later line can undo, is gone with the shell an end of file ends
		out(s, 'set -n');
		expect(out(s, 'echo alive')).toBe('');
		during(s, () => s.eof());
		expect(out(s, 'echo alive')).toBe('alive\n');
	});

	it('with its output redirected it is not interactive: no banner or prompt, its output goes to the file', () => {
		const s = boot();
		expect(out(s, 'sh > /tmp/o; echo rc=$?')).toBe('');
		expect(s.prompt('serial')).toBe('');
		expect(out(s, 'echo $- $SHLVL')).toBe('');
		expect(out(s, 'exit 3')).toBe('rc=3\n');
		expect(out(s, 'cat /tmp/o')).toBe('s 3\n');
		// A syntax error ends a shell that is not interactive (status 2).
		typeLine(s, 'serial', 'sh > /tmp/o');
		expect(out(s, 'fi')).toBe('sh: syntax error: unexpected "fi"\n');
		expect(out(s, 'echo $?')).toBe('2\n');
		// Ctrl-C kills it (and the one it started), and the console shell drops the rest of its
		// line, as for any foreground job SIGINT killed.
		typeLine(s, 'serial', 'sh > /tmp/o; echo after');
		typeLine(s, 'serial', 'sh > /tmp/p');
		expect(shPids(s, 'ps >&2')).toHaveLength(3);
		expect(during(s, () => s.interrupt())).toBe('^C\n/ # ');
		expect(out(s, 'echo $?')).toBe('130\n');
		expect(shPids(s)).toEqual([1]);
		// A background job that ended while such a shell had the console is reported before the
		// console shell's next prompt, not after the next command's output.
		typeLine(s, 'serial', 'nosuch & sh > /tmp/o');
		expect(during(s, () => s.interrupt())).toBe('^C\n[1]+  Done(127)                  nosuch\n/ # ');
		expect(out(s, 'echo alive')).toBe('alive\n');
	});

	it('where the console cannot be handed over (a command substitution) memhp says so', () => {
		const s = boot();
		expect(out(s, 'x=$(sh); echo rc=$?')).toBe('memhp: sh: a shell reading the terminal from here is not simulated\nrc=127\n');
	});
});
