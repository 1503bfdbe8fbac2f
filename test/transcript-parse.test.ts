import {describe, expect, it} from 'vitest';
import {lineMatches, parseTranscript} from '../source/transcript/parse.js';
import {outputLines, startArgv} from '../source/transcript/replay.js';
import {checkTranscript, formatFailure, replayTranscript} from '../source/transcript/check.js';

const sample = `Scenario: prose is kept

  $ qemu-system-x86_64 -m 1024M,slots=32,maxmem=8G -append 'console=ttyS0 quiet'
  / # cat /sys/devices/system/memory/block_size_bytes
  8000000
  <C-a c>
  QEMU 7.2.22 monitor - type 'help' for more information
  (qemu) info memdev
  memory backend: pc.ram
    host nodes: 
  
  <C-a C-a>
  /sys # ls
  \\[ *\\d+\\.\\d{6}\\] hello (re)
`;

describe('parseTranscript', () => {
	const t = parseTranscript(sample);

	it('classifies steps by their prompt', () => {
		expect(t.steps.map((s) => [s.kind, s.input])).toEqual([
			['start', "qemu-system-x86_64 -m 1024M,slots=32,maxmem=8G -append 'console=ttyS0 quiet'"],
			['guest', 'cat /sys/devices/system/memory/block_size_bytes'],
			['mux', 'c'],
			['monitor', 'info memdev'],
			['mux', '\x01'],
			['guest', 'ls'],
		]);
		expect(t.steps[5]!.prompt).toBe('/sys # ');
	});

	it('keeps trailing spaces and empty lines of expected output', () => {
		expect(t.steps[3]!.expected.map((e) => e.text)).toEqual(['memory backend: pc.ram', '  host nodes: ', '']);
	});

	it('marks (re) lines as anchored regular expressions', () => {
		const [line] = t.steps[5]!.expected;
		expect(line!.regex).toBe(true);
		expect(lineMatches(line!, '[    8.030280] hello')).toBe(true);
		expect(lineMatches(line!, 'x[    8.030280] hello')).toBe(false);
	});

	it('keeps prose in order for replay output', () => {
		expect(t.entries[0]).toEqual({type: 'prose', text: 'Scenario: prose is kept'});
		expect(t.entries.filter((e) => e.type === 'step')).toHaveLength(6);
	});
});

describe('replay helpers', () => {
	it('splits the QEMU command line like a shell', () => {
		expect(startArgv("qemu-system-x86_64 -m 1G -append 'console=ttyS0 quiet nokaslr'")).toEqual([
			'-m', '1G', '-append', 'console=ttyS0 quiet nokaslr',
		]);
		// a glob that matches nothing stays as typed (bash without nullglob): `-cpu ?` lists CPUs
		expect(startArgv('qemu-system-x86_64 -cpu ? -m 1G,?')).toEqual(['-cpu', '?', '-m', '1G,?']);
	});

	it('drops the echo-terminating newline and the next prompt', () => {
		expect(outputLines('\nC-a h    print this help\n', '/ # ')).toEqual(['C-a h    print this help']);
		expect(outputLines('hello\n[00:00:01.000] / # ', '/ # ')).toEqual(['hello', '[00:00:01.000] ']);
		// terminal controls are not text (the recorder drops them): `clear`, top's display
		expect(outputLines('\x1b[H\x1b[J/ # ', '/ # ')).toEqual([]);
		expect(outputLines('\x1b[H\x1b[JMem: 1\n\x1b[7mPID\x1b[m\n\x1b(B', '/ # ')).toEqual(['Mem: 1', 'PID']);
		expect(outputLines('(qemu) ', '(qemu) ')).toEqual([]);
		expect(outputLines('a\n\nb\n(qemu) ', '(qemu) ')).toEqual(['a', '', 'b']);
		// once the echo and its line break are off, a newline is an empty first line
		expect(outputLines('\nx\n/ # ', '/ # ', '', true)).toEqual(['', 'x']);
	});

	it('keeps an empty first line of a guest command\'s output (echo; printf, sort of a blank line)', () => {
		const t = '  $ qemu-system-x86_64 -m 1G -kernel bzImage -append \'console=ttyS0 quiet\' -nographic\n  / # echo; echo x\n    \n  x\n  / # printf \'b\\n\\na\\n\' | sort\n    \n  a\n  b\n';
		const report = checkTranscript('blank.t', t.replace(/\n {4}\n/g, '\n  \n'));
		expect(report.results.map(r => r.actual)).toEqual([[], ['', 'x'], ['', 'a', 'b']]);
		expect(report.results.every(r => r.ok)).toBe(true);
	});

	it('formats a failing step as a diff', () => {
		const step = parseTranscript('  / # free -m\n  a\n  b\n').steps[0]!;
		const text = formatFailure('x.t', {step, actual: ['a', 'c'], ok: false});
		expect(text).toBe('--- x.t:1: / # free -m\n    a\n  + c\n  - b');
	});
});

describe('replay without a start line', () => {
	it('runs on the machine memhp starts by default (guest and monitor answer)', async () => {
		const {checkTranscript} = await import('../source/transcript/check.js');
		const report = checkTranscript('default.t', [
			'  / # echo hi',
			'  hi',
			'  / # cat /sys/devices/system/memory/block_size_bytes',
			'  8000000',
			'  (qemu) info memory_size_summary',
			'  base memory: 1073741824',
			'  plugged memory: 0',
		].join('\n'));
		expect(report.results.map((r) => r.actual)).toEqual([['hi'], ['8000000'], ['base memory: 1073741824', 'plugged memory: 0']]);
		expect(report.failed).toBe(0);
	});
});

describe('replaying a start that fails after a -monitor stdio monitor opened', () => {
	const start = '  $ qemu-system-x86_64 -machine pc -m 1G,slots=257,maxmem=8G -nodefaults -nographic -S -monitor stdio';
	const error = 'qemu-system-x86_64: unsupported amount of memory slots: 257';

	it('the recorded form: the banner is the start\'s output, the prompt and error one `(qemu)` line (pc_memory_init runs after the monitors exist)', () => {
		const report = checkTranscript('t', `${start}\n  QEMU 7.2.22 monitor - type 'help' for more information\n  (qemu) ${error}\n`);
		expect([report.passed, report.failed]).toEqual([2, 0]);
		// Another error on that line does not pass.
		expect(checkTranscript('t', `${start}\n  QEMU 7.2.22 monitor - type 'help' for more information\n  (qemu) qemu-system-x86_64: something else\n`).failed).toBe(1);
	});

	it('a hand-written transcript that goes on typing gets the error as the start\'s output and nothing after', () => {
		expect(replayTranscript(`${start}\n  (qemu) info status\n`)).toBe(`${start}\n  QEMU 7.2.22 monitor - type 'help' for more information\n  (qemu) ${error}\n  (qemu) info status\n`);
	});

	it('without -monitor stdio (muxed, not switched to) there is no banner; a parse-time error never has one', () => {
		const nographic = checkTranscript('t', `  $ qemu-system-x86_64 -m 1G,slots=257,maxmem=8G -nographic\n  ${error}\n`);
		expect(nographic.failed).toBe(0);
		const parse = checkTranscript('t', '  $ qemu-system-x86_64 -m 8G,slots=4,maxmem=4G -nodefaults -S -monitor stdio\n  qemu-system-x86_64: invalid value of maxmem: maximum memory size (0x100000000) must be at least the initial memory size (0x200000000)\n');
		expect(parse.failed).toBe(0);
	});
});
