/**
 * A pipeline whose reader exits on its own (`head`): memhp runs the stages one after another,
 * but the writer dies of SIGPIPE where it would write again after the reader could have read
 * its fill and exited (it slept, or filled the pipe), so an endless writer ends as in a real
 * guest instead of running into the step budget.
 */
import {describe, expect, it} from 'vitest';
import {grepReadLimit} from '../source/machine/shell/applets/grep.js';
import {awkReadLimit} from '../source/machine/shell/applets/awk/read-limit.js';
import {sedReadLimit} from '../source/machine/shell/applets/sed.js';
import {headQuota} from '../source/machine/shell/applets/text/headtail.js';
import {printed, serialOutput, startSession} from './session-helpers.js';

const BOOT = ['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0'];

function uptime(s: ReturnType<typeof startSession>): number {
	return Number(printed(s, 'serial', 'cat /proc/uptime').split(' ')[0]);
}

describe('a writer feeding head', () => {
	it('an endless loop that sleeps ends once head has its lines, after as many sleeps as a real one', () => {
		const s = startSession(BOOT);
		const before = uptime(s);
		expect(printed(s, 'serial', 'while true; do echo x; sleep 1; done | head -n 3; echo rc=$?')).toBe('x\nx\nx\nrc=0\n');
		// three sleeps: the fourth echo finds head gone
		expect(uptime(s) - before).toBeGreaterThanOrEqual(3);
		expect(uptime(s) - before).toBeLessThan(3.9);
	});

	it('an endless loop that does not sleep ends once the pipe it fills past head\'s lines is full', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'while :; do echo x; done | head -n 2; echo rc=$?')).toBe('x\nx\nrc=0\n');
		expect(printed(s, 'serial', '(while :; do echo yy; done) | head -c 4; echo; echo rc=$?')).toBe('yy\ny\nrc=0\n');
	});

	it('a writer that is fast keeps writing into the pipe\'s buffer: its later commands run', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', '{ echo a; echo b; touch /tmp/f; } | head -1; ls /tmp')).toBe('a\nf\n');
	});

	it('a writer that waits for a program it forked lets head run: its next write is its last', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', '{ echo a; date >/dev/null; echo c; touch /tmp/g; } | head -1; ls /tmp')).toBe('a\n');
		expect(printed(s, 'serial', '{ echo a; echo b; cat /proc/uptime >/dev/null; touch /tmp/h; } | head -1; ls /tmp')).toBe('a\nh\n');
	});

	it('a program that writes to the closed pipe dies alone; the loop around it goes on, as in ash', () => {
		const s = startSession(BOOT);
		// (a real guest hangs there until Ctrl-C: cat dies of SIGPIPE each time, the loop does not)
		expect(printed(s, 'serial', 'while :; do cat /sys/devices/system/memory/memory0/state; sleep 1; done | head -n 2')).toContain('memhp: command interrupted after');
		expect(printed(s, 'serial', 'echo still here')).toBe('still here\n');
	});

	it('grep -q, -l and -m end an endless writer too', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'while true; do echo x; sleep 1; done | grep -q x; echo rc=$?')).toBe('rc=0\n');
		expect(printed(s, 'serial', "i=0; while :; do i=$((i+1)); echo $i; sleep 1; done | grep -m 2 '[05]$'; echo rc=$?")).toBe('5\n10\nrc=0\n');
		expect(printed(s, 'serial', 'while :; do echo hello; sleep 1; done | grep -l hell')).toBe('(standard input)\n');
		expect(printed(s, 'serial', '{ echo a; echo b; date >/dev/null; echo c; touch /tmp/g; } | grep -q a; ls /tmp')).toBe('');
	});

	it('a sed script that quits ends an endless writer, once sed has the line after its q line', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'i=0; while :; do i=$((i+1)); echo $i; done | sed 3q')).toBe('1\n2\n3\n');
		const before = uptime(s);
		expect(printed(s, 'serial', "i=0; while :; do i=$((i+1)); echo $i; sleep 1; done | sed -n '/3/q;p'; echo rc=$?")).toBe('1\n2\nrc=0\n');
		// sed reads line 4 before it runs its script on line 3: four sleeps, the fifth echo finds it gone
		expect(uptime(s) - before).toBeGreaterThanOrEqual(4);
		expect(uptime(s) - before).toBeLessThan(4.9);
		// (the read-ahead: sed is still there for `echo 2`, so the group runs to its end)
		expect(printed(s, 'serial', '{ echo 1; date >/dev/null; echo 2; touch /tmp/s; } | sed 1q; ls /tmp')).toBe('1\ns\n');
		expect(printed(s, 'serial', '{ echo 1; date >/dev/null; echo 2; date >/dev/null; echo 3; touch /tmp/t; } | sed q; ls /tmp')).toBe('1\ns\n');
	});

	it('an awk program that exits ends an endless writer at the record of its exit (awk reads no further)', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', "i=0; while :; do i=$((i+1)); echo $i; done | awk 'NR==3{exit} {print}'")).toBe('1\n2\n');
		expect(printed(s, 'serial', "i=0; while :; do i=$((i+1)); echo $i; done | awk 'NR==2{exit 3}'; echo rc=$?")).toBe('rc=3\n');
		expect(printed(s, 'serial', "{ sleep 1; echo 1; date >/dev/null; echo 2; touch /tmp/a; } | awk 'NR==1{exit}'; ls /tmp")).toBe('');
		expect(printed(s, 'serial', "seq 1 1000000 | awk 'NR>1{exit}1'")).toBe('1\n');
	});

	it('a program writing a pipe writes it a stdio buffer at a time: seq dies of SIGPIPE past head\'s lines', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'seq 1 1000000 | head -n 2')).toBe('1\n2\n');
		expect(printed(s, 'serial', 'seq 1 1000000 | grep -m 1 77')).toBe('77\n');
		// (then the group's own `echo end` writes to the closed pipe: the subshell dies)
		expect(printed(s, 'serial', '{ seq 1 1000000; echo end; touch /tmp/seq; } | head -n 1; ls /tmp')).toBe('1\n');
		expect(printed(s, 'serial', 'seq 1 20000 | wc -l')).toBe('20000\n');
	});

	it('a program reading the console (sed) writes its pipe once, though it runs again with each line typed', () => {
		const s = startSession(BOOT);
		printed(s, 'serial', 'sed p | head -c 40000 | wc -c');
		// (each 5000-character line takes sed past a stdio buffer into head's pipe)
		serialOutput(s, () => s.submitLine('x'.repeat(5000)));
		serialOutput(s, () => s.submitLine('y'.repeat(5000)));
		expect(serialOutput(s, () => s.eof())).toBe('20004\n/ # ');
	});

	it('other readers read to the end of the writer\'s output', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'i=0; while [ $i -lt 4 ]; do echo $i; i=$((i+1)); sleep 1; done | tail -n 2')).toBe('2\n3\n');
	});
});

describe('headQuota', () => {
	it('reads head\'s count as head does, and gives up where the input is not plainly stdin', () => {
		expect(headQuota(['head'])).toEqual({bytes: false, count: 10});
		expect(headQuota(['head', '-3'])).toEqual({bytes: false, count: 3});
		expect(headQuota(['head', '-n', '5', '-q'])).toEqual({bytes: false, count: 5});
		expect(headQuota(['head', '-c2k'])).toEqual({bytes: true, count: 2048});
		expect(headQuota(['head', '-c', '1', '-n', '4'])).toEqual({bytes: true, count: 4});
		expect(headQuota(['head', '-n', '-2'])).toBeUndefined();
		expect(headQuota(['head', 'file'])).toBeUndefined();
		expect(headQuota(['head', '-'])).toBeUndefined();
		expect(headQuota(['head', '-x'])).toBeUndefined();
	});
});

describe('grepReadLimit', () => {
	it('counts the lines grep reads before it stops, with its own line test', () => {
		const q = grepReadLimit(['grep', '-qi', 'X']);
		expect(q?.lines).toBe(1);
		expect(q?.counts('axb')).toBe(true);
		expect(grepReadLimit(['grep', '-m', '2', 'x'])?.lines).toBe(2);
		expect(grepReadLimit(['grep', '-m', '0', 'x'])).toBeUndefined();
		expect(grepReadLimit(['egrep', '-m1', 'a|b'])?.counts('b')).toBe(true);
		expect(grepReadLimit(['grep', '-vq', 'a'])?.counts('a')).toBe(false);
		expect(grepReadLimit(['fgrep', '-q', 'a.b'])?.counts('axb')).toBe(false);
	});

	it('gives up where grep reads to the end or reads files', () => {
		expect(grepReadLimit(['grep', 'x'])).toBeUndefined();
		expect(grepReadLimit(['grep', '-q', 'x', 'file'])).toBeUndefined();
		expect(grepReadLimit(['grep', '-A', '1', '-m', '1', 'x'])).toBeUndefined();
		expect(grepReadLimit(['grep', '-q', 'a\\('])).toBeUndefined();
	});
});

describe('sedReadLimit', () => {
	const read = (argv: string[], lines: string[]) => {
		const limit = sedReadLimit(argv);
		if (!limit) return undefined;
		const n = lines.findIndex((line, i) => limit.counts(line, i + 1));
		return n < 0 ? Infinity : n + 1;
	};

	it('counts the lines sed reads before a q acts: the q line and the one read ahead', () => {
		const lines = ['a', 'b', 'xc', 'd', 'e', 'f'];
		expect(read(['sed', '3q'], lines)).toBe(4);
		expect(read(['sed', 'q'], lines)).toBe(2);
		expect(read(['sed', '0q'], lines)).toBe(2);
		expect(read(['sed', '-n', '/x/q;p'], lines)).toBe(4);
		expect(read(['sed', '-e', 'p', '-e', '5q', '-e', '2q'], lines)).toBe(3);
		expect(read(['sed', '-nE', '/^(d|e)$/q'], lines)).toBe(5);
		expect(read(['sed', '--expression=s/a/b/', '-e', '4q'], lines)).toBe(5);
		// (a line number counts whatever the script did to the text)
		expect(read(['sed', 's/.*/x/;5q'], lines)).toBe(6);
		// (a block's q acts on the block's lines: sed -n '/re/{p;q}' prints the first match)
		expect(read(['sed', '-n', '/x/{p;q}'], lines)).toBe(4);
		expect(read(['sed', '2{p;q}'], lines)).toBe(3);
		expect(read(['sed', '-n', '{p;q}'], lines)).toBe(2);
		expect(read(['sed', '9q'], lines)).toBe(Infinity);
	});

	it('gives up where sed reads to the end, or where its script may skip the q or change the text it tests', () => {
		for (const argv of [['sed', 'p'], ['sed', '$q'], ['sed', '3!q'], ['sed', '3d;3q'], ['sed', '2!{p;q}'], ['sed', '2{/a/q}'], ['sed', '1{2{q}}'], ['sed', 's/a/x/;/x/{p;q}'], ['sed', 'N;3q'], ['sed', 's/a/x/;/x/q'],
			['sed', '2q', 'file'], ['sed', '-i', '2q'], ['sed', '-f', 'script'], ['sed', '2q;w /tmp/f'], ['sed', '/a\\(/q'], ['sed'], ['grep', '2q']]) {
			expect(sedReadLimit(argv), argv.join(' ')).toBeUndefined();
		}
	});
});

describe('awkReadLimit', () => {
	const read = (argv: string[], lines: string[]) => {
		const limit = awkReadLimit(argv);
		if (!limit) return undefined;
		const n = lines.findIndex((line, i) => limit.counts(line, i + 1));
		return n < 0 ? Infinity : n + 1;
	};

	it('counts the records awk reads before a rule reaches exit', () => {
		const lines = ['a', 'b', 'xc', 'd', 'e'];
		expect(read(['awk', 'NR==3{exit}'], lines)).toBe(3);
		expect(read(['awk', '{print; exit}'], lines)).toBe(1);
		expect(read(['awk', '{print} NR>=2{exit}'], lines)).toBe(2);
		expect(read(['awk', 'FNR>3{exit 1}'], lines)).toBe(4);
		expect(read(['awk', '-F:', '-v', 'x=1', '/x/{print "got"; exit}'], lines)).toBe(3);
		expect(read(['awk', '-e', 'NR==4{exit}', '-e', '/b/{exit}'], lines)).toBe(2);
		// (x = NR reads NR: it does not move the count)
		expect(read(['awk', '{x = NR} NR==2{exit}'], lines)).toBe(2);
		expect(read(['awk', 'NR==9{exit}'], lines)).toBe(Infinity);
	});

	it('gives up where awk reads to the end, or where the program may skip, recount or change what it tests', () => {
		for (const argv of [['awk', '{print}'], ['awk', 'NR==2{if (x) exit}'], ['awk', '{next} NR==2{exit}'], ['awk', 'NR==2{getline; exit}'],
			['awk', '{NR++} NR==2{exit}'], ['awk', 'BEGIN{RS=":"} NR==2{exit}'], ['awk', '-v', 'NR=5', 'NR==6{exit}'], ['awk', '{sub(/a/, "x")} /x/{exit}'],
			['awk', '{$0 = "x"} /x/{exit}'], ['awk', 'BEGIN{exit}'], ['awk', 'NR==2{exit}', 'file'], ['awk', '-f', 'prog'], ['awk', 'NR==2{exit'], ['awk'], ['sed', 'q']]) {
			expect(awkReadLimit(argv), argv.join(' ')).toBeUndefined();
		}
	});
});
