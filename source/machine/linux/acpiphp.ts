/**
 * ACPI PCI hotplug on the guest's side (drivers/pci/hotplug/acpiphp_glue.c): QEMU's GPE runs
 * \_SB.PCI0.PCNT, which notifies each slot that came up; acpiphp_check_bridge() →
 * enable_slot() scans the slot (pci_scan_slot(): function 0 first, the others only when its
 * header says multifunction, nothing at all without a function 0), then
 * pci_assign_unassigned_bridge_resources() gives the new BARs room in the root bus's windows:
 * a 64-bit prefetchable BAR in the window above 4 GiB, anything else in the 32-bit one, each at
 * the first free place aligned to its size. No driver binds (the goldens' guest has no modules:
 * virtio_pci is one), so the BARs stay where they were put and the device does nothing more.
 * Checked against the lab's Linux 6.1 guest with virtio-mem-pci hot-added (s69/vm).
 */
import type {FirmwareBootInfo, PciFunctionConfig, PciHotplugFirmware} from '../acpi.js';
import {KERN_INFO, type PrintkRing} from './printk.js';
import {bdf, pciMemResources, pciWindows32, resourceText} from './pci-scan.js';

/** A BAR the PCI core assigned to a hotplugged function: a child of its window in /proc/iomem. */
export interface PciHotplugResource {
	start: number;
	end: number;
	name: string;
}

export class AcpiPhp {
	constructor(
		private readonly boot: FirmwareBootInfo,
		private readonly fw: PciHotplugFirmware,
		private readonly printk: PrintkRing,
		/** iomem_resource's hotplugged BARs (GuestMm.pciResources, which /proc/iomem shows). */
		private readonly resources: PciHotplugResource[],
	) {}

	/** The PCI hotplug GPE: each slot that came up is enabled. The functions found, which the PCI core added. */
	gpe(): PciFunctionConfig[] {
		return this.fw.takeUpSlots().flatMap(slot => this.enableSlot(slot));
	}

	private enableSlot(slot: number): PciFunctionConfig[] {
		const functions = this.fw.slotFunctions(slot).sort((a, b) => a.fn - b.fn);
		const f0 = functions.find((f) => f.fn === 0);
		if (!f0) return [];
		const found = f0.multifunction ? functions : [f0];
		for (const f of found) {
			const dev = {subsystem: 'pci', name: bdf(f)};
			this.printk.devPrintk(KERN_INFO, dev, `[${hex(f.vendor, 4)}:${hex(f.device, 4)}] type 00 class 0x${hex(f.classCode, 6)}`);
			for (const b of f.bars) this.printk.devPrintk(KERN_INFO, dev, `BAR ${b.index} ${resourceText(b.io, 0, b.size - 1, b.prefetch, b.mem64)}`);
		}
		for (const f of found) {
			const dev = {subsystem: 'pci', name: bdf(f)};
			for (const b of f.bars) {
				if (b.io) continue;
				const start = this.place(b.size, !!(b.mem64 && b.prefetch));
				if (start === undefined) continue;
				this.resources.push({start, end: start + b.size - 1, name: bdf(f)});
				this.printk.devPrintk(KERN_INFO, dev, `BAR ${b.index} ${resourceText(false, start, start + b.size - 1, b.prefetch, b.mem64)}: assigned`);
			}
		}
		return found;
	}

	/** The first free place, aligned to the BAR's size, in the window it belongs in. */
	private place(size: number, above4g: boolean): number | undefined {
		const hole64 = this.boot.pciHole64;
		const windows = above4g && hole64 && hole64.size ? [{start: hole64.base, end: hole64.base + hole64.size - 1}] : pciWindows32(this.boot);
		const taken = [...pciMemResources(this.boot), ...this.resources].sort((a, b) => a.start - b.start);
		for (const w of windows) {
			let at = Math.ceil(w.start / size) * size;
			for (const t of taken) {
				if (t.end < at || t.start > at + size - 1) continue;
				at = Math.ceil((t.end + 1) / size) * size;
			}
			if (at + size - 1 <= w.end) return at;
		}
		return undefined;
	}
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
