import type {Errno} from '../errno.js';

/**
 * Inodes of the guest's virtual filesystem. Kernel code (sysfs, procfs) provides nodes whose
 * content is generated at read time (`show`) and whose writes run kernel code (`store`),
 * like kernfs attributes; the rootfs and /tmp are plain in-memory files.
 */
export interface NodeMeta {
	/** Permission bits, e.g. 0o444 for a read-only sysfs attribute. */
	mode: number;
	uid?: number;
	gid?: number;
	/** Seconds since the epoch; omitted = the filesystem's mount time. */
	mtime?: number;
	/**
	 * The real guest has this node and memhp lists it (`ls`, `stat`), but does not simulate what
	 * is in it: opening it or walking below it fails with EMEMHP ("Not simulated by memhp")
	 * instead of pretending it is missing; a directory lists as empty, so walks over the tree
	 * (`find /sys`, `du`) pass it quietly.
	 */
	unsimulated?: boolean;
	/**
	 * Its file_operations have no splice_read (a /proc/PID seq_file read with seq_read(), a
	 * pipe): sendfile(2) from it fails with EINVAL, so a copier falls back to read(2).
	 */
	noSpliceRead?: boolean;
}

export interface DirNode extends NodeMeta {
	kind: 'dir';
	/** Entry names in the order `ls -f` would see them (callers sort). */
	list(): string[];
	lookup(name: string): VNode | undefined;
	/**
	 * procfs: lookup of a missing name fails with ENOENT (proc_lookup_de) instead of leaving a
	 * negative dentry, so creating anything in this tree fails with ENOENT, not with the
	 * EACCES/EPERM of a filesystem without i_op->create (sysfs). Set on the tree's root.
	 */
	lookupEnoent?: boolean;
	/** Only writable filesystems (tmpfs, rootfs) implement these. */
	create?(name: string, node: VNode): Errno | undefined;
	remove?(name: string): Errno | undefined;
}

export interface FileNode extends NodeMeta {
	kind: 'file';
	/** Whole content at open time, or an errno (e.g. EINVAL from a write-only sysfs file). */
	read(): string | Errno;
	/** Regular in-memory files: replace or append content. */
	write?(data: string, append: boolean): Errno | undefined;
	/** Truncate on open(O_TRUNC). */
	truncate?(): void;
	/** What the filesystem's open does besides handing out the content (procfs: proc_reg_open()). */
	open?(): void;
	/** st_size as `ls -l` shows it (sysfs attributes report 4096, procfs 0). */
	size(): number;
}

/**
 * A kernfs attribute: `show` renders it, `store` parses one write(2) buffer and returns the
 * errno the system call fails with. A missing `store` means read-only (open for write fails
 * with EACCES, as kernfs_fop_open does).
 */
export interface AttrNode extends NodeMeta {
	kind: 'attr';
	show?(): string | Errno;
	store?(data: string): Errno | undefined;
	/** st_size: sysfs attributes report PAGE_SIZE (the default), procfs sysctl files 0. */
	statSize?: number;
	/** A procfs file (proc_reg_open()): opening checks no method or mode bits (root). */
	procfs?: boolean;
}

export interface SymlinkNode extends NodeMeta {
	kind: 'symlink';
	target: string;
	/** st_size when not the target's length (procfs's fd links report 64). */
	size?: number;
	/** A procfs magic link that resolves to nothing now: readlink() and walks through it fail so. */
	broken?: Errno;
	/**
	 * A procfs magic link a walk follows to this node itself, not to the path it reads as
	 * (nd_jump_link(): /proc/PID/ns/* lead to nsfs inodes that have no path).
	 */
	jump?: VNode;
}

/**
 * /dev/kmsg as the printk ring serves it: a write is a record; a reader opened now starts at
 * the oldest record (prb_first_valid_seq()) and gets one record per read(2), then waits for
 * the next.
 */
export interface KmsgDevice {
	write(data: string): Errno | undefined;
	/** The oldest record's sequence number, where an open starts. */
	firstSeq(): number;
	/** Record `seq` as read(2) returns it; undefined past the newest; EPIPE once overwritten. */
	read(seq: number): string | 'EPIPE' | undefined;
}

/**
 * An open /dev/kmsg (devkmsg_open(): its place is the oldest record). next() is one read(2):
 * the record there, 'EPIPE' where the ring overwrote it (the place moves to the oldest record),
 * undefined at the newest (the reader would wait). rest() is the records up to the newest.
 */
export function kmsgReader(kmsg: KmsgDevice): {next(): string | 'EPIPE' | undefined; rest(): string} {
	let seq = kmsg.firstSeq();
	const next = () => {
		const r = kmsg.read(seq);
		if (r === 'EPIPE') seq = kmsg.firstSeq();
		else if (r !== undefined) seq++;
		return r;
	};
	const rest = () => {
		let out = '';
		for (let r = next(); r !== undefined; r = next()) if (r !== 'EPIPE') out += r;
		return out;
	};
	return {next, rest};
}

export interface CharDevNode extends NodeMeta {
	kind: 'chardev';
	rdev: [number, number];
	read(): string | Errno;
	write(data: string): Errno | undefined;
	/** /dev/kmsg's records, read one at a time from a sequence number (kmsgReader()). */
	kmsg?: KmsgDevice;
}

/**
 * What mknod(2) makes besides character devices: a block device (the guest has no disk, so
 * opening one finds no driver) and a FIFO (named pipe).
 */
export interface SpecialNode extends NodeMeta {
	kind: 'blockdev' | 'fifo';
	rdev: [number, number];
}

export type VNode = DirNode | FileNode | AttrNode | SymlinkNode | CharDevNode | SpecialNode;
