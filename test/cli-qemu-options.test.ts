/**
 * `memhp [QEMU options]`: the options memhp has no flag for go to QEMU's own command-line parser,
 * so a pasted qemu-system-x86_64 line starts the machine or fails with QEMU's error, not with a
 * yargs complaint about its arguments.
 */
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {qemuArgs, qemuPassThrough} from '../source/cli/main.js';
import {ensureBuilt} from './e2e-pty.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'memhp.js');
const NO_TTY = 'memhp: the interactive screen needs a terminal';

function memhp(...args: string[]) {
	// stdin not a terminal: a command line QEMU accepts gets as far as the screen's TTY check.
	return spawnSync(process.execPath, [BUNDLE, ...args], {cwd: ROOT, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: ''});
}

describe('qemuPassThrough', () => {
	it('keeps each option with its argument when QEMU\'s option takes one', () => {
		expect(qemuPassThrough(['-machine', 'pc', '-nographic', '-numa', 'node,nodeid=0', '--name', 'vm1', '-enable-kvm'])).toEqual({
			args: ['-machine', 'pc', '-nographic', '-numa', 'node,nodeid=0', '--name', 'vm1', '-enable-kvm'],
		});
	});

	it('hands back a word that is no option\'s argument', () => {
		expect(qemuPassThrough(['-nographic', 'tutorail'])).toEqual({word: 'tutorail'});
		expect(qemuPassThrough(['-accel', 'tcg', 'disk.img'])).toEqual({word: 'disk.img'});
	});

	it('leaves an option missing its argument at the end, where QEMU reports it', () => {
		expect(qemuPassThrough(['-machine'])).toEqual({args: ['-machine']});
		const args = qemuArgs({m: '1G', append: 'console=ttyS0'}, ['-machine']);
		expect(args.at(-1)).toBe('-machine');
		expect(args).toContain('-nographic');
	});
});

describe('the bin with QEMU options memhp has no flag for', () => {
	beforeAll(async () => {
		await ensureBuilt();
	}, 120_000);

	it('accepts a pasted QEMU command line (machine, accel, display, name) as far as the terminal check', () => {
		const r = memhp('-machine', 'pc', '-accel', 'tcg', '-m', '2G,slots=4,maxmem=8G', '-nographic', '-name', 'vm1', '-smp', '2');
		expect(r.stderr).toContain(NO_TTY);
		expect(r.status).toBe(2);
	});

	it('refuses what QEMU refuses, with QEMU\'s words and exit status', () => {
		const invalid = memhp('-foo');
		expect(invalid.stderr).toBe('qemu-system-x86_64: -foo: invalid option\n');
		expect(invalid.status).toBe(1);
		const missing = memhp('-m', '1G', '-machine');
		expect(missing.stderr).toBe('qemu-system-x86_64: -machine: requires an argument\n');
		expect(missing.status).toBe(1);
		const machine = memhp('-machine', 'pc,nvdimm=maybe');
		expect(machine.stderr).toMatch(/^qemu-system-x86_64: .*nvdimm/);
		expect(machine.status).toBe(1);
	});

	it('says plainly that -numa is not simulated, in the tutorial too', () => {
		for (const args of [['-numa', 'node,nodeid=0'], ['tutorial', '-numa', 'node,nodeid=0']]) {
			const r = memhp(...args);
			expect(r.stderr).toBe("memhp: -numa node,nodeid=0: NUMA is not simulated (memhp's guest has the one node QEMU gives it without -numa)\n");
			expect(r.status).toBe(1);
		}
	});

	it('a last `help` after an option is that option\'s, answered by QEMU\'s parser; alone it is memhp\'s', () => {
		const rtc = memhp('-m', '1G', '-rtc', 'help');
		expect(rtc.stdout).toBe('rtc options:\n  base=<str>\n  clock=<str>\n  driftfix=<str>\n');
		expect(rtc.status).toBe(1);
		const cpu = memhp('-cpu', 'help');
		expect(cpu.stdout).toMatch(/^Available CPUs:\n/);
		expect(cpu.status).toBe(0);
		expect(memhp('help').stdout).toMatch(/^Usage: memhp/);
		// (memhp's default -machine pc is left out where the user names a machine)
		expect(memhp('-machine', 'help').stdout).toMatch(/^Supported machines are:\n/);
		expect(memhp('-machine', 'pc,help').stdout).toMatch(/^pc-i440fx-7.2-machine options:\n/);
	});

	it('-rtc: QEMU\'s configure_rtc() errors, before the machine\'s', () => {
		const bad = memhp('-rtc', 'base=foo', '-m', '1T,maxmem=1G');
		expect(bad.stderr).toBe("qemu-system-x86_64: invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'\n");
		expect(bad.status).toBe(1);
		expect(memhp('-rtc', 'clock=x').stderr).toBe("qemu-system-x86_64: invalid option value 'x'\n");
		expect(memhp('-rtc', 'foo=1').stderr).toBe("qemu-system-x86_64: -rtc foo=1: Invalid parameter 'foo'\n");
		expect(memhp('-rtc', 'base=2006-13-45,driftfix=slew').stderr).toContain(NO_TTY);
	});

	it('--help says where the other QEMU options go', () => {
		expect(memhp('--help').stdout).toContain("QEMU options without a flag below (-machine, -accel, -nographic, -name, ...) go to QEMU's own");
	});

	it('tells a command placed after the options to come first', () => {
		const r = memhp('-nographic', 'tutorial');
		expect(r.stderr).toBe('memhp: the command comes first: memhp tutorial [QEMU options]\n');
		expect(r.status).toBe(2);
	});

	it('replay refuses a second file instead of ignoring it; check without files runs nothing', () => {
		const replay = memhp('replay', 'a.t', 'b.t');
		expect(replay.stderr).toBe('memhp: replay takes one transcript, not also b.t (memhp check takes many)\n');
		expect(replay.status).toBe(2);
		const check = memhp('check');
		expect(check.stderr).toContain('Not enough non-option arguments');
		expect(check.stdout).not.toContain('passed');
		expect(check.status).toBe(2);
	});
});
