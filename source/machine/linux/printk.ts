import type {VirtualClock} from '../clock.js';

/** printk log levels (include/linux/kern_levels.h). */
export const KERN_EMERG = 0;
export const KERN_ERR = 3;
export const KERN_WARNING = 4;
export const KERN_NOTICE = 5;
export const KERN_INFO = 6;
export const KERN_DEBUG = 7;

/** CONFIG_MESSAGE_LOGLEVEL_DEFAULT: the level of a printk without one, and of /dev/kmsg writes. */
const DEFAULT_MESSAGE_LOGLEVEL = 4;
/** The longest record (kernel/printk/printk.c PRINTKRB_RECORD_MAX). */
const PRINTKRB_RECORD_MAX = 1024;

/**
 * The device a dev_printk() record is about (struct dev_printk_info): the bus it is on (or its
 * class), its name, and the driver bound to it, which dev_driver_string() prefers to the bus in
 * the message's prefix (`rtc_cmos 00:05: ...` for the pnp device 00:05). A subsystem's root
 * device (/sys/devices/system/memory) has neither: its prefix starts with a space and its
 * record no SUBSYSTEM= (set_dev_info() needs a bus or class); subsystem '' says so.
 */
export interface PrintkDevice {
	subsystem: string;
	name: string;
	driver?: string;
}

/** A device on no bus and of no class (a subsystem's root device, a CPU's cache directory). */
export function subsysRoot(name: string): PrintkDevice {
	return {subsystem: '', name};
}

/** dev_printk()'s prefix: `dev_driver_string(dev) dev_name(dev): `. */
export function devPrefix(dev: PrintkDevice): string {
	return `${dev.driver ?? dev.subsystem} ${dev.name}: `;
}

/** One record of the printk ring buffer (kernel/printk/printk_ringbuffer.c). */
export interface PrintkRecord {
	level: number;
	/** The syslog facility (0, the kernel's, unless userspace wrote it through /dev/kmsg). */
	facility?: number;
	/** Nanoseconds since boot (local_clock()). */
	tsNs: number;
	/** The message (one line). */
	text: string;
	/** A dev_printk() record's device: /dev/kmsg shows it as SUBSYSTEM= and DEVICE= lines. */
	dev?: PrintkDevice;
}

/** How logAt() stores a record: whether it may reach the console, its facility, its device. */
export interface LogOptions {
	toConsole?: boolean;
	facility?: number;
	dev?: PrintkDevice;
}

/** `[%5lu.%06lu] ` as print_time() renders a timestamp. */
export function printTime(tsNs: number): string {
	const us = Math.floor(tsNs / 1000);
	const sec = Math.floor(us / 1_000_000);
	const frac = us % 1_000_000;
	return `[${String(sec).padStart(5, ' ')}.${String(frac).padStart(6, '0')}] `;
}

/**
 * The printk ring and the console: every record is stored; records whose level is below
 * console_loglevel (or all, with ignore_loglevel) are also written to the serial console.
 */
export class PrintkRing {
	/** Stored records from index `head` on; the dropped ones before it are compacted away in bulk. */
	private records: PrintkRecord[] = [];
	private head = 0;
	/** Records compacted out of `records`: records[i] has sequence number `compacted + i`. */
	private compacted = 0;
	/** Index (into `records`) of the first record not yet cleared by SYSLOG_ACTION_CLEAR. */
	private clearSeq = 0;
	/** Ring bytes the stored records take (recordBytes summed). */
	private bytes = 0;
	consoleLoglevel: number;

	constructor(
		private readonly clock: VirtualClock,
		private readonly console: (text: string) => void,
		opts: {consoleLoglevel: number; ignoreLoglevel: boolean},
		/** CONFIG_LOG_BUF_SHIFT=17: the ring keeps the newest records of 128 KiB. */
		private readonly capacityBytes = 1 << 17,
	) {
		this.consoleLoglevel = opts.consoleLoglevel;
		this.ignoreLoglevel = opts.ignoreLoglevel;
	}

	private readonly ignoreLoglevel: boolean;

	/**
	 * A record written without its newline (through /dev/kmsg) stays open for a continuation:
	 * readers see it once the next record closes it (printk_ringbuffer's finalization).
	 */
	private open?: {level: number; facility: number; tsNs: number; text: string};

	/**
	 * Stores a record stamped at an explicit time (the boot log is replayed with its own stamps).
	 * A text of several lines is a record per line (the lab's /dev/kmsg showed one write of two
	 * lines as two records, s64/kmsg).
	 */
	logAt(level: number, tsNs: number, text: string, opts: LogOptions = {}): void {
		this.closeOpen();
		const {toConsole = true, facility = 0, dev} = opts;
		for (const line of text.split('\n')) {
			const record: PrintkRecord = {level, tsNs, text: line, ...(facility ? {facility} : {}), ...(dev ? {dev} : {})};
			if (this.captured) {
				this.captured.push(record);
				continue;
			}
			this.records.push(record);
			this.bytes += recordBytes(record);
			if (toConsole && (this.ignoreLoglevel || level < this.consoleLoglevel)) this.console(`${printTime(tsNs)}${line}\r\n`);
		}
		this.trim();
	}

	/** Where logAt() puts records while capture() runs. */
	private captured?: PrintkRecord[];

	/**
	 * Runs `fn` and returns the records it printed instead of storing them (nor writing them to
	 * the console): work done while the boot log is replayed, whose records go where it ran.
	 */
	capture(fn: () => void): PrintkRecord[] {
		const outer = this.captured;
		const records: PrintkRecord[] = [];
		this.captured = records;
		try {
			fn();
		} finally {
			this.captured = outer;
		}
		return records;
	}

	/** printk(): stamped with the virtual clock. */
	printk(level: number, text: string): void {
		this.logAt(level, this.clock.now(), text);
	}

	/** dev_printk(): the message behind the device's prefix, the device kept with the record. */
	devPrintk(level: number, dev: PrintkDevice, text: string): void {
		this.logAt(level, this.clock.now(), devPrefix(dev) + text, {dev});
	}

	/**
	 * devkmsg_write(): one write to /dev/kmsg is one record of the user facility at
	 * default_message_loglevel (4), or as a `<N>` prefix says (N's low three bits the level, the
	 * rest the facility when not 0); a trailing newline ends the record, without one it stays open
	 * until the next. Longer than a record (1024 bytes): EINVAL.
	 */
	devkmsgWrite(data: string): 'EINVAL' | undefined {
		if (new TextEncoder().encode(data).length > PRINTKRB_RECORD_MAX) return 'EINVAL';
		let level = DEFAULT_MESSAGE_LOGLEVEL;
		let facility = 1;
		let line = data;
		const prefix = /^<(\d*)>/.exec(line);
		if (prefix) {
			// (simple_strtoul() of the digits; an empty number is 0, as it parses none)
			const u = Number(prefix[1] || '0') >>> 0;
			level = u & 7;
			if (u >> 3) facility = u >> 3;
			line = line.slice(prefix[0].length);
		}
		const ended = line.endsWith('\n');
		if (ended) this.logAt(level, this.clock.now(), line.slice(0, -1), {facility});
		else {
			this.closeOpen();
			this.open = {level, facility, tsNs: this.clock.now(), text: line};
		}
		return undefined;
	}

	private closeOpen(): void {
		const open = this.open;
		if (!open) return;
		this.open = undefined;
		this.logAt(open.level, open.tsNs, open.text, {facility: open.facility});
	}

	/**
	 * Drops the oldest records until the rest fit the ring. The size is kept as a running total
	 * (like the kernel's ring head/tail), so a printk costs O(1), not O(records in the ring).
	 */
	private trim(): void {
		while (this.bytes > this.capacityBytes && this.head < this.records.length) {
			this.bytes -= recordBytes(this.records[this.head]);
			this.head++;
		}
		// Dropped records leave the array only once they are half of it: copying the ring on
		// every printk of a full ring would make each printk O(records).
		if (this.head > 1024 && this.head * 2 > this.records.length) {
			this.records = this.records.slice(this.head);
			this.clearSeq = Math.max(0, this.clearSeq - this.head);
			this.compacted += this.head;
			this.head = 0;
		}
	}

	/** SYSLOG_ACTION_READ_ALL: `<level>[%5lu.%06lu] text` lines. */
	readAll(): string {
		let out = '';
		for (let i = Math.max(this.head, this.clearSeq); i < this.records.length; i++) {
			const r = this.records[i];
			out += `<${((r.facility ?? 0) << 3) | r.level}>${printTime(r.tsNs)}${r.text}\n`;
		}
		return out;
	}

	/** prb_first_valid_seq(): the sequence number of the oldest record still in the ring. */
	firstSeq(): number {
		return this.compacted + this.head;
	}

	/** The sequence number the next record will get. */
	nextSeq(): number {
		return this.compacted + this.records.length;
	}

	/**
	 * devkmsg_read() of record `seq`: `facility*8+level,seq,usec,flags;text` with the text's
	 * control characters, bytes past ASCII and backslashes escaped as `\xNN`, then a dev_printk()
	 * record's ` SUBSYSTEM=` and ` DEVICE=+bus:name` lines. Undefined past the newest record
	 * (the reader waits); 'EPIPE' when the ring has overwritten it since (the reader's seq is
	 * moved to the oldest record, as the kernel does).
	 */
	devkmsgRead(seq: number): string | 'EPIPE' | undefined {
		if (seq < this.firstSeq()) return 'EPIPE';
		const r = this.records[seq - this.compacted];
		if (!r) return undefined;
		let out = `${((r.facility ?? 0) << 3) | r.level},${seq},${Math.floor(r.tsNs / 1000)},-;${escapeExt(r.text)}\n`;
		if (r.dev?.subsystem) out += ` SUBSYSTEM=${escapeExt(r.dev.subsystem)}\n DEVICE=+${escapeExt(`${r.dev.subsystem}:${r.dev.name}`)}\n`;
		return out;
	}

	clear(): void {
		this.clearSeq = this.records.length;
	}

	all(): readonly PrintkRecord[] {
		return this.head ? this.records.slice(this.head) : this.records;
	}
}

/** What one record takes in the ring: its text plus the record header (struct printk_info). */
function recordBytes(record: {text: string}): number {
	return record.text.length + 16;
}

/** msg_add_ext_text(): every byte below ' ', from 127 up, and `\\` as `\xNN`. */
function escapeExt(text: string): string {
	// (ASCII text, nearly all of it, needs no encoding)
	if (!/[^\x20-\x5b\x5d-\x7e]/.test(text)) return text;
	let out = '';
	for (const c of new TextEncoder().encode(text)) out += c < 0x20 || c >= 0x7f || c === 0x5c ? `\\x${c.toString(16).padStart(2, '0')}` : String.fromCharCode(c);
	return out;
}
