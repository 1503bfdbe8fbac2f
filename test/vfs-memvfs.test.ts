import {describe, expect, it} from 'vitest';
import {MemVfs} from '../source/machine/vfs/memvfs.js';
import {TmpDir, tmpSymlink} from '../source/machine/vfs/tmpfs.js';
import {FakeKernel, attr, sdir} from './shell-fake.js';

function setup() {
	const k = new FakeKernel();
	k.hotplug(32, 4);
	const sys = k.syscalls();
	return {k, vfs: sys.vfs};
}

describe('MemVfs path resolution', () => {
	it('resolves . and .. and never escapes the root', () => {
		const {vfs} = setup();
		expect(vfs.realpath('/sys/devices/./system/../system/memory')).toBe('/sys/devices/system/memory');
		expect(vfs.realpath('/..')).toBe('/');
		expect(vfs.realpath('/../../..//etc')).toBe('/etc');
		expect(vfs.readdir('/../..')).toContain('sys');
	});

	it('follows relative symlinks from the link directory', () => {
		const {vfs} = setup();
		expect(vfs.readlink('/sys/devices/system/memory/memory33/node0')).toBe('../../node/node0');
		expect(vfs.realpath('/sys/devices/system/memory/memory33/node0')).toBe('/sys/devices/system/node/node0');
		expect(vfs.realpath('/sys/devices/system/memory/memory33/subsystem')).toBe('/sys/bus/memory');
		expect(vfs.realpath('/bin/ls')).toBe('/bin/busybox');
		expect(vfs.realpath('/usr/bin/free')).toBe('/bin/busybox');
		expect(vfs.realpath('/sbin/mdev')).toBe('/bin/busybox');
	});

	it('stat follows links, lstat does not', () => {
		const {vfs} = setup();
		const l = vfs.stat('/bin/ls', false);
		expect(l).toMatchObject({type: 'symlink', size: 7, mode: 0o777, target: 'busybox'});
		expect(vfs.stat('/bin/ls')).toMatchObject({type: 'file', mode: 0o755});
	});

	it('returns ENOENT, ENOTDIR and EINVAL as Linux does', () => {
		const {vfs} = setup();
		expect(vfs.stat('/sys/devices/system/memory/memory99/state')).toBe('ENOENT');
		expect(vfs.stat('/sys/devices/system/memory/memory99')).toBe('ENOENT');
		expect(vfs.stat('/etc/passwd/x')).toBe('ENOTDIR');
		expect(vfs.stat('/etc/passwd/')).toBe('ENOTDIR');
		expect(vfs.readdir('/etc/passwd')).toBe('ENOTDIR');
		expect(vfs.readlink('/etc/passwd')).toBe('EINVAL');
		expect(vfs.realpath('/nope/x')).toBe('ENOENT');
	});

	it('fails with ELOOP after 40 links', () => {
		const root = new TmpDir({mode: 0o755});
		root.create('a', tmpSymlink('b'));
		root.create('b', tmpSymlink('/a'));
		const vfs = new MemVfs(root);
		expect(vfs.stat('/a')).toBe('ELOOP');
		expect(vfs.open('/a', {read: true})).toBe('ELOOP');
		// A chain of exactly 40 links resolves; 41 does not.
		const r2 = new TmpDir({mode: 0o755});
		r2.create('f', new TmpDir({mode: 0o755}));
		for (let i = 0; i < 41; i++) r2.create(`l${i}`, {kind: 'symlink', mode: 0o777, target: i === 0 ? 'f' : `l${i - 1}`});
		const v2 = new MemVfs(r2);
		expect(v2.realpath('/l39')).toBe('/f');
		expect(v2.realpath('/l40')).toBe('ELOOP');
	});
});

describe('MemVfs sysfs semantics', () => {
	it('opening a read-only attribute for write is EACCES', () => {
		const {vfs} = setup();
		expect(vfs.open('/sys/devices/system/memory/memory32/phys_index', {write: true, create: true, truncate: true})).toBe('EACCES');
		expect(vfs.open('/sys/devices/system/memory/block_size_bytes', {write: true})).toBe('EACCES');
	});

	it('opening a write-only attribute for read is EACCES', () => {
		const {vfs} = setup();
		expect(vfs.open('/sys/devices/system/memory/soft_offline_page', {read: true})).toBe('EACCES');
	});

	it('creating in a missing sysfs dir is ENOENT, in an existing one EACCES', () => {
		const {vfs} = setup();
		expect(vfs.open('/sys/devices/system/memory/memory99/state', {write: true, create: true, truncate: true})).toBe('ENOENT');
		expect(vfs.open('/sys/devices/system/memory/memory32/bogus', {write: true, create: true})).toBe('EACCES');
		expect(vfs.mkdir('/sys/foo')).toBe('EPERM');
		expect(vfs.unlink('/sys/devices/system/memory/memory32/state')).toBe('EPERM');
	});

	it('write runs store with the whole buffer and propagates its errno', () => {
		const {vfs, k} = setup();
		const f = vfs.open('/sys/devices/system/memory/memory33/state', {write: true, create: true, truncate: true});
		if (typeof f === 'string') throw new Error(f);
		expect(f.write('foo\n')).toBe('EINVAL');
		expect(f.write('online\n')).toBeUndefined();
		expect(k.blocks.get(33)!.state).toBe('online');
		expect(f.write('online\n')).toBe('EINVAL');
		expect(f.write('offline\n')).toBe('EBUSY');
		const seen: string[] = [];
		const root = sdir({a: attr(() => 'x\n', d => {
			seen.push(d);
			return undefined;
		})});
		const g = new MemVfs(root).open('/a', {write: true});
		if (typeof g === 'string') throw new Error(g);
		g.write('one two\n');
		expect(seen).toEqual(['one two\n']);
	});

	it('stat sizes: sysfs 4096, procfs 0, tmpfs real length, dirs nlink', () => {
		const {vfs} = setup();
		expect(vfs.stat('/sys/devices/system/memory/memory33/state')).toMatchObject({type: 'file', size: 4096, mode: 0o644, nlink: 1});
		expect(vfs.stat('/sys/devices/system/memory/memory33/phys_index')).toMatchObject({size: 4096, mode: 0o444});
		expect(vfs.stat('/proc/meminfo')).toMatchObject({type: 'file', size: 0, mode: 0o444});
		expect(vfs.stat('/etc/passwd')).toMatchObject({size: 'root:x:0:0:root:/root:/bin/sh\n'.length});
		expect(vfs.stat('/sys/devices/system/memory/memory33/power')).toMatchObject({type: 'dir', nlink: 2, size: 0});
		// memory33 has one subdirectory (power): nlink 3.
		expect(vfs.stat('/sys/devices/system/memory/memory33')).toMatchObject({nlink: 3});
		expect(vfs.stat('/sys/devices/system/memory/memory33/firmware_node', false)).toMatchObject({type: 'symlink', size: 0});
		expect(vfs.stat('/dev/null')).toMatchObject({type: 'chardev', rdev: [1, 3]});
	});
});

describe('MemVfs tmpfs', () => {
	it('creates, truncates and appends', () => {
		const {vfs} = setup();
		const f = vfs.open('/tmp/x', {write: true, create: true, truncate: true});
		if (typeof f === 'string') throw new Error(f);
		f.write('hello\n');
		f.write('world\n');
		const r = vfs.open('/tmp/x', {read: true});
		if (typeof r === 'string') throw new Error(r);
		expect(r.read()).toBe('hello\nworld\n');
		const a = vfs.open('/tmp/x', {write: true, create: true, append: true});
		if (typeof a === 'string') throw new Error(a);
		a.write('more\n');
		expect(r.read()).toBe('hello\nworld\nmore\n');
		const t = vfs.open('/tmp/x', {write: true, create: true, truncate: true});
		if (typeof t === 'string') throw new Error(t);
		expect(r.read()).toBe('');
		expect(vfs.stat('/tmp/x')).toMatchObject({size: 0, mode: 0o644});
	});

	it('does not create without O_CREAT, refuses dirs for write', () => {
		const {vfs} = setup();
		expect(vfs.open('/tmp/nope', {read: true})).toBe('ENOENT');
		expect(vfs.open('/tmp', {write: true})).toBe('EISDIR');
		expect(vfs.open('/nodir/x', {write: true, create: true})).toBe('ENOENT');
		expect(vfs.open('/etc/passwd/x', {write: true, create: true})).toBe('ENOTDIR');
	});

	it('mkdir, rmdir, unlink, rename and symlink', () => {
		const {vfs} = setup();
		expect(vfs.mkdir('/tmp/d')).toBeUndefined();
		expect(vfs.mkdir('/tmp/d')).toBe('EEXIST');
		expect(vfs.stat('/tmp/d')).toMatchObject({type: 'dir', nlink: 2, size: 40});
		expect(vfs.stat('/tmp')).toMatchObject({nlink: 3, mode: 0o1777});
		expect(vfs.symlink('/etc/passwd', '/tmp/d/pw')).toBeUndefined();
		expect(vfs.rmdir('/tmp/d')).toBe('ENOTEMPTY');
		expect(vfs.unlink('/tmp/d')).toBe('EISDIR');
		expect(vfs.rename('/tmp/d', '/tmp/e')).toBeUndefined();
		expect(vfs.realpath('/tmp/e/pw')).toBe('/etc/passwd');
		expect(vfs.unlink('/tmp/e/pw')).toBeUndefined();
		expect(vfs.rmdir('/tmp/e')).toBeUndefined();
		expect(vfs.stat('/tmp/e')).toBe('ENOENT');
		expect(vfs.rmdir('/sys')).toBe('EBUSY');
	});
});
