import type {Errno} from '../errno.js';
import type {AttrNode, DirNode, SymlinkNode, VNode} from '../vfs/node.js';

/** Called the first time a node is looked up (a new dentry and inode). */
export type LookupHook = () => void;

/** A kernfs directory whose entries are computed at lookup time (memoryN come and go). */
export function kdir(entries: () => [string, VNode][], onNewLookup?: LookupHook, mode = 0o755): DirNode {
	const seen = new Set<string>();
	return {
		kind: 'dir',
		mode,
		list: () => entries().map(([n]) => n),
		lookup(name: string): VNode | undefined {
			const hit = entries().find(([n]) => n === name)?.[1];
			if (hit && onNewLookup && !seen.has(name)) {
				seen.add(name);
				onNewLookup();
			}
			return hit;
		},
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
export function sdir(entries: [string, VNode][], onNewLookup?: LookupHook, mode = 0o755): DirNode {
	return kdir(() => entries, onNewLookup, mode);
}
