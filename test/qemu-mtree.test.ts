import {describe, expect, it} from 'vitest';
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
		expect(m.hmp('info mtree').output).not.toMatch(/pam-rom|kvmvapic|vga\.vram/);
		m.hmp('cont');
		expect(m.hmp('info mtree').output).toMatch(/alias pam-rom @pc.ram/);
	});

	it('prints the memory address space of the raw 7.2 log line for line (twelve 16 KiB PAM regions, then PAM0\'s 64 KiB)', async () => {
		const {readFileSync, existsSync} = await import('node:fs');
		const raw = '../shared/spec/raw/qemu72-hmp-errors.txt';
		const out = rawLogMachine().hmp('info mtree').output.split('\n');
		const pam = out.filter(l => l.includes('alias pam-pci'));
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
		expect(out[0]).toMatch(/^memhp: .*not simulated$/);
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
