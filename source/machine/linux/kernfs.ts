import type {Errno} from '../errno.js';
import type {AttrNode, DirNode, SymlinkNode, VNode} from '../vfs/node.js';

/** Called the first time a node is looked up (a new dentry and inode). */
export type LookupHook = () => void;

/** A kernfs directory: a {@link DirNode} that also counts its subdirectories (kn->dir.subdirs). */
export type KernfsDir = DirNode & {subdirs(): number};

/**
 * A kernfs directory whose entries are computed at lookup time (memoryN come and go). The first
 * path-walk lookup of a node allocates its dentry and inode (onNewLookup); a directory removed
 * and created again under the same name (a re-added memory block) is a new kernfs node with a
 * new dentry. stat() of the directory reads the subdirectory count and instantiates nothing.
 */
export function kdir(entries: () => [string, VNode][], onNewLookup?: LookupHook, mode = 0o755): KernfsDir {
	// Names with a live dentry; directories are kept per node (attributes and links are rebuilt
	// on every listing, directories of a memory block live as long as the block).
	const seen = new Map<string, VNode>();
	return {
		kind: 'dir',
		mode,
		list: () => entries().map(([n]) => n),
		lookup(name: string): VNode | undefined {
			const hit = entries().find(([n]) => n === name)?.[1];
			const cached = seen.get(name);
			if (hit && onNewLookup && (!cached || (hit.kind === 'dir' && cached !== hit))) {
				seen.set(name, hit);
				onNewLookup();
			}
			return hit;
		},
		subdirs: () => entries().filter(([, n]) => n.kind === 'dir').length,
	};
}

/** A sysfs attribute: mode 0444 without store, 0644 with one (0200 for write-only). */
export function kattr(show: (() => string | Errno) | undefined, store?: (data: string) => Errno | undefined, mode?: number): AttrNode {
	return {kind: 'attr', mode: mode ?? (store ? (show ? 0o644 : 0o200) : 0o444), show, store};
}

export function klink(target: string): SymlinkNode {
	return {kind: 'symlink', mode: 0o777, target};
}

/** A read-only procfs file (size 0, generated on open). */
export function pfile(read: () => string, mode = 0o444): VNode {
	return {kind: 'file', mode, read, size: () => 0};
}

/** A static directory listing. */
export function sdir(entries: [string, VNode][], onNewLookup?: LookupHook, mode = 0o755): KernfsDir {
	return kdir(() => entries, onNewLookup, mode);
}
