/**
 * QEMU's ACPI memory hotplug device (hw/acpi/memory_hotplug.c) as the guest's AML sees it:
 * one MemStatus per slot (is_enabled / is_inserting / is_removing, the last _OST), the
 * plug / unplug-request callbacks that raise the GPE, and _EJ0 which hands the DIMM back to
 * the machine for pc_memory_unplug.
 */
import {ACPI_NOTIFY_EJECT_REQUEST, ACPI_OST_SC_EJECT_IN_PROGRESS, ACPI_OST_SC_SUCCESS, type MemoryHotplugFirmware, type MemoryHotplugSlot} from '../acpi.js';
import type {PCDIMMDevice} from './pc-dimm.js';


/** MEMORY_SLOT status of one slot. */
export interface MemStatus {
	dimm?: PCDIMMDevice;
	isEnabled: boolean;
	isInserting: boolean;
	isRemoving: boolean;
	ostEvent: number;
	ostStatus: number;
	/** An eject request is outstanding (device_del seen, no _EJ0 yet). */
	ejectRequested: boolean;
}

export class AcpiMemoryHotplug implements MemoryHotplugFirmware {
	private readonly devs: MemStatus[];

	/**
	 * @param raiseGpe acpi_send_event(ACPI_MEMORY_HOTPLUG_STATUS)
	 * @param unplug pc_memory_unplug + object_unparent for the DIMM being ejected
	 * @param ostEvent qapi_event_send_acpi_device_ost with acpi_memory_device_status()
	 */
	constructor(
		slots: number,
		private readonly raiseGpe: () => void,
		private readonly unplug: (dimm: PCDIMMDevice) => void,
		private readonly ostEvent: (info: Record<string, unknown>) => void = () => {},
	) {
		this.devs = Array.from({length: slots}, () => ({isEnabled: false, isInserting: false, isRemoving: false, ostEvent: 0, ostStatus: 0, ejectRequested: false}));
	}

	slotCount(): number {
		return this.devs.length;
	}

	status(index: number): MemStatus | undefined {
		return this.devs[index];
	}

	slot(index: number): MemoryHotplugSlot {
		const dev = this.devs[index];
		if (!dev) throw new RangeError(`no memory slot ${index}`);
		return {
			enabled: dev.isEnabled,
			inserting: dev.isInserting,
			removing: dev.isRemoving,
			addr: dev.dimm?.addr ?? 0,
			size: dev.dimm?.size ?? 0,
			node: dev.dimm?.node ?? 0,
		};
	}

	clearInsertEvent(index: number): void {
		const dev = this.devs[index];
		if (dev) dev.isInserting = false;
	}

	clearRemoveEvent(index: number): void {
		const dev = this.devs[index];
		if (dev) dev.isRemoving = false;
	}

	ost(index: number, event: number, status: number): void {
		const dev = this.devs[index];
		if (!dev) return;
		dev.ostEvent = event;
		dev.ostStatus = status;
		// The _OST status write (register 0x8) reports the slot's state to QMP.
		this.ostEvent(this.deviceStatus(index));
	}

	/** acpi_memory_device_status(): an ACPIOSTInfo; `device` only for a DIMM with an id. */
	private deviceStatus(index: number): Record<string, unknown> {
		const dev = this.devs[index];
		return {
			...(dev.dimm?.id !== undefined ? {device: dev.dimm.id} : {}),
			slot: String(index),
			'slot-type': 'DIMM',
			source: dev.ostEvent,
			status: dev.ostStatus,
		};
	}

	/** acpi_memory_ospm_status() (query-acpi-ospm-status): every slot, in slot order. */
	ospmStatus(): Record<string, unknown>[] {
		return this.devs.map((_, i) => this.deviceStatus(i));
	}

	/** _EJ0: ignored for a slot with nothing enabled (trace_mhp_acpi_ejecting_invalid_slot). */
	eject(index: number): void {
		const dev = this.devs[index];
		if (!dev || !dev.isEnabled || !dev.dimm) return;
		const dimm = dev.dimm;
		dev.isEnabled = false;
		dev.dimm = undefined;
		dev.ejectRequested = false;
		this.unplug(dimm);
	}

	/** acpi_memory_plug_cb */
	plug(dimm: PCDIMMDevice): void {
		const dev = this.devs[dimm.slot];
		dev.dimm = dimm;
		dev.isEnabled = true;
		dev.ostEvent = 0;
		dev.ostStatus = 0;
		if (dimm.hotplugged) {
			dev.isInserting = true;
			this.raiseGpe();
		}
	}

	/** acpi_memory_unplug_request_cb */
	unplugRequest(dimm: PCDIMMDevice): void {
		const dev = this.devs[dimm.slot];
		dev.isRemoving = true;
		dev.ejectRequested = true;
		this.raiseGpe();
	}

	/** The guest answered the last eject request with a failing _OST. */
	ejectRefused(slot: number): boolean {
		const dev = this.devs[slot];
		return !!dev && dev.ostEvent === ACPI_NOTIFY_EJECT_REQUEST && dev.ostStatus !== ACPI_OST_SC_SUCCESS && dev.ostStatus !== ACPI_OST_SC_EJECT_IN_PROGRESS;
	}
}
