/**
 * Fuzzed parsers (issue 6): HMP lines and guest command lines from token generators, plus
 * mutations of every command in the golden transcripts (unbalanced quotes, NUL and control
 * bytes, lone surrogates, absurd numbers, repeated and unknown keys). Whatever the line,
 * memhp answers without an exception (`memhp: internal error`), promptly, with the prompt
 * back, a consistent machine, and a failed command changes nothing.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {HMP_COMMANDS, HMP_INFO_COMMANDS} from '../source/machine/qemu/hmp-command-table.js';
import {createSession, DEFAULT_QEMU_ARGS, type Session} from '../source/machine/session.js';
import {parseTranscript} from '../source/transcript/parse.js';
import {checkInvariants, fcParams, structure} from './prop-machine-model.js';

const GOLDEN = '/work/shared/golden';
// (Where the goldens are not beside the clone, the walkthrough's own commands are mutated.)
const goldenSteps = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((f) => f.endsWith('.t')).flatMap((f) => parseTranscript(readFileSync(`${GOLDEN}/${f}`, 'utf8')).steps) : [];
const orDefault = (xs: string[], fallback: string[]) => (xs.length ? xs : fallback);
const goldenMonitor = orDefault([...new Set(goldenSteps.filter((s) => s.kind === 'monitor' && s.input !== 'quit').map((s) => s.input))], [
	'object_add memory-backend-ram,id=mem1,size=512M', 'device_add pc-dimm,id=dimm1,memdev=mem1', 'info memory-devices', 'device_del dimm1', 'object_del mem1',
]);
const goldenGuest = orDefault([...new Set(goldenSteps.filter((s) => s.kind === 'guest').map((s) => s.input))], [
	'free -m', 'echo online > /sys/devices/system/memory/memory33/state', 'cat /sys/devices/system/memory/memory33/valid_zones', 'ls /sys/devices/system/memory/',
]);

const HOSTILE = ['__proto__', 'constructor', 'toString', '\0', '\x01', '\x07', '\x1b[2J', '\x7f', '\r', '\t', '\v', '\ud800', '\udfff', '\u{1f600}', '\u00e9', '\ufeff', '\u202e'];
const ABSURD = ['99999999999999999999T', '-1', '0xffffffffffffffffff', '18446744073709551616', '9223372036854775808', '1e9', '0x', '-0', '1.5', '08', 'NaN', '', '4294967296', '16E', '0b101'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** Applies 1-3 random edits to a line: insert a token, delete or duplicate a slice, swap a number, cut a quote. */
function mutated(base: fc.Arbitrary<string>, tokens: readonly string[]): fc.Arbitrary<string> {
	const edit = fc.tuple(fc.nat(5), fc.nat(), fc.nat(), pick([...tokens, ...HOSTILE, ...ABSURD]));
	return fc.tuple(base, fc.array(edit, {minLength: 1, maxLength: 3})).map(([line, edits]) => {
		let s = line;
		for (const [kind, a, b, token] of edits) {
			const i = s.length ? a % (s.length + 1) : 0;
			const j = Math.min(s.length, i + (b % 12));
			switch (kind) {
				case 0: s = s.slice(0, i) + token + s.slice(i); break;
				case 1: s = s.slice(0, i) + s.slice(j); break;
				case 2: s = s.slice(0, j) + s.slice(i, j) + s.slice(j); break;
				case 3: s = s.replace(/\d+[kMGTPE]?/, token); break;
				case 4: s = s.slice(0, i) + (b % 2 ? '"' : "'") + s.slice(i); break;
				default: s = s.slice(0, i); break;
			}
		}
		return s;
	});
}

// --- HMP ---------------------------------------------------------------------------------

const HMP_NAMES = HMP_COMMANDS.flatMap((c) => c.names).filter((n) => n !== 'quit' && n !== 'q');
const HMP_TOKENS = ['memory-backend-ram', 'pc-dimm', 'id=', 'size=', 'memdev=', 'slot=', 'addr=', 'node=', 'driver=', 'qom-type=', 'help', '?',
	',', ',,', '=', ' ', '"', '\\', '\\n', 'm0', 'd0', 'pc.ram', '/objects/m0', '/machine/peripheral/d0', 'memory-devices', 'memdev', 'mtree', '128M', '1G', '2M',
	// HMP integer expressions (balloon, cpu) and the info subcommands around the CPUs.
	'(', ')', '$eax', "'", '0x', '-', '*', '/0', '%', '~', '0xffffffffffffffffff', 'cpus', 'hotpluggable-cpus', 'history',
	// the QOM tree, RAMBlocks and consoles
	'qom-tree', 'ramblock', 'roms', 'chardev', '/machine/unattached/device[0]', 'device[1]', 'system[0]', '/chardevs', 'm0[0]', 'container', 'priority'];

const INFO_NAMES = HMP_INFO_COMMANDS.flatMap((c) => c.names);

const hmpLine = fc.oneof(
	fc.tuple(pick(HMP_NAMES), fc.array(pick([...HMP_TOKENS, ...HOSTILE, ...ABSURD]), {maxLength: 12})).map(([cmd, toks]) => `${cmd} ${toks.join('')}`),
	// every `info` subcommand, bare or with a word or two
	fc.tuple(pick(INFO_NAMES), fc.array(pick([...HMP_TOKENS, ...HOSTILE, ...ABSURD]), {maxLength: 2})).map(([sub, toks]) => `info ${sub} ${toks.join(' ')}`.trimEnd()),
	mutated(pick(goldenMonitor), HMP_TOKENS),
	fc.string({unit: 'binary', maxLength: 40}),
);

const DUD = /undefined|NaN|\[object |Infinity/;

function monitorSession(): Session {
	const created = createSession(DEFAULT_QEMU_ARGS);
	if (!created.ok) throw new Error(created.stderr);
	created.session.muxKey('c');
	return created.session;
}

function submit(s: Session, line: string): string {
	let out = '';
	const off = s.onOutput((c) => {
		out += c.text;
	});
	// A hang fails through the test timeout; speed itself is measured by `npm run bench`.
	s.submitLine(line);
	off();
	return out;
}

describe('fuzzed HMP lines', () => {
	it('never throw, always give the prompt back, and a failure changes nothing', () => {
		fc.assert(
			fc.property(fc.array(hmpLine, {minLength: 1, maxLength: 8}), (lines) => {
				const s = monitorSession();
				// a backend and a DIMM to aim at
				submit(s, 'object_add memory-backend-ram,id=m0,size=128M');
				submit(s, 'device_add pc-dimm,id=d0,memdev=m0');
				const boot = s.snapshot().guest!.blocks.filter((b) => !b.hotplugged).map((b) => b.index);
				let typedDud = false; // `info history` shows earlier lines again
				for (const line of lines) {
					const before = s.snapshot();
					const out = submit(s, line);
					typedDud ||= DUD.test(line);
					expect(out, JSON.stringify(line)).not.toContain('memhp: internal error');
					if (s.exitCode() !== undefined) return;
					expect(out.endsWith('(qemu) '), JSON.stringify(out)).toBe(true);
					if (!typedDud) expect(out, JSON.stringify(line)).not.toMatch(DUD);
					const after = s.snapshot();
					checkInvariants(after, boot);
					if (/^(Error: |unknown command: )|Try "help /m.test(out) && !/^\s*(help|\?)\b/.test(line)) {
						expect(structure(after), JSON.stringify(line)).toEqual(structure(before));
					}
				}
			}),
			fcParams(400),
		);
	});
});

// --- guest shell -------------------------------------------------------------------------

const SH_TOKENS = ["'('", "'['", "'/(/'", '-F', '-E', '1e9', '-1', 'seq', 'sed', 's/a/b/', 'echo', 'cat', 'ls', 'free', 'grep', 'sed', 'awk', 'test', '[', ']', 'printf', 'read', 'cd', 'export', 'set', 'shift', 'eval', 'exit',
	'for', 'in', 'do', 'done', 'while', 'until', 'if', 'then', 'else', 'fi', 'case', 'esac', 'x', ':', 'true', 'false', 'lsmem', 'chmem', 'dmesg', 'head', 'tail', 'wc',
	'|', '||', '&&', ';', ';;', '&', '>', '>>', '<', '2>&1', '<<', '$(', ')', '(', '`', '"', "'", '{', '}', '$((', '))', '$?', '$#', '$@', '${x:-y}', '${#x}',
	'*', '?', '[a-z]', '~', '\\', '=', 'x=1', '-n', '-e', '%s', '\\n',
	'/sys/devices/system/memory/memory33/state', '/sys/devices/system/memory/memory0/online', '/sys/devices/system/memory/auto_online_blocks',
	'/proc/meminfo', '/dev/zero', '/dev/null', '/etc/passwd', '../..', '/tmp/f', 'online', 'offline', 'online_movable', ' ', ' ', ' ',
	'sh', '-c', 'chmod', '+x', '0', 'busybox', 'ash', '-i', '-l', 'exit 3', '$$', '$PPID', '$SHLVL', '/proc/sys/vm/nr_hugepages', '16', '/sys/kernel/mm/transparent_hugepage/enabled', 'never',
	'/sys/devices/system/memory/memory32/uevent', 'add', '<<EOF', '<<-EOF', "<<'EOF'", '<<\\EOF', '3<<EOF', 'EOF', '\tEOF', '<&3', '>&0', '<&-', '${x!}', '${x',
	// the reader applets of session 51 and their arguments
	'top', '-bn1', '-n', '1', '-d', 'timeout', '-s', 'KILL', '-k', 'more', 'watch', '-t', 'stty', 'rows', 'cols', 'raw', 'sane', '-a', '-g', 'size',
	'getopt', '-o', '-l', 'ab:', 'shuf', '-i', '1-5', 'mknod', 'mkfifo', 'p', 'c', 'chown', 'chgrp', '1:1', '/proc/stat', '/proc/uptime',
	// session 54: less and its keys (a line typed while it waits is its keys), the line-by-line filters
	'less', '-N', '-S', '-M', '-F', '-R', 'G', 'g', '/', '?', 'n', 'N', '50g', ':n', ':e', 'm', "'", '{', '-N', 'q', 'cut', '-c1-3', 'tr', 'a-z', 'A-Z',
	'uniq', '-c', 'rev', 'nl', 'fold', '-w', '3', 'paste', '-s', 'hexdump', '-C', 'tee', 'sleep', 'mkswap', '-L', 'swapon', 'swapoff', 'dos2unix', 'unix2dos',
	// session 55: vi and its keys (a line typed while it runs is its keys)
	'vi', '-R', '-c', ':q!', ':wq', ':w', ':x', ':s/o/0/g', ':%d', 'ZZ', 'dd', 'yy', 'p', 'u', 'i', 'A', 'o', 'cw', 'x', '.', '\x1b', '\x16', '\x03'];

const guestLine = fc.oneof(
	fc.array(pick([...SH_TOKENS, ...HOSTILE, ...ABSURD]), {minLength: 1, maxLength: 14}).map((toks) => toks.join(' ')),
	fc.array(pick([...SH_TOKENS, ...HOSTILE]), {minLength: 1, maxLength: 20}).map((toks) => toks.join('')),
	mutated(pick(goldenGuest), SH_TOKENS),
	fc.string({unit: 'binary', maxLength: 40}),
);

describe('fuzzed guest command lines', () => {
	it('never throw, always give a prompt back, and keep the machine consistent', () => {
		fc.assert(
			fc.property(fc.array(guestLine, {minLength: 1, maxLength: 8}), (lines) => {
				const created = createSession(DEFAULT_QEMU_ARGS);
				if (!created.ok) throw new Error(created.stderr);
				const s = created.session;
				const boot = s.snapshot().guest!.blocks.map((b) => b.index);
				let typedDud = false; // a PS2 continuation carries earlier lines along
				for (const line of lines) {
					const out = submit(s, line);
					typedDud ||= DUD.test(line);
					expect(out, JSON.stringify(line)).not.toContain('memhp: internal error');
					expect(out.endsWith(s.prompt('serial')), JSON.stringify({line, out: out.slice(-200)})).toBe(true);
					if (!typedDud) expect(out, JSON.stringify(line)).not.toMatch(DUD);
					checkInvariants(s.snapshot(), boot);
				}
				s.interrupt();
				// (a job the last line started, which had not run by its prompt, is reported at this one;
				// its text may span lines)
				let alive = submit(s, 'echo alive');
				// A child shell the lines started (`eval ash > f`) may own the console with its output
				// elsewhere, as in the guest: leave it as a user would, with `exit`, or with Ctrl-D where
				// `set -n` keeps a shell from running anything.
				for (let i = 0; i < 8 && !alive.startsWith('echo alive\nalive\n'); i++) {
					// (vi catches Ctrl-C and goes on: it is left with Esc and :q!)
					if (s.consoleReader() === 'vi') s.consoleKeys('\x1b');
					if (i % 2 && s.consoleReader() !== 'vi') s.eof();
					else submit(s, s.consoleReader() === 'vi' ? ':q!' : 'exit');
					alive = submit(s, 'echo alive');
				}
				expect(alive.startsWith('echo alive\nalive\n') && alive.endsWith(s.prompt('serial')), alive).toBe(true);
				expect(alive.slice('echo alive\nalive\n'.length, -s.prompt('serial').length), alive).toMatch(/^(\[\d+\][+ -] {2}[\s\S]*\n)?$/);
			}),
			fcParams(400),
		);
	});
});

/** Words of QEMU command lines: options, values that parse and values that do not. */
const QEMU_TOKENS = [
	'-m', '1G', '512M,slots=4,maxmem=8G', '2G,,slots=2', 'slots', 'help', '?', 'maxmem=15E', '1G,slots=-1,maxmem=8G', 'size=1G,id=x',
	'-cpu', 'qemu64,phys-bits=33', 'host', 'max,+foo,-bar', 'qemu64,tsc-freq=1G', 'qemu64,,phys_bits=0x30', 'foo',
	'-machine', '-M', 'pc,nvdimm=on', 'q35', 'accel=kvm:tcg', 'memory.size=1G', 'pc,,x', 'microvm', 'pc,usb=on,acpi=x',
	'-accel', 'kvm', 'tcg', '-enable-kvm', '-nographic', '-nodefaults', '-monitor', 'stdio', 'none', '-serial', 'mon:stdio', '-qmp',
	'-object', 'memory-backend-ram,id=m1,size=128M,host-nodes=0-1,policy=bind', 'memory-backend-ram,,id=x', 'memory-backend-memfd,id=m2,size=2M,hugetlb=on',
	'-device', 'pc-dimm,id=d1,memdev=m1', 'pc-dimm,id=d1,memdev=m1,slot=9', '-smp', '2', '0', '-S', '-usb', '-numa', 'node', '-uuid', '-kernel', 'bzImage',
	'-append', 'memhp_default_state=online', '=', ',', '', '-bogus',
];

describe('fuzzed QEMU command lines', () => {
	it('start a machine or refuse with QEMU\'s (or memhp\'s) error, never an exception', () => {
		const line = /^(qemu-system-x86_64: |memhp: |Could not access KVM kernel module|Please use |Optional suffix |and exabytes|Use -machine help|Identifiers consist)/;
		fc.assert(
			fc.property(fc.array(pick([...QEMU_TOKENS, ...HOSTILE, ...ABSURD]), {minLength: 1, maxLength: 10}), (argv) => {
				const created = createSession(argv);
				if (created.ok) return;
				expect(created.exitCode === 0 || created.exitCode === 1).toBe(true);
				// (exit 0: a help list; exit 1: an error, or `-m 1G,help`'s list on stdout)
				if (created.exitCode === 0) return;
				expect(created.stderr + (created.stdout ?? '')).not.toBe('');
				for (const l of created.stderr.split('\n').filter(Boolean)) expect(l).toMatch(line);
			}),
			fcParams(300),
		);
	});
});
