/**
 * RAMBlocks (softmmu/physmem.c): every piece of guest RAM QEMU allocates, the memory backends'
 * and the board's (BIOS, option ROMs, video RAM, the ACPI blobs), each at an offset in the
 * ram_addr_t space that find_ram_offset() picks, kept in a list sorted biggest first. A block's
 * name (idstr) is set when its region is registered for migration (vmstate_register_ram: the
 * boot RAM, a DIMM's backend while it is plugged, `0000:00:02.0/vga.vram` for a PCI device) and
 * cleared again when the DIMM goes. `info ramblock` prints the list.
 */
import type {BoardDevices} from './qemu-command-line.js';

export interface RamBlock {
	idstr: string;
	pageSize: number;
	offset: number;
	usedLength: number;
	maxLength: number;
}

/** Blocks start on a bitmap long: BITS_PER_LONG << TARGET_PAGE_BITS. */
const RAM_BLOCK_ALIGN = 64 * 4096;
const roundUp = (n: number, align: number) => Math.ceil(n / align) * align;
const RAM_ADDR_MAX = 2n ** 64n - 1n;

export class RamList {
	/** ram_list.blocks: biggest max_length first, a new block after the others of its size. */
	readonly blocks: RamBlock[] = [];

	/** qemu_ram_alloc() → ram_block_add(): the offset, then the block's place in the list. */
	add(idstr: string, maxLength: number, usedLength = maxLength): RamBlock {
		const block: RamBlock = {idstr, pageSize: 4096, offset: this.findOffset(maxLength), usedLength, maxLength};
		const at = this.blocks.findIndex((b) => b.maxLength < maxLength);
		this.blocks.splice(at < 0 ? this.blocks.length : at, 0, block);
		return block;
	}

	/** qemu_ram_free() */
	remove(block: RamBlock): void {
		const at = this.blocks.indexOf(block);
		if (at >= 0) this.blocks.splice(at, 1);
	}

	/**
	 * find_ram_offset(): after each block (rounded up to RAM_BLOCK_ALIGN) the gap up to the next
	 * block, and of the gaps that fit the smallest, the first found in list order.
	 */
	private findOffset(size: number): number {
		if (this.blocks.length === 0) return 0;
		// in ram_addr_t: the space ends at RAM_ADDR_MAX, which "no next block" stands for
		let offset = RAM_ADDR_MAX;
		let mingap = RAM_ADDR_MAX;
		for (const block of this.blocks) {
			const candidate = BigInt(roundUp(block.offset + block.maxLength, RAM_BLOCK_ALIGN));
			let next = RAM_ADDR_MAX;
			for (const other of this.blocks) if (BigInt(other.offset) >= candidate && BigInt(other.offset) < next) next = BigInt(other.offset);
			if (next - candidate >= BigInt(size) && next - candidate < mingap) {
				offset = candidate;
				mingap = next - candidate;
			}
		}
		return Number(offset);
	}
}

/**
 * The ACPI blobs acpi_setup() hands SeaBIOS through fw_cfg (acpi_add_rom_blob()): each a ROM
 * whose region and RAMBlock are named `/rom@<file>`, allocated at its maximum size, of which the
 * tables use 128 KiB (padded to ACPI_BUILD_TABLE_SIZE) and the loader script and RSDP a page.
 */
export const ACPI_ROM_BLOBS: readonly {file: string; maxSize: number; used: number}[] = [
	{file: 'etc/acpi/tables', maxSize: 0x200000, used: 0x20000},
	{file: 'etc/table-loader', maxSize: 0x10000, used: 0x1000},
	{file: 'etc/acpi/rsdp', maxSize: 0x1000, used: 0x1000},
];

/** PCI device function names of the pc board's slot-less devices: 00:02.0 onwards, in creation order. */
function pciSlot(n: number): string {
	return `0000:00:${n.toString(16).padStart(2, '0')}.0`;
}

/**
 * The board's blocks after the boot RAM, in the order pc_init1() and its devices allocate them:
 * the BIOS and the option ROM area (pc_memory_init), the VGA's video RAM and ROM BAR, the
 * e1000's ROM BAR, then at machine-done the ACPI blobs fw_cfg serves (the tables padded to
 * 128 KiB of a 2 MiB maximum, the loader script and the RSDP, each a page used).
 */
export function addBoardRamBlocks(ram: RamList, board: BoardDevices): void {
	ram.add('pc.bios', 0x40000);
	ram.add('pc.rom', 0x20000);
	let slot = 2;
	if (board.vga) {
		ram.add(`${pciSlot(slot)}/vga.vram`, 16 * 1024 * 1024);
		ram.add(`${pciSlot(slot)}/vga.rom`, 0x10000);
		slot++;
	}
	if (board.nic) ram.add(`${pciSlot(slot)}/e1000.rom`, 0x40000);
	for (const blob of ACPI_ROM_BLOBS) ram.add(`/rom@${blob.file}`, blob.maxSize, blob.used);
}

/** size_to_str() of a page size. */
function pageSizeText(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB'];
	let i = 0;
	let v = bytes;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${Number.isInteger(v) ? v : v.toFixed(3).replace(/0+$/, '')} ${units[i]}`;
}

const hex16 = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;

/** ram_block_dump(): `info ramblock`. */
export function ramBlockDump(ram: RamList): string {
	const lines = [`${'Block Name'.padStart(24)} ${'PSize'.padStart(8)}  ${'Offset'.padStart(18)} ${'Used'.padStart(18)} ${'Total'.padStart(18)}`];
	for (const b of ram.blocks) {
		lines.push(`${b.idstr.padStart(24)} ${pageSizeText(b.pageSize).padStart(8)}  ${hex16(b.offset)} ${hex16(b.usedLength)} ${hex16(b.maxLength)}`);
	}
	return lines.join('\n') + '\n';
}

/**
 * hmp_info_roms(): the ROM images hw/core/loader.c registered, ordered by load address: the
 * option ROMs SeaBIOS gets through fw_cfg's genroms (kvmvapic.bin, and linuxboot_dma.bin to boot
 * a -kernel), the BIOS mapped below 4 GiB, and the ACPI blobs by their regions' names.
 */
export function infoRoms(withKernel: boolean): string {
	return [
		'fw=genroms/kvmvapic.bin size=0x002400 name="kvmvapic.bin"',
		...(withKernel ? ['fw=genroms/linuxboot_dma.bin size=0x000600 name="linuxboot_dma.bin"'] : []),
		'addr=00000000fffc0000 size=0x040000 mem=rom name="bios-256k.bin"',
		// (a ROM with a region is listed by the region's name)
		...ACPI_ROM_BLOBS.map((b) => `/rom@${b.file} size=0x${b.maxSize.toString(16).padStart(6, '0')} name="${b.file}"`),
	].join('\n') + '\n';
}
