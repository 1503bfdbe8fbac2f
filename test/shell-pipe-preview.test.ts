/**
 * A pipeline's readers while its writer waits (PipePreview): ash runs every stage at once, so
 * what the writer wrote before it sleeps, waits for /dev/kmsg's next record or waits for ever
 * reaches the terminal through the readers then, not after the writer is done. memhp runs the
 * stages one after another and lets the readers run ahead at each of the writer's waits.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {dimmRefusingEject, printed, serialOutput, startSession, typeLine} from './session-helpers.js';

const boot = () => startSession(['-m', '1024M,slots=32,maxmem=8G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
const NEVER = 'memhp: this never ends (in the guest Ctrl-C stops it): interrupted\n\n';

describe('a writer that waits for ever (replay: stopped as Ctrl-C would)', () => {
	it('shows what the reader printed of what was written before the wait', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo a; echo b; sleep inf) | head -n 1')).toBe(`a\n${NEVER}`);
		expect(printed(s, 'serial', '(echo one; sleep inf; echo two) | cat')).toBe(`one\n${NEVER}`);
		expect(printed(s, 'serial', 'echo $?')).toBe('130\n');
	});

	it('filters /dev/kmsg as cat reads it: grep prints the records that match and waits with cat', () => {
		const s = boot();
		expect(printed(s, 'serial', 'cat /dev/kmsg | grep -i hotplug | cut -d";" -f2')).toBe(NEVER);
		const shown = printed(s, 'serial', 'cat /dev/kmsg | grep -i hotplug');
		expect(shown).toMatch(/^6,\d+,\d+,-;ACPI: SRAT: Node 0 PXM 0 \[mem 0x100000000-0xabfffffff\] hotplug\n6,\d+,\d+,-;smpboot: Allowing 1 CPUs, 0 hotplug CPUs\nmemhp: this never ends/);
	});

	it('a reader that needs the end of file (sort, wc, grep -c) prints nothing yet', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo b; echo a; sleep inf) | sort')).toBe(NEVER);
		expect(printed(s, 'serial', '(echo b; echo a; sleep inf) | wc -l')).toBe(NEVER);
		expect(printed(s, 'serial', 'cat /dev/kmsg | grep -c Memory')).toBe(NEVER);
	});

	it('a reader in the middle passes on only the 4 KiB buffers stdio wrote (cat and tr all they read)', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo a; sleep inf) | grep a | cat')).toBe(NEVER);
		expect(printed(s, 'serial', '(echo a; sleep inf) | tr a b | cat')).toBe(`b\n${NEVER}`);
		const big = printed(s, 'serial', 'cat /dev/kmsg | grep -v nothing-like-this | cat');
		// (whole buffers, cut mid-line: memhp's note then starts a line of its own)
		const body = big.slice(0, big.indexOf('memhp: this never ends'));
		const passed = body.length % 4096 === 1 ? body.slice(0, -1) : body;
		expect(passed.length).toBeGreaterThan(0);
		expect(passed.length % 4096).toBe(0);
	});

	it('a line not ended yet: cat copies it as read(2) gives it, grep waits for its end', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo a; printf "b: "; sleep inf) | cat')).toBe(`a\nb: \n${NEVER}`);
		expect(printed(s, 'serial', '(echo a; printf "b: "; sleep inf) | grep .')).toBe(`a\n${NEVER}`);
		// (memhp's note starts a line of its own, as a bare `printf b; sleep inf` shows)
		expect(printed(s, 'serial', 'printf b; sleep inf 2>/dev/null')).toBe(`b\n${NEVER}`);
	});

	it('tee writes its file as it reads: what it read is there after Ctrl-C', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo first; sleep inf) | tee /tmp/t')).toBe(`first\n${NEVER}`);
		expect(printed(s, 'serial', 'cat /tmp/t')).toBe('first\n');
		// (tee -a waits for the writer: run ahead and again it would append the lines twice)
		expect(printed(s, 'serial', '(echo a; sleep 1; echo b) | tee -a /tmp/log; cat /tmp/log')).toBe('a\nb\na\nb\n');
		// (nor an awk program that writes a file: BEGIN's line is appended once)
		expect(printed(s, 'serial', '(echo a; sleep 1) | awk \'BEGIN{print "x" >> "/tmp/f"}\'; cat /tmp/f')).toBe('x\n');
	});

	it('leaves a pipeline whose reader is no such filter as it was, and one whose output goes to a file', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo a; sleep inf) | while read x; do echo $x; done')).toBe(NEVER);
		expect(printed(s, 'serial', '(echo a; sleep inf) | cat > /tmp/o')).toBe(NEVER);
	});
});

describe('cat /dev/kmsg writes a record per write(2): a reader starting at once reads the first page meanwhile (lab s65/c)', () => {
	it('head that had its lines in that page ends cat at its next write; one that reads further leaves cat waiting', () => {
		const s = boot();
		expect(printed(s, 'serial', 'cat /dev/kmsg | head -n 20 | wc -l; echo $?')).toBe('20\n0\n');
		expect(printed(s, 'serial', 'cat /dev/kmsg | head -n 100 | wc -l; echo $?')).toBe(`100\n${NEVER}`);
	});

	it('in a background job the readers print what came before the writer\'s wait, the job runs on', () => {
		const s = boot();
		expect(printed(s, 'serial', '(cat /dev/kmsg | head -n 100 | wc -l) & sleep 1; jobs')).toBe('100\n[1]+  Running                    (cat /dev/kmsg | head -n 100 | wc -l)\n');
		expect(printed(s, 'serial', 'kill %1; (echo a; sleep 5; echo b) | cat & sleep 1; echo mid; wait')).toMatch(/^a\nmid\nb\n/);
	});
});

describe('a writer that sleeps and goes on', () => {
	it('prints each line once, with what the writer said on stderr in between, in the order a terminal shows them', () => {
		const s = boot();
		expect(printed(s, 'serial', '{ echo a; sleep 1; echo b >&2; echo c; } | cat')).toBe('a\nb\nc\n');
		expect(printed(s, 'serial', '{ echo a; sleep 1; echo b >&2; echo c; } | grep -v x | cat')).toBe('b\na\nc\n');
		expect(printed(s, 'serial', '{ echo x1; sleep 1; echo x2; sleep 1; echo x3; } | sed s/x/y/')).toBe('y1\ny2\ny3\n');
	});

	it('a reader that exited leaves the writer to die of SIGPIPE at its next write', () => {
		// (lab s65/a: cat writes a record per write(2), head exits on the way)
		expect(printed(boot(), 'serial', 'cat /dev/kmsg | head -n 1 | cut -c1-20; echo $?')).toBe('5,0,0,-;Linux versio\n0\n');
		const s = boot();
		expect(printed(s, 'serial', '(echo a; sleep 1; echo b; touch /tmp/made) | grep -m1 a; ls /tmp')).toBe('a\n');
		expect(printed(s, 'serial', '(echo a; sleep 1; touch /tmp/made) | head -n 1; ls /tmp')).toBe('a\nmade\n');
	});
});

describe('a reader run ahead is the process it will be', () => {
	it('reads its own /proc/self, and what it printed before exiting is all it prints', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo x; sleep 1) | cut -d" " -f2 /proc/self/stat')).toBe('(cut)\n');
		expect(printed(s, 'serial', '(echo x; sleep 1) | head -n 1 /proc/self/status')).toBe('Name:\thead\n');
	});

	it('runs a command (awk\'s system()) only in its run after the writer', () => {
		const s = boot();
		expect(printed(s, 'serial', '(echo x; sleep 1) | awk \'BEGIN{system("echo hi")}\'')).toBe('hi\n');
		expect(printed(s, 'serial', '(echo x; sleep 1; echo y) | awk \'{print; system("echo hi")}\'')).toBe('x\nhi\ny\nhi\n');
	});
});

describe('on the screen', () => {
	it('a writer sleeps in real time, its reader printing as it goes', () => {
		const s = boot();
		s.runInRealTime();
		expect(typeLine(s, 'serial', '(echo a; sleep 2; echo b) | cat')).toBe('(echo a; sleep 2; echo b) | cat\na\n');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('b\n/ # ');
		expect(typeLine(s, 'serial', 'while :; do echo x; sleep 1; done | cat -n')).toMatch(/\n {5}1\tx\n$/);
		expect(serialOutput(s, () => s.elapse(1000))).toBe('     2\tx\n');
		expect(serialOutput(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		// (a reader that cannot run ahead, a while loop, still waits with its writer)
		expect(typeLine(s, 'serial', '(sleep 2; echo a) | while read x; do echo $x; done')).toBe('(sleep 2; echo a) | while read x; do echo $x; done\n');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('a\n/ # ');
	});

	it('grep shows the records the monitor\'s eject logs as they come, until Ctrl-C', () => {
		const s = boot();
		s.runInRealTime();
		dimmRefusingEject(s);
		expect(typeLine(s, 'serial', 'cat /dev/kmsg | grep -i offline')).toBe('cat /dev/kmsg | grep -i offline\n');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('');
		typeLine(s, 'monitor', 'device_del d1');
		s.muxKey('c');
		expect(serialOutput(s, () => s.elapse(500))).toMatch(/^4,\d+,\d+,-;memory memory32: Offline failed\.\n$/);
		expect(serialOutput(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
	});

	it('a reader that exited ends cat at the next record it writes: cat dies of SIGPIPE', () => {
		const s = boot();
		s.runInRealTime();
		expect(typeLine(s, 'serial', 'cat /dev/kmsg | grep -m1 -i sysrq')).toBe('cat /dev/kmsg | grep -m1 -i sysrq\n');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('');
		// (SysRq logs its records: grep prints the first and exits; cat waits in read(2) of /dev/kmsg)
		s.muxKey('b');
		s.sysrqKey('h');
		expect(serialOutput(s, () => s.elapse(500))).toMatch(/^6,\d+,\d+,-;sysrq: HELP : .*\n$/);
		expect(s.consoleReader()).toBe('cat');
		s.muxKey('b');
		s.sysrqKey('h');
		expect(serialOutput(s, () => s.elapse(500))).toMatch(/\/ # $/);
		expect(typeLine(s, 'serial', 'echo $?')).toBe('echo $?\n0\n/ # ');
	});
});

describe('property: running the readers ahead neither loses nor repeats what they print', () => {
	// The same writes with and without sleeps between them: the readers' output is the same.
	const readers = ['cat', 'cat -n', 'grep 1', 'grep -v 2', 'grep -c 1', 'grep -m2 .', 'head -n 2', 'head -c 7', 'tail -n 2', 'sed 2q',
		'sed s/1/one/', 'sed -n "2,3p"', 'awk "{print NR\\":\\"\\$0}"', 'awk "NR==2{exit}"', 'tr 0-9 a-j', 'cut -c1-2', 'uniq', 'nl', 'wc -l',
		'sort -r', 'rev', 'tac', 'tee /tmp/t'];
	const s = boot();
	it('holds for random writes, sleeps and chains of filters', () => {
		fc.assert(fc.property(
			fc.array(fc.tuple(fc.constantFrom('echo', 'printf'), fc.integer({min: 0, max: 999}), fc.boolean()), {minLength: 1, maxLength: 6}),
			fc.array(fc.constantFrom(...readers), {minLength: 1, maxLength: 3}),
			(writes, chain) => {
				const cmd = (sleeps: boolean) => `{ ${writes.map(([how, n, sleep]) => `${how === 'echo' ? `echo ${n}` : `printf ${n}`};${sleep && sleeps ? ' sleep 1;' : ''}`).join(' ')} } | ${chain.join(' | ')}`;
				expect(printed(s, 'serial', cmd(true))).toBe(printed(s, 'serial', cmd(false)));
			},
		), {numRuns: 300});
	});
});

/**
 * Debian's busybox 1.35 `sh -c` on a pseudo-terminal (the host's, `script -qec`): what each pipeline
 * printed, its writer's stderr after a sleep landing where the readers had got to.
 */
const ON_A_TERMINAL: [string, string][] = [
	["{ echo a; sleep 1; echo b >&2; echo c; } | cat", "a\nb\nc\n"],
	["{ echo a; sleep 1; echo b >&2; echo c; } | sed s/a/A/", "b\nA\nc\n"],
	["{ echo a; sleep 1; echo b >&2; echo c; } | awk '{print toupper($0)}'", "A\nb\nC\n"],
	["{ echo a; sleep 1; echo b >&2; echo c; } | head -n 1; echo rc=$?", "a\nb\nrc=0\n"],
	["{ echo a; sleep 1; echo b >&2; echo c; } | tr a A | cat", "A\nb\nc\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | uniq", "2\n1\n3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | nl", "     1\t1\n2\n     2\t3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | cut -c1", "1\n2\n3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | tee /dev/null", "1\n2\n3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | grep -n .", "1:1\n2\n2:3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | wc -l", "2\n2\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | sort -r", "2\n3\n1\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | rev", "1\n2\n3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | tac", "2\n3\n1\n"],
	["{ printf 'x'; sleep 1; echo y >&2; echo z; } | cat", "xy\nz\n"],
	["{ printf 'x'; sleep 1; echo y >&2; echo z; } | grep .", "y\nxz\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | cat -n", "     1\t1\n2\n     2\t3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | sed -n p", "2\n1\n3\n"],
	["{ echo 1; echo 11; sleep 1; echo 2 >&2; echo 3; } | grep -m1 1; echo rc=$?", "1\n2\nrc=0\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | awk 'NR==1{print; exit}'", "1\n2\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | cat | cat", "1\n2\n3\n"],
	["{ echo 1; sleep 1; echo 2 >&2; echo 3; } | tail -n 1", "2\n3\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | head -n 1; echo rc=$?", "1\nrc=0\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | grep -q 1; echo rc=$?", "rc=0\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | sed 1q; echo rc=$?", "x\n1\nrc=0\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | grep -m1 .; echo rc=$?", "1\nrc=0\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | awk '{print; exit}'; echo rc=$?", "1\nrc=0\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | grep 1 | cat; echo rc=$?", "x\n1\nrc=0\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | tr 1 a | cat", "a\nx\n2\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | sed s/1/a/ | cat", "x\na\n2\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | cat | grep 1", "1\nx\n"],
	["{ echo 1; sleep 1; echo 2; echo x >&2; } | cat | head -n 1", "1\nx\n"],
	["(echo 1; sleep 1; echo x >&2; echo 2) | { sleep 2; cat; }", "x\n1\n2\n"],
	["(echo 1; sleep 1; echo x >&2; echo 2) | xargs echo", "x\n1 2\n"],
	["(echo 1; sleep 1; echo x >&2; echo 2) | sort", "x\n1\n2\n"],
	["(echo 1; sleep 1; echo x >&2; echo 2) | grep -c .", "x\n2\n"],
	["(echo 1; sleep 1; echo x >&2; echo 2) | head -c 1; echo", "1x\n\n"],
	["(echo 1; sleep 1; echo x >&2; echo 2) | od -c | head -n 1", "x\n0000000   1  \\n   2  \\n\n"],
	["(echo 12; sleep 1; echo x >&2; echo 34) | fold -w 1", "1\n2\nx\n3\n4\n"],
	["(echo a b; sleep 1; echo x >&2; echo c d) | awk '{print $2}'", "b\nx\nd\n"],
	["(echo a b; sleep 1; echo x >&2; echo c d) | cut -d' ' -f2", "b\nx\nd\n"],
	["(echo a; sleep 1; echo x >&2; echo a) | uniq -c", "x\n      2 a\n"],
	["(echo a; sleep 1; echo x >&2; echo b) | sed -n '$p'", "x\nb\n"],
	["(echo a; sleep 1; echo x >&2; echo b) | sed '$d'", "x\na\n"],
	["(echo a; sleep 1; echo x >&2; echo b) | tail -n +1", "x\na\nb\n"],
	["(echo a; sleep 1; echo x >&2; echo b) | paste - -", "x\na\tb\n"],
	["(echo a; sleep 1; echo x >&2; echo b) | expand", "a\nx\nb\n"],
];

describe('pipelines whose writer sleeps, as busybox shows them on a terminal', () => {
	const s = boot();
	for (const [line, want] of ON_A_TERMINAL) it(line, () => expect(printed(s, 'serial', line)).toBe(want));
});
