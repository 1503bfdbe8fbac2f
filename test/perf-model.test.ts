import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {isErrno} from '../source/machine/errno.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {kattr, kdir} from '../source/machine/linux/kernfs.js';
import {PrintkRing} from '../source/machine/linux/printk.js';
import {queryMemoryDevices} from '../source/machine/qemu/qmp-commands.js';
import {createSession, DEFAULT_QEMU_ARGS} from '../source/machine/session.js';
import {linesKeepingNewlines} from '../source/machine/shell/applets/textutils.js';
import {tokenize} from '../source/machine/shell/lexer.js';
import type {DirNode, VNode} from '../source/machine/vfs/node.js';
import {bytesOf, textOf, utf8Length} from '../source/machine/vfs/utf8.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

/**
 * Behaviour pinned by the replay-throughput work: the fast paths (errno check, UTF-8 sizes,
 * cached kernfs listings, the index-based path walk) must answer exactly as the slow ones did.
 */

const MEM = '/sys/devices/system/memory';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32}), firmware: new FakeFirmware(32), clock: new VirtualClock(), console: () => undefined});
	const vfs = g.syscalls.vfs;
	const read = (p: string): string => {
		const f = vfs.open(p, {read: true});
		if (typeof f === 'string') throw new Error(`${p}: ${f}`);
		return f.read() as string;
	};
	const sreclaimable = () => Number(/^SReclaimable:\s+(\d+)/m.exec(read('/proc/meminfo'))![1]);
	return {vfs, read, sreclaimable};
}

describe('isErrno', () => {
	it('accepts errno names only, not inherited object keys or file contents', () => {
		expect(isErrno('EBUSY')).toBe(true);
		expect(isErrno('ENAMETOOLONG')).toBe(true);
		for (const v of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'ebusy', 'EBUSY\n', '', 'online\n']) expect(isErrno(v)).toBe(false);
		expect(isErrno('E'.repeat(100_000))).toBe(false);
		expect(isErrno(undefined)).toBe(false);
	});
});

describe('utf8Length, bytesOf, textOf', () => {
	it('counts the bytes bytesOf() writes: UTF-8, an escaped byte (U+DC80..U+DCFF) one, another lone surrogate as U+FFFD', () => {
		fc.assert(fc.property(fc.array(fc.integer({min: 0, max: 0xffff}), {maxLength: 40}), units => {
			const s = String.fromCharCode(...units);
			expect(utf8Length(s)).toBe(bytesOf(s).length);
		}));
		expect(utf8Length('中文')).toBe(6);
		expect(utf8Length('\u{1f600}')).toBe(4);
		expect(utf8Length('\ud800x')).toBe(4);
		expect(utf8Length('\udc80')).toBe(1);
		expect(bytesOf('é\udc80\u{1f600}')).toBe('\xc3\xa9\x80\xf0\x9f\x98\x80');
	});

	it('keeps every byte string through textOf() and back, and text without lone surrogates through bytesOf()', () => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 40}), u => {
			const b = String.fromCharCode(...u);
			expect(bytesOf(textOf(b))).toBe(b);
		}));
		fc.assert(fc.property(fc.string({unit: 'grapheme', maxLength: 20}), s => {
			expect(textOf(bytesOf(s))).toBe(s);
			expect(bytesOf(s)).toBe(String.fromCharCode(...new TextEncoder().encode(s)));
		}));
		// valid UTF-8 decodes; an overlong form, a surrogate's encoding or a cut sequence does not
		expect(textOf('\xc3\xa9')).toBe('é');
		expect(textOf('\xc0\xaf')).toBe('\udcc0\udcaf');
		expect(textOf('\xed\xa0\x80')).toBe('\udced\udca0\udc80');
		expect(textOf('a\xe2\x82')).toBe('a\udce2\udc82');
	});
});

describe('kdir with a generation', () => {
	it('builds its listing once per generation and follows the generation', () => {
		let gen = 0;
		let builds = 0;
		const names = ['a', 'b'];
		const dir = kdir(() => {
			builds++;
			return names.map(n => [n, kattr(() => `${n}\n`)] as [string, VNode]);
		}, undefined, 0o755, () => gen, 'as-given');
		for (let i = 0; i < 100; i++) expect(dir.lookup(i % 2 ? 'a' : 'b')?.kind).toBe('attr');
		expect(dir.list()).toEqual(['a', 'b']);
		expect(builds).toBe(1);
		names.push('c');
		expect(dir.lookup('c')).toBeUndefined();
		gen++;
		expect(dir.lookup('c')?.kind).toBe('attr');
		expect(dir.list()).toEqual(['a', 'b', 'c']);
		expect(builds).toBe(2);
	});
});

describe('sysfs and the path walk', () => {
	it('a dentry of a directory under /sys/devices/system/memory stays in the dcache (power/ is not re-instantiated per lookup)', () => {
		const {read, sreclaimable} = boot();
		expect(read(`${MEM}/power/control`)).toBe('auto\n');
		const s = sreclaimable();
		for (let i = 0; i < 200; i++) read(`${MEM}/power/control`);
		for (let i = 0; i < 200; i++) read('/sys/devices/system/node/node0/power/control');
		read('/sys/devices/system/node/node0/power/control');
		const s2 = sreclaimable();
		for (let i = 0; i < 200; i++) read('/sys/devices/system/node/node0/power/control');
		expect(sreclaimable()).toBe(s2);
		expect(s2 - s).toBeLessThanOrEqual(4);
	});

	it('realpath and stat through links, `.`, `..` and repeated slashes', () => {
		const {vfs} = boot();
		expect(vfs.realpath('/')).toBe('/');
		expect(vfs.realpath('//sys/./devices/../devices/system/')).toBe('/sys/devices/system');
		expect(vfs.realpath('/sys/bus/memory/devices/memory3')).toBe(`${MEM}/memory3`);
		expect(vfs.realpath('/sys/bus/memory/devices/memory3/node0/..')).toBe('/sys/devices/system/node');
		expect(vfs.realpath('/sys/bus/memory/devices/memory3/state')).toBe(`${MEM}/memory3/state`);
		expect(vfs.realpath('/usr/bin/free')).toBe('/bin/busybox');
		expect(vfs.realpath('/../..')).toBe('/');
		expect(vfs.stat('/sys/bus/memory/devices/memory3/state/')).toBe('ENOTDIR');
		expect(vfs.stat(`${MEM}/memory999/state`)).toBe('ENOENT');
		const link = vfs.stat('/sys/bus/memory/devices/memory3', false);
		expect(typeof link !== 'string' && [link.type, link.size, link.target]).toEqual(['symlink', 0, '../../../devices/system/memory/memory3']);
		const busybox = vfs.stat('/bin/sh');
		expect(typeof busybox !== 'string' && [busybox.type, busybox.size, busybox.mode]).toEqual(['file', 4, 0o755]);
		const dir = vfs.stat(`${MEM}/memory3`);
		expect(typeof dir !== 'string' && [dir.type, dir.nlink]).toEqual(['dir', 3]);
	});
});

describe('printk ring with a head index', () => {
	it('keeps the newest records that fit, across compactions and SYSLOG_ACTION_CLEAR', () => {
		const clock = new VirtualClock();
		const ring = new PrintkRing(clock, () => undefined, {consoleLoglevel: 0, ignoreLoglevel: false}, 1000);
		// Every record takes 16 + 8 bytes: 41 fit in 1000.
		const texts = Array.from({length: 5000}, (_, i) => `rec${String(i).padStart(5, '0')}`);
		texts.slice(0, 3000).forEach(t => ring.logAt(6, 0, t));
		const shown = (from: number, to: number) => texts.slice(from, to).map(t => `<6>[    0.000000] ${t}\n`).join('');
		expect(ring.readAll()).toBe(shown(3000 - 41, 3000));
		expect(ring.all().map(r => r.text)).toEqual(texts.slice(3000 - 41, 3000));
		ring.clear();
		expect(ring.readAll()).toBe('');
		texts.slice(3000, 3010).forEach(t => ring.logAt(6, 0, t));
		expect(ring.readAll()).toBe(shown(3000, 3010));
		texts.slice(3010).forEach(t => ring.logAt(6, 0, t));
		expect(ring.readAll()).toBe(shown(5000 - 41, 5000));
		expect(ring.all()).toHaveLength(41);
	});
});

describe('shell text scanning', () => {
	it('tokenizes fds, names and plain runs as before', () => {
		const words = (src: string) => tokenize(src).map(t => (t.t === 'word' ? t.w.map(p => (p.k === 'lit' ? `${p.q ? 'q' : ''}'${p.s}'` : p.k === 'var' ? `$${p.name}` : p.k)).join('+') : t.t === 'redir' ? `${t.fd ?? ''}${t.op}` : t.t === 'op' ? t.v : t.t));
		expect(words('echo online_movable > /sys/x 2>/dev/null')).toEqual(["'echo'", "'online_movable'", '>', "'/sys/x'", '2>', "'/dev/null'", 'eof']);
		expect(words('echo 12345678901>a 123456789012>b')).toEqual(["'echo'", '12345678901>', "'a'", "'123456789012'", '>', "'b'", 'eof']);
		expect(words('echo a$HOME_1.b"$x"c\\ d')).toEqual(["'echo'", "'a'+$HOME_1+'.b'+$x+'c'+q' '+'d'", 'eof']);
		expect(words(`echo $${'v'.repeat(300)}`)[1]).toBe(`$${'v'.repeat(255)}+'${'v'.repeat(45)}'`);
	});

	it('head/tail split lines keeping newlines like split(/(?<=\\n)/)', () => {
		for (const s of ['', 'a', 'a\n', 'a\nb', '\n\n', 'x\n\ny\n', '\n']) expect(linesKeepingNewlines(s)).toEqual(s.split(/(?<=\n)/));
	});
});

describe('QEMU and snapshots at many devices', () => {
	it('query-memory-devices members stay in PCDIMMDeviceInfo order, id only when set', () => {
		const created = createSession(DEFAULT_QEMU_ARGS);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		s.muxKey('c');
		s.submitLine('object_add memory-backend-ram,id=mem1,size=128M');
		s.submitLine('object_add memory-backend-ram,id=mem2,size=128M');
		s.submitLine('device_add pc-dimm,id=dimm1,memdev=mem1');
		s.submitLine('device_add pc-dimm,memdev=mem2');
		const devices = queryMemoryDevices(s.qemu) as {data: Record<string, unknown>}[];
		expect(devices.map(d => Object.keys(d.data).join(','))).toEqual([
			'id,addr,slot,node,size,memdev,hotplugged,hotpluggable',
			'addr,slot,node,size,memdev,hotplugged,hotpluggable',
		]);
		expect(devices[1]!.data.memdev).toBe('/objects/mem2');
	});

	it('snapshot events are frozen copies, the same objects from one snapshot to the next', () => {
		const created = createSession(DEFAULT_QEMU_ARGS);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		s.muxKey('c');
		s.submitLine('object_add memory-backend-ram,id=mem1,size=256M');
		s.submitLine('device_add pc-dimm,id=dimm1,memdev=mem1');
		const first = s.snapshot().events;
		expect(first.map(e => e.kind)).toEqual(['hot-add']);
		expect(Object.isFrozen(first[0]) && Object.isFrozen(first[0]!.callPath)).toBe(true);
		s.muxKey('c');
		s.submitLine('echo online > /sys/devices/system/memory/memory32/state');
		const second = s.snapshot().events;
		expect(second.map(e => e.kind)).toEqual(['hot-add', 'online']);
		expect(second[0]).toBe(first[0]);
		expect(second).not.toBe(first);
		expect(first).toHaveLength(1);
	});
});

describe('a program\'s environment, built on first use', () => {
	it('env sees exported variables and command prefixes as at exec time', () => {
		const created = createSession(DEFAULT_QEMU_ARGS);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		let out = '';
		s.onOutput(c => {
			out += c.text;
		});
		const run = (line: string) => {
			out = '';
			s.submitLine(line);
			return out.slice(line.length + 1, -s.prompt().length);
		};
		// in the order of ash's variable hash table (hashvar() % 39), as Debian's busybox lists
		// `env -i HOME=/ TERM=linux sh -c 'export FOO=1 BAR=2 A=3 ZZ=4; env'`: SHLVL HOME A TERM
		// PATH BAR ZZ FOO PWD
		expect(run('env')).toBe('USER=root\nSHLVL=2\nHOME=/\nLOGNAME=root\nTERM=linux\nPATH=/sbin:/usr/sbin:/bin:/usr/bin\nSHELL=/bin/sh\nPWD=/\n');
		expect(run("sh -c 'export FOO=1 BAR=2 A=3 ZZ=4; env -i HOME=/ TERM=linux sh -c \"export FOO=1 BAR=2 A=3 ZZ=4; env\"'")).toBe('SHLVL=1\nHOME=/\nA=3\nTERM=linux\nPATH=/sbin:/usr/sbin:/bin:/usr/bin\nBAR=2\nZZ=4\nFOO=1\nPWD=/\n');
		expect(run("X=1; env | grep -c '^X='")).toBe('0\n');
		expect(run("export X; FOO=bar env | grep -E '^(FOO|X)=' | sort")).toBe('FOO=bar\nX=1\n');
		expect(run('env | grep -c =')).toBe('9\n');
		expect(run("env | grep -c '^FOO='")).toBe('0\n');
	});
});

describe('block snapshots kept per block', () => {
	it('reuses an unchanged block\'s snapshot, rebuilds changed ones, and follows valid_zones of offline blocks', () => {
		const created = createSession(DEFAULT_QEMU_ARGS);
		if (!created.ok) throw new Error(created.stderr);
		const s = created.session;
		let out = '';
		s.onOutput(c => {
			out += c.text;
		});
		const cat = (path: string) => {
			out = '';
			s.submitLine(`cat ${path}`);
			return out.split('\n')[1];
		};
		s.muxKey('c');
		s.submitLine('object_add memory-backend-ram,id=mem1,size=384M');
		s.submitLine('device_add pc-dimm,id=dimm1,memdev=mem1');
		s.muxKey('c');
		const block = (snap: ReturnType<typeof s.snapshot>, n: number) => snap.guest!.blocks.find(b => b.index === n)!;
		const a = s.snapshot();
		expect(block(a, 33).validZones).toBe(cat('/sys/devices/system/memory/memory33/valid_zones'));
		expect(block(a, 33).validZones).toBe('Normal Movable');
		s.submitLine('echo online_movable > /sys/devices/system/memory/memory32/state');
		s.submitLine('echo online_movable > /sys/devices/system/memory/memory34/state');
		const b = s.snapshot();
		// (memory3: no allocation reaches it; the kernel's pages land in memory0.)
		expect(block(b, 3)).toBe(block(a, 3));
		expect(block(b, 32)).not.toBe(block(a, 32));
		expect([block(b, 32).state, block(b, 32).zone, block(b, 32).freePages]).toEqual(['online', 'Movable', 32768]);
		// Movable now spans memory32..34: memory33 inside it defaults to Movable.
		expect(block(b, 33).validZones).toBe(cat('/sys/devices/system/memory/memory33/valid_zones'));
		expect(block(b, 33).validZones).toBe('Movable Normal');
		expect(Object.isFrozen(block(b, 32))).toBe(true);
	});
});

describe('sysfs cost does not grow with the number of blocks per path component', () => {
	it('directories holding memoryN keep one listing until a block is added or removed', () => {
		const fw = new FakeFirmware(32);
		const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32}), firmware: fw, clock: new VirtualClock(), console: () => undefined});
		const root = g.syscalls.vfs as unknown as {root: DirNode};
		const dir = (path: string): DirNode => path.split('/').filter(Boolean).reduce((d, c) => d.lookup(c) as DirNode, root.root);
		// A listing rebuilt per lookup (O(blocks) per path component, O(blocks^2) per ls) would
		// hand out a new node for every lookup of the same name.
		for (const [path, name] of [['/sys/devices/system/memory', 'block_size_bytes'], ['/sys/devices/system/memory', 'memory7'], ['/sys/devices/system/node/node0', 'memory7'], ['/sys/bus/memory/devices', 'memory7']] as const) {
			const d = dir(path);
			expect(d.lookup(name)).toBe(d.lookup(name));
		}
		const memory = dir('/sys/devices/system/memory');
		const before = memory.lookup('block_size_bytes');
		fw.plug(0, 0x100000000, 0x8000000);
		g.raiseMemoryHotplugGpe();
		expect(memory.list()).toContain('memory32');
		expect(memory.lookup('memory32')?.kind).toBe('dir');
		expect(dir('/sys/devices/system/node/node0').lookup('memory32')?.kind).toBe('symlink');
		expect(memory.lookup('block_size_bytes')).not.toBe(before);
	});
});
