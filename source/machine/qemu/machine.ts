/**
 * QemuMachine: QEMU 7.2's pc machine as far as memory hotplug goes — the QOM tree with the
 * boot RAM backend `pc.ram`, the memory map, the ACPI memory hotplug device, run state and
 * the QMP-shaped command layer; HMP is text formatting on top (hmp.ts).
 */
import {busIsA, hotplugFunctionConfig, optionRomSizes, pciFirmwareView, qbusFind, qbusFindByType, qdevBoard, rootBusOccupants, type FoundBus, type QdevBoard} from './qdev-tree.js';
import type {AcpiGuest, FirmwareBootInfo, MemoryHotplugFirmware, PciFunctionConfig, PciHotplugFirmware} from '../acpi.js';
import type {VirtualClock} from '../clock.js';
import type {DimmStatus, QemuSnapshot} from '../snapshot.js';
import {AcpiMemoryHotplug} from './acpi-memory-hotplug.js';
import {isAmdCpuModel} from './cpu-models.js';
import {checkDeviceId, deviceBusType, lookupDeviceModel, pcDimmDeviceAdd, virtioMemPciDeviceAdd, type DeviceAddContext} from './device-add.js';
import {VirtIOMEMPCI} from './virtio-mem-pci.js';
import {HostMemoryBackend, hostMapError} from './host-memory-backend.js';
import {HmpMonitor, hmpComplete, runHmpLine} from './hmp.js';
import {memoryDeviceBuildList, type DeviceMemoryState} from './memory-device.js';
import {userCreatableAdd, userCreatableCreate, type OptionValue} from './object-add.js';
import {NVDIMMDevice} from './nvdimm.js';
import {PCDIMMDevice} from './pc-dimm.js';
import {pcMemoryInit, seabiosE820, type MemoryLayout} from './pc-memory-layout.js';
import type {QemuConfig} from './qemu-command-line.js';
import {Container, QomObject, resolvePath} from './qom.js';
import {PcMachineObject, addRootContainers} from './pc-machine.js';
import {machinePropertyFromOption} from './machine-options.js';
import {buildPcComposition, cpuHotplugModern, firmwareRan} from './pc-composition.js';
import {dispatchQmp, type QmpResponse} from './qmp-commands.js';
import {RamList, addBoardRamBlocks} from './ram-block.js';
import {QmpError} from './qmp-error.js';

export type RunState = 'running' | 'paused' | 'prelaunch';

/** The HMP greeting a monitor prints when its chardev opens (monitor_event(), monitor/hmp.c). */
export const MONITOR_BANNER = "QEMU 7.2.22 monitor - type 'help' for more information\n";

/** A QAPI event (qapi_event_send_*): what QMP monitors are sent once they negotiated. */
export interface QapiEvent {
	event: string;
	data?: Record<string, unknown>;
	timestamp: {seconds: number; microseconds: number};
}

export {QmpError};

export class QemuMachine {
	readonly root = new QomObject('container');
	readonly machineObject: PcMachineObject;
	readonly peripheral = new Container();
	readonly peripheralAnon = new Container();
	readonly firmware: MemoryHotplugFirmware;
	readonly acpi: AcpiMemoryHotplug;
	runstate: RunState;
	private guest?: AcpiGuest;
	private gpePending = false;
	/** PCI_UP: root-bus slots a device was hotplugged into, not yet read by the guest's PCNT. */
	private pciUp = new Set<number>();
	private pciGpePending = false;
	private delivering = false;
	private anonCount = 0;
	/** Creation order of hotplugged PCI devices (the bus lists them newest first). */
	private pciSerial = 0;
	private readonly eventListeners = new Set<(e: QapiEvent) => void>();

	private constructor(
		readonly config: QemuConfig,
		readonly clock: VirtualClock,
		readonly layout: MemoryLayout,
		/** /objects, with the -object backends already in it. */
		readonly objects: Container,
		/** The RAMBlocks, the -object backends' already in it. */
		readonly ram: RamList,
	) {
		const set = new Map<string, unknown>();
		for (const [key, text] of config.machineOptions ?? []) {
			const value = machinePropertyFromOption(key, text);
			if (value !== undefined) set.set(key, value);
		}
		this.machineObject = new PcMachineObject(config.machineType === 'q35' ? 'pc-q35-7.2-machine' : 'pc-i440fx-7.2-machine', layout.deviceMemory, config,
			set, () => (config.rtcBase ?? clock.hostEpoch) + Math.floor(clock.now() / 1e9));
		this.root.addChild('machine', this.machineObject);
		this.root.addChild('objects', this.objects);
		addRootContainers(this.root);
		this.machineObject.addChild('peripheral', this.peripheral);
		this.machineObject.addChild('peripheral-anon', this.peripheralAnon);
		this.acpi = new AcpiMemoryHotplug(config.memory.slots, () => this.raiseGpe(), (dimm) => this.pcMemoryUnplug(dimm), (info) => this.emitEvent('ACPI_DEVICE_OST', {info}));
		this.firmware = this.acpi;
		this.runstate = config.startPaused ? 'prelaunch' : 'running';
		buildPcComposition(config, this.root, this.machineObject, layout);
		if (this.runstate === 'running') firmwareRan(this.machineObject);
	}

	/**
	 * qemu_create_late_backends (the -object memory backends), qemu_init_board
	 * (create_default_memdev, pc_init1 / pc_memory_init), qemu_create_cli_devices (-device,
	 * cold-plugged: not `hotplugged`, no GPE). Start-up errors come back as QEMU prints them.
	 */
	static create(config: QemuConfig, clock: VirtualClock): {ok: true; machine: QemuMachine} | {ok: false; stdout?: string; stderr: string; exitCode: number} {
		const fail = (message: string) => ({ok: false as const, stderr: `qemu-system-x86_64: ${message}\n`, exitCode: 1});
		// qemu_create_late_backends() ends by creating the monitors: a `-monitor stdio` one has
		// printed its banner and prompt when the board's init fails (the lab: "(qemu) " and the
		// error on one line), a muxed one has not been switched to.
		const failBoard = (message: string) => ({...fail(message), ...(config.monitorStdio ? {stdout: `${MONITOR_BANNER}(qemu) `} : {})});
		const layout = pcMemoryInit({
			machineType: config.machineType === 'q35' ? 'q35' : 'pc',
			ramSize: config.memory.exact.size,
			maxRamSize: config.memory.exact.maxmem,
			slots: config.memory.exact.slots,
			physBits: config.physBits,
			amdCpu: isAmdCpuModel(config.cpuModel),
		});
		// qemu_create_late_backends() runs before pc_memory_init() can report a bad memory map.
		const objects = new Container();
		const ram = new RamList();
		for (const o of config.coldObjects) {
			const created = userCreatableCreate({objects, smpCpus: config.smp, ram}, o.options);
			if (!created.ok) return fail(created.error);
		}
		// Then the monitors (a `-monitor stdio` one prints its banner and prompt) and the serial
		// ports, whose chardevs cannot share stdio with it.
		if (config.stdioTaken !== undefined) {
			const where = config.stdioTaken;
			return failBoard(`${where}cannot use stdio by multiple character devices\nqemu-system-x86_64: ${where}could not connect serial device to character backend 'stdio'`);
		}
		// Then parse_cpu_option() (the model and its features, the lab: after the monitors), and
		// machine_run_board_init(), which refuses an -object named as the default RAM backend and
		// creates that (create_default_memdev()), before pc_init1() can report a bad memory map.
		if (config.cpuParseError) return failBoard(config.cpuParseError);
		if (objects.children.has('pc.ram')) {
			return failBoard("object name 'pc.ram' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else");
		}
		const ramError = hostMapError('pc.ram', config.memory.size);
		if (ramError) return failBoard(ramError);
		// pc_init1(): x86_cpus_init() creates the CPUs before pc_memory_init() lays out memory.
		if (config.cpuError) return failBoard(config.cpuError);
		if (!layout.ok) return failBoard(layout.error);
		const machine = new QemuMachine(config, clock, layout.layout, objects, ram);
		machine.createDefaultMemdev();
		// (a q35 board's devices are not modelled: `info ramblock` says so)
		if (config.machineType !== 'q35') addBoardRamBlocks(ram, config.board);
		for (const d of config.coldDevices) {
			try {
				machine.deviceAdd(d.opts, false);
			} catch (error) {
				if (!(error instanceof QmpError)) throw error;
				// qemu_opts_foreach() restores the option's location for the error.
				// (error_report_err() prints the hint after the message, without the location)
				const [first, ...rest] = error.message.split('\n');
				return failBoard([`-device ${d.arg}: ${first}`, ...rest, ...(error.hint ? [error.hint.replace(/\n$/, '')] : [])].join('\n'));
			}
		}
		return {ok: true, machine};
	}

	/** create_default_memdev: the boot RAM is a memory-backend-ram called pc.ram. */
	private createDefaultMemdev(): void {
		const ram = new HostMemoryBackend(this.config.smp);
		ram.size = this.config.memory.size;
		this.objects.addChild('pc.ram', ram);
		ram.complete(this.ram);
		// pc_memory_init(): vmstate_register_ram_global(machine->ram)
		if (ram.ramBlock) ram.ramBlock.idstr = 'pc.ram';
		// machine_consume_memdev: the board owns it (object_del: "in use"; device_add: "busy")
		ram.mapped = true;
	}

	/** The board as its qdev tree sees it (info qtree, query-pci), with the PCI devices device_add put on it. */
	qdevBoard(): QdevBoard {
		return qdevBoard(this.config, this.layout.below4g, this.layout.above4g, this.virtioMems('creation'));
	}

	/**
	 * hw/acpi/pcihp.c's registers as the guest's AML reads them: PCI_UP (read clears it) and the
	 * config space of a slot's functions.
	 */
	readonly pciHotplug: PciHotplugFirmware = {
		takeUpSlots: () => {
			const slots = [...this.pciUp].sort((a, b) => a - b);
			this.pciUp.clear();
			return slots;
		},
		slotFunctions: (slot: number): PciFunctionConfig[] => this.virtioMems('creation').filter((d) => d.devfn >> 3 === slot).map(hotplugFunctionConfig),
	};

	bootInfo(): FirmwareBootInfo {
		return this.bootInfoOf(this.layout);
	}

	/**
	 * What the firmware would hand a guest on this machine with `ramSize` of RAM instead (the
	 * same slots, maxmem, CPUs and command line), or undefined where pc_memory_init() refuses
	 * that size: for memhp's hint of a size that boots.
	 */
	bootInfoWithRam(ramSize: bigint): FirmwareBootInfo | undefined {
		const {config} = this;
		const layout = pcMemoryInit({
			machineType: config.machineType === 'q35' ? 'q35' : 'pc',
			ramSize,
			maxRamSize: config.memory.exact.maxmem > ramSize ? config.memory.exact.maxmem : ramSize,
			slots: config.memory.exact.slots,
			physBits: config.physBits,
			amdCpu: isAmdCpuModel(config.cpuModel),
		});
		return layout.ok ? this.bootInfoOf(layout.layout) : undefined;
	}

	private bootInfoOf(layout: MemoryLayout): FirmwareBootInfo {
		const {config} = this;
		return {
			ramBelow4g: layout.below4g,
			ramAbove4g: layout.above4g,
			e820: seabiosE820(layout, {ahciDrive: config.machineType === 'q35' && config.board.cdrom}),
			board: config.machineType === 'q35' ? 'q35' : 'pc',
			hotplugRange: layout.deviceMemory.size ? {...layout.deviceMemory} : undefined,
			pciHole64: {...layout.pciHole64},
			pciHole32Start: layout.below4g,
			cpus: config.smp,
			topology: {sockets: config.topology.sockets, dies: config.topology.dies, cores: config.topology.cores, threads: config.topology.threads},
			cmdline: config.append,
			physBits: config.physBits,
			isaDevices: {floppy: config.board.floppy, serialPorts: config.board.serialPorts, parallelPorts: config.board.parallelPorts},
			// (what SeaBIOS found: the board and the -device'd PCI functions)
			pci: pciFirmwareView(qdevBoard(config, layout.below4g, layout.above4g, this.virtioMems('creation'))),
			optionRoms: optionRomSizes(config.board, config.kernel !== undefined),
			numa: this.numaNodes() > 0,
		};
	}

	attachGuest(guest: AcpiGuest | undefined): void {
		this.guest = guest;
		if (guest) cpuHotplugModern(this.machineObject);
		this.deliverGpe();
	}

	running(): boolean {
		return this.runstate === 'running';
	}

	/** Whether a guest OS booted (its ACPI took over: the CPU hotplug block in the modern layout, eject requests answered). */
	hasGuest(): boolean {
		return this.guest !== undefined;
	}

	/** NUMA nodes: the pc machine auto-creates one when memory hotplug is configured. */
	numaNodes(): number {
		const {slots, maxmem, size} = this.config.memory;
		return slots > 0 || maxmem > size ? 1 : 0;
	}

	backends(): HostMemoryBackend[] {
		return this.objects.childList().filter((o): o is HostMemoryBackend => o instanceof HostMemoryBackend);
	}

	/** Realized DIMMs sorted by address (memory_device_build_list). */
	dimms(): PCDIMMDevice[] {
		const all = [...this.peripheral.childList(), ...this.peripheralAnon.childList()];
		return memoryDeviceBuildList(all.filter((o): o is PCDIMMDevice => o instanceof PCDIMMDevice && o.realized));
	}

	/**
	 * Realized virtio-mem-pci devices: sorted by address (memory_device_build_list), or in the
	 * order they were added (`creation`: the PCI bus's).
	 */
	virtioMems(order: 'address' | 'creation' = 'address'): VirtIOMEMPCI[] {
		const all = [...this.peripheral.childList(), ...this.peripheralAnon.childList()].filter((o): o is VirtIOMEMPCI => o instanceof VirtIOMEMPCI && o.realized);
		return order === 'address' ? memoryDeviceBuildList(all) : all.sort((a, b) => a.serial - b.serial);
	}

	/** Every realized memory device (DIMMs and virtio-mem), sorted by address: query-memory-devices. */
	memoryDevices(): (PCDIMMDevice | VirtIOMEMPCI)[] {
		return memoryDeviceBuildList<PCDIMMDevice | VirtIOMEMPCI>([...this.dimms(), ...this.virtioMems()]);
	}

	/** get_plugged_memory_size(): the DIMMs' sizes and what virtio-mem devices plugged. */
	pluggedMemory(): number {
		return this.dimms().reduce((sum, d) => sum + d.size, 0) + this.virtioMems().reduce((sum, d) => sum + d.plugged, 0);
	}

	private deviceMemoryState(): DeviceMemoryState {
		return {
			base: this.layout.deviceMemory.base,
			regionSize: this.layout.deviceMemory.size,
			space: this.config.memory.maxmem - this.config.memory.size,
			devices: this.memoryDevices().map((d) => ({id: d.id, addr: d.addr, size: d.size})),
		};
	}

	/**
	 * object-add; `keyval` for HMP's string values (object_add), typed JSON otherwise. `warn`
	 * gets what warn_report() prints on the way (the monitor shows it; QMP's go to stderr).
	 */
	objectAdd(values: Map<string, OptionValue>, keyval = false, warn?: (line: string) => void): void {
		const result = userCreatableAdd({objects: this.objects, smpCpus: this.config.smp, ram: this.ram}, values, keyval, warn);
		if (!result.ok) throw new QmpError(result.error);
	}

	/** object-del (user_creatable_del) */
	objectDel(id: string): void {
		const obj = this.objects.children.get(id);
		if (!obj) throw new QmpError(`object '${id}' not found`);
		if (obj instanceof HostMemoryBackend && obj.mapped) throw new QmpError(`object '${id}' is in use, can not be deleted`);
		this.objects.deleteChild(id);
		// host_memory_backend finalize: the region and its RAMBlock go
		if (obj instanceof HostMemoryBackend && obj.ramBlock) this.ram.remove(obj.ramBlock);
	}

	/**
	 * device_add (qmp_device_add), or a -device before the machine is ready (`hotplug` false:
	 * device_initfn() leaves `hotplugged` unset, and no GPE tells the guest); `opts` as QemuOpts strings.
	 */
	deviceAdd(opts: Map<string, string>, hotplug = true, warn?: (line: string) => void): void {
		const idError = checkDeviceId(opts);
		if (idError) throw new QmpError(idError);
		const driver = opts.get('driver');
		if (driver === undefined) throw new QmpError("Parameter 'driver' is missing");
		const model = lookupDeviceModel(driver);
		if (!model.ok) throw new QmpError(model.error);
		const ctx: DeviceAddContext = {
			root: this.root,
			peripheral: this.peripheral,
			peripheralAnon: this.peripheralAnon,
			ramSlots: this.config.memory.slots,
			numaNodes: this.numaNodes(),
			deviceMemory: () => this.deviceMemoryState(),
			deviceMemoryRegion: () => this.machineObject.children.get('device-memory[0]'),
			usedSlots: () => new Set(this.dimms().map((d) => d.slot)),
			nvdimmEnabled: this.config.nvdimm,
			nextAnonIndex: () => this.anonCount++,
			pciFunctions: () => rootBusOccupants(this.qdevBoard()),
			...(warn ? {warn} : {}),
		};
		// qdev_device_add(): the bus, before the device exists: the bus= path (qbus_find()), which the
		// device's class must be able to go on (a pc-dimm goes on no bus), else the first bus of the
		// class's type that has room (a virtio device's, which only its proxy has: each takes one),
		// which must take hotplugged devices. (Without bus= only the memory devices memhp builds
		// look: its board has no USB or SCSI buses to offer the others.)
		const busPath = opts.get('bus');
		const busType = deviceBusType(model.name);
		let bus: FoundBus | undefined;
		if (busPath !== undefined) {
			const found = qbusFind(this.qdevBoard(), busPath);
			if (!found.ok) throw new QmpError(found.error, found.errorClass, found.hint);
			if (!busIsA(found.bus.type, busType)) throw new QmpError(`Device '${model.name}' can't go on ${found.bus.type} bus`);
			bus = found.bus;
		} else if (busType !== undefined && (model.name === 'virtio-mem' || model.name === 'virtio-mem-pci')) {
			bus = qbusFindByType(this.qdevBoard(), busType);
			if (!bus) throw new QmpError(`No '${busType}' bus found for device '${model.name}'`);
		}
		if (hotplug && bus && !bus.hotpluggable) throw new QmpError(`Bus '${bus.name}' does not support hotplugging`);
		// (a -device virtio-mem-pci on q35's PCI Express root bus is not built: memhp has no q35 BAR placement for it)
		if (model.name === 'virtio-mem-pci' && (hotplug || this.config.machineType !== 'q35')) {
			const added = virtioMemPciDeviceAdd(ctx, opts, hotplug);
			if (!added.ok) throw new QmpError(added.error, added.errorClass);
			added.dev.serial = this.pciSerial++;
			if (!hotplug) return;
			// acpi_pcihp_device_plug_cb(): the slot goes up and the guest gets the PCI hotplug GPE
			this.pciUp.add(added.dev.devfn >> 3);
			this.pciGpePending = true;
			this.deliverGpe();
			return;
		}
		if (model.name !== 'pc-dimm' && model.name !== 'nvdimm') {
			// Other -device options are accepted and ignored (memhp simulates memory devices only;
			// q35's -device virtio-mem-pci is not placed).
			if (!hotplug) return;
			throw new QmpError(`memhp: device '${model.name}' is not simulated`);
		}
		const result = pcDimmDeviceAdd(ctx, opts, model.name);
		if (!result.ok) throw new QmpError(result.error, result.errorClass);
		result.dimm.hotplugged = hotplug;
		// pc_memory_plug → pc_dimm_plug + acpi_memory_plug_cb (raises the GPE for hotplugged DIMMs).
		// An nvdimm goes to nvdimm_acpi_plug_cb instead: its GPE asks the guest's nfit driver to
		// rescan, and the goldens' guest has none (no modules), so nothing happens in the guest.
		if (!(result.dimm instanceof NVDIMMDevice)) this.acpi.plug(result.dimm);
	}

	/** device_del (qmp_device_del → qdev_unplug → pc_memory_unplug_request). */
	deviceDel(id: string): void {
		// object_resolve_path_at(peripheral, id): relative paths start at /machine/peripheral
		const obj = id.startsWith('/') ? resolvePath(this.root, id).object : resolvePath(this.peripheral, `/${id}`).object;
		if (!obj) throw new QmpError(`Device '${id}' not found`, 'DeviceNotFound');
		// pc_machine_device_unplug_request_cb() → pc_virtio_md_pci_unplug_request()
		if (obj instanceof VirtIOMEMPCI) throw new QmpError('virtio based memory devices cannot be unplugged.');
		if (!(obj instanceof PCDIMMDevice)) throw new QmpError(`${id} is not a hotpluggable device`);
		// pc_memory_unplug_request()
		if (obj instanceof NVDIMMDevice) throw new QmpError('nvdimm device hot unplug is not supported yet.');
		this.acpi.unplugRequest(obj);
	}

	/**
	 * _EJ0 → pc_memory_unplug: pc_dimm_unplug, unrealize (backend unmapped), object_unparent,
	 * whose device_unparent() sends DEVICE_DELETED for a device_del'ed device.
	 */
	private pcMemoryUnplug(dimm: PCDIMMDevice): void {
		const path = dimm.canonicalPath();
		dimm.realized = false;
		if (dimm.hostmem) dimm.hostmem.mapped = false;
		dimm.mappedRegion()?.unmap();
		// pc_dimm_unrealize(): vmstate_unregister_ram() clears the block's name
		if (dimm.hostmem?.ramBlock) dimm.hostmem.ramBlock.idstr = '';
		dimm.parent?.deleteChild(dimm.name);
		this.emitEvent('DEVICE_DELETED', {...(dimm.id !== undefined ? {device: dimm.id} : {}), path});
	}

	/** Subscribe to QAPI events; returns the unsubscribe function. */
	onEvent(listener: (e: QapiEvent) => void): () => void {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	}

	/** qapi_event_send_*(): stamped with the host's wall clock (memhp: the virtual one). */
	emitEvent(event: string, data?: Record<string, unknown>): void {
		const ns = this.clock.now();
		const us = Math.floor(ns / 1000);
		const timestamp = {seconds: this.clock.hostEpoch + Math.floor(us / 1e6), microseconds: us % 1e6};
		for (const listener of this.eventListeners) listener({event, ...(data ? {data} : {}), timestamp});
	}

	/** Set by system_reset until the session has rebooted the guest (takeResetRequest()). */
	private resetRequested = false;

	/**
	 * qmp_system_reset() → qemu_system_reset(): RESET is sent and the machine starts over with
	 * its devices as they are (a hot-plugged DIMM stays plugged); the guest boots again.
	 */
	systemReset(): void {
		this.emitEvent('RESET', {guest: false, reason: 'host-qmp-system-reset'});
		this.reset();
	}

	/**
	 * The guest wrote the reset control register (reboot -f): qemu_system_reset_request(
	 * SHUTDOWN_CAUSE_GUEST_RESET), then the same reset as system_reset.
	 */
	guestReset(): void {
		this.emitEvent('RESET', {guest: true, reason: 'guest-reset'});
		this.reset();
	}

	/**
	 * qemu_system_reset(): the pending ACPI events and NMI go (the CPUs' reset clears their
	 * interrupt requests); pci_do_device_reset() clears every PCI
	 * function's BARs and command register, and SeaBIOS's pci_setup() configures them all again,
	 * those hotplugged since the start too, before the guest boots.
	 */
	private reset(): void {
		this.gpePending = false;
		this.pciGpePending = false;
		this.nmiPending = false;
		this.pciUp.clear();
		for (const dev of this.virtioMems('creation')) dev.biosConfigured = true;
		this.resetRequested = true;
	}

	/** Set when the guest powered the machine off (QEMU then exits, as without -no-shutdown). */
	private shutdownRequested = false;

	/** The guest entered S5 (poweroff -f): SHUTDOWN goes out and QEMU exits. */
	guestShutdown(): void {
		this.emitEvent('SHUTDOWN', {guest: true, reason: 'guest-shutdown'});
		this.shutdownRequested = true;
	}

	/** Whether the guest powered off since the last call. */
	takeShutdownRequest(): boolean {
		const requested = this.shutdownRequested;
		this.shutdownRequested = false;
		return requested;
	}

	/** Whether a system_reset happened since the last call (the session then reboots the guest). */
	takeResetRequest(): boolean {
		const requested = this.resetRequested;
		this.resetRequested = false;
		return requested;
	}

	/** qmp_system_powerdown(): the ACPI power button (a busybox guest without acpid ignores it). */
	systemPowerdown(): void {
		this.emitEvent('POWERDOWN');
	}

	private raiseGpe(): void {
		this.gpePending = true;
		this.deliverGpe();
	}

	/** Hands the pending GPE to the guest OS, synchronously, when the VM runs. */
	private deliverGpe(): void {
		if (this.delivering) return;
		this.delivering = true;
		try {
			while ((this.gpePending || this.pciGpePending) && this.runstate === 'running' && this.guest) {
				// (the PCI hotplug bit, _E01, is handled before the memory hotplug one, _E03)
				if (this.pciGpePending) {
					this.pciGpePending = false;
					this.guest.raisePciHotplugGpe?.();
					continue;
				}
				this.gpePending = false;
				this.guest.raiseMemoryHotplugGpe();
			}
		} finally {
			this.delivering = false;
		}
	}

	stop(): void {
		if (this.runstate !== 'running') return;
		this.runstate = 'paused';
		this.emitEvent('STOP');
	}

	/** qmp_cont → vm_start(); on a running VM vm_prepare_start() still sends STOP and RESUME. */
	cont(): void {
		if (this.runstate === 'running') this.emitEvent('STOP');
		this.runstate = 'running';
		firmwareRan(this.machineObject);
		this.emitEvent('RESUME');
		this.deliverNmi();
		this.deliverGpe();
	}

	/** An NMI raised while the VM was stopped: the CPU takes it when it runs again. */
	private nmiPending = false;

	/**
	 * qmp_inject_nmi() → x86_nmi(): each CPU's LAPIC gets the NMI on LINT1 (cpu_interrupt() where
	 * the APIC is off). The guest OS handles it when the CPU runs; firmware (no -kernel) does
	 * nothing to be seen, and several NMIs while stopped are one pending interrupt.
	 */
	injectNmi(): void {
		this.nmiPending = true;
		this.deliverNmi();
	}

	private deliverNmi(): void {
		if (!this.nmiPending || this.runstate !== 'running') return;
		this.nmiPending = false;
		this.guest?.nmi?.();
	}

	qmp(command: string, args: Record<string, unknown> = {}): QmpResponse {
		return dispatchQmp(this, command, args);
	}

	/** The monitor on the mux (or stdio): it has a readline history. */
	readonly monitor = new HmpMonitor(true);

	hmp(line: string, mon: HmpMonitor = this.monitor): {output: string; quit?: boolean} {
		return runHmpLine(this, line, mon);
	}

	/**
	 * qmp_human_monitor_command(): the line runs on a private HMP monitor without readline,
	 * whose current CPU is `cpu-index` when given.
	 */
	humanMonitorCommand(line: string, cpuIndex?: number): {output: string; quit?: boolean} {
		const mon = new HmpMonitor(false);
		if (cpuIndex !== undefined) {
			if (!Number.isInteger(cpuIndex) || cpuIndex < 0 || cpuIndex >= this.config.smp) {
				throw new QmpError("Parameter 'cpu-index' expects a CPU number");
			}
			mon.cpuIndex = cpuIndex;
		}
		return runHmpLine(this, line, mon);
	}

	hmpComplete(line: string): string[] {
		return hmpComplete(this, line);
	}

	dimmStatus(dimm: PCDIMMDevice): DimmStatus {
		if (dimm instanceof NVDIMMDevice) return 'nvdimm';
		const status = this.acpi.status(dimm.slot);
		if (!status?.ejectRequested) return 'plugged';
		return this.acpi.ejectRefused(dimm.slot) ? 'eject-refused' : 'eject-requested';
	}

	snapshot(): QemuSnapshot {
		const dimms = this.dimms();
		return {
			ramSize: this.config.memory.size,
			maxRamSize: this.config.memory.maxmem,
			slots: this.config.memory.slots,
			dimms: dimms.map((d) => ({
				id: d.id ?? '',
				slot: d.slot,
				addr: d.addr,
				size: d.size,
				memdev: d.hostmem?.name ?? '',
				node: d.node,
				status: this.dimmStatus(d),
			})),
			backends: this.backends().reverse().map((b) => ({id: b.name, size: b.size, mapped: b.mapped})),
			// pluggedMemory() over the list already built (each dimms() walks and sorts every device).
			pluggedBytes: dimms.reduce((sum, d) => sum + d.size, 0),
			deviceMemory: this.layout.deviceMemory.size ? {...this.layout.deviceMemory} : undefined,
			running: this.running(),
			virtioMem: this.virtioMems().map((d) => ({
				id: d.id ?? '',
				pciAddr: `00:${(d.devfn >> 3).toString(16).padStart(2, '0')}.${d.devfn & 7}`,
				addr: d.memaddr,
				size: d.size,
				requestedSize: d.requestedSize,
				pluggedSize: d.plugged,
				memdev: d.hostmem?.name ?? '',
			})),
		};
	}
}
