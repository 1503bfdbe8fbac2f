/**
 * The guest's boot log (`dmesg` after boot) against the real Debian 6.1.0-57-amd64 boot under QEMU
 * 7.2: test/fixtures/real/boot-log-512M.txt is the kernel part of the serial console of
 * ../shared/spec/raw/guest61-boot-log-512M.txt (`-m 512M,slots=32,maxmem=8G -smp 2`,
 * `-append 'console=ttyS0'`), timestamps stripped. The console runs at console_loglevel 7, so it
 * shows every record below KERN_DEBUG: exactly `dmesg -r`'s records of level < 7.
 *
 * Lines for other machine sizes are checked against the formulas of the kernel and QEMU sources
 * (values worked out by hand in the comments).
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {acpiTables, dsdtLength, initrdRange, percpuFirstChunk} from '../source/machine/linux/boot-layout.js';
import {BOOT_EPOCH} from '../source/machine/linux/build-info.js';
import {bootMemory, INITRD_PAGES} from '../source/machine/linux/memblock.js';
import {createSession, type Session} from '../source/machine/session.js';
import {pcBootInfo} from './linux-boot-fixture.js';

const REAL = readFileSync(fileURLToPath(new URL('./fixtures/real/boot-log-512M.txt', import.meta.url)), 'utf8').replace(/\n$/, '').split('\n');

function boot(m: string, smp: number, append: string): Session {
	const r = createSession(['-machine', 'pc', '-accel', 'tcg', '-m', m, '-smp', String(smp), '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', append, '-nographic']);
	if (!r.ok) throw new Error('session did not start');
	return r.session;
}

/** `dmesg -r` as [level, stamp (s), text] records. */
function records(s: Session): [number, number, string][] {
	let text = '';
	const off = s.onOutput(c => {
		text += c.text;
	});
	s.submitLine('dmesg -r');
	off();
	return text.replace(/\r/g, '').split('\n').slice(1, -1).map(l => {
		const m = /^<(\d)>\[ *(\d+\.\d{6})\] (.*)$/.exec(l);
		if (!m) throw new Error(`not a dmesg -r line: ${JSON.stringify(l)}`);
		return [Number(m[1]), Number(m[2]), m[3]];
	});
}

const texts = (recs: [number, number, string][]) => recs.map(r => r[2]);
const line = (recs: [number, number, string][], prefix: string) => texts(recs).find(t => t.startsWith(prefix));
const lines = (recs: [number, number, string][], prefix: string) => texts(recs).filter(t => t.startsWith(prefix));

/**
 * Reference lines memhp knowingly prints differently, each with the reason and what memhp prints.
 * Everything else must be byte for byte the real line.
 */
const KNOWN: {prefix: string; reason: string; actual: RegExp}[] = [
	{prefix: 'RAMDISK: ', reason: 'memhp\'s initramfs frees 1024K (INITRD_PAGES), the recorded one 2192K: QEMU puts it 1168K higher', actual: /^RAMDISK: \[mem 0x1fee0000-0x1ffdffff\]$/},
	{prefix: 'NODE_DATA(0) allocated ', reason: 'allocated right below the initrd', actual: /^NODE_DATA\(0\) allocated \[mem 0x1feb5000-0x1fedffff\]$/},
	{
		prefix: 'Memory: ',
		reason: 'the reserved count includes the initrd (1168K less here); "available" counts the non-deferred pages, and the recorded run had physical KASLR on (no nokaslr): its kernel image sat at a random address, not at 16 MiB as memhp puts it',
		actual: /^Memory: 207548K\/523768K available \(14343K kernel code, 2338K rwdata, 9132K rodata, 2824K init, 17344K bss, 130972K reserved, 0K cma-reserved\)$/,
	},
	{prefix: 'software IO TLB: mapped ', reason: 'the bounce buffer goes below the percpu chunk, which moves with the initrd', actual: /^software IO TLB: mapped \[mem 0x000000001b400000-0x000000001f400000\] \(64MB\)$/},
	{prefix: 'Freeing initrd memory: ', reason: 'memhp\'s initramfs', actual: /^Freeing initrd memory: 1024K$/},
	{
		prefix: 'rtc_cmos 00:05: setting system clock to ',
		reason: 'the guest\'s wall clock at the line\'s stamp: memhp stamps the boot log in the recorded proportions, but its wall clock starts at BOOT_EPOCH at 0 s where the real one read the RTC\'s whole second (see the RTC test)',
		actual: /^rtc_cmos 00:05: setting system clock to 2026-11-29T12:55:3\d UTC \(179595693\d\)$/,
	},
];

describe('the boot log of the recorded 512M / 2-CPU run', () => {
	// The recorded command line ends in a space: both "Command line:" and "Kernel command line:"
	// show `console=ttyS0 ` (neither QEMU nor Linux adds one), so the run's -append had it.
	const s = boot('512M,slots=32,maxmem=8G', 2, 'console=ttyS0 ');
	const recs = records(s);
	const consoleLines = texts(recs.filter(([level]) => level < 7));

	it('the console part is the real log line for line, except the known lines', () => {
		expect(consoleLines.length).toBe(REAL.length);
		const mismatches: string[] = [];
		REAL.forEach((want, i) => {
			const got = consoleLines[i];
			const known = KNOWN.find(k => want.startsWith(k.prefix));
			if (known) {
				if (!known.actual.test(got)) mismatches.push(`${i}: ${got} (known: ${known.reason})`);
			} else if (got !== want) mismatches.push(`${i}: want ${JSON.stringify(want)}\n   got ${JSON.stringify(got)}`);
		});
		expect(mismatches).toEqual([]);
		// Every known line is still there in the reference (the list stays narrow).
		for (const k of KNOWN) expect(REAL.filter(l => l.startsWith(k.prefix)), k.prefix).toHaveLength(1);
	});

	it('printk levels other than KERN_INFO are the sources\'', () => {
		expect(recs.filter(([level]) => level !== 6).map(([level, , text]) => `<${level}>${text}`)).toEqual([
			`<5>${REAL[0]}`, // pr_notice("%s", linux_banner)
			// trim_bios_range(): e820__range_update()/e820__range_remove() print at KERN_DEBUG
			'<7>e820: update [mem 0x00000000-0x00000fff] usable ==> reserved',
			'<7>e820: remove [mem 0x000a0000-0x000fffff] usable',
			// pcpu_dump_alloc_info(KERN_DEBUG, ai): two CPUs' units in one 2 MiB allocation
			'<7>pcpu-alloc: s217088 r8192 d28672 u1048576 alloc=1*2097152',
			'<7>pcpu-alloc: [0] 0 1 ',
			'<5>Kernel command line: console=ttyS0 ', // pr_notice() in start_kernel()
			'<5>audit: type=2000 audit(1795956932.568:1): state=initialized audit_enabled=0 res=1', // kauditd_printk_skb(): pr_notice
			'<4>mtrr: your CPUs had inconsistent fixed MTRR settings', // mtrr_state_warn(): pr_warn
			'<4>mtrr: your CPUs had inconsistent variable MTRR settings',
			'<4>mtrr: your CPUs had inconsistent MTRRdefType settings',
			'<4>acpi PNP0A03:00: fail to add MMCONFIG information, can\'t access extended PCI configuration space under this bridge.', // check_segment(): dev_warn
			'<7>PCI: pci_cache_line_size set to 64 bytes', // pcibios_init()
			// e820__reserve_resources_late(): the padding after the low RAM ranges
			'<7>e820: reserve RAM buffer [mem 0x0009fc00-0x0009ffff]',
			'<7>e820: reserve RAM buffer [mem 0x1ffe0000-0x1fffffff]',
			'<5>VFS: Disk quotas dquot_6.6.0', // printk(KERN_NOTICE)
			'<7>pnp 00:02: [dma 2]', // the floppy controller's DMA channel (dev_dbg)
			'<5>Initialise system trusted keyrings', // pr_notice
			'<5>Key type blacklist registered', // register_key_type(): pr_notice
			// integrity_load_keys()'s keyrings: pr_notice (the lab's /dev/kmsg, s64/kmsg)
			'<5>integrity: Platform Keyring initialized',
			'<5>integrity: Machine keyring initialized',
			'<5>Key type asymmetric registered',
			'<5>Asymmetric key parser \'x509\' registered', // pr_notice
			'<5>Loading compiled-in X.509 certificates', // pr_notice
			'<5>Loaded X.509 cert \'Build time autogenerated kernel key: 35ec5eb42ea9fd1caf03b977c56ef26a3720f629\'',
			'<5>Key type .fscrypt registered',
			'<5>Key type fscrypt-provisioning registered',
			'<5>Key type encrypted registered',
			'<4>Unstable clock detected, switching default tracing clock to "global"', // tracing_set_default_clock(): pr_warn
			'<4>If you want to keep using the local clock, then add:',
			'<4>  "trace_clock=local"',
			'<4>on the kernel command line',
			// run_init_process(): init/main.c defines DEBUG, its pr_debug()s are KERN_DEBUG (not on the console)
			'<7>  with arguments:', '<7>    /init', '<7>  with environment:', '<7>    HOME=/', '<7>    TERM=linux',
		]);
	});

	it('the layout formulas give the recorded addresses for the recorded 2192K (548-page) initrd', () => {
		const info = pcBootInfo({ramMiB: 512, maxMiB: 8192, slots: 32, cpus: 2, cmdline: 'console=ttyS0 '});
		const l = bootMemory(info, info.e820, undefined, 548).layout;
		// x86_load_linux(): (initrd_max - size) & ~4095 → RAMDISK: [mem 0x1fdbc000-0x1ffdffff]
		expect(l.ramdisk).toEqual({start: 0x1fdbc000, end: 0x1ffe0000});
		// alloc_node_data(): top-down, right below the initrd → [mem 0x1fd91000-0x1fdbbfff]
		expect(l.nodeData).toEqual({start: 0x1fd91000, end: 0x1fdbc000});
		// 8 MiB memmap buffer at 0x1f400000, 2 MiB percpu chunk at 0x1f200000, 64 MiB below it
		expect(l.swiotlb).toEqual({start: 0x1b200000, end: 0x1f200000});
		// mem_init(): physpages - totalram_pages() with the recorded initrd still reserved: 132140K
		const memLine = line(recs, 'Memory: ')!;
		expect(Number(/(\d+)K reserved/.exec(memLine)![1]) + (548 - INITRD_PAGES) * 4).toBe(132140);
	});

	it('the RTC line reads the guest\'s wall clock (time(), as `date` shows it) at the line\'s stamp', () => {
		const rtc = recs.find(r => r[2].startsWith('rtc_cmos 00:05: setting system clock to '))!;
		const epoch = BOOT_EPOCH + Math.floor(rtc[1]);
		expect(rtc[2]).toBe(`rtc_cmos 00:05: setting system clock to ${new Date(epoch * 1000).toISOString().slice(0, 19)} UTC (${epoch})`);
	});

	it('the recorded ACPI tables: DSDT 0x2CE5 for 2 CPUs and 32 DIMM slots, MADT 0x80, SRAT 0xF0', () => {
		const t = acpiTables(pcBootInfo({ramMiB: 512, maxMiB: 8192, slots: 32, cpus: 2}), 32);
		expect(t.map(x => [x.sig, x.addr.toString(16), x.length.toString(16)])).toEqual([
			['FACS', '1ffe0000', '40'], ['DSDT', '1ffe0040', '2ce5'], ['FACP', '1ffe2d25', '74'], ['APIC', '1ffe2d99', '80'],
			['HPET', '1ffe2e19', '38'], ['SRAT', '1ffe2e51', 'f0'], ['WAET', '1ffe2f41', '28'], ['RSDT', '1ffe2f69', '38'],
		]);
	});
});

describe('lines that follow the machine', () => {
	it('1G, 1 CPU, quiet nokaslr (tutorial.t): no SMP bring-up lines, a stable TSC, one-CPU values', () => {
		const recs = records(boot('1024M,slots=32,maxmem=8G', 1, 'console=ttyS0 quiet nokaslr'));
		const all = texts(recs);
		// smp_init() always announces; announce_cpu() and the AP lines need a second CPU.
		expect(all).toContain('smp: Bringing up secondary CPUs ...');
		expect(all).not.toContain('x86: Booting SMP configuration:');
		expect(all).toContain('smp: Brought up 1 node, 1 CPU');
		expect(all).toContain('smpboot: Total of 1 processors activated (4192.00 BogoMIPS)');
		expect(lines(recs, 'mtrr:')).toEqual([]);
		expect(line(recs, 'tsc: Marking TSC unstable')).toBeUndefined();
		expect(line(recs, 'Unstable clock detected')).toBeUndefined();
		expect(all.slice(-3)).toEqual(['tsc: Refined TSC clocksource calibration: 2095.987 MHz',
			'clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x1e36616fc75, max_idle_ns: 440795221078 ns', 'clocksource: Switched to clocksource tsc']);
		// pcpu_build_alloc_info(): one CPU, one 2 MiB unit.
		expect(line(recs, 'percpu: ')).toBe('percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u2097152');
		// arch_probe_nr_irqs(): min(NR_VECTORS * 1, 24 + 16 + 8 + 24 * 16 = 432) = 256
		expect(line(recs, 'NR_IRQS: ')).toBe('NR_IRQS: 524544, nr_irqs: 256, preallocated irqs: 16');
		expect(lines(recs, 'cblist_init_generic: Setting shift')).toEqual(Array(3).fill('cblist_init_generic: Setting shift to 0 and lim to 1 rcu_task_cpu_ids=1.'));
		expect(line(recs, 'rcu: \tRCU restricting')).toBe('rcu: \tRCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=1.');
		expect(line(recs, 'futex')).toBe('futex hash table entries: 256 (order: 2, 16384 bytes, linear)');
		expect(lines(recs, 'SRAT: PXM')).toEqual(['SRAT: PXM 0 -> APIC 0x00 -> Node 0']);
		// DSDT: one Processor() (78 bytes) and one CTFY If (11) fewer than the recorded 0x2CE5;
		// MADT 0x70 + 8; SRAT 48 + 16 + 4 * 40.
		expect(lines(recs, 'ACPI: DSDT')).toEqual(['ACPI: DSDT 0x000000003FFE0040 002C8C (v01 BOCHS  BXPC     00000001 BXPC 00000001)']);
		expect(line(recs, 'ACPI: APIC')).toBe('ACPI: APIC 0x000000003FFE2D40 000078 (v01 BOCHS  BXPC     00000001 BXPC 00000001)');
		expect(line(recs, 'ACPI: SRAT 0x')).toBe('ACPI: SRAT 0x000000003FFE2DF0 0000E0 (v01 BOCHS  BXPC     00000001 BXPC 00000001)');
		expect(line(recs, 'ACPI: Reserving WAET')).toBe('ACPI: Reserving WAET table memory at [mem 0x3ffe2ed0-0x3ffe2ef7]');
		expect(line(recs, 'RAMDISK: ')).toBe('RAMDISK: [mem 0x3fee0000-0x3ffdffff]');
		expect(line(recs, 'NUMA: ')).toBe('NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3ffdffff] -> [mem 0x00000000-0x3ffdffff]');
		expect(line(recs, 'NODE_DATA(0)')).toBe('NODE_DATA(0) allocated [mem 0x3feb5000-0x3fedffff]');
		expect(line(recs, '[mem 0x')).toBe('[mem 0x40000000-0xfffbffff] available for PCI devices');
		expect(line(recs, 'Kernel command line: ')).toBe('Kernel command line: console=ttyS0 quiet nokaslr');
		// print_unknown_bootoptions(): nokaslr is for the decompressor; the kernel hands it to init.
		const cmd = all.indexOf('Kernel command line: console=ttyS0 quiet nokaslr');
		expect(recs[cmd + 1]!.slice(0, 1).concat(recs[cmd + 1]![2])).toEqual([5, 'Unknown kernel command line parameters "nokaslr", will be passed to user space.']);
		// 8 sections of memmap (16 MiB), a 2 MiB percpu chunk below it; the 1 MiB dentry hash
		// fits in the chunk's freed tail: the bounce buffer sits right below the chunk.
		expect(line(recs, 'software IO TLB: mapped')).toBe('software IO TLB: mapped [mem 0x000000003ac00000-0x000000003ec00000] (64MB)');
		// ~229K pages of RAM: 27 pages per pool are under the 128 KiB minimum; fls_long(229K) = 18.
		expect(lines(recs, 'DMA: preallocated')).toEqual(['', '|GFP_DMA', '|GFP_DMA32'].map(g => `DMA: preallocated 128 KiB GFP_KERNEL${g} pool for atomic allocations`));
		expect(line(recs, 'workingset: ')).toBe('workingset: timestamp_bits=36 max_order=18 bucket_order=0');
		expect(line(recs, 'Dentry cache')).toBe('Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, linear)');
		expect(line(recs, 'TCP: Hash tables configured')).toBe('TCP: Hash tables configured (established 8192 bind 8192)');
		expect(line(recs, 'pci_bus 0000:00: resource 8')).toBe('pci_bus 0000:00: resource 8 [mem 0xac0000000-0xb3fffffff window]');
	});

	it('4G, 1 CPU, 64 DIMM slots (bigger.t): RAM above 4 GiB, a bigger DSDT, NODE_DATA at the top of RAM', () => {
		const recs = records(boot('4G,slots=64,maxmem=128G', 1, 'console=ttyS0 quiet nokaslr'));
		// 32 more slots at 123 bytes each (the lab's DSDTs from 1 to 31 slots): 0x2C8C + 32 * 123 = 0x3BEC.
		expect(line(recs, 'ACPI: DSDT')).toBe('ACPI: DSDT 0x00000000BFFE0040 003BEC (v01 BOCHS  BXPC     00000001 BXPC 00000001)');
		expect(line(recs, 'ACPI: RSDT')).toBe('ACPI: RSDT 0x00000000BFFE3E58 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)');
		// pc_memory_init(): 3G below 4 GiB, 1G above.
		expect(lines(recs, 'ACPI: SRAT: ')).toEqual([
			'ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]',
			'ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0xbfffffff]',
			'ACPI: SRAT: Node 0 PXM 0 [mem 0x100000000-0x13fffffff]',
			'ACPI: SRAT: Node 0 PXM 0 [mem 0x140000000-0x303fffffff] hotplug',
		]);
		// numa_cleanup_meminfo() joins the three RAM blocks pairwise.
		expect(lines(recs, 'NUMA: ')).toEqual([
			'NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0xbfffffff] -> [mem 0x00000000-0xbfffffff]',
			'NUMA: Node 0 [mem 0x00000000-0xbfffffff] + [mem 0x100000000-0x13fffffff] -> [mem 0x00000000-0x13fffffff]',
		]);
		// Below the three page-table pages the direct map of the low RAM (which holds the brk buffer)
		// takes from memblock at the top of RAM: the lab's 4G guest (memblock=debug) prints this.
		expect(line(recs, 'NODE_DATA(0)')).toBe('NODE_DATA(0) allocated [mem 0x13ffd2000-0x13fffcfff]');
		// max_pfn, then (after the PAT line) max_low_pfn
		expect(lines(recs, 'last_pfn')).toEqual(['last_pfn = 0x140000 max_arch_pfn = 0x400000000', 'last_pfn = 0xbffe0 max_arch_pfn = 0x400000000']);
		expect(line(recs, 'RAMDISK: ')).toBe('RAMDISK: [mem 0xbfee0000-0xbffdffff]');
		// e820__register_nosave_regions(): the hole between the two RAM entries too.
		expect(lines(recs, 'PM: hibernation: ')).toEqual([
			'PM: hibernation: Registered nosave memory: [mem 0x00000000-0x00000fff]',
			'PM: hibernation: Registered nosave memory: [mem 0x0009f000-0x000fffff]',
			'PM: hibernation: Registered nosave memory: [mem 0xbffe0000-0xffffffff]',
		]);
		// memblock_alloc_low(): the highest 64 MiB below 4 GiB, right below the initrd.
		expect(line(recs, 'software IO TLB: mapped')).toBe('software IO TLB: mapped [mem 0x00000000bbee0000-0x00000000bfee0000] (64MB)');
		// ~1M pages: 122 pages per pool (488 KiB), one order-7 block each; fls_long(~1M) = 20.
		expect(line(recs, 'DMA: preallocated')).toBe('DMA: preallocated 512 KiB GFP_KERNEL pool for atomic allocations');
		expect(line(recs, 'workingset: ')).toBe('workingset: timestamp_bits=36 max_order=20 bucket_order=0');
		expect(line(recs, 'Policy zone')).toBe('Policy zone: Normal');
		expect(line(recs, 'On node 0, zone Normal')).toBe('On node 0, zone Normal: 32 pages in unavailable ranges');
		expect(lines(recs, 'pci_bus 0000:00: root bus resource [mem')).toEqual([
			'pci_bus 0000:00: root bus resource [mem 0x000a0000-0x000bffff window]',
			'pci_bus 0000:00: root bus resource [mem 0xc0000000-0xfebfffff window]',
			'pci_bus 0000:00: root bus resource [mem 0x3040000000-0x30bfffffff window]',
		]);
		// The acpiphp slots are the PCI slots of bus 0, whatever the DIMM slots.
		expect(lines(recs, 'acpiphp: Slot')).toHaveLength(29);
	});

	it.each([
		// The lab's lines (s34/av, nokaslr, its initramfs 1008K): at 1G and 2G the initrd sits above
		// the first deferred page; from 4G on it is counted, and memhp's is 16K bigger.
		['1024M,slots=32,maxmem=8G', 'Memory: 207548K/1048056K available (14343K kernel code, 2338K rwdata, 9132K rodata, 2824K init, 17344K bss, 139684K reserved, 0K cma-reserved)'],
		['2G,slots=32,maxmem=256G', 'Memory: 207548K/2096632K available'],
		['4G,slots=64,maxmem=128G', 'Memory: 3155516K/4193784K available'],
		['16G,slots=32,maxmem=256G', 'Memory: 3155516K/16776696K available'],
	])('-m %s: the Memory: line counts the free pages mem_init() leaves after preallocating the vmalloc area\'s page tables', (m, want) => {
		expect(line(records(boot(m, 1, 'console=ttyS0 quiet nokaslr')), 'Memory: ')).toContain(want);
	});

	it.each([
		// The lab (s34/av): the SMBIOS tables below the MP table grow by a type 19 record with RAM
		// above 4 GiB and a type 17 per 16 GiB, and the RSDP below them moves down.
		['1G', 'F59D0'], ['3G', 'F59D0'], ['3584M', 'F59B0'], ['4G', 'F59B0'], ['16G', 'F59B0'], ['17G', 'F5980'],
	])('-m %s: the RSDP at 0x%s', (m, addr) => {
		expect(line(records(boot(`${m},slots=8,maxmem=64G`, 1, 'console=ttyS0 quiet nokaslr')), 'ACPI: RSDP ')).toBe(`ACPI: RSDP 0x00000000000${addr} 000014 (v00 BOCHS )`);
	});

	it('2G, 4 CPUs: CPU-count lines', () => {
		const recs = records(boot('2G,slots=16,maxmem=16G', 4, 'console=ttyS0'));
		expect(lines(recs, 'SRAT: PXM')).toEqual([0, 1, 2, 3].map(c => `SRAT: PXM 0 -> APIC 0x0${c} -> Node 0`));
		// MADT 0x70 + 4 * 8; SRAT 48 + 4 * 16 + 4 * 40.
		expect(line(recs, 'ACPI: APIC')).toMatch(/ 000090 /);
		expect(line(recs, 'ACPI: SRAT 0x')).toMatch(/ 000110 /);
		expect(line(recs, 'smpboot: Allowing')).toBe('smpboot: Allowing 4 CPUs, 0 hotplug CPUs');
		// four units of 512 KiB in one 2 MiB atom
		expect(line(recs, 'percpu: ')).toBe('percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u524288');
		expect(line(recs, 'setup_percpu: ')).toBe('setup_percpu: NR_CPUS:8192 nr_cpumask_bits:4 nr_cpu_ids:4 nr_node_ids:1');
		expect(line(recs, 'software IO TLB: area num')).toBe('software IO TLB: area num 4.');
		expect(line(recs, 'SLUB: ')).toBe('SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=4, Nodes=1');
		// 24 + 16 + 8 * 4 + 24 * 16 = 456 < 256 * 4
		expect(line(recs, 'NR_IRQS: ')).toBe('NR_IRQS: 524544, nr_irqs: 456, preallocated irqs: 16');
		expect(line(recs, 'rcu: Adjusting geometry')).toBe('rcu: Adjusting geometry for rcu_fanout_leaf=16, nr_cpu_ids=4');
		// ilog2(4 / 1) = 2, (4 - 1) >> 2 = 0 < 1
		expect(lines(recs, 'cblist_init_generic: Setting shift')).toEqual(Array(3).fill('cblist_init_generic: Setting shift to 2 and lim to 1 rcu_task_cpu_ids=4.'));
		expect(line(recs, 'tsc: Marking TSC unstable')).toBe('tsc: Marking TSC unstable due to TSCs unsynchronized');
		// announce_cpu(): width = num_digits(4) + 1 = 2
		expect(line(recs, '.... node')).toBe('.... node  #0, CPUs:      #1 #2 #3');
		expect(line(recs, 'smp: Brought up')).toBe('smp: Brought up 1 node, 4 CPUs');
		// (8384012 + 3 * 8466436) / 2000: the APs' lpj is the recorded run's measurement
		expect(line(recs, 'smpboot: Total of')).toBe('smpboot: Total of 4 processors activated (16891.66 BogoMIPS)');
		expect(line(recs, 'futex')).toBe('futex hash table entries: 1024 (order: 4, 65536 bytes, linear)');
		expect(lines(recs, 'mtrr: ')).toHaveLength(5);
		expect(line(recs, 'Unstable clock detected')).toBeDefined();
	});

	it('no DIMM slots: no SRAT, a faked node, two GPE methods', () => {
		const recs = records(boot('1G', 1, 'console=ttyS0'));
		expect(line(recs, 'ACPI: SRAT')).toBeUndefined();
		expect(line(recs, 'ACPI: RSDT')).toMatch(/ 000034 /);
		expect(line(recs, 'SRAT: PXM')).toBeUndefined();
		expect(lines(recs, 'No NUMA').concat(lines(recs, 'Faking'))).toEqual(['No NUMA configuration found', 'Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]']);
		expect(line(recs, 'ACPI: Enabled')).toBe('ACPI: Enabled 2 GPEs in block 00 to 0F');
		// no hotplug range above 4 GiB: no bounce buffer
		expect(line(recs, 'software IO TLB')).toBeUndefined();
		expect(line(recs, 'PCI-DMA')).toBeUndefined();
	});
});

describe('layout helpers', () => {
	it('pcpu_build_alloc_info(): units per 2 MiB atom', () => {
		// wastage above a third of the CPUs is refused; fewer allocations win
		expect([1, 2, 3, 4, 5, 8].map(n => percpuFirstChunk(n).unitSize)).toEqual([2097152, 1048576, 524288, 524288, 1048576, 262144]);
	});
	it('DSDT: 123 bytes per DIMM slot past the second (the lab guest\'s, 1 to 31 slots), 93 per CPU past the second', () => {
		expect(dsdtLength(2, 33, true) - dsdtLength(2, 32, true)).toBe(123);
		expect(dsdtLength(3, 32, true) - dsdtLength(2, 32, true)).toBe(93);
		expect(dsdtLength(2, 32, true)).toBe(0x2ce5);
	});
	it('the initrd ends where the ACPI blob starts', () => {
		expect(initrdRange(pcBootInfo({ramMiB: 2048}), 256)).toEqual({start: 0x7fee0000, end: 0x7ffe0000});
	});
});
