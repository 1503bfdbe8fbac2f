import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checkTranscript} from '../source/transcript/check.js';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';

function machine(args: string[]): QemuMachine {
	const parsed = parseQemuCommandLine(args);
	if (!parsed.ok) throw new Error(parsed.stderr);
	const created = QemuMachine.create(parsed.config, new VirtualClock());
	if (!created.ok) throw new Error(created.stderr);
	return created.machine;
}

/** The raw 7.2 session of ../shared/spec/raw/qemu72-hmp-errors.txt: 512M, five DIMMs. */
function rawLogMachine(): QemuMachine {
	const m = machine(['-m', '512M,slots=32,maxmem=8G', '-S']);
	const plug = (id: string, size: string, dimm: string, extra = '') => {
		expect(m.hmp(`object_add memory-backend-ram,id=${id},size=${size}`).output).toBe('');
		expect(m.hmp(`device_add pc-dimm,id=${dimm},memdev=${id}${extra}`).output).toBe('');
	};
	plug('m1', '512M', 'd1');
	plug('m11', '100M', 'd5');
	plug('m5', '1G', 'd8', ',slot=5');
	plug('m4', '1G', 'd9');
	plug('m10', '128M', 'd7', ',addr=0x300000000');
	return m;
}

describe('info mtree', () => {
	it('after the firmware ran: the default devices\' BARs, the PAM regions on RAM, the kvmvapic ROM (the lab\'s 1G machines)', () => {
		const lines = (args: string[]) => machine(args).hmp('info mtree').output.split('\n');
		const booted = lines(['-m', '1G,slots=2,maxmem=2G']);
		expect(booted).toContain('      00000000fd000000-00000000fdffffff (prio 1, ram): vga.vram');
		expect(booted).toContain('        00000000febf0600-00000000febf0607 (prio 0, i/o): qemu extended regs');
		expect(booted).toContain('    00000000000cb000-00000000000cdfff (prio 1000, ram): alias kvmvapic-rom @pc.ram 00000000000cb000-00000000000cdfff');
		expect(booted).toContain('    00000000000e8000-00000000000ebfff (prio 1, ram): alias pam-ram @pc.ram 00000000000e8000-00000000000ebfff');
		expect(booted).toContain('    00000000000f0000-00000000000fffff (prio 1, ram): alias pam-rom @pc.ram 00000000000f0000-00000000000fffff');
		const bare = lines(['-m', '1G,slots=2,maxmem=2G', '-nodefaults']);
		expect(bare.filter(l => l.includes('vga'))).toEqual([]);
		// The kvmvapic ROM is the first option ROM, and comes before pam-rom at the same address (higher priority).
		const at = bare.indexOf('    00000000000c0000-00000000000c2fff (prio 1000, ram): alias kvmvapic-rom @pc.ram 00000000000c0000-00000000000c2fff');
		expect(bare[at + 1]).toBe('    00000000000c0000-00000000000c3fff (prio 1, ram): alias pam-rom @pc.ram 00000000000c0000-00000000000c3fff');
		// -S: nothing ran yet; `cont` runs the firmware.
		const m = machine(['-m', '1G,slots=2,maxmem=2G', '-S']);
		expect(m.hmp('info mtree').output).not.toMatch(/pam-rom|kvmvapic-rom|vga\.vram/);
		m.hmp('cont');
		expect(m.hmp('info mtree').output).toMatch(/alias pam-rom @pc.ram/);
	});

	it('prints the memory address space of the raw 7.2 log line for line (twelve 16 KiB PAM regions, then PAM0\'s 64 KiB)', async () => {
		const raw = '../shared/spec/raw/qemu72-hmp-errors.txt';
		const out = rawLogMachine().hmp('info mtree').output.split('\n');
		const memory = out.slice(out.indexOf('address-space: memory'));
		const pam = memory.slice(0, memory.indexOf('')).filter(l => l.includes('alias pam-pci'));
		expect(pam).toHaveLength(13);
		expect(pam.at(-1)).toBe('    00000000000f0000-00000000000fffff (prio 1, i/o): alias pam-pci @pci 00000000000f0000-00000000000fffff');
		if (!existsSync(raw)) return;
		const lines = readFileSync(raw, 'utf8').split('\n');
		const start = lines.indexOf('address-space: memory', lines.indexOf('(qemu) info mtree'));
		const section = lines.slice(start, lines.indexOf('', start));
		const mine = out.slice(out.indexOf('address-space: memory'));
		expect(mine.slice(0, section.length)).toEqual(section);
	});

	it('shows device-memory with one RAM region per DIMM, as real 7.2 does', () => {
		const out = rawLogMachine().hmp('info mtree').output.split('\n');
		const at = out.indexOf('    0000000100000000-0000000adfffffff (prio 0, i/o): device-memory');
		expect(at).toBeGreaterThan(0);
		expect(out.slice(at + 1, at + 6)).toEqual([
			'      0000000100000000-000000011fffffff (prio 0, ram): m1',
			'      0000000120000000-00000001263fffff (prio 0, ram): m11',
			'      0000000126400000-00000001663fffff (prio 0, ram): m5',
			'      0000000166400000-00000001a63fffff (prio 0, ram): m4',
			'      0000000300000000-0000000307ffffff (prio 0, ram): m10',
		]);
		expect(out).toContain('    0000000000000000-000000001fffffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-000000001fffffff');
		expect(out).toContain('  0000000000000000-ffffffffffffffff (prio 0, i/o): system');
		expect(out[0]).toBe('address-space: cpu-smm-0');
	});

	it('flattens read-only PAM aliases to rom ranges once the firmware ran (lab s19/p3, 1G)', () => {
		const text = machine(['-m', '1G,slots=32,maxmem=8G']).hmp('info mtree -f').output;
		expect(text).toContain([
			'  0000000000000000-000000000009ffff (prio 0, ram): pc.ram',
			'  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem',
			'  00000000000c0000-00000000000cafff (prio 0, rom): pc.ram @00000000000c0000',
			'  00000000000cb000-00000000000cdfff (prio 0, ram): pc.ram @00000000000cb000',
			'  00000000000ce000-00000000000e7fff (prio 0, rom): pc.ram @00000000000ce000',
			'  00000000000e8000-00000000000effff (prio 0, ram): pc.ram @00000000000e8000',
			'  00000000000f0000-00000000000fffff (prio 0, rom): pc.ram @00000000000f0000',
			'  0000000000100000-000000003fffffff (prio 0, ram): pc.ram @0000000000100000',
		].join('\n'));
	});

	it('flattens the memory address space like the real FlatView', () => {
		const text = rawLogMachine().hmp('info mtree -f').output;
		expect(text).toContain([
			' Root memory region: system',
			'  0000000000000000-000000000009ffff (prio 0, ram): pc.ram',
			'  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem',
			'  00000000000c0000-00000000000dffff (prio 1, rom): pc.rom',
			'  00000000000e0000-00000000000fffff (prio 0, rom): pc.bios @0000000000020000',
			'  0000000000100000-000000001fffffff (prio 0, ram): pc.ram @0000000000100000',
			'  00000000fec00000-00000000fec00fff (prio 0, i/o): ioapic',
			'  00000000fed00000-00000000fed003ff (prio 0, i/o): hpet',
			'  00000000fee00000-00000000feefffff (prio 4096, i/o): apic-msi',
			'  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios',
			'  0000000100000000-000000011fffffff (prio 0, ram): m1',
			'  0000000120000000-00000001263fffff (prio 0, ram): m11',
			'  0000000126400000-00000001663fffff (prio 0, ram): m5',
			'  0000000166400000-00000001a63fffff (prio 0, ram): m4',
			'  0000000300000000-0000000307ffffff (prio 0, ram): m10',
		].join('\n'));
	});

	it('maps RAM above 4 GiB through ram-above-4g and drops unplugged DIMMs', () => {
		const m = machine(['-m', '4G,slots=4,maxmem=8G', '-nodefaults']);
		const flat = m.hmp('info mtree -f').output;
		expect(flat).toContain('  0000000100000000-000000013fffffff (prio 0, ram): pc.ram @00000000c0000000');
		expect(flat).not.toContain('vga-lowmem');
		expect(m.hmp('info mtree -d').output).toBe("memhp: 'info mtree -d' is not simulated\n");
	});
});

/**
 * `info mtree` sections (an address-space group with its tree, a memory-region, a flat view),
 * their `FlatView #N` numbers aside, sorted: real QEMU walks the address spaces and numbers the
 * views in a GHashTable's order of pointers, which changes from run to run.
 */
function sections(lines: string[]): string[] {
	const out: string[] = [];
	let cur: string[] = [];
	for (const line of [...lines, '']) {
		if (line.trim() === '') {
			if (cur.length) out.push(cur.join('\n'));
			cur = [];
		} else cur.push(line.replace(/^FlatView #\d+$/, 'FlatView #N'));
	}
	return out.sort();
}

describe('info mtree: every address space, order aside', () => {
	const DIR = fileURLToPath(new URL('./fixtures/lab-mtree/', import.meta.url));
	const files = readdirSync(DIR).filter((f) => f.endsWith('.t')).sort();

	it('has the lab\'s recordings', () => {
		expect(files).toEqual(['mtree-5G-smp2-dimm.t', 'mtree-768M.t', 'mtree-no-nic-no-serial.t', 'mtree-no-vga-prelaunch.t', 'mtree-nodefaults-1G.t', 'mtree-nodefaults-serial.t', 'mtree-prelaunch-smp2.t', 'mtree-two-serial-two-parallel.t', 'mtree-vga-only.t']);
	});

	for (const file of files) {
		it(`${file}: the I/O space, each CPU's SMM view, the bus masters and memory, as the lab recorded them`, () => {
			const report = checkTranscript(file, readFileSync(DIR + file, 'utf8'));
			const steps = report.results.filter((r) => r.step.input.startsWith('info mtree'));
			expect(steps).toHaveLength(2);
			for (const r of steps) expect(sections(r.actual)).toEqual(sections(r.step.expected.map((e) => e.text)));
		});
	}

	it('test/fixtures/real/qemu-m-slots.t (from the raw 7.2 logs): its four flat views', () => {
		const file = fileURLToPath(new URL('./fixtures/real/qemu-m-slots.t', import.meta.url));
		const steps = checkTranscript('qemu-m-slots.t', readFileSync(file, 'utf8')).results.filter((r) => r.step.input === 'info mtree -f');
		expect(steps).toHaveLength(1);
		expect(sections(steps[0]!.actual)).toEqual(sections(steps[0]!.step.expected.map((e) => e.text)));
		expect(sections(steps[0]!.actual).filter((s) => s.startsWith('FlatView'))).toHaveLength(4);
	});

	it('the raw 7.2 log\'s `info mtree -f` and `info mtree` (512M, five DIMMs, -S: before the firmware ran)', () => {
		const raw = '../shared/spec/raw/qemu72-hmp-errors.txt';
		if (!existsSync(raw)) return;
		const lines = readFileSync(raw, 'utf8').split('\n');
		const output = (cmd: string) => {
			const at = lines.indexOf(`(qemu) ${cmd}`);
			const end = lines.findIndex((l, i) => i > at && l.startsWith('(qemu)'));
			return lines.slice(at + 1, end);
		};
		const m = rawLogMachine();
		expect(sections(m.hmp('info mtree -f').output.split('\n'))).toEqual(sections(output('info mtree -f')));
		expect(sections(m.hmp('info mtree').output.split('\n'))).toEqual(sections(output('info mtree')));
	});

	it('a machine with no guest kernel keeps the legacy CPU hotplug block: nothing switches it', () => {
		const io = (args: string[]) => machine(args).hmp('info mtree').output.split('\n').filter((l) => l.includes('acpi-cpu-hotplug'));
		expect(io(['-m', '1G'])).toEqual(['    000000000000af00-000000000000af1f (prio 0, i/o): acpi-cpu-hotplug']);
	});
});
