import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';
import {qemuStrtosz} from '../source/machine/qemu/qemu-strtosz.js';
import {createSession} from '../source/machine/session.js';

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
		expect(parsed.ok && parsed.config.memory).toEqual({
			size: 512 * 2 ** 20,
			slots: 4,
			maxmem: 8 * 2 ** 30,
			option: '512,slots=4,maxmem=8G',
			exact: {size: 512n * 2n ** 20n, slots: 4n, maxmem: 8n * 2n ** 30n},
		});
	});
	it('parses -m as QemuOpts: escaped commas, a trailing comma, flags, id, help, merged options', () => {
		// ",," escapes a comma: the implied size is "1G,slots=2"
		expect(start('-m 1G,,slots=2')).toEqual({
			exitCode: 1,
			stderr:
				"qemu-system-x86_64: -m 1G,,slots=2: Parameter 'size' expects a non-negative number below 2^64\n" +
				'Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n',
		});
		expect(start('-m 1G,slots=2,maxmem=4G,')).toBe('started');
		expect(start('-m 1G,slots')).toEqual({
			exitCode: 1,
			stderr:
				"qemu-system-x86_64: -m 1G,slots: warning: short-form boolean option 'slots' deprecated\nPlease use slots=on instead\n" +
				"qemu-system-x86_64: -m 1G,slots: Parameter 'slots' expects a number\n",
		});
		expect(start('-m 1G,noslots')).toMatchObject({stderr: expect.stringContaining("Please use slots=off instead\nqemu-system-x86_64: -m 1G,noslots: Parameter 'slots' expects a number\n")});
		expect(start('-m 1G,slots=18446744073709551616,maxmem=8G')).toEqual({
			exitCode: 1,
			stderr: "qemu-system-x86_64: -m 1G,slots=18446744073709551616,maxmem=8G: Value '18446744073709551616' is too large for parameter 'slots'\n",
		});
		// a merged list has no ids (checked before anything else is parsed)
		expect(start('-m 1G,foo=1,id=x')).toEqual({exitCode: 1, stderr: "qemu-system-x86_64: -m 1G,foo=1,id=x: Invalid parameter 'id'\n"});
		const help = parseQemuCommandLine(['-m', '1G,help']);
		expect(help).toEqual({ok: false, stdout: 'memory options:\n  maxmem=<size>\n  size=<size>\n  slots=<num>\n', stderr: '', exitCode: 1});
		// `help` as the first element is the size
		expect(start('-m help')).toMatchObject({stderr: expect.stringMatching(/^qemu-system-x86_64: -m help: Parameter 'size' expects/)});
		// every -m adds to one option: the last value of each name counts
		const merged = parseQemuCommandLine(['-m', '1G,slots=2', '-m', 'maxmem=4G', '-m', '2G']);
		expect(merged.ok && merged.config.memory.exact).toEqual({size: 2n ** 31n, slots: 2n, maxmem: 4n * 2n ** 30n});
	});
	it('does pc_memory_init\'s sums in uint64_t, wrapping as QEMU does', () => {
		// 1 GiB times slots=2^64-1 (a -1 qemu_strtou64 took) wraps the device memory to 1 GiB less:
		// the address-space check passes and the slot count is refused
		expect(start('-m 1G,slots=-1,maxmem=8G')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: unsupported amount of memory slots: 18446744073709551615\n'});
		expect(start('-m 1G,slots=17179869184,maxmem=8G')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: unsupported amount of memory slots: 17179869184\n'});
		expect(start('-m 1G,slots=1000,maxmem=8G')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: Address space limit 0xffffffffff < 0x1fc3fffffff phys-bits too low (40)\n'});
		// exact past 2^53 (the lab: ...bfffffff, where doubles gave ...c0000000)
		expect(start('-m 1G,slots=2,maxmem=15E')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: Address space limit 0xffffffffff < 0xf0000100bfffffff phys-bits too low (40)\n'});
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
	it('applies -cpu properties as the CPU type\'s globals, then its +/- flags, then realizes it', () => {
		const err = (args: string) => (start(args) as {stderr: string}).stderr;
		const g = "qemu-system-x86_64: can't apply global qemu64-x86_64-cpu.";
		// the string input visitor: not a number, then the uint32 range
		expect(err('-cpu qemu64,phys-bits=abc')).toBe(`${g}phys-bits=abc: Parameter 'phys-bits' expects uint64\n`);
		expect(err('-cpu qemu64,phys-bits')).toBe(`${g}phys-bits=on: Parameter 'phys-bits' expects uint64\n`);
		expect(err('-cpu qemu64,phys-bits=-1')).toBe(`${g}phys-bits=-1: Parameter 'phys-bits' expects uint32_t\n`);
		expect(err('-cpu qemu64,phys-bits=4294967296')).toBe(`${g}phys-bits=4294967296: Parameter 'phys-bits' expects uint32_t\n`);
		// base 0, '_' for '-', empty elements dropped, the last one wins
		expect(err('-m 1G,slots=2,maxmem=4G -cpu qemu64,phys-bits=0x21')).toMatch(/phys-bits too low \(33\)/);
		expect(err('-m 1G,slots=2,maxmem=4G -cpu qemu64,,phys_bits=40,,phys-bits=33,')).toMatch(/phys-bits too low \(33\)/);
		expect(err('-cpu qemu64,phys-bits=33,phys-bits=abc')).toBe(`${g}phys-bits=abc: Parameter 'phys-bits' expects uint64\n`);
		// other properties: known ones checked by type, unknown ones refused
		expect(err('-cpu qemu64,foo=1,bar=2')).toBe(`${g}foo=1: Property 'qemu64-x86_64-cpu.foo' not found\n`);
		expect(err('-cpu qemu64,avx=abc')).toBe(`${g}avx=abc: Parameter 'avx' expects 'on' or 'off'\n`);
		expect(err('-cpu qemu64,family=abc')).toBe(`${g}family=abc: Parameter 'family' expects int64\n`);
		expect(err('-cpu qemu64,vendor=abc')).toBe(`${g}vendor=abc: Property '.vendor' doesn't take value 'abc'\n`);
		expect(err('-cpu qemu64,tsc-freq=abc')).toBe('qemu-system-x86_64: bad numerical value abc\n');
		expect(start('-cpu qemu64,avx=yes,+sse4.2,-x2apic,model-id=x,tsc-freq=2G')).toBe('started');
		// +flag/-flag after the globals, `host` (no KVM here) after those
		expect(err('-cpu qemu64,+foo,phys-bits=abc')).toBe(`${g}phys-bits=abc: Parameter 'phys-bits' expects uint64\n`);
		expect(err('-cpu host,+foo')).toBe("qemu-system-x86_64: Property 'host-x86_64-cpu.foo' not found\n");
		expect(err('-cpu host')).toBe("qemu-system-x86_64: CPU model 'host' requires KVM or HVF\n");
		// before the board's memory checks, after machine_set_mem's
		expect(err('-m 1G,slots=300,maxmem=8G -cpu host')).toBe("qemu-system-x86_64: CPU model 'host' requires KVM or HVF\n");
		expect(err('-m 1G,slots=2 -cpu foo')).toBe('qemu-system-x86_64: slots specified but no max-size\n');
		const help = parseQemuCommandLine(['-cpu', 'help']);
		expect(help.ok === false && help.exitCode === 0 && help.stdout).toMatch(/^Available CPUs:\nx86 486 {19}\(alias configured by machine type\)\n[^]*\nRecognized CPUID flags:\n[^]* xtpr\n\n$/);
	});
	it('tries the accelerators in order on a host without KVM', () => {
		const kvmFails = 'Could not access KVM kernel module: No such file or directory\nqemu-system-x86_64: failed to initialize kvm: No such file or directory\n';
		expect(start('-enable-kvm')).toEqual({exitCode: 1, stderr: kvmFails});
		expect(start('-cpu host -machine pc,accel=kvm')).toEqual({exitCode: 1, stderr: kvmFails});
		expect(start('-accel kvm')).toMatchObject({stderr: 'Could not access KVM kernel module: No such file or directory\nqemu-system-x86_64: -accel kvm: failed to initialize kvm: No such file or directory\n'});
		expect(start('-accel foo')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: -accel foo: invalid accelerator foo\n'});
		expect(start('-enable-kvm -accel tcg')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: The -accel and "-machine accel=" options are incompatible\n'});
		// a later tcg starts, and says so
		const fallback = parseQemuCommandLine(['-machine', 'accel=kvm:tcg']);
		expect(fallback.ok && fallback.config.warnings.join('')).toBe(`${kvmFails}qemu-system-x86_64: falling back to tcg\n`);
		expect(start('-machine accel=tcg -enable-kvm')).toEqual({exitCode: 1, stderr: kvmFails});
		expect(start('-enable-kvm -machine accel=tcg')).toBe('started');
		expect(parseQemuCommandLine(['-accel', 'help'])).toEqual({ok: false, stdout: 'Accelerators supported in QEMU binary:\ntcg\nkvm\n', stderr: '', exitCode: 0});
		// machine options first: a bad -m or -smp is reported, not KVM
		expect(start('-m 1G,slots=2 -enable-kvm')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: slots specified but no max-size\n'});
	});
	it('reads -smp, -S, -kernel, -append, -monitor and ignores unmodelled options', () => {
		const parsed = parseQemuCommandLine(['-machine', 'pc', '-accel', 'tcg', '-m', '1024M,slots=32,maxmem=8G', '-smp', '2', '-nodefaults', '-nographic', '-S', '-monitor', 'stdio', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet']);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.config).toMatchObject({smp: 2, startPaused: true, kernel: 'bzImage', append: 'console=ttyS0 quiet', monitorStdio: true, machineType: 'pc', physBits: 40, cpuModel: 'qemu64'});
		expect(start('-bogus')).toEqual({exitCode: 1, stderr: 'qemu-system-x86_64: -bogus: invalid option\n'});
	});
});

describe('-machine as QEMU 7.2 reads it', () => {
	const err = (args: string) => (start(args) as {stderr: string}).stderr;
	it('parses each -machine with keyval (implied type) into one dictionary', () => {
		expect(err('-machine pc,nvdimm')).toBe("qemu-system-x86_64: -machine pc,nvdimm: Expected '=' after parameter 'nvdimm'\n");
		expect(err('-machine pc,,nvdimm=on')).toBe("qemu-system-x86_64: -machine pc,,nvdimm=on: Invalid parameter ''\n");
		const p = parseQemuCommandLine(['-machine', 'pc,nvdimm=on', '-M', 'q35', '-machine', 'nvdimm=off,nvdimm=yes']);
		expect(p.ok && [p.config.machineType, p.config.nvdimm]).toEqual(['q35', true]);
	});
	it('selects the machine before anything else is checked', () => {
		expect(err('-M foo -smp 300')).toBe('qemu-system-x86_64: unsupported machine type\nUse -machine help to list supported machines\n');
		expect(err('-machine pc,type=foo')).toBe('qemu-system-x86_64: unsupported machine type\nUse -machine help to list supported machines\n');
		// a type QEMU has and memhp does not model says so
		expect(err('-machine microvm')).toMatch(/memhp: machine type 'microvm' is not simulated/);
	});
	it('sets the properties in QDict order, -smp\'s and -m\'s among them', () => {
		expect(err('-machine pc,foo=bar,nvdimm=abc')).toBe("qemu-system-x86_64: Parameter 'nvdimm' expects 'on' or 'off'\n");
		expect(err('-machine pc,nvdimm=abc,foo=bar')).toBe("qemu-system-x86_64: Parameter 'nvdimm' expects 'on' or 'off'\n");
		expect(err('-machine pc,zzz=1,aaa=1')).toBe("qemu-system-x86_64: Property 'pc-i440fx-7.2-machine.aaa' not found\n");
		expect(err('-machine q35,zzz=1')).toBe("qemu-system-x86_64: Property 'pc-q35-7.2-machine.zzz' not found\n");
		expect(err('-machine pc,foo=1 -m 1G,slots=2')).toBe('qemu-system-x86_64: slots specified but no max-size\n');
		expect(err('-machine pc,foo=1 -smp 300')).toMatch(/^qemu-system-x86_64: Invalid SMP CPUs 300\./);
		expect(err('-machine pc,acpi=x')).toBe("qemu-system-x86_64: Parameter 'acpi' does not accept value 'x'\n");
		expect(err('-machine pc,bus-lock-ratelimit=abc')).toBe("qemu-system-x86_64: Parameter 'bus-lock-ratelimit' expects integer\n");
		expect(err('-machine pc,nvdimm-persistence=x')).toBe('qemu-system-x86_64: -machine nvdimm-persistence=x: unsupported option\n');
		expect(err('-machine pc,smp=2')).toBe("qemu-system-x86_64: Invalid parameter type for 'smp', expected: object\n");
		// the machine's qom-list typed as the visitor reads it, less what the board's init adds (the lab)
		expect(err('-machine pc,sgx-epc=x')).toBe("qemu-system-x86_64: Invalid parameter type for 'sgx-epc', expected: array\n");
		expect(err('-machine pc,device-memory-region-size=1')).toBe("qemu-system-x86_64: Property 'pc-i440fx-7.2-machine.device-memory-region-size' is not writable\n");
		expect(err('-machine pc,smram=x')).toBe("qemu-system-x86_64: Property 'pc-i440fx-7.2-machine.smram' not found\n");
		expect(start('-machine pc,hpet=off,usb=on,acpi=off,smm=auto')).toBe('started');
		// what memhp does not model it says so
		expect(err('-machine pc,memory-backend=ram0')).toMatch(/memhp: -machine memory-backend is not simulated/);
		expect(err('-machine pc,max-ram-below-4g=2G')).toMatch(/memhp: -machine max-ram-below-4g is not simulated/);
		expect(err('-numa node,nodeid=0 -m 1G')).toMatch(/^memhp: -numa node,nodeid=0: NUMA is not simulated/);
		expect(err('-machine pc,memory.size=2G')).toMatch(/memhp: -machine memory.size: setting the machine's memory through -machine is not simulated \(use -m\)/);
	});
	it('answers help at once: the machine list, or a type\'s properties', () => {
		const list = parseQemuCommandLine(['-machine', 'help']);
		expect(list.ok === false && list.exitCode === 0 && list.stdout).toMatch(/^Supported machines are:\nmicrovm {14}microvm \(i386\)\npc {19}Standard PC \(i440FX \+ PIIX, 1996\) \(alias of pc-i440fx-7\.2\)\n/);
		const pc = parseQemuCommandLine(['-M', 'pc', '-M', 'help']);
		expect(pc.ok === false && pc.stdout).toMatch(/^pc-i440fx-7\.2-machine options:\n {2}acpi=<OnOffAuto> {7}- Enable ACPI\n/);
	});
	it('takes -kernel and -append as the machine\'s kernel and append (the last one counts)', () => {
		const p = parseQemuCommandLine(['-kernel', 'a', '-machine', 'kernel=b', '-append', 'x', '-machine', 'append=y']);
		expect(p.ok && [p.config.kernel, p.config.append]).toEqual(['b', 'y']);
	});
});

describe('-object host-nodes through the opts visitor', () => {
	const err = (args: string) => (start(args) as {stderr: string}).stderr;
	const obj = (nodes: string) => `-m 1G,slots=2,maxmem=4G -object memory-backend-ram,id=m1,size=128M,${nodes}`;
	it('takes repeated elements and ranges into one uint16 list', () => {
		expect(start(obj('host-nodes=0-1,policy=bind'))).toBe('started');
		expect(start(obj('host-nodes=0,host-nodes=1,policy=bind'))).toBe('started');
		expect(err(obj('host-nodes=1-0,policy=bind'))).toMatch(/: Parameter 'host-nodes' expects a uint64 value or range\n$/);
		expect(err(obj('host-nodes=-1,policy=bind'))).toMatch(/: Parameter 'host-nodes' expects a uint64 value or range\n$/);
		expect(err(obj('host-nodes=0-70000,policy=bind'))).toMatch(/: Parameter 'host-nodes' expects a uint64 value or range\n$/);
		expect(err(obj('host-nodes=70000,policy=bind'))).toMatch(/policy=bind: Parameter 'null' expects uint16_t\n$/);
	});
	it('then the backend refuses nodes past MAX_NODES, and mbind() nodes the one-node host lacks', () => {
		expect(err(obj('host-nodes=0-1000,policy=bind'))).toBe('qemu-system-x86_64: Invalid host-nodes value: 128\n');
		expect(err(obj('host-nodes=1,policy=bind'))).toBe('qemu-system-x86_64: cannot bind memory to host NUMA nodes: Invalid argument\n');
		expect(err(obj('host-nodes=0'))).toBe('qemu-system-x86_64: host-nodes must be empty for policy default, or you should explicitly specify a policy other than default\n');
	});
});

describe('the consoles -nographic sets up (vl.c defaults) and what the monitor prints first', () => {
	const run = (args: string) => {
		const r = createSession(args.split(' '));
		return r.ok ? {ok: true, monitorStdio: r.session.config.monitorStdio} : {ok: false, stdout: r.stdout ?? '', stderr: r.stderr};
	};
	const banner = "QEMU 7.2.22 monitor - type 'help' for more information\n(qemu) ";
	it('refuses a second user of stdio, after the monitor opened on it (the lab\'s 7.2)', () => {
		// -monitor stdio takes the monitor's default away, not the serial port's: both want stdio
		expect(run('-m 1G -nographic -monitor stdio')).toEqual({
			ok: false,
			stdout: banner,
			stderr: "qemu-system-x86_64: cannot use stdio by multiple character devices\nqemu-system-x86_64: could not connect serial device to character backend 'stdio'\n",
		});
		expect(run('-m 1G -nographic -serial stdio')).toEqual({
			ok: false,
			stdout: banner,
			stderr: "qemu-system-x86_64: -serial stdio: cannot use stdio by multiple character devices\nqemu-system-x86_64: -serial stdio: could not connect serial device to character backend 'stdio'\n",
		});
	});
	it('starts the monitor alone on stdio with -nodefaults or without a serial port, the mux otherwise', () => {
		expect(run('-m 1G -nodefaults -nographic -S -monitor stdio')).toEqual({ok: true, monitorStdio: true});
		expect(run('-m 1G -nographic -serial none')).toEqual({ok: true, monitorStdio: true});
		expect(run('-m 1G -nographic')).toEqual({ok: true, monitorStdio: false});
		expect(run('-m 1G -nographic -serial mon:stdio')).toEqual({ok: true, monitorStdio: false});
	});
	it('reports the CPU model, its features and its creation after the monitor opened', () => {
		const stdio = '-m 1G -nodefaults -nographic -monitor stdio';
		expect(run(`${stdio} -cpu foo`)).toEqual({ok: false, stdout: banner, stderr: "qemu-system-x86_64: unable to find CPU model 'foo'\n"});
		expect(run(`${stdio} -cpu qemu64,tsc-freq=abc`)).toEqual({ok: false, stdout: banner, stderr: 'qemu-system-x86_64: bad numerical value abc\n'});
		expect(run(`${stdio} -cpu host`)).toEqual({ok: false, stdout: banner, stderr: "qemu-system-x86_64: CPU model 'host' requires KVM or HVF\n"});
		// the model is parsed before the board refuses an -object named pc.ram, created after it
		expect(run(`${stdio} -object memory-backend-ram,id=pc.ram,size=1G -cpu foo`)).toMatchObject({stderr: "qemu-system-x86_64: unable to find CPU model 'foo'\n"});
		expect(run(`${stdio} -object memory-backend-ram,id=pc.ram,size=1G -cpu qemu64,phys-bits=abc`)).toMatchObject({stderr: expect.stringMatching(/^qemu-system-x86_64: object name 'pc.ram' is reserved/)});
		// machine options come first: no monitor yet
		expect(run(`${stdio} -machine pc,foo=1 -cpu foo`)).toEqual({ok: false, stdout: '', stderr: "qemu-system-x86_64: Property 'pc-i440fx-7.2-machine.foo' not found\n"});
	});
});
