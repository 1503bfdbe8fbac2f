/**
 * The ACPI device nodes acpi_bus_scan() makes from QEMU's DSDT for the `pc` board, besides the
 * memory-hotplug container and the processors (sysfs.ts and sysfs-cpu.ts simulate those). Each
 * node is named by acpi_device_set_name(): its _HID and a per-HID instance number, or
 * `device:NN` without a _HID, numbered in the order the namespace walk meets them (depth first,
 * so the ISA bridge's floppy drive FLPA is device:02 between the PCI slots S08 and S10). Read off
 * the lab's guests (session 39, lab s39/acpi: 1G and 4G, one to three CPUs, 0 to 8 slots).
 */

/** What of the board the DSDT describes. */
export interface AcpiBoard {
	/** DIMM slots: \_SB.PCI0.MHPD (the hotplug registers' resources) and \_SB.MHPC exist with any. */
	slots: number;
	/** A floppy drive on the ISA floppy controller (FDC0's FLPA); -nodefaults has none. */
	floppy: boolean;
	/** COM1.. and LPT1.. under the ISA bridge. */
	serialPorts: number;
	parallelPorts: number;
	/**
	 * A q35 board: a PCI Express root (PNP0A08), a device node per function QEMU describes (its
	 * devfn here: every one but the AHCI controller in the lab's guest), the ISA devices under the
	 * LPC bridge at 1f.0, the MCH's resources (PNP0C01) and sixteen interrupt links.
	 */
	q35?: {devfns: number[]};
}

/** One ACPI device node: its sysfs name and the path of its directory under /sys/devices. */
export interface AcpiNode {
	name: string;
	path: string;
}

/** PCI slot objects S00..SF8 of \_SB.PCI0 (one per device number, functions not listed). */
const PCI_SLOTS = 32;

const ROOT = 'LNXSYSTM:00';
const SB = `${ROOT}/LNXSYBUS:00`;
const PCI0 = `${SB}/PNP0A03:00`;

/**
 * The nodes memhp lists but does not simulate, in namespace order: under \ the power button and
 * \_TZ; under \_SB the HPET, PCI0 with its resource devices (PRES, MHPD, GPE0, PHPR), fw_cfg, the
 * PCI slots and the ISA bridge's devices, and the PCI interrupt links.
 */
export function acpiUnsimulatedNodes(board: AcpiBoard): AcpiNode[] {
	const instances = new Map<string, number>();
	const name = (hid: string) => {
		const n = instances.get(hid) ?? 0;
		instances.set(hid, n + 1);
		return `${hid}:${n.toString(16).padStart(2, '0')}`;
	};
	const nodes: AcpiNode[] = [];
	const add = (hid: string, parent: string) => {
		const n = name(hid);
		nodes.push({name: n, path: `${parent}/${n}`});
		return `${parent}/${n}`;
	};
	add('LNXPWRBN', ROOT);
	// (LNXSYBUS:00 is \_SB, simulated; \_TZ is the second system bus.)
	name('LNXSYBUS');
	add('LNXSYBUS', ROOT);
	add('PNP0103', SB);
	const isa = (dev: string) => {
		add('PNP0303', dev);
		add('PNP0F13', dev);
		const fdc = board.q35 ? (board.floppy ? add('PNP0700', dev) : undefined) : add('PNP0700', dev);
		// (FDC0 is there with or without a drive on pc; its drive FLPA only with one, -nodefaults has none)
		if (fdc && board.floppy) add('device', fdc);
		for (let i = 0; i < board.parallelPorts; i++) add('PNP0400', dev);
		for (let i = 0; i < board.serialPorts; i++) add('PNP0501', dev);
		add('PNP0B00', dev);
	};
	if (board.q35) {
		// (lab s62/q35-acpi: the 1G q35 guest's namespace)
		const pcie0 = `${SB}/PNP0A08:00`;
		nodes.push({name: 'PNP0A08:00', path: pcie0});
		add('PNP0A06', pcie0);
		if (board.slots > 0) add('PNP0A06', pcie0);
		add('PNP0A06', pcie0);
		add('PNP0A06', pcie0);
		add('QEMU0002', pcie0);
		for (const devfn of [...board.q35.devfns].sort((a, b) => a - b)) {
			const dev = add('device', pcie0);
			if (devfn === 0xf8) isa(dev);
		}
		add('PNP0C01', SB);
		for (let i = 0; i < 16; i++) add('PNP0C0F', SB);
		return nodes;
	}
	nodes.push({name: 'PNP0A03:00', path: PCI0});
	add('PNP0A06', PCI0);
	if (board.slots > 0) add('PNP0A06', PCI0);
	add('PNP0A06', PCI0);
	add('PNP0A06', PCI0);
	add('QEMU0002', PCI0);
	for (let slot = 0; slot < PCI_SLOTS; slot++) {
		const dev = add('device', PCI0);
		// S08, the PIIX3 ISA bridge: keyboard, mouse, floppy, parallel and serial ports, RTC.
		if (slot === 1) isa(dev);
	}
	// LNKA-LNKD and LNKS.
	for (let i = 0; i < 5; i++) add('PNP0C0F', SB);
	return nodes;
}

/** acpi_bus_type's drivers with devices bound in this guest. */
export const ACPI_DRIVERS = ['ec', 'hardware_error_device', 'hpet', 'thermal', 'tpm_crb', 'vmgenid'];
