#!/usr/bin/env node
// Writes random hotplug flows as transcript inputs for record.mjs: a pc machine of a random size,
// slot count and kernel command line, DIMMs added (some with slot= or addr=), blocks onlined to a
// random zone, offlined, DIMMs ejected and backends deleted, with the views a user reads between
// (free, meminfo, zoneinfo, valid_zones, dmesg, the monitor's info commands). The generator tracks
// QEMU's address assignment (first fit from the device-memory base) only to name blocks that
// exist; what the real machine answers is the recording's business.
// A developer tool (see "The lab" in the README): nothing in the tests or the app runs it.
//
// GEN_VMEM adds virtio-mem-pci devices among the DIMMs (they take device memory, no slot, and
// stay). GEN_COLD puts DIMMs on the command line. GEN_RESET resets the machine now and then (system_reset, reboot -f). GEN_ERR mixes in
// input a user gets wrong: malformed object_add/device_add properties, ids that exist or not, bad
// sizes, slots and addresses, mistyped info commands, bad values written to the block attributes,
// files that do not exist (nothing that would make QEMU touch host files).
//
//   [GEN_SMP=1] [GEN_COLD=1] [GEN_SYSFS=1] [GEN_ERR=1] [GEN_VMEM=1] [GEN_RESET=1] [GEN_RAM=1000,1500] node scripts/lab/gen-flows.mjs SEED [COUNT] [OUTDIR]   writes OUTDIR/genSEED.t ...
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
	// (GEN_COLD=1 starts the machine with one or two DIMMs on the command line, -object/-device:
	// QEMU places them first fit as device_add would, the boot's ACPI scan adds their memory)
	if (process.env.GEN_COLD) {
		const cold = [];
		for (let k = chance(0.5) ? 2 : 1; k > 0 && cold.length < slots; k--) {
			const size = pick([128, 256, 512, 1024]) * MiB;
			const n = next++;
			const addr = dmBase + cold.reduce((a, d) => a + d.size, 0);
			if (addr + size > dmBase + dmSize) break;
			cold.push({n, size});
			dimms.push({n, size, addr, slot: cold.length - 1, plugged: true});
			backends.push({n, size, used: true});
		}
		const args = cold.map(d => `-object memory-backend-ram,id=mem${d.n},size=${d.size / MiB}M -device pc-dimm,id=dimm${d.n},memdev=mem${d.n}`).join(' ');
		if (args) lines[2] = lines[2].replace(' -kernel ', ` ${args} -kernel `);
	}
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
	const hotBlocks = () => dimms.filter(d => d.plugged && !d.virtio).flatMap(blocksOf);
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
		if (dimms.filter(d => d.plugged && !d.virtio).length >= slots) {
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
		const ds = dimms.filter(d => d.plugged && !d.virtio);
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
	const ids = () => backends.map(b => `mem${b.n}`).concat(dimms.map(d => `dimm${d.n}`), ['mem99', 'dimm99', '9bad', 'a.b', '']);
	const errStep = () => {
		const r = rnd();
		if (r < 0.3) {
			const type = pick(['memory-backend-ram', 'memory-backend-ram', 'memory-backend-ram', 'memory-backend-file', 'memory-backend-memfd', 'memory-backend-foo', 'memory-backend', 'pc-dimm']);
			const props = [];
			if (chance(0.85)) props.push(`id=${pick(ids().concat(['mem' + next, 'mem' + next, 'x-y_z', 'mem 1']))}`);
			if (chance(0.85)) props.push(`size=${pick(['abc', '0', '100', '4096', '1.5G', '128m', '-1', '0x8000000', '134217728', '128K', '2M', '129M', '1T', '64G', '', '1e9', '512MB', '1 G', '256M', '256M'])}`);
			if (chance(0.3)) props.push(pick(['foo=bar', 'share=on', 'share=maybe', 'merge=off', 'dump=off', 'policy=bind', 'policy=bind,host-nodes=0', 'host-nodes=3', 'reserve=off', 'prealloc=maybe', 'prealloc-threads=2', 'id=dup', 'size=128M']));
			if (chance(0.5)) props.sort(() => rnd() - 0.5);
			monitor(`object_add ${[type, ...props].join(',')}`);
			if (/^id=mem\d+$/.test(props.find(p => p.startsWith('id=')) ?? '') && /memory-backend-(ram|memfd)$/.test(type) && props.some(p => p === 'size=256M' || p === 'size=134217728' || p === 'size=0x8000000')) {
				// It may have worked: a backend the rest of the flow can use or trip over.
				const n = Number(/id=mem(\d+)/.exec(props.join(','))[1]);
				if (n === next) {
					backends.push({n, size: 256 * MiB, used: false});
					next++;
				}
			}
		} else if (r < 0.55) {
			const drv = pick(['pc-dimm', 'pc-dimm', 'pc-dimm', 'pc-dimm', 'nvdimm', 'virtio-mem-pci', 'pc-dimmm', 'PC-DIMM']);
			const props = [];
			if (chance(0.8)) props.push(`id=${pick(ids().concat(['dimm' + next]))}`);
			if (chance(0.85)) props.push(`memdev=${pick(ids().concat(backends.filter(b => !b.used).map(b => `mem${b.n}`)))}`);
			if (chance(0.35)) props.push(`slot=${pick(['-1', '0', String(slots - 1), String(slots), '255', 'abc', '1'])}`);
			if (chance(0.3)) props.push(`addr=${pick(['0x123', '0', '0x100000000', `0x${dmBase.toString(16)}`, `0x${(dmBase + BLOCK).toString(16)}`, `0x${(dmBase + dmSize).toString(16)}`, '0x10000000', 'zz', '4294967296'])}`);
			if (chance(0.2)) props.push(pick(['node=1', 'node=0', 'node=-1', 'foo=bar', 'bus=pci.0', 'size=128M']));
			monitor(`device_add ${[drv, ...props].join(',')}`);
		} else if (r < 0.65) {
			monitor(`${pick(['device_del', 'object_del'])} ${pick(ids().concat(['/machine/peripheral/dimm1', '/objects/mem1', 'mem1,id=mem1']))}`);
		} else if (r < 0.72) {
			monitor(pick(['info memory', 'info memory-device', 'info memdevs', 'info memory_size', 'info numa 0', 'info', 'info memdev extra', 'object_list', 'device_list', 'help pc-dimm', 'info hotpluggable-cpus', 'info status', 'info version', 'help info memdev', 'info memory-devices foo', 'qom-list /objects', 'qom-get /objects/mem1 size', 'qom-list /machine/peripheral']));
		} else {
			const bs = hotBlocks().concat(bootBlocks.slice(-2), [999, 31]);
			const b = pick(bs);
			const attr = pick(['state', 'state', 'state', 'online', 'online', 'valid_zones', 'phys_index', 'removable', 'phys_device', 'uevent', 'nosuch']);
			const val = attr === 'online' ? pick(['0', '1', '2', 'yes', 'no', '-1', '01', 'on', '']) : pick(['online', 'offline', 'online_movable', 'online_kernel', 'Online', 'onlin', 'foo', '1', '', 'online_movable ', 'offline offline']);
			if (chance(0.3)) guest(`cat ${sysfs(b)}/${attr}`);
			else if (chance(0.15)) guest(`echo ${val} > /sys/devices/system/memory/${pick(['probe', 'block_size_bytes', 'soft_offline_page', 'hard_offline_page', 'auto_online_blocks', 'memory'])}`);
			else guest(`echo ${val.includes(' ') ? `"${val}"` : val} > ${sysfs(b)}/${attr}`);
		}
	};
	const addVmem = () => {
		const size = pick([128, 256, 512, 1024]) * MiB;
		const n = next++;
		monitor(`object_add memory-backend-ram,id=mem${n},size=${size / MiB}M`);
		backends.push({n, size, used: true});
		const addr = firstFit(size);
		const req = pick(['', ',requested-size=64M', ',requested-size=128M', ',block-size=4M']);
		monitor(`device_add virtio-mem-pci,id=vmem${n},memdev=mem${n}${req}`);
		// (no slot; never ejected: device_del refuses it)
		if (addr !== undefined) dimms.push({n, size, addr, slot: -2, plugged: true, virtio: true});
		if (chance(0.3)) monitor(pick(['info pci', 'info memory-devices', `qom-set /machine/peripheral/vmem${n} requested-size 256M`, `device_del vmem${n}`]));
	};
	// A reset from the monitor or the guest: the DIMMs stay, the rebooted guest finds them at boot.
	const reset = () => {
		if (chance(0.5)) monitor('system_reset');
		else guest('reboot -f');
		if (chance(0.5)) pick(views)();
	};
	const steps = 14 + Math.floor(rnd() * 14);
	pick(views)();
	for (let i = 0; i < steps; i++) {
		const r = rnd();
		if (process.env.GEN_RESET && i > 2 && chance(0.1)) reset();
		else if (r < 0.2) add();
		else if (r < 0.42) online();
		else if (r < 0.52) offline();
		else if (r < 0.6) eject();
		else if (r < 0.65) delBackend();
		else if (r < 0.68) monitor(`device_add pc-dimm,id=dimm${pick(dimms.map(d => d.n).concat([99]))},memdev=mem${pick(backends.map(b => b.n).concat([98]))}`);
		else if (r < 0.76 && process.env.GEN_SYSFS) sysfsMisc();
		else if (r < 0.9 && process.env.GEN_ERR) errStep();
		else if (r < 0.84 && process.env.GEN_VMEM) addVmem();
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
