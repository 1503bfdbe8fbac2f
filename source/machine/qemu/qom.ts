/**
 * A slice of QOM (qom/object.c): objects with a type name and a properties table holding
 * their children, the composition tree (`/objects`, `/machine/peripheral`, ...), canonical
 * paths and object_resolve_path's absolute / partial path lookup. Children live in a GLib
 * hash table like QEMU's `obj->properties`, so enumeration order matches the real monitor.
 */
import {GHashTable} from './glib-hash-table.js';

/** A non-child property as `qom-list` shows it: name and type. */
export interface PropertyInfo {
	name: string;
	type: string;
}

export class QomObject {
	/** Own properties: here only children ("child<type>"); the table that orders iteration. */
	readonly children = new GHashTable<QomObject>();
	parent?: QomObject;
	name = '';

	constructor(readonly typeName: string) {}

	/** object_property_try_add_child: false when the name is taken ("duplicate property"). */
	addChild(name: string, child: QomObject): boolean {
		if (this.children.has(name)) return false;
		this.children.set(name, child);
		child.parent = this;
		child.name = name;
		return true;
	}

	/** object_unparent / object_property_del: leaves a tombstone in the table. */
	deleteChild(name: string): void {
		const child = this.children.get(name);
		if (child) child.parent = undefined;
		this.children.delete(name);
	}

	/** object_child_foreach order (hash-table iteration). */
	childList(): QomObject[] {
		return this.children.valuesInOrder();
	}

	/** object_child_foreach() without building the list: for walks of the whole tree. */
	forEachChild(fn: (child: QomObject) => void): void {
		this.children.forEachValue(fn);
	}

	canonicalPath(): string {
		if (!this.parent) return '/';
		const parentPath = this.parent.canonicalPath();
		return `${parentPath === '/' ? '' : parentPath}/${this.name}`;
	}

	/** Whether memhp knows this object's properties and children (qom-list, qom-get, qom-set). */
	modelsProperties(): boolean {
		return true;
	}

	/** Class and instance properties other than children, in the order qom-list prints them. */
	propertyList(): PropertyInfo[] {
		return [{name: 'type', type: 'string'}];
	}

	/**
	 * qom-list order: QAPI_LIST_PREPEND over (own properties, then class properties up to
	 * TYPE_OBJECT) — so `type` first, then class properties, then own children reversed.
	 */
	qomList(): PropertyInfo[] {
		const own = this.childList().map((c) => ({name: c.name, type: `child<${c.typeName}>`}));
		return [...this.propertyList(), ...own.reverse()];
	}
}

/** A TYPE_CONTAINER object ("/objects", "/machine/peripheral"). */
export class Container extends QomObject {
	constructor() {
		super('container');
	}
}

/**
 * An object real QEMU has at this path (the machine's `unattached` container, fw_cfg, the
 * i440FX host bridge, ...) whose own properties memhp does not model: it exists for path
 * lookups, `type` and `info qom-tree`. With `childrenKnown` its children are all there (the
 * board's composition, pc-composition.ts); without, anything below it is "not simulated".
 */
export class OpaqueObject extends QomObject {
	constructor(typeName: string, public childrenKnown = false) {
		super(typeName);
	}

	override modelsProperties(): boolean {
		return false;
	}
}

/**
 * object_resolve_path: absolute ("/a/b") or partial (unique match of a path suffix). `opaque`
 * is set when an absolute path goes on below an OpaqueObject whose children memhp does not
 * know, where it cannot say whether the real object exists.
 */
export function resolvePath(root: QomObject, path: string): {object?: QomObject; ambiguous: boolean; opaque?: OpaqueObject} {
	const parts = path.split('/').filter((p) => p !== '');
	if (path.startsWith('/')) {
		let obj: QomObject | undefined = root;
		for (const part of parts) {
			if (obj instanceof OpaqueObject && !obj.childrenKnown) return {ambiguous: false, opaque: obj};
			obj = obj?.children.get(part);
		}
		return {object: obj, ambiguous: false};
	}
	if (parts.length === 0) return {ambiguous: false};
	const matches: QomObject[] = [];
	const walk = (obj: QomObject): void => {
		obj.forEachChild(child => {
			if (endsWithPath(child, parts)) matches.push(child);
			walk(child);
		});
	};
	walk(root);
	return matches.length === 1 ? {object: matches[0], ambiguous: false} : {ambiguous: matches.length > 1};
}

function endsWithPath(obj: QomObject, parts: string[]): boolean {
	let cur: QomObject | undefined = obj;
	for (let i = parts.length - 1; i >= 0; i--) {
		if (!cur || cur.name !== parts[i] || !cur.parent) return false;
		cur = cur.parent;
	}
	return true;
}

/**
 * print_qom_composition(): the object as `/name (type)` (the root's name is empty), then its
 * children sorted by name with strcmp (so `device[10]` comes before `device[1]`), two spaces
 * deeper per level.
 */
export function qomCompositionText(obj: QomObject, root: QomObject): string {
	const out: string[] = [];
	const walk = (o: QomObject, indent: number): void => {
		out.push(`${' '.repeat(indent)}/${o === root ? '' : o.name} (${o.typeName})\n`);
		const children = o.childList().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const c of children) walk(c, indent + 2);
	};
	walk(obj, 0);
	return out.join('');
}

/**
 * A MemoryRegion as a QOM object (TYPE_MEMORY_REGION): `container` (the region it is mapped
 * into, a link that reads "" when it is not), `addr` (its offset there, kept after it is
 * unmapped), `size` and `priority`, all read-only. memhp models those of memory hotplug: a
 * backend's RAM (`<id>[0]`), an nvdimm's alias and the machine's device-memory container.
 */
export class MemoryRegionObject extends QomObject {
	container?: QomObject;
	addr = 0;
	priority = 0;

	/** `valuesKnown` false: one of the board's regions memhp knows by name only (qom-list works, qom-get does not). */
	constructor(public size: number | bigint, readonly valuesKnown = true) {
		super('memory-region');
	}

	/** memory_region_add_subregion() */
	mapInto(container: QomObject | undefined, offset: number): void {
		this.container = container;
		this.addr = offset;
	}

	/** memory_region_del_subregion(): the offset stays. */
	unmap(): void {
		this.container = undefined;
	}

	override propertyList(): PropertyInfo[] {
		return [{name: 'type', type: 'string'}, {name: 'container', type: 'link<memory-region>'}, {name: 'addr', type: 'uint64'}, {name: 'size', type: 'uint64'}, {name: 'priority', type: 'uint32'}];
	}

	hasProperty(name: string): boolean {
		return this.propertyList().some((p) => p.name === name);
	}

	getProperty(name: string): unknown {
		switch (name) {
			case 'type': return this.typeName;
			case 'container': return this.container ? this.container.canonicalPath() : '';
			case 'addr': return this.addr;
			case 'size': return this.size;
			default: return this.priority;
		}
	}
}
