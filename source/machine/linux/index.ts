import type {Errno} from '../errno.js';
import type {AcpiGuest, FirmwareBootInfo, MemoryHotplugFirmware, PciHotplugFirmware, PowerControl} from '../acpi.js';
import {AcpiPhp} from './acpiphp.js';
import {kernfsNodesOfPciFunction} from './kernfs-node-cache.js';
import type {VirtualClock} from '../clock.js';
import type {GuestMemorySnapshot, HotplugEvent} from '../snapshot.js';
import {MemVfs} from '../vfs/memvfs.js';
import {TmpDir, TmpfsSuperblock, type ShmemMemory} from '../vfs/tmpfs.js';
import {buildRootfs} from '../vfs/rootfs.js';
import {AcpiMemoryHotplug} from './acpi-memhotplug.js';
import {BlockSnapshotCache} from './block-snapshot.js';
import {bootLog, type BootLine} from './boot-log.js';
import {BOOT_EPOCH} from './build-info.js';
import {parseKernelParams, type KernelParams} from './cmdline.js';
import {PAGE_SIZE} from './memblock.js';
import {initRlimits, maxThreads} from './rlimit.js';
import {MemoryDevices} from './memory-device.js';
import {bootTmpfsPages, MountTable} from './mounts.js';
import {GuestMm} from './mm.js';
import {ProcessTable} from './process.js';
import {buildProcfs, createVmCounters} from './procfs.js';
import {CpuTimes, USER_HZ} from './cputime.js';
import {ConsoleTty} from './tty.js';
import {KERN_EMERG, KERN_ERR, KERN_INFO, PrintkRing} from './printk.js';
import {Sysrq} from './sysrq.js';
import {UnknownNmi} from './nmi.js';
import {buildSysfs} from './sysfs.js';
import {MachineDown, type GuestSyscalls} from './syscalls.js';

export {BOOT_EPOCH};

/**
 * Whether the kernel runs out of memory at boot on this machine (GuestMm.outOfMemoryAtBoot),
 * for a machine memhp only considers (the smallest size that boots): the memory model alone,
 * silent, no guest.
 */
export function bootRunsOutOfMemory(boot: FirmwareBootInfo, slots: number): boolean {
	const params = parseKernelParams(boot.cmdline);
	const clock = {now: () => 0} as unknown as VirtualClock;
	const printk = new PrintkRing(clock, () => {}, {consoleLoglevel: 0, ignoreLoglevel: false});
	return new GuestMm(boot, params, printk, () => 0, slots).outOfMemoryAtBoot;
}

/** The first pipe's inode number (the lab's 1G guest, session 44: `ls -l /proc/self/fd | cat` gave pipe:[13405]). */
const PIPE_INO_BASE = 13405;

export interface LinuxGuestOptions {
	boot: FirmwareBootInfo;
	firmware: MemoryHotplugFirmware;
	/** QEMU's ACPI PCI hotplug registers (the pc board's; q35 has none). */
	pciHotplug?: PciHotplugFirmware;
	clock: VirtualClock;
	console: (text: string) => void;
	/** The wall clock (RTC) at boot, seconds since the epoch: BOOT_EPOCH for the first boot. */
	wallEpoch?: number;
	/** The machine's reset and power-off controls (reboot -f, poweroff -f). */
	power?: PowerControl;
}

/**
 * The Linux 6.1 guest kernel: memory blocks, zones and page accounting (GuestMm), the ACPI
 * memory hotplug driver, sysfs/procfs and the printk ring, reachable through {@link syscalls}.
 */
export class LinuxGuest implements AcpiGuest {
	readonly syscalls: GuestSyscalls;
	readonly params: KernelParams;
	private readonly printk: PrintkRing;
	/** Magic SysRq: /proc/sysrq-trigger, kernel.sysrq, and the serial console's break (serialBreak()). */
	private readonly sysrq: Sysrq;
	private readonly unknownNmi: UnknownNmi;
	/** The serial console saw a break: the next character received is a SysRq command (uart_handle_sysrq_char()). */
	private sysrqArmedUntil: number | undefined;
	private readonly mm: GuestMm;

	/** Boot ran out of memory (GuestMm.outOfMemoryAtBoot): the kernel panicked, no shell comes up. */
	get outOfMemoryAtBoot(): boolean {
		return this.mm.outOfMemoryAtBoot;
	}
	private readonly devices: MemoryDevices;
	private readonly acpi: AcpiMemoryHotplug;
	private readonly acpiphp?: AcpiPhp;
	/** Frozen copies of mm.events handed to snapshots (see events()). */
	private readonly eventCopies: HotplugEvent[] = [];
	private readonly blockSnapshots: BlockSnapshotCache;
	/** Shmem when the initramfs was unpacked. */
	private readonly bootShmemKb: number;

	constructor(private readonly opts: LinuxGuestOptions) {
		const {boot, clock} = opts;
		this.params = parseKernelParams(boot.cmdline);
		this.printk = new PrintkRing(clock, opts.console, {consoleLoglevel: this.params.consoleLoglevel, ignoreLoglevel: this.params.ignoreLoglevel});
		this.mm = new GuestMm(boot, this.params, this.printk, () => clock.now(), opts.firmware.slotCount());
		this.unknownNmi = new UnknownNmi(this.printk, () => clock.now());
		this.devices = new MemoryDevices(this.mm);
		this.acpi = new AcpiMemoryHotplug(opts.firmware, this.mm, this.devices);
		if (opts.pciHotplug) this.acpiphp = new AcpiPhp(boot, opts.pciHotplug, this.printk, this.mm.pciResources);
		this.blockSnapshots = new BlockSnapshotCache(this.mm);
		this.bootShmemKb = this.mm.usage.shmemKb;
		this.replayBootLog();
		const acpiSlots = {count: opts.firmware.slotCount(), sta: (i: number) => this.acpi.sta(i), eject: (i: number, buf: string) => this.acpi.ejectStore(i, buf), hotplug: this.acpi};
		// sysfs inodes come from inode_cache, procfs ones from proc_inode_cache (struct proc_inode).
		const epoch = () => this.mm.usage.dcacheEpoch;
		const procs = new ProcessTable(boot.cpus, this.mm.khugepagedAtBoot, initRlimits(maxThreads(this.mm.boot.totalramPages)));
		this.mm.onKhugepaged = running => (running ? procs.startKthread('khugepaged', 19) : procs.stopKthread('khugepaged'));
		this.mm.taskCounts = () => procs.taskCounts();
		const vmCounters = createVmCounters(this.mm, boot, procs);
		this.mm.showMem = maxZoneIdx => vmCounters.files.showMem(maxZoneIdx);
		const sys = buildSysfs(this.mm, this.devices, acpiSlots, boot, Object.assign(() => this.mm.chargeLookup('inode_cache'), {epoch, release: (n: number) => this.mm.invalidateLookups('inode_cache', n), negative: () => this.mm.chargeNegativeDentry(), releaseNegative: () => this.mm.releaseNegativeDentry()}), vmCounters.files);
		// /proc/mounts reads the mount table, which needs the rootfs built around /proc.
		const mounts: {table?: MountTable} = {};
		const wallEpoch = opts.wallEpoch ?? BOOT_EPOCH;
		const cpuTimes = new CpuTimes(Math.max(1, boot.cpus), () => clock.seconds());
		const consoleTty = new ConsoleTty();
		this.sysrq = new Sysrq({
			printk: this.printk,
			// emergency_restart(): no kernel_restart() message, the chipset resets
			restart: () => {
				this.opts.power?.reset();
				throw new MachineDown('restart');
			},
			// the poweroff work's kernel_power_off()
			powerOff: () => {
				this.printk.printk(KERN_INFO, 'ACPI: PM: Preparing to enter system sleep state S5');
				this.printk.printk(KERN_EMERG, 'reboot: Power down');
				this.opts.power?.powerOff();
				throw new MachineDown('power-off');
			},
			halt: () => {
				throw new MachineDown('halt');
			},
			// send_sig_all(): every user process but init
			signalAll: sig => {
				for (const pid of procs.pids()) if (pid !== 1 && procs.get(pid)?.kthread !== true) procs.kill(pid, sig);
			},
			showMem: () => vmCounters.files.showMem(),
			notSimulated: what => opts.console(`memhp: sysrq ${what}: what the kernel prints here is not simulated\r\n`),
		});
		const proc = buildProcfs(this.mm, boot, () => clock.seconds(), Object.assign(() => this.mm.chargeLookup('proc_inode_cache'), {epoch, release: (n: number) => this.mm.invalidateLookups('proc_inode_cache', n)}), procs, () => mounts.table?.procMounts() ?? '', vmCounters, () => mounts.table?.procMountinfo() ?? '',
			{times: cpuTimes, btime: wallEpoch}, this.sysrq);
		const mountTime = wallEpoch + Math.floor(clock.seconds());
		const root = buildRootfs({mounts: {'/sys': sys, '/proc': proc}, mountTime, kmsg: {write: data => this.printk.devkmsgWrite(data), firstSeq: () => this.printk.firstSeq(), read: seq => this.printk.devkmsgRead(seq)}});
		const mm = this.mm;
		// tmpfs pages (Shmem) come from the page allocator; each superblock has its own size=.
		const memory: ShmemMemory = {charge: delta => mm.chargeShmem(delta), room: () => ({pages: mm.shmemAllocatableRoom(), errno: 'ENOMEM'})};
		const bootPages = bootTmpfsPages(mm.boot.totalramPages);
		// The unpacked initramfs is the rootfs's already.
		const rootfs = new TmpfsSuperblock(bootPages, bootPages, memory, Math.ceil(mm.usage.shmemKb / 4));
		const devtmpfs = new TmpfsSuperblock(bootPages, bootPages, memory);
		const devRoot = root.lookup('dev');
		if (devRoot instanceof TmpDir) devRoot.superblock = devtmpfs;
		const vfs = new MemVfs(root, {mountTime, now: () => wallEpoch + Math.floor(clock.seconds()), shmem: rootfs, getname: () => mm.getname(), inodeAlloc: () => mm.lsmInodeAlloc(), inodeFree: () => mm.lsmInodeRelease(), kernfsOpen: () => mm.kernfsOpen(), kernfsSetattr: (path) => mm.kernfsSetattr(path)});
		const printk = this.printk;
		const mountTable = new MountTable({root, vfs, rootfs, devtmpfs, totalramPages: () => mm.totalramPages(), memory,
			logError: text => printk.printk(KERN_ERR, text), now: () => wallEpoch + Math.floor(clock.seconds())});
		mounts.table = mountTable;
		// do_execve() -> do_open_execat(): the path walk of the file to run (for /proc/self/exe it
		// instantiates the task's /proc/<pid> and its exe link, proc inodes until the task exits).
		/** file_open_name(O_RDWR) of swapon(2) and swapoff(2): its error (a directory: EISDIR), if any. */
		const openSwapFile = (path: string): Errno | undefined => {
			const st = vfs.stat(path);
			if (typeof st === 'string') return st;
			return st.type === 'dir' ? 'EISDIR' : undefined;
		};
		const execWalk = (exe: string | undefined) => {
			mm.programExec();
			if (exe !== undefined) vfs.stat(exe);
		};
		let nextPipeIno = PIPE_INO_BASE;
		this.syscalls = {
			vfs,
			sysinfo: () => ({
				uptime: Math.floor(clock.seconds()),
				totalram: mm.totalramPages() * PAGE_SIZE,
				freeram: mm.freePages() * PAGE_SIZE,
				sharedram: mm.usage.shmemKb * 1024,
				bufferram: 0,
				totalswap: 0,
				freeswap: 0,
				// nr_threads: every task, kernel threads included
				procs: procs.taskCounts().all,
			}),
			// CONFIG_DEFAULT_HOSTNAME: nothing in the busybox initramfs sets a hostname.
			uname: () => ({sysname: 'Linux', nodename: '(none)', release: '6.1.0-57-amd64', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)', machine: 'x86_64'}),
			syslogRead: () => printk.readAll(),
			syslogClear: () => printk.clear(),
			syslogConsoleLevel: (level: number) => {
				if (level < 1 || level > 8) return 'EINVAL';
				// SYSLOG_ACTION_CONSOLE_LEVEL: levels below minimum_console_loglevel (1) are raised to it.
				printk.consoleLoglevel = level;
				return undefined;
			},
			time: () => wallEpoch + Math.floor(clock.seconds()),
			// get_next_ino() numbers pipefs inodes (with proc's and sockets'; memhp counts only
			// the pipes, from where the lab's 1G guest had it after its first commands).
			pipe: () => Object.assign(mm.pipeInode(), {ino: nextPipeIno++}),
			// fdinfo's mount id and inode of a file the shell opened: where the mount table and the filesystem have it.
			setFiles: (pid, files) => procs.setFiles(pid, files, path => {
				const ino = vfs.ino(path);
				const real = vfs.realpath(path);
				return typeof ino === 'number' && typeof real === 'string' ? {mntId: mountTable.mountOf(real).id ?? 0, ino} : undefined;
			}),
			waitChannel: (pid, on, ino) => procs.waitChannel(pid, on, ino),
			uptime: () => clock.seconds(),
			nanosleep: seconds => {
				clock.advance(seconds * 1e9);
				mm.rcuGracePeriod();
			},
			idle: () => mm.rcuGracePeriod(),
			tty: () => consoleTty,
			kernelTime: ticks => {
				clock.advance((ticks / USER_HZ) * 1e9);
				cpuTimes.chargeSystem(ticks);
				procs.chargeSystem(ticks);
			},
			rlimits: () => initRlimits(maxThreads(mm.boot.totalramPages)),
			getpid: () => procs.current().pid,
			lineDone: () => mm.shellLineDone(),
			copyBuffer: mapped => {
				const t = procs.current();
				if (mapped) t.copyBuf = true;
				else delete t.copyBuf;
			},
			fork: (argv, env, newPgrp, rlimits, noexec, exe) => {
				// (a forked shell, a subshell, is no program of its own until it execs one)
				mm.forkMm(noexec === 'sh' ? undefined : noexec ?? argv[0]);
				const pid = procs.fork(noexec === undefined ? argv : procs.current().argv, env, newPgrp, rlimits, noexec);
				if (noexec === undefined) {
					execWalk(exe);
					mm.execElf();
				}
				mm.vmaDemand(procs.userVmas());
				return pid;
			},
			execve: (argv, noexec, exe) => {
				mm.noteProgram(noexec ?? argv[0] ?? 'sh');
				if (noexec === undefined) {
					execWalk(exe);
					mm.execElf();
				}
				procs.execve(argv, noexec);
				mm.vmaDemand(procs.userVmas());
			},
			schedule: pid => procs.schedule(pid),
			setrlimit: (resource, limit) => procs.setRlimit(resource, limit),
			exit: pid => {
				mm.exitMm();
				// release_task() -> proc_flush_pid(): the task's /proc/<pid> dentries go (by RCU).
				mm.invalidateLookups('proc_inode_cache', proc.invalidate?.(String(pid)) ?? 0);
				return procs.exit(pid);
			},
			kill: (pid, sig) => procs.kill(pid, sig),
			takeSignals: pid => procs.takeSignals(pid),
			statfs: path => mountTable.statfs(path),
			// kernel_restart() / kernel_power_off() / kernel_halt(): pr_emerg() then the chipset.
			reboot: how => {
				// (kernel_power_off(): acpi_power_off_prepare() first)
				if (how === 'power-off') printk.printk(KERN_INFO, 'ACPI: PM: Preparing to enter system sleep state S5');
				printk.printk(KERN_EMERG, how === 'restart' ? 'reboot: Restarting system' : how === 'power-off' ? 'reboot: Power down' : 'reboot: System halted');
				if (how === 'restart') this.opts.power?.reset();
				else if (how === 'power-off') this.opts.power?.powerOff();
				throw new MachineDown(how);
			},
			mount: req => mountTable.mount(req),
			umount: (target, cwds) => mountTable.umount(target, cwds),
			// sys_swapon(): file_open_name(O_RDWR) (a directory: EISDIR), claim_swapfile() (a block
			// device or a regular file, else EINVAL), then the swap header is read through the
			// mapping's read_folio, which no filesystem here has (shmem, proc, sysfs): EINVAL, silently.
			swapon: path => openSwapFile(path) ?? 'EINVAL',
			// sys_swapoff(): the file opened O_RDWR, then looked for among the swap areas: there are none.
			swapoff: path => openSwapFile(path) ?? 'EINVAL',
		};
	}

	/**
	 * The boot log, stamped between 0 and "now" in the recorded run's proportions. The ACPI scan
	 * at boot adds the memory of the DIMMs QEMU was started with (-device pc-dimm) where the log
	 * has it run, its records among the boot's.
	 */
	private replayBootLog(): void {
		const wallEpoch = this.opts.wallEpoch ?? BOOT_EPOCH;
		const acpiScan = (): BootLine[] => {
			this.mm.initcallsRunning = true;
			try {
				const scan = this.printk.capture(() => this.acpi.bootScan()).map((r): BootLine => [r.level, r.text, undefined, r.dev]);
				this.mm.bootAllocationsAfterScan();
				return scan;
			} finally {
				this.mm.initcallsRunning = false;
			}
		};
		const {lines, clockStart} = bootLog(this.opts.boot, this.params, this.mm, this.opts.firmware.slotCount(), wallEpoch, acpiScan);
		const end = Math.min(this.opts.clock.now(), 2_560_000_000) * 0.98;
		lines.forEach(([level, text, atWallClock, dev], i) => {
			// (stamped 0 until the TSC is calibrated, as the real log is)
			const t = i < clockStart ? 0 : Math.floor((end * Math.pow(i / (lines.length - 1), 0.6)) / 1000) * 1000;
			// A line that reads the wall clock (the RTC) gets the guest's time() at its stamp.
			this.printk.logAt(level, t, atWallClock ? atWallClock(wallEpoch + Math.floor(t / 1e9)) : text, dev ? {dev} : {});
		});
	}

	/**
	 * A break on the serial console (QEMU's `C-a b`): uart_handle_break() arms SysRq, if it is on,
	 * for the next character received within SYSRQ_TIMEOUT (5 s).
	 */
	serialBreak(): void {
		this.sysrqArmedUntil = this.sysrq.on() ? this.opts.clock.now() + 5e9 : undefined;
	}

	/**
	 * A character received on the serial console: uart_handle_sysrq_char(). After a break it is
	 * a SysRq command and goes no further (true); the command may take the machine down
	 * (MachineDown).
	 */
	serialChar(ch: string): boolean {
		const until = this.sysrqArmedUntil;
		if (until === undefined) return false;
		this.sysrqArmedUntil = undefined;
		if (this.opts.clock.now() > until || !this.sysrq.on()) return false;
		this.sysrq.handle(ch, true);
		return true;
	}

	/** Characters the serial console received (not a SysRq command): its tty's flip buffers hold them. */
	serialInput(bytes: number): void {
		this.mm.serialInput(bytes);
	}

	/** Whether the next character on the serial console is a SysRq command. */
	sysrqArmed(): boolean {
		return this.sysrqArmedUntil !== undefined;
	}

	/** QEMU raised the memory-hotplug GPE: run \_SB.MHPC.MSCN. */
	raiseMemoryHotplugGpe(): void {
		this.acpi.scan();
	}

	/** An NMI on CPU 0 that no handler claims (nmi.ts). */
	nmi(): void {
		this.unknownNmi.take();
	}

	/** QEMU raised the PCI hotplug GPE: acpiphp enables the slots that came up. */
	raisePciHotplugGpe(): void {
		if (!this.acpiphp) return;
		// \_GPE._E01 runs PCNT in the ACPI interpreter, with its state objects, as MSCN does for
		// memory (not measured apart from the memory GPE's)
		this.mm.gpeMethod();
		this.mm.acpiInterpreter();
		for (const f of this.acpiphp.gpe()) this.mm.pciFunctionAdded(kernfsNodesOfPciFunction(f.fn, f.bars));
	}

	snapshot(): GuestMemorySnapshot {
		const mm = this.mm;
		return {
			blockSizeBytes: mm.boot.blockSizeBytes,
			blocks: this.blockSnapshots.blocks(),
			zones: mm.zones.map(z => ({name: z.name, presentPages: z.present, managedPages: z.managed, freePages: z.free})),
			memTotalKb: mm.totalramPages() * 4,
			memFreeKb: mm.freePages() * 4,
			memAvailableKb: mm.memAvailablePages() * 4,
			hugePages: mm.hugetlb.nrHugePages,
			// The initramfs's own pages were Shmem at boot; what files added since is shown apart.
			tmpfsKb: Math.max(0, mm.usage.shmemKb - this.bootShmemKb),
			autoOnlineBlocks: mm.defaultOnlineType,
			...(mm.params.acpiNoMemhotplug ? {acpiNoMemhotplug: true} : {}),
		};
	}

	/**
	 * The hotplug events so far. Each is copied once (and frozen) the first time a snapshot
	 * includes it: an event never changes after the operation that logged it, so a panel
	 * snapshot does not re-copy the whole history on every command.
	 */
	events(): HotplugEvent[] {
		const events = this.mm.events;
		for (let i = this.eventCopies.length; i < events.length; i++) {
			const e = events[i];
			this.eventCopies.push(Object.freeze({...e, blocks: Object.freeze([...e.blocks]) as number[], callPath: Object.freeze([...e.callPath]) as string[]}));
		}
		return this.eventCopies.slice();
	}
}
