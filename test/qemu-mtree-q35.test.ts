import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checkTranscript} from '../source/transcript/check.js';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';
import {aliasOf, container, mtreeText, region} from '../source/machine/qemu/memory-region.js';

function machine(args: string[]): QemuMachine {
	const parsed = parseQemuCommandLine(['-machine', 'q35', ...args]);
	if (!parsed.ok) throw new Error(parsed.stderr);
	const created = QemuMachine.create(parsed.config, new VirtualClock());
	if (!created.ok) throw new Error(created.stderr);
	return created.machine;
}

const lines = (m: QemuMachine, cmd = 'info mtree') => m.hmp(cmd).output.split('\n');

/** The lines of one address space's (or memory-region's, or flat view's) section. */
function section(out: string[], header: string): string[] {
	const at = out.indexOf(header);
	expect(at, header).toBeGreaterThanOrEqual(0);
	const end = out.indexOf('', at);
	return out.slice(at, end);
}

describe('info mtree of a q35 machine', () => {
	it('splits RAM at 2 GiB once it reaches 0xb0000000, and keeps all of it below 4 GiB under that', () => {
		const split = lines(machine(['-m', '2816M,slots=2,maxmem=6G']));
		expect(split).toContain('    0000000000000000-000000007fffffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-000000007fffffff');
		expect(split).toContain('    0000000100000000-000000012fffffff (prio 0, ram): alias ram-above-4g @pc.ram 0000000080000000-00000000afffffff');
		// device-memory on the first 1 GiB boundary past RAM above 4 GiB, a GiB per slot more than maxmem - RAM
		expect(split).toContain('    0000000140000000-000000028fffffff (prio 0, i/o): device-memory');
		const below = lines(machine(['-m', '2815M,slots=2,maxmem=6G']));
		expect(below).toContain('    0000000000000000-00000000afefffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-00000000afefffff');
		expect(below.filter((l) => l.includes('ram-above-4g'))).toEqual([]);
		// The same RAM on pc keeps 3.5 GiB below 4 GiB: the split is q35's.
		const parsed = parseQemuCommandLine(['-machine', 'pc', '-m', '2816M']);
		if (!parsed.ok) throw new Error(parsed.stderr);
		const created = QemuMachine.create(parsed.config, new VirtualClock());
		if (!created.ok) throw new Error(created.stderr);
		expect(lines(created.machine)).toContain('    0000000000000000-00000000afffffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-00000000afffffff');
	});

	it('maps a hot-plugged DIMM in device-memory at its address, in the tree and the flat view', () => {
		const m = machine(['-m', '3G,slots=4,maxmem=16G']);
		expect(m.hmp('object_add memory-backend-ram,id=m1,size=256M').output).toBe('');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1').output).toBe('');
		expect(m.hmp('object_add memory-backend-ram,id=m2,size=128M').output).toBe('');
		expect(m.hmp('device_add pc-dimm,id=d2,memdev=m2,addr=0x200000000').output).toBe('');
		const out = lines(m);
		const at = out.indexOf('    0000000140000000-000000057fffffff (prio 0, i/o): device-memory');
		expect(at).toBeGreaterThan(0);
		expect(out.slice(at + 1, at + 3)).toEqual([
			'      0000000140000000-000000014fffffff (prio 0, ram): m1',
			'      0000000200000000-0000000207ffffff (prio 0, ram): m2',
		]);
		const flat = m.hmp('info mtree -f').output;
		expect(flat).toContain('0000000100000000-000000013fffffff (prio 0, ram): pc.ram @0000000080000000\n  0000000140000000-000000014fffffff (prio 0, ram): m1\n');
	});

	it('places the BARs where SeaBIOS put them: -nodefaults leaves only the AHCI controller\'s, moved to the top', () => {
		const full = lines(machine(['-m', '1G']));
		for (const l of [
			'      00000000fd000000-00000000fdffffff (prio 1, ram): vga.vram',
			'      00000000feb80000-00000000feb9ffff (prio 1, i/o): e1000e-mmio',
			'      00000000feba0000-00000000febbffff (prio 1, i/o): e1000e-flash',
			'        00000000febd2000-00000000febd2007 (prio 0, i/o): msix-pba',
			'      00000000febd4000-00000000febd4fff (prio 1, i/o): vga.mmio',
			'      00000000febd5000-00000000febd5fff (prio 1, i/o): ahci',
			'    000000000000c040-000000000000c05f (prio 1, i/o): e1000e-io',
			'    000000000000c060-000000000000c07f (prio 1, i/o): ahci-idp',
		]) expect(full).toContain(l);
		const bare = lines(machine(['-m', '1G', '-nodefaults']));
		expect(bare.filter((l) => /vga|e1000e|vbe/.test(l) && !l.startsWith('address-space'))).toEqual([]);
		expect(bare).toContain('      00000000febff000-00000000febfffff (prio 1, i/o): ahci');
		expect(bare).toContain('    000000000000c040-000000000000c05f (prio 1, i/o): ahci-idp');
		// The kvmvapic ROM is the first option ROM without the VGA BIOS and iPXE.
		expect(bare).toContain('    00000000000c0000-00000000000c2fff (prio 1000, ram): alias kvmvapic-rom @pc.ram 00000000000c0000-00000000000c2fff');
		expect(bare.filter((l) => l.startsWith('address-space')).sort()).toEqual([
			'address-space: I/O', 'address-space: ICH9-LPC', 'address-space: ICH9-SMB', 'address-space: cpu-memory-0', 'address-space: cpu-smm-0',
			'address-space: ich9-ahci', 'address-space: mch', 'address-space: memory',
		]);
		// -vga none alone: the NIC's BARs take the VGA's room below 0xfec00000 (lab s63/mtree's two serial ports).
		expect(lines(machine(['-m', '1G', '-vga', 'none']))).toContain('      00000000febc0000-00000000febc3fff (prio 1, i/o): e1000e-msix');
	});

	it('before the firmware ran (-S): no BARs, MMCONFIG or RCRB, PAM on PCI, ich9-pm disabled at 0; cont runs SeaBIOS', () => {
		const m = machine(['-m', '1G,slots=2,maxmem=4G', '-S']);
		const before = m.hmp('info mtree').output;
		expect(before).not.toMatch(/pcie-mmcfg-mmio|lpc-rcrb-mmio|pm-smbus|vga\.vram|ahci-idp|pam-rom|smram-low|alias bus master/);
		// (the disabled PM container's own line is left out, its regions printed one level in)
		expect(before).toContain('\n      0000000000000000-0000000000000003 (prio 0, i/o): acpi-evt\n');
		expect(before).toContain('    0000000000000cd8-0000000000000cf7 (prio 0, i/o): acpi-cpu-hotplug');
		m.hmp('cont');
		const after = lines(m);
		for (const l of [
			'    00000000b0000000-00000000bfffffff (prio 0, i/o): pcie-mmcfg-mmio',
			'    00000000fed1c000-00000000fed1ffff (prio 1, i/o): lpc-rcrb-mmio',
			'    0000000000000600-000000000000067f (prio 0, i/o): ich9-pm',
			'      0000000000000660-000000000000067f (prio 0, i/o): sm-tco',
			'    0000000000000700-000000000000073f (prio 1, i/o): pm-smbus',
			'    00000000000e8000-00000000000ebfff (prio 1, ram): alias pam-ram @pc.ram 00000000000e8000-00000000000ebfff',
		]) expect(after).toContain(l);
		// SeaBIOS probed the AHCI ports: its bus master alias is on, and the others' stay off.
		expect(section(after, 'address-space: ich9-ahci')).toEqual([
			'address-space: ich9-ahci',
			'  0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container',
			'    0000000000000000-ffffffffffffffff (prio 0, i/o): alias bus master @system 0000000000000000-ffffffffffffffff',
		]);
		expect(section(after, 'address-space: mch')).toHaveLength(2);
		expect(section(after, 'memory-region: smram')).toEqual([
			'memory-region: smram',
			'  0000000000000000-00000000ffffffff (prio 0, i/o): smram',
			'    00000000000a0000-00000000000bffff (prio 0, ram): alias smram-low @pc.ram 00000000000a0000-00000000000bffff',
		]);
		// No guest kernel: nothing switched the CPU hotplug block to the modern layout.
		expect(after).toContain('    0000000000000cd8-0000000000000cf7 (prio 0, i/o): acpi-cpu-hotplug');
	});

	it('-f: the AHCI shares system memory\'s view once SeaBIOS ran, each CPU has its SMM view, the others share the empty one', () => {
		const prelaunch = machine(['-m', '1G', '-smp', '2', '-S']).hmp('info mtree -f').output;
		expect(prelaunch).toContain(' AS "mch", root: bus master container\n AS "ICH9-LPC", root: bus master container\n AS "ich9-ahci", root: bus master container\n AS "ICH9-SMB", root: bus master container\n AS "VGA", root: bus master container\n AS "e1000e", root: bus master container\n Root memory region: (none)\n');
		expect(prelaunch.match(/ AS "cpu-smm-\d", root: memory/g)).toEqual([' AS "cpu-smm-0", root: memory', ' AS "cpu-smm-1", root: memory']);
		// (the SMM view before SeaBIOS opened smram-low is system memory's)
		expect(prelaunch).toContain(' Root memory region: memory\n  0000000000000000-000000000009ffff (prio 0, ram): pc.ram\n  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem\n');
		const ran = machine(['-m', '1G', '-smp', '2']).hmp('info mtree -f').output;
		expect(ran).toContain(' AS "memory", root: system\n AS "cpu-memory-0", root: system\n AS "cpu-memory-1", root: system\n AS "ich9-ahci", root: bus master container\n Root memory region: system\n');
		expect(ran).toContain(' Root memory region: memory\n  0000000000000000-00000000000bffff (prio 0, ram): pc.ram\n');
		// e1000e-flash is an empty container: no flat range
		expect(ran).not.toContain('e1000e-flash');
		expect(ran).toContain('00000000feb80000-00000000feb9ffff (prio 1, i/o): e1000e-mmio\n  00000000febd0000-00000000febd004f (prio 0, i/o): msix-table\n');
	});

	it('follows the serial and parallel ports, the DIMM slots and the CPU count', () => {
		const out = lines(machine(['-m', '2G', '-smp', '3', '-nographic', '-serial', 'mon:stdio', '-serial', 'null', '-parallel', 'none']));
		expect(out.filter((l) => /: (serial|parallel)$/.test(l))).toEqual([
			'    00000000000002f8-00000000000002ff (prio 0, i/o): serial',
			'    00000000000003f8-00000000000003ff (prio 0, i/o): serial',
		]);
		// no slots: no ACPI memory hotplug block, no device-memory
		expect(out.filter((l) => /acpi-mem-hotplug|device-memory/.test(l))).toEqual([]);
		// the CPUs' address spaces share system memory, named in strcmp order; one SMM view each
		expect(section(out, 'address-space: cpu-memory-0').slice(0, 5)).toEqual([
			'address-space: cpu-memory-0', 'address-space: cpu-memory-1', 'address-space: cpu-memory-2', 'address-space: memory',
			'  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
		]);
		expect(out.filter((l) => l.startsWith('address-space: cpu-smm'))).toEqual(['address-space: cpu-smm-0', 'address-space: cpu-smm-1', 'address-space: cpu-smm-2']);
	});

	it('queues a disabled alias\'s target: the bus masters\' put `system` first among the memory-region sections', () => {
		const out = lines(machine(['-m', '1G']));
		// (memhp prints the LPC bridge's address space first: its disabled alias queues system)
		expect(out.slice(0, 2)).toEqual(['address-space: ICH9-LPC', '  0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container']);
		expect(out.filter((l) => l.startsWith('memory-region:'))).toEqual([
			'memory-region: system', 'memory-region: smram', 'memory-region: pc.ram', 'memory-region: pc.bios', 'memory-region: pci',
		]);
		// mtree_print_mr() itself: the disabled alias's line is left out, its target still queued first
		const target = region('t', 0, 0x1000, 'ram');
		const other = region('o', 0, 0x1000, 'ram');
		const text = mtreeText([
			{names: ['a'], root: container('root a', 0, 0x1000, 0, [{...aliasOf('off', 0, 0x1000, target, 0), disabled: true}])},
			{names: ['b'], root: container('root b', 0, 0x1000, 0, [aliasOf('on', 0, 0x1000, other, 0)])},
		]);
		expect(text.split('\n').filter((l) => /memory-region|alias/.test(l))).toEqual([
			'    0000000000000000-0000000000000fff (prio 0, ram): alias on @o 0000000000000000-0000000000000fff',
			'memory-region: t',
			'memory-region: o',
		]);
	});

	it('says what it does not simulate', () => {
		expect(machine(['-m', '1G']).hmp('info mtree -d').output).toBe("memhp: 'info mtree -d' is not simulated\n");
		expect(machine(['-m', '1G', '-vga', 'cirrus']).hmp('info mtree').output).toBe("memhp: 'info mtree' of a q35 machine with other graphics or network cards, drives or USB is not simulated\n");
	});
});

/**
 * A step's sections (an address-space group with its tree, a memory-region, a flat view), their
 * `FlatView #N` numbers aside, sorted: real QEMU walks the address spaces and numbers the views
 * in a GHashTable's order of pointers, which changes from run to run.
 */
function sections(out: string[]): string[] {
	const res: string[] = [];
	let cur: string[] = [];
	for (const line of [...out, '']) {
		if (line.trim() === '') {
			if (cur.length) res.push(cur.join('\n'));
			cur = [];
		} else cur.push(line.replace(/^FlatView #\d+$/, 'FlatView #N'));
	}
	return res.sort();
}

describe('info mtree of a q35 machine: the lab\'s recordings, section for section', () => {
	// test/fixtures/lab/mtree-q35-*.t are runs whose order was memhp's (checked line for line
	// with the other lab transcripts); lab-mtree-q35/ holds runs in other orders.
	const LAB = fileURLToPath(new URL('./fixtures/lab/', import.meta.url));
	const OTHER = fileURLToPath(new URL('./fixtures/lab-mtree-q35/', import.meta.url));
	const files = [
		...readdirSync(LAB).filter((f) => /^mtree-q35-.*\.t$/.test(f)).map((f) => LAB + f),
		...(existsSync(OTHER) ? readdirSync(OTHER).filter((f) => f.endsWith('.t')).map((f) => OTHER + f) : []),
	].sort();

	it('has the lab\'s recordings', () => {
		expect(files.map((f) => f.slice(f.lastIndexOf('/fixtures/') + 10))).toEqual([
			'lab-mtree-q35/mtree-q35-1G-dimm.t', 'lab-mtree-q35/mtree-q35-2816M-prelaunch.t', 'lab-mtree-q35/mtree-q35-3G-nodefaults.t',
			'lab-mtree-q35/mtree-q35-3G.t', 'lab-mtree-q35/mtree-q35-firmware-2816M-no-nic.t', 'lab-mtree-q35/mtree-q35-no-vga-no-nic-smp2-prelaunch.t',
			'lab-mtree-q35/mtree-q35-nodefaults-dimm-prelaunch.t', 'lab-mtree-q35/mtree-q35-prelaunch-no-kernel.t', 'lab-mtree-q35/mtree-q35-serials-smp2-4G.t',
			'lab/mtree-q35-1G.t', 'lab/mtree-q35-no-vga-no-nic-smp2-flat.t', 'lab/mtree-q35-prelaunch.t',
		]);
	});

	for (const file of files) {
		const name = file.slice(file.lastIndexOf('/fixtures/') + 10);
		it(`${name}: every address space, memory-region and flat view as the lab recorded it`, () => {
			const report = checkTranscript(name, readFileSync(file, 'utf8'));
			const steps = report.results.filter((r) => r.step.input.startsWith('info mtree'));
			expect(steps.length).toBeGreaterThan(0);
			for (const r of steps) expect(sections(r.actual)).toEqual(sections(r.step.expected.map((e) => e.text)));
			// (and everything else in the transcript line for line)
			for (const r of report.results.filter((x) => !x.step.input.startsWith('info mtree'))) expect(r.ok, r.step.raw).toBe(true);
		});
	}
});
