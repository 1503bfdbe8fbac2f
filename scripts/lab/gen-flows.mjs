#!/usr/bin/env node
// Writes random hotplug flows as transcript inputs for record.mjs: a pc machine of a random size,
// slot count and kernel command line, DIMMs added (some with slot= or addr=), blocks onlined to a
// random zone, offlined, DIMMs ejected and backends deleted, with the views a user reads between
// (free, meminfo, zoneinfo, valid_zones, dmesg, the monitor's info commands). The generator tracks
// QEMU's address assignment (first fit from the device-memory base) only to name blocks that
// exist; what the real machine answers is the recording's business.
// A developer tool (see "The lab" in the README): nothing in the tests or the app runs it.
//
//   [GEN_SMP=1] [GEN_SYSFS=1] [GEN_RAM=1000,1500] node scripts/lab/gen-flows.mjs SEED [COUNT] [OUTDIR]   writes OUTDIR/genSEED.t ...
import fs from 'node:fs';
import path from 'node:path';

const [seedArg = '1', countArg = '1', outDir = '.'] = process.argv.slice(2);
const MiB = 2 ** 20;
const GiB = 2 ** 30;
const BLOCK = 128 * MiB;

function mulberry32(a) {
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function flow(seed) {
	const rnd = mulberry32(seed * 7919 + 17);
	const pick = xs => xs[Math.floor(rnd() * xs.length)];
	const chance = p => rnd() < p;
	// (GEN_RAM=MiB,MiB,... picks from other sizes: odd ones, ones around the 3.5 GiB split)
	const ramMiB = pick(process.env.GEN_RAM ? process.env.GEN_RAM.split(',').map(Number) : [512, 640, 768, 896, 1024, 1024, 1280, 1536, 1792, 2048, 2048, 2560, 3072, 3584, 4096, 4096, 5120, 6144]);
	const ram = ramMiB * MiB;
	const slots = pick([1, 2, 3, 4, 6, 8, 16, 32, 32, 64]);
	const maxmemGiB = pick([4, 8, 8, 16, 32].filter(g => g * GiB > ram + GiB)) ?? 16;
	// (GEN_SMP=N fixes the CPU count: one CPU's lists are the model's deterministic case)
	const smp = process.env.GEN_SMP ? Number(process.env.GEN_SMP) : chance(0.25) ? 2 : 1;
	const params = ['console=ttyS0', 'quiet', 'nokaslr'];
	const defState = chance(0.2) ? pick(['online', 'online_movable', 'online_kernel']) : undefined;
	if (defState) params.push(`memhp_default_state=${defState}`);
	if (chance(0.12)) params.push('movable_node');
	const lines = [`Scenario gen-flows ${seed}: random flow.`, ''];
	const memArg = `${ramMiB % 1024 === 0 ? `${ramMiB / 1024}G` : `${ramMiB}M`},slots=${slots},maxmem=${maxmemGiB}G`;
	lines.push(`  $ qemu-system-x86_64 -machine pc -accel tcg -m ${memArg} -smp ${smp} -kernel bzImage -initrd rootfs.cpio.gz -append '${params.join(' ')}' -nographic`);

	// QEMU pc: RAM at or above 3.5 GiB keeps 3 GiB below 4 GiB; the device memory starts at the
	// next GiB above the RAM above 4 GiB.
	const below4g = ram >= 0xe0000000 ? 0xc0000000 : ram;
	const above4g = ram - below4g;
	const dmBase = Math.ceil((4 * GiB + above4g) / GiB) * GiB;
	const dmSize = maxmemGiB * GiB - ram + slots * GiB; // as pc_memory_init(): maxmem - ram, plus 1 GiB a slot
	const bootBlocks = [];
	for (let b = 0; b * BLOCK < below4g; b++) bootBlocks.push(b);
	for (let b = (4 * GiB) / BLOCK; b * BLOCK < 4 * GiB + above4g; b++) bootBlocks.push(b);

	let focus = 'guest';
	const to = side => {
		if (focus !== side) {
			lines.push('  <C-a c>');
			focus = side;
		}
	};
	const guest = cmd => {
		to('guest');
		lines.push(`  / # ${cmd}`);
	};
	const monitor = cmd => {
		to('monitor');
		lines.push(`  (qemu) ${cmd}`);
	};

	const dimms = []; // {n, size, addr, slot, plugged}
	const backends = []; // {n, size, used}
	let next = 1;
	const used = () => dimms.filter(d => d.plugged).map(d => [d.addr, d.addr + d.size]).sort((a, b) => a[0] - b[0]);
	const firstFit = size => {
		let at = dmBase;
		for (const [s, e] of used()) {
			if (s - at >= size) break;
			at = Math.max(at, e);
		}
		return at + size <= dmBase + dmSize ? at : undefined;
	};
	const blocksOf = d => Array.from({length: d.size / BLOCK}, (_, i) => (d.addr - 0) / BLOCK + i);
	const hotBlocks = () => dimms.filter(d => d.plugged).flatMap(blocksOf);
	const sysfs = b => `/sys/devices/system/memory/memory${b}`;

	const views = [
		() => guest('free -m'),
		() => guest('free -k'),
		() => guest('cat /proc/meminfo'),
		() => guest("grep -E 'MemTotal|MemFree|MemAvailable|Slab|SUnreclaim|PageTables|KernelStack|DirectMap' /proc/meminfo"),
		() => guest("grep -E 'Node|pages free|min |low |high |spanned|present|managed|start_pfn' /proc/zoneinfo"),
		() => guest('cat /proc/buddyinfo'),
		() => guest('dmesg | tail -n 6'),
		() => guest("grep -E 'System RAM|Hot|hotplug' /proc/iomem"),
		() => guest('ls /sys/devices/system/memory/'),
		() => {
			const bs = hotBlocks();
			if (bs.length) guest(`cat ${sysfs(pick(bs))}/valid_zones`);
		},
		() => {
			const bs = hotBlocks();
			if (bs.length) guest(`for b in ${bs.slice(0, 8).map(b => `memory${b}`).join(' ')}; do echo $b $(cat /sys/devices/system/memory/$b/state) $(cat /sys/devices/system/memory/$b/valid_zones); done`);
		},
		() => monitor('info memory-devices'),
		() => monitor('info memdev'),
		() => monitor('info memory_size_summary'),
		() => monitor('info numa'),
	];

	const add = () => {
		const size = pick([128, 256, 256, 512, 512, 512, 768, 1024, 1024, 2048]) * MiB;
		const n = next++;
		const mod = chance(0.1) ? ',prealloc=off' : '';
		monitor(`object_add memory-backend-ram,id=mem${n},size=${size / MiB}M${mod}`);
		backends.push({n, size, used: false});
		if (dimms.filter(d => d.plugged).length >= slots) {
			monitor(`device_add pc-dimm,id=dimm${n},memdev=mem${n}`);
			return;
		}
		let addr = firstFit(size);
		let extra = '';
		if (chance(0.15)) {
			const free = Array.from({length: slots}, (_, i) => i).filter(s => !dimms.some(d => d.plugged && d.slot === s));
			extra += `,slot=${pick(free.slice(0, 4))}`;
		}
		if (addr !== undefined && chance(0.15)) {
			// An address in a gap past the first fit, block aligned.
			const cand = addr + pick([0, 1, 2, 4, 8]) * BLOCK;
			if (!used().some(([s, e]) => cand < e && cand + size > s) && cand + size <= dmBase + dmSize) addr = cand;
			extra += `,addr=0x${addr.toString(16)}`;
		}
		monitor(`device_add pc-dimm,id=dimm${n},memdev=mem${n}${extra}`);
		if (addr === undefined) return;
		const slotM = /slot=(\d+)/.exec(extra);
		dimms.push({n, size, addr, slot: slotM ? Number(slotM[1]) : -1, plugged: true});
		backends.at(-1).used = true;
	};
	const online = () => {
		const bs = hotBlocks();
		if (!bs.length) return;
		const how = pick(['online', 'online', 'online_movable', 'online_movable', 'online_kernel']);
		if (chance(0.3)) {
			const d = pick(dimms.filter(x => x.plugged));
			guest(`for b in ${blocksOf(d).map(b => `memory${b}`).join(' ')}; do echo ${how} > /sys/devices/system/memory/$b/state; done`);
		} else guest(`echo ${how} > ${sysfs(pick(bs))}/state`);
	};
	const offline = () => {
		const bs = chance(0.1) ? bootBlocks.slice(-3) : hotBlocks();
		if (!bs.length) return;
		guest(`echo offline > ${sysfs(pick(bs))}/state`);
	};
	const eject = () => {
		const ds = dimms.filter(d => d.plugged);
		if (!ds.length) return;
		const d = pick(ds);
		monitor(`device_del dimm${d.n}`);
		// Whether the guest let it go is the recording's business; assume it did when nothing
		// was onlined to the kernel's zones.
		d.plugged = chance(0.8) ? false : d.plugged;
		if (!d.plugged) {
			const b = backends.find(x => x.n === d.n);
			if (b) b.used = false;
		}
	};
	const delBackend = () => {
		if (!backends.length) return;
		const b = pick(backends);
		monitor(`object_del mem${b.n}`);
		if (!b.used) backends.splice(backends.indexOf(b), 1);
	};
	// The rest of the memory block interface: auto_online_blocks, the `online` file, the other attributes.
	const sysfsMisc = () => {
		const bs = hotBlocks();
		const r = rnd();
		if (r < 0.25) guest(`echo ${pick(['online', 'offline', 'online_movable', 'online_kernel'])} > /sys/devices/system/memory/auto_online_blocks`);
		else if (r < 0.5 && bs.length) guest(`echo ${pick(['0', '1'])} > ${sysfs(pick(bs))}/online`);
		else if (bs.length) guest(`cd ${sysfs(pick(bs))} && cat online state phys_index phys_device removable valid_zones; cd /`);
	};
	const steps = 14 + Math.floor(rnd() * 14);
	pick(views)();
	for (let i = 0; i < steps; i++) {
		const r = rnd();
		if (r < 0.2) add();
		else if (r < 0.42) online();
		else if (r < 0.52) offline();
		else if (r < 0.6) eject();
		else if (r < 0.65) delBackend();
		else if (r < 0.68) monitor(`device_add pc-dimm,id=dimm${pick(dimms.map(d => d.n).concat([99]))},memdev=mem${pick(backends.map(b => b.n).concat([98]))}`);
		else if (r < 0.76 && process.env.GEN_SYSFS) sysfsMisc();
		else pick(views)();
		if (i === 0 && !dimms.length) add();
	}
	guest('free -m');
	guest('dmesg | tail -n 8');
	monitor('info memory-devices');
	return `${lines.join('\n')}\n`;
}

const seed0 = Number(seedArg);
for (let s = seed0; s < seed0 + Number(countArg); s++) fs.writeFileSync(path.join(outDir, `gen${s}.t`), flow(s));
