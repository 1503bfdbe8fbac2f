import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';
import {qemuStrtosz} from '../source/machine/qemu/qemu-strtosz.js';

const start = (args: string): {stderr: string; exitCode: number} | 'started' => {
	const parsed = parseQemuCommandLine(args.split(' '));
	if (!parsed.ok) return {stderr: parsed.stderr, exitCode: parsed.exitCode};
	const created = QemuMachine.create(parsed.config, new VirtualClock());
	return created.ok ? 'started' : {stderr: created.stderr, exitCode: created.exitCode};
};

describe('qemu_strtosz', () => {
	it('parses suffixes, fractions and plain bytes', () => {
		expect(qemuStrtosz('1.5G')).toEqual({ok: true, value: 1610612736n});
		expect(qemuStrtosz('128m')).toEqual({ok: true, value: 134217728n});
		expect(qemuStrtosz('512k')).toEqual({ok: true, value: 524288n});
		expect(qemuStrtosz('100')).toEqual({ok: true, value: 100n});
		expect(qemuStrtosz('-1').ok).toBe(false);
		expect(qemuStrtosz('abc').ok).toBe(false);
		// Hex, in units of the default suffix, with no fraction or suffix (the lab: object_add
		// size=0x8000000 makes a 128 MiB backend).
		expect(qemuStrtosz('0x8000000')).toEqual({ok: true, value: 134217728n});
		expect(qemuStrtosz('0X10')).toEqual({ok: true, value: 16n});
		expect(qemuStrtosz('0x400', 'M')).toEqual({ok: true, value: 1073741824n});
		// 7.2 takes a suffix after hex with a deprecation warning (the lab: object_add size=0x10M).
		expect(qemuStrtosz('0x10M')).toEqual({ok: true, value: 16777216n, hexSuffix: true});
		expect(qemuStrtosz('0x1.8').ok).toBe(false);
		expect(qemuStrtosz('0x').ok).toBe(false);
		expect(qemuStrtosz('00x10').ok).toBe(false);
		expect(qemuStrtosz('1.5').ok).toBe(false); // a fraction needs a unit
		expect(qemuStrtosz('16E')).toEqual({ok: false, erange: true});
	});
});

describe('-m parsing and start-up checks', () => {
	it('takes a bare number as MiB and reads slots/maxmem', () => {
		const parsed = parseQemuCommandLine(['-m', '512,slots=4,maxmem=8G']);
		expect(parsed.ok && parsed.config.memory).toEqual({size: 512 * 2 ** 20, slots: 4, maxmem: 8 * 2 ** 30, option: '512,slots=4,maxmem=8G'});
	});
	it('prints QEMU\'s size error with its two hint lines', () => {
		expect(start('-m foo')).toEqual({
			exitCode: 1,
			stderr:
				"qemu-system-x86_64: -m foo: Parameter 'size' expects a non-negative number below 2^64\n" +
				'Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n',
		});
		expect(start('-m 512M,slots=32,maxmem=8G+1')).toMatchObject({stderr: expect.stringMatching(/^qemu-system-x86_64: -m 512M,slots=32,maxmem=8G\+1: Parameter 'maxmem' expects/)});
	});
	it('rejects unknown keys, slots without maxmem, maxmem below/equal size', () => {
		expect(start('-m 512M,slots=32,maxmem=8G,bogus=1')).toEqual({exitCode: 1, stderr: "qemu-system-x86_64: -m 512M,slots=32,maxmem=8G,bogus=1: Invalid parameter 'bogus'\n"});
		expect(start('-m 512M,slots=32')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: slots specified but no max-size\n'});
		expect(start('-m 1G,maxmem=512M')).toEqual({
			exitCode: 1,
			stderr: 'qemu-system-x86_64: invalid value of maxmem: maximum memory size (0x20000000) must be at least the initial memory size (0x40000000)\n',
		});
		expect(start('-m 512M,slots=4,maxmem=512M')).toEqual({
			exitCode: 1,
			stderr: 'qemu-system-x86_64: invalid value of maxmem: memory slots were specified but maximum memory size (0x20000000) is equal to the initial memory size (0x20000000)\n',
		});
	});
	it('checks the ACPI slot limit and maxmem page alignment in pc_memory_init', () => {
		expect(start('-m 512M,slots=257,maxmem=8G')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: unsupported amount of memory slots: 257\n'});
		expect(start('-m 512M,slots=256,maxmem=8G')).toBe('started');
		expect(start('-m 512M,slots=1,maxmem=8388609K')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: maximum memory size must by aligned to multiple of 4096 bytes\n'});
		expect(start('-m 512M,maxmem=8G')).toBe('started');
		expect(start('-m 512M,slots=0,maxmem=8G')).toBe('started');
	});
	it('refuses a memory map beyond phys-bits (pc_max_used_gpa)', () => {
		// 1 TiB maxmem crosses the AMD HT hole: RAM moves to 1 TiB and 40 bits no longer suffice
		const result = start('-m 1G,slots=4,maxmem=1T');
		expect(result).toMatchObject({exitCode: 1, stderr: expect.stringMatching(/^qemu-system-x86_64: Address space limit 0xffffffffff < 0x[0-9a-f]+ phys-bits too low \(40\)\n$/)});
		expect(start('-m 1G,slots=4,maxmem=1T -cpu qemu64,phys-bits=48')).toBe('started');
		expect(start('-m 1G,slots=4,maxmem=64G -cpu qemu64,phys-bits=36')).toMatchObject({stderr: 'qemu-system-x86_64: Address space limit 0xfffffffff < 0x123fffffff phys-bits too low (36)\n'});
		expect(start('-cpu qemu64,phys-bits=60')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: phys-bits should be between 32 and 52  (but is 60)\n'});
	});
	it('reads -smp, -S, -kernel, -append, -monitor and ignores unmodelled options', () => {
		const parsed = parseQemuCommandLine(['-machine', 'pc', '-accel', 'tcg', '-m', '1024M,slots=32,maxmem=8G', '-smp', '2', '-nodefaults', '-nographic', '-S', '-monitor', 'stdio', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet']);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.config).toMatchObject({smp: 2, startPaused: true, kernel: 'bzImage', append: 'console=ttyS0 quiet', monitorStdio: true, machineType: 'pc', physBits: 40, cpuModel: 'qemu64'});
		expect(start('-bogus')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: -bogus: invalid option\n'});
	});
});
