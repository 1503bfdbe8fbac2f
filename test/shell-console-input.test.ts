/**
 * Programs reading the console (the terminal in canonical mode as their stdin): they wait in
 * read(2) for each line typed, Ctrl-D (on an empty line) is end of file and Ctrl-C kills them
 * with SIGINT. No prompt is shown while one waits; the lines go to it, not to the shell's
 * history. Checked against the lab's guest typed at key by key (s53/r45 probe: head -n 2, sed's
 * read-ahead, grep, read -n 2 and -s, more's keys and erasures, top's q/Ctrl-C/Ctrl-D, tee's lines
 * and its `I/O error` for a refused write, byte for byte).
 */
import {describe, expect, it} from 'vitest';
import {serialOutput as output, startSession, typeLine} from './session-helpers.js';

const boot = () => startSession(['-m', '1024M,slots=32,maxmem=8G', '-kernel', 'bzImage']);


describe('a program reading the console', () => {
	it('read waits for the next line: no prompt meanwhile, the variable set from it', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'read a b')).toBe('read a b\n');
		expect(s.prompt()).toBe('');
		expect(typeLine(s, 'serial', 'one two three')).toBe('one two three\n/ # ');
		expect(typeLine(s, 'serial', 'echo "[$a] [$b] $?"')).toBe('echo "[$a] [$b] $?"\n[one] [two three] 0\n/ # ');
		expect(s.history('serial')).toEqual(['read a b', 'echo "[$a] [$b] $?"']);
	});

	it('read -p prints its prompt once; Ctrl-D at the empty line is end of file (status 1)', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'read -p "name? " n')).toBe('read -p "name? " n\nname? ');
		expect(output(s, () => s.eof())).toBe('/ # ');
		expect(typeLine(s, 'serial', 'echo "[$n] $?"')).toBe('echo "[$n] $?"\n[] 1\n/ # ');
		typeLine(s, 'serial', 'read -p "again? " n');
		expect(typeLine(s, 'serial', 'x')).toBe('x\n/ # ');
	});

	it('cat > FILE takes the lines typed until Ctrl-D', () => {
		const s = boot();
		typeLine(s, 'serial', 'cat > /tmp/typed');
		typeLine(s, 'serial', 'first line');
		expect(typeLine(s, 'serial', '  second')).toBe('  second\n');
		expect(output(s, () => s.eof())).toBe('/ # ');
		expect(typeLine(s, 'serial', 'cat /tmp/typed; wc -l < /tmp/typed')).toBe('cat /tmp/typed; wc -l < /tmp/typed\nfirst line\n  second\n2\n/ # ');
	});

	it('cat on the terminal copies each line as it is typed, the lines before it not again', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'cat /proc/sys/kernel/ostype - /proc/sys/kernel/ostype')).toBe('cat /proc/sys/kernel/ostype - /proc/sys/kernel/ostype\nLinux\n');
		expect(typeLine(s, 'serial', 'one')).toBe('one\none\n');
		expect(typeLine(s, 'serial', 'two')).toBe('two\ntwo\n');
		expect(output(s, () => s.eof())).toBe('Linux\n/ # ');
		expect(typeLine(s, 'serial', 'echo $?')).toBe('echo $?\n0\n/ # ');
	});

	it('each reader takes its own Ctrl-D: cat; cat waits twice; a command substitution does not use one up', () => {
		const s = boot();
		typeLine(s, 'serial', 'cat; echo first; cat; echo second');
		expect(output(s, () => s.eof())).toBe('first\n');
		expect(s.prompt()).toBe('');
		expect(output(s, () => s.eof())).toBe('second\n/ # ');
		typeLine(s, 'serial', 'x=$(cat); read y; echo "[$y]"');
		expect(typeLine(s, 'serial', 'typed')).toBe('typed\n[typed]\n/ # ');
	});

	it('a loop of reads takes a line each, and the rest of the command line goes on after end of file', () => {
		const s = boot();
		typeLine(s, 'serial', 'while read l; do echo "got $l"; done; echo done');
		expect(typeLine(s, 'serial', 'a')).toBe('a\ngot a\n');
		expect(typeLine(s, 'serial', 'b')).toBe('b\ngot b\n');
		expect(output(s, () => s.eof())).toBe('done\n/ # ');
	});

	it('Ctrl-C kills it (SIGINT): ^C, the rest of the line dropped, $? 130', () => {
		const s = boot();
		typeLine(s, 'serial', 'cat; echo after');
		typeLine(s, 'serial', 'typed');
		expect(output(s, () => s.interrupt('par', 3))).toBe('par^C\n/ # ');
		expect(typeLine(s, 'serial', 'echo $?')).toBe('echo $?\n130\n/ # ');
		expect(typeLine(s, 'serial', 'ps | grep -c "[c]at"')).toBe('ps | grep -c "[c]at"\n0\n/ # ');
	});

	it('grep, wc and sort read to end of file; a command substitution still gets end of file at once', () => {
		const s = boot();
		typeLine(s, 'serial', 'grep -c o');
		typeLine(s, 'serial', 'foo');
		typeLine(s, 'serial', 'bar');
		typeLine(s, 'serial', 'boo');
		expect(output(s, () => s.eof())).toBe('2\n/ # ');
		expect(typeLine(s, 'serial', 'x=$(cat); echo "[$x]"')).toBe('x=$(cat); echo "[$x]"\n[]\n/ # ');
	});

	it('head prints each line as typed and exits after its count; the rest of the line goes on', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'head -n 2; echo "after $?"')).toBe('head -n 2; echo "after $?"\n');
		expect(typeLine(s, 'serial', 'one')).toBe('one\none\n');
		expect(s.consoleReader()).toBe('head');
		expect(typeLine(s, 'serial', 'two')).toBe('two\ntwo\nafter 0\n/ # ');
		expect(s.consoleReader()).toBeUndefined();
		// -c: the line that holds the last byte was read whole; Ctrl-D before the count ends it
		typeLine(s, 'serial', 'head -c 3; read r; echo "[$r]"');
		expect(typeLine(s, 'serial', 'abcdef')).toBe('abcdef\nabc');
		expect(typeLine(s, 'serial', 'next')).toBe('next\n[next]\n/ # ');
		typeLine(s, 'serial', 'head -n 5');
		expect(typeLine(s, 'serial', 'only')).toBe('only\nonly\n');
		expect(output(s, () => s.eof())).toBe('/ # ');
		// head -n 0 reads nothing; head -n -1 needs the end of file to know the last line
		expect(typeLine(s, 'serial', 'head -n 0; echo done')).toBe('head -n 0; echo done\ndone\n/ # ');
		typeLine(s, 'serial', 'head -n -1');
		typeLine(s, 'serial', 'a');
		expect(typeLine(s, 'serial', 'b')).toBe('b\n');
		expect(output(s, () => s.eof())).toBe('a\n/ # ');
	});

	it('grep prints each matching line as typed; -q, -m and -l end it at the deciding line', () => {
		const s = boot();
		typeLine(s, 'serial', 'grep o');
		expect(typeLine(s, 'serial', 'foo')).toBe('foo\nfoo\n');
		expect(typeLine(s, 'serial', 'bar')).toBe('bar\n');
		expect(typeLine(s, 'serial', 'boo')).toBe('boo\nboo\n');
		expect(output(s, () => s.eof())).toBe('/ # ');
		typeLine(s, 'serial', 'grep -q x; echo "q $?"');
		expect(typeLine(s, 'serial', 'abc')).toBe('abc\n');
		expect(typeLine(s, 'serial', 'xyz')).toBe('xyz\nq 0\n/ # ');
		typeLine(s, 'serial', 'grep -m 1 -n b; echo "m $?"');
		expect(typeLine(s, 'serial', 'a')).toBe('a\n');
		expect(typeLine(s, 'serial', 'b')).toBe('b\n2:b\nm 0\n/ # ');
		typeLine(s, 'serial', 'grep -l z - /proc/sys/kernel/ostype');
		expect(typeLine(s, 'serial', 'z')).toBe('z\n(standard input)\n/ # ');
		// a pipe from grep is block buffered: what it found comes out when it exits
		typeLine(s, 'serial', 'grep -v a | wc -l');
		expect(typeLine(s, 'serial', 'b')).toBe('b\n');
		expect(typeLine(s, 'serial', 'a')).toBe('a\n');
		expect(output(s, () => s.eof())).toBe('1\n/ # ');
	});

	it('sed reads a line ahead (for `$`): a line typed comes out when the next is typed; q ends it', () => {
		const s = boot();
		typeLine(s, 'serial', 'sed s/a/A/');
		expect(typeLine(s, 'serial', 'a1')).toBe('a1\n');
		expect(typeLine(s, 'serial', 'a2')).toBe('a2\nA1\n');
		expect(output(s, () => s.eof())).toBe('A2\n/ # ');
		typeLine(s, 'serial', "sed -n '$p'");
		typeLine(s, 'serial', 'x');
		expect(typeLine(s, 'serial', 'y')).toBe('y\n');
		expect(output(s, () => s.eof())).toBe('y\n/ # ');
		// 1q: the first line is printed once the second was read, and sed is gone
		typeLine(s, 'serial', 'sed 1q; read r; echo "[$r]"');
		expect(typeLine(s, 'serial', 'first')).toBe('first\n');
		expect(typeLine(s, 'serial', 'second')).toBe('second\nfirst\n');
		expect(typeLine(s, 'serial', 'third')).toBe('third\n[third]\n/ # ');
	});

	it('awk runs its rules on each record as it is typed; END waits for Ctrl-D', () => {
		const s = boot();
		typeLine(s, 'serial', "awk '{ print NR \": \" $2 } END { print NR \" lines\" }'");
		expect(typeLine(s, 'serial', 'a b c')).toBe('a b c\n1: b\n');
		expect(typeLine(s, 'serial', 'd e')).toBe('d e\n2: e\n');
		expect(output(s, () => s.eof())).toBe('2 lines\n/ # ');
		// exit in a rule ends awk at that record; the next line goes to whoever reads next
		typeLine(s, 'serial', 'awk \'/stop/ { exit } { print "got", $0 }\'; read r; echo "[$r]"');
		expect(typeLine(s, 'serial', 'x')).toBe('x\ngot x\n');
		expect(typeLine(s, 'serial', 'stop')).toBe('stop\n');
		expect(typeLine(s, 'serial', 'after')).toBe('after\n[after]\n/ # ');
	});

	it('cut, tr, rev, nl, fold, expand and cat -n print each line as it is typed; uniq a run once the next line differs', () => {
		// the lab's guest typed at key by key (s54/r46 probe), line for line
		const cases: [string, string[], string[], string][] = [
			['cut -c1-3', ['abcdef', 'xyz123'], ['abc\n', 'xyz\n'], ''],
			['tr a-z A-Z', ['hello', 'world'], ['HELLO\n', 'WORLD\n'], ''],
			['rev', ['abc'], ['cba\n'], ''],
			['nl', ['abc'], ['     1\tabc\n'], ''],
			['fold -w 3', ['abcdefg'], ['abc\ndef\ng\n'], ''],
			['expand', ['a\tb'], ['a       b\n'], ''],
			['unexpand -a', ['a       b'], ['a\tb\n'], ''],
			['strings', ['abcdef'], ['abcdef\n'], ''],
			['cat -n', ['x'], ['     1\tx\n'], ''],
			['uniq -c', ['a', 'a', 'b'], ['', '', '      2 a\n'], '      1 b\n'],
			['uniq', ['a', 'a', 'b'], ['', '', 'a\n'], 'b\n'],
			// paste writes each line with the delimiter after it
			['paste - -', ['a', 'b', 'c'], ['a\t', 'b\n', 'c\t'], ''],
			// hexdump each line of 16 bytes once they are there, od all at end of file
			['hexdump -C', ['abcdefghijklmnopq'], ['00000000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|\n'], '00000010  71 0a                                             |q.|\n00000012\n'],
			['od -c', ['abc'], [''], '0000000   a   b   c  \\n\n0000004\n'],
		];
		const s = boot();
		for (const [command, lines, each, atEof] of cases) {
			expect(typeLine(s, 'serial', command)).toBe(`${command}\n`);
			lines.forEach((line, i) => expect(typeLine(s, 'serial', line), `${command}: ${line}`).toBe(`${line}\n${each[i]}`));
			expect(output(s, () => s.eof()), command).toBe(`${atEof}/ # `);
		}
		// files before the console count on; after it they wait for Ctrl-D
		expect(typeLine(s, 'serial', 'cat -n /proc/sys/kernel/ostype - /proc/sys/kernel/ostype')).toBe('cat -n /proc/sys/kernel/ostype - /proc/sys/kernel/ostype\n     1\tLinux\n');
		expect(typeLine(s, 'serial', 'x')).toBe('x\n     2\tx\n');
		expect(output(s, () => s.eof())).toBe('     3\tLinux\n/ # ');
		// hexdump -n ends once its bytes have come; the rest of that line was read with them
		typeLine(s, 'serial', 'hexdump -C -n 4; read r; echo "[$r]"');
		expect(typeLine(s, 'serial', 'ab')).toBe('ab\n');
		expect(typeLine(s, 'serial', 'cdef')).toBe('cdef\n00000000  61 62 0a 63                                       |ab.c|\n00000004\n');
		expect(typeLine(s, 'serial', 'next')).toBe('next\n[next]\n/ # ');
		// uniq into a file writes it at end of file
		typeLine(s, 'serial', 'uniq - /tmp/u');
		typeLine(s, 'serial', 'a');
		expect(typeLine(s, 'serial', 'b')).toBe('b\n');
		expect(output(s, () => s.eof())).toBe('/ # ');
		expect(typeLine(s, 'serial', 'cat /tmp/u')).toBe('cat /tmp/u\na\nb\n/ # ');
	});

	it('a program that writes files or runs commands does each thing once: awk reads the console to its end first', () => {
		const s = boot();
		typeLine(s, 'serial', 'awk \'BEGIN { system("echo begin") } { print $1 >> "/tmp/log"; system("echo ran " $1) }\'');
		expect(typeLine(s, 'serial', 'l1')).toBe('l1\n');
		expect(typeLine(s, 'serial', 'l2')).toBe('l2\n');
		expect(output(s, () => s.eof())).toBe('begin\nran l1\nran l2\n/ # ');
		expect(typeLine(s, 'serial', 'cat /tmp/log')).toBe('cat /tmp/log\nl1\nl2\n/ # ');
		// with a file operand awk does not read the console at all
		expect(typeLine(s, 'serial', 'awk \'{ print > "/tmp/copy" }\' /tmp/log; cat /tmp/copy')).toBe('awk \'{ print > "/tmp/copy" }\' /tmp/log; cat /tmp/copy\nl1\nl2\n/ # ');
	});

	it('eval and . run their commands on the shell\'s own console: what ran before the reader runs once', () => {
		const s = boot();
		typeLine(s, 'serial', 'echo "echo dot >> /tmp/y; cat" > /tmp/script');
		for (const line of ['eval "echo eval >> /tmp/y; cat"', '. /tmp/script', 'command eval "echo command >> /tmp/y; cat"']) {
			typeLine(s, 'serial', line);
			expect(s.consoleReader(), line).toBe('cat');
			expect(typeLine(s, 'serial', 'typed'), line).toBe('typed\ntyped\n');
			expect(output(s, () => s.eof()), line).toBe('/ # ');
		}
		expect(typeLine(s, 'serial', 'cat /tmp/y')).toBe('cat /tmp/y\neval\ndot\ncommand\n/ # ');
	});

	it('more reads single keys from the terminal in raw mode: nothing echoed; Ctrl-C and Ctrl-\\ end it by its handler', () => {
		const s = boot();
		const erase = (n: number) => `\r${' '.repeat(n)}\r`;
		expect(typeLine(s, 'serial', 'seq 1 50 | LINES=4 more; echo "after $?"')).toBe('seq 1 50 | LINES=4 more; echo "after $?"\n1\n2\n3\n--More-- ');
		expect(s.consoleReader()).toBe('more');
		expect(s.consoleTakesKeys()).toBe(true);
		expect(output(s, () => s.consoleKeys(' '), true)).toBe(`${erase(9)}4\n5\n6\n--More-- `);
		// a line typed (as replay types one) reaches more as its keys, unechoed; the Enter after
		// the q it did not read is the shell's: an empty line at its prompt
		expect(typeLine(s, 'serial', 'q')).toBe(`${erase(9)}after 0\n/ # \n/ # `);
		expect(s.consoleTakesKeys()).toBe(false);
		// keys typed where no program reads them in raw mode go nowhere
		expect(output(s, () => s.consoleKeys('q'))).toBe('');
		// gotsig() (the lab, signals2-512M.probe): no ^C (echo off), a newline, exit status 1, and
		// the command line goes on (more caught the signal; the shell, with job control, got none)
		typeLine(s, 'serial', 'seq 1 50 | LINES=4 more; echo "after $?"');
		expect(output(s, () => s.interrupt('', 0))).toBe('\nafter 1\n/ # ');
		typeLine(s, 'serial', 'seq 1 50 | LINES=4 more; echo "after $?"');
		expect(output(s, () => s.ttySignal('\x1c'))).toBe('\nafter 1\n/ # ');
	});

	it('read -n takes keys as typed (echoed, no Enter needed); read -s does not echo the line, nor a Ctrl-C', () => {
		const s = boot();
		typeLine(s, 'serial', 'read -n 2 k; echo "[$k]"');
		expect(s.consoleTakesKeys()).toBe(true);
		expect(s.consoleEchoes()).toBe(true);
		expect(output(s, () => s.consoleKeys('a'))).toBe('a');
		expect(output(s, () => s.consoleKeys('b'))).toBe('b[ab]\n/ # ');
		// Enter (the delimiter) ends it before the count
		typeLine(s, 'serial', 'read -n 5 k; echo "[$k]"');
		s.consoleKeys('x');
		expect(output(s, () => s.consoleKeys('\n'))).toBe('\n[x]\n/ # ');
		typeLine(s, 'serial', 'read -s p; echo "[$p]"');
		expect(s.consoleTakesKeys()).toBe(false);
		expect(s.consoleEchoes()).toBe(false);
		expect(typeLine(s, 'serial', 'secret')).toBe('[secret]\n/ # ');
		expect(s.consoleEchoes()).toBe(true);
		typeLine(s, 'serial', 'read -s p; echo "after $?"');
		expect(output(s, () => s.interrupt('', 0))).toBe('\n/ # ');
	});

	it('in real time (the screen) watch waits its interval, then runs the command again on the guest clock moved on; Ctrl-C ends it', () => {
		const s = boot();
		s.runInRealTime();
		const uptime = (text: string) => Number(/\n(\d+\.\d+) /.exec(text)?.[1]);
		const first = typeLine(s, 'serial', 'watch -n 2 cat /proc/uptime');
		expect(first).toContain('Every 2.0s: cat /proc/uptime');
		expect(s.consoleTimeout()).toBe(2);
		expect(s.consoleReader()).toBe('watch');
		expect(output(s, () => s.elapse(1500))).toBe('');
		const second = output(s, () => s.elapse(600));
		expect(second).toContain('Every 2.0s: cat /proc/uptime');
		expect(uptime(second) - uptime(first)).toBeCloseTo(2, 0);
		// a line typed meanwhile is echoed and kept by the terminal; watch goes on
		typeLine(s, 'serial', 'ls');
		expect(s.consoleReader()).toBe('watch');
		expect(output(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		expect(s.consoleTimeout()).toBeUndefined();
		// top: its delay (5 s) or a key, after which the delay starts again
		typeLine(s, 'serial', 'top');
		expect(s.consoleTimeout()).toBe(5);
		expect(output(s, () => s.elapse(5000)).startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		s.elapse(4000);
		expect(output(s, () => s.consoleKeys('n')).startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		expect(output(s, () => s.elapse(4000))).toBe('');
		expect(output(s, () => s.elapse(1000)).startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		// the monitor's commands do not touch the guest's wait
		s.elapse(4000);
		typeLine(s, 'monitor', 'info status');
		expect(output(s, () => s.elapse(1000)).startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		s.muxKey('c');
		expect(output(s, () => s.consoleKeys('q'))).toBe('\n/ # ');
		// keys typed past q are the shell's (read_key() reads one at a time)
		typeLine(s, 'serial', 'top');
		expect(output(s, () => s.consoleKeys('qecho x\n'))).toBe('\n/ # echo x\nx\n/ # ');
	});

	it('in real time sleep waits on the screen: a `while :; do ...; sleep 1; done` loop runs at that pace until Ctrl-C', () => {
		const s = boot();
		s.runInRealTime();
		const ups = (text: string) => [...text.matchAll(/^(\d+\.\d+) /gm)].map(m => Number(m[1]));
		const first = ups(typeLine(s, 'serial', 'while :; do cat /proc/uptime; sleep 1; done'));
		expect(first.length).toBe(1);
		expect(s.consoleReader()).toBe('sleep');
		expect(s.consoleTimeout()).toBe(1);
		expect(output(s, () => s.elapse(900))).toBe('');
		const next = ups(output(s, () => s.elapse(100)));
		expect(next.length).toBe(1);
		expect(next[0]! - first[0]!).toBeCloseTo(1, 1);
		expect(output(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		expect(typeLine(s, 'serial', 'echo $?')).toBe('echo $?\n130\n/ # ');
		// sleep inf waits until Ctrl-C; in a command substitution or a background job nothing waits
		typeLine(s, 'serial', 'sleep inf');
		expect(s.consoleTimeout()).toBe(Infinity);
		expect(output(s, () => s.elapse(3_600_000))).toBe('');
		expect(output(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		expect(typeLine(s, 'serial', 'x=$(sleep 2; echo done); echo $x')).toBe('x=$(sleep 2; echo done); echo $x\ndone\n/ # ');
		expect(typeLine(s, 'serial', 'sleep 3 & echo started')).toMatch(/^sleep 3 & echo started\nstarted\n/);
		expect(s.consoleReader()).toBeUndefined();
	});

	it('what is typed while no program reads it waits in the tty: the shell runs its lines at the next prompt, a reader after gets them', () => {
		// the lab's guest typed at key by key (s54/r46 probe)
		const s = boot();
		s.runInRealTime();
		typeLine(s, 'serial', 'sleep 2; echo done');
		s.elapse(1500);
		// the tty echoes the line as it is typed; lineedit shows it again after its prompt; sleep's
		// time runs on
		expect(typeLine(s, 'serial', 'echo hi')).toBe('echo hi\n');
		expect(s.consoleReader()).toBe('sleep');
		expect(output(s, () => s.elapse(500))).toBe('done\n/ # echo hi\nhi\n/ # ');
		expect(s.history('serial').slice(-2)).toEqual(['sleep 2; echo done', 'echo hi']);
		// a program reading after the sleep reads the lines typed during it; what it leaves is the shell's
		typeLine(s, 'serial', 'sleep 1; head -n 1');
		typeLine(s, 'serial', 'first');
		typeLine(s, 'serial', 'echo second');
		expect(output(s, () => s.elapse(1000))).toBe('first\n/ # echo second\nsecond\n/ # ');
		// Ctrl-D while sleep runs (lab probe6): the next reader of the line gets end of file; at the
		// prompt the shell's lineedit ignores it (the tty holds it as a NUL)
		typeLine(s, 'serial', 'sleep 2; cat; echo done $?');
		expect(output(s, () => s.eof())).toBe('');
		expect(output(s, () => s.elapse(2000))).toBe('done 0\n/ # ');
		typeLine(s, 'serial', 'sleep 2; read x; echo "[$x] $?"');
		s.eof();
		expect(output(s, () => s.elapse(2000))).toBe('[] 1\n/ # ');
		typeLine(s, 'serial', 'sleep 2');
		s.eof();
		expect(output(s, () => s.elapse(2000))).toBe('/ # ');
		expect(typeLine(s, 'serial', 'echo alive')).toBe('echo alive\nalive\n/ # ');
		// each Ctrl-D an end of file of its own, the lines after it for the readers after it, the
		// rest for the shell
		typeLine(s, 'serial', 'sleep 2; cat; cat; echo two');
		typeLine(s, 'serial', 'a');
		s.eof();
		typeLine(s, 'serial', 'b');
		s.eof();
		typeLine(s, 'serial', 'echo after');
		expect(output(s, () => s.elapse(2000))).toBe('a\nb\ntwo\n/ # echo after\nafter\n/ # ');
		// Ctrl-C flushes the tty's input: nothing typed runs
		typeLine(s, 'serial', 'sleep 5');
		typeLine(s, 'serial', 'echo lost');
		expect(output(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		expect(output(s, () => s.elapse(5000))).toBe('');
		// keys past what read -n took (in one chunk, all echoed as they came): a whole line runs at
		// the prompt, the start of one is the line editor's
		typeLine(s, 'serial', 'read -n 1 x');
		expect(output(s, () => s.consoleKeys('yz\n'))).toBe('yz\n/ # z\nsh: z: not found\n/ # ');
		typeLine(s, 'serial', 'read -n 2 x; echo "[$x]"');
		expect(output(s, () => s.consoleKeys('abc'))).toBe('abc[ab]\n/ # ');
		expect(s.takeTypedAhead()).toBe('c');
		expect(s.takeTypedAhead()).toBe('');
		// a Ctrl-D key past what it took: lineedit reads it at the empty prompt, and the shell exits
		// (init starts a new one)
		typeLine(s, 'serial', 'read -n 1 x');
		expect(output(s, () => s.consoleKeys('y\x04'))).toMatch(/^y\x04\/ # \n\n\nBusyBox v1\.35\.0 [^]*\n\/ # $/);
		// (taken by no editor, it starts the next line)
		typeLine(s, 'serial', 'read -n 1 x');
		s.consoleKeys('xec');
		expect(typeLine(s, 'serial', 'ho ok')).toBe('ho ok\nok\n/ # ');
	});

	it('read -t: in replay it times out at once (status 1, the variable kept, the clock moved on); on the screen after that real time, or with a line', () => {
		const s = boot();
		const up = () => Number(typeLine(s, 'serial', 'cat /proc/uptime').split('\n')[1]!.split(' ')[0]);
		const before = up();
		expect(typeLine(s, 'serial', 'x=old; read -t 3 x; echo "st $? [$x]"')).toBe('x=old; read -t 3 x; echo "st $? [$x]"\nst 1 [old]\n/ # ');
		expect(up() - before).toBeGreaterThan(3);
		s.runInRealTime();
		typeLine(s, 'serial', 'read -t 2 -p "name? " x; echo "st $? [$x]"');
		expect(s.consoleTimeout()).toBe(2);
		expect(output(s, () => s.elapse(2000))).toBe('st 1 [old]\n/ # ');
		typeLine(s, 'serial', 'read -t 2 x; echo "st $? [$x]"');
		expect(typeLine(s, 'serial', 'typed')).toBe('typed\nst 0 [typed]\n/ # ');
	});

	it('replay does not wait: watch shows its first run and is cut short, top waits for keys alone', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'watch -n 2 true')).toMatch(/memhp: this never ends \(in the guest Ctrl-C stops it\): interrupted\n\n\/ # $/);
		typeLine(s, 'serial', 'top');
		expect(s.consoleReader()).toBe('top');
		expect(s.consoleTimeout()).toBeUndefined();
		expect(output(s, () => s.elapse(60_000))).toBe('');
		expect(output(s, () => s.consoleKeys('q'))).toBe('\n/ # ');
	});

	it('tee writes each line as it is typed: to a state file the block goes online at Enter; -a appends once', () => {
		const s = boot();
		typeLine(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=256M');
		typeLine(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		typeLine(s, 'serial', 'tee /sys/devices/system/memory/memory32/state; echo "tee $?"');
		expect(s.consoleReader()).toBe('tee');
		// (the first Normal block: the kernel's zonelist messages come at once, on this console without `quiet`)
		const online = typeLine(s, 'serial', 'online');
		expect(online.startsWith('online\nonline\n')).toBe(true);
		expect(online).toContain('Built 1 zonelists, mobility grouping on.');
		expect(output(s, () => s.eof())).toBe('tee 0\n/ # ');
		expect(typeLine(s, 'serial', 'cat /sys/devices/system/memory/memory32/state')).toBe('cat /sys/devices/system/memory/memory32/state\nonline\n/ # ');
		// a write the kernel refuses: the line goes on to stdout, tee says so at its end
		typeLine(s, 'serial', 'tee /sys/devices/system/memory/memory32/state');
		expect(typeLine(s, 'serial', 'bogus')).toBe('bogus\nbogus\n');
		expect(output(s, () => s.eof())).toBe('tee: /sys/devices/system/memory/memory32/state: I/O error\n/ # ');
		typeLine(s, 'serial', 'echo first > /tmp/log; tee -a /tmp/log > /dev/null');
		typeLine(s, 'serial', 'second');
		typeLine(s, 'serial', 'third');
		s.eof();
		expect(typeLine(s, 'serial', 'cat /tmp/log')).toBe('cat /tmp/log\nfirst\nsecond\nthird\n/ # ');
	});

	it('a subshell, a group, a function, eval, command, sh -c and a pipeline stage wait too; a job does not', () => {
		for (const line of ['(cat)', '{ cat; }', 'f() { cat; }; f', 'eval cat', 'command cat', "sh -c 'cat'", 'cat | cat', 'if read l; then echo "$l"; fi']) {
			const s = boot();
			typeLine(s, 'serial', line);
			expect(s.consoleReader(), line).toBeDefined();
			typeLine(s, 'serial', 'zzz');
			const rest = output(s, () => s.eof());
			expect(rest.endsWith('/ # '), line).toBe(true);
			expect(s.consoleReader()).toBeUndefined();
		}
		const s = boot();
		expect(typeLine(s, 'serial', 'set -m; cat & echo hi')).toMatch(/^set -m; cat & echo hi\nhi\n/);
		expect(s.consoleReader()).toBeUndefined();
		expect(typeLine(s, 'serial', 'echo next')).toBe('echo next\nnext\n[1]+  Done                       cat\n/ # ');
	});

	it('a child sh started on the console gives its own readers the console too', () => {
		const s = boot();
		typeLine(s, 'serial', 'sh');
		typeLine(s, 'serial', 'read v');
		expect(typeLine(s, 'serial', 'inner')).toBe('inner\n/ # ');
		expect(typeLine(s, 'serial', 'echo $v')).toBe('echo $v\ninner\n/ # ');
		typeLine(s, 'serial', 'exit');
		expect(typeLine(s, 'serial', 'echo "[$v]"')).toBe('echo "[$v]"\n[]\n/ # ');
	});
});
