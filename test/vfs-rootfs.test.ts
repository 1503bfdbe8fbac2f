import {describe, expect, it} from 'vitest';
import {MemVfs} from '../source/machine/vfs/memvfs.js';
import {buildRootfs} from '../source/machine/vfs/rootfs.js';
import {sdir, attr} from './shell-fake.js';

describe('buildRootfs', () => {
	const sys = sdir({kernel: sdir({}), marker: attr(() => 'sys\n')});
	const proc = sdir({version: {kind: 'file', mode: 0o444, read: () => 'Linux\n', size: () => 0}});
	const root = buildRootfs({mounts: {'/sys': sys, '/proc': proc}, mountTime: 1_700_000_000});
	const vfs = new MemVfs(root);

	it('has the initramfs layout', () => {
		expect(vfs.readdir('/')).toEqual(expect.arrayContaining(['bin', 'sbin', 'usr', 'etc', 'root', 'tmp', 'dev', 'proc', 'sys', 'init']));
		expect(vfs.stat('/tmp')).toMatchObject({mode: 0o1777});
		expect(vfs.stat('/root')).toMatchObject({mode: 0o700});
		expect(vfs.stat('/init')).toMatchObject({type: 'file', mode: 0o755, mtime: 1_700_000_000});
	});

	it('links applets to busybox where busybox installs them', () => {
		expect(vfs.readlink('/bin/sh')).toBe('busybox');
		expect(vfs.readlink('/usr/bin/free')).toBe('../../bin/busybox');
		expect(vfs.readlink('/sbin/mdev')).toBe('../bin/busybox');
		expect(vfs.stat('/usr/bin/lsmem')).toMatchObject({type: 'file', mode: 0o755});
	});

	it('has /etc and device nodes', () => {
		const f = vfs.open('/etc/passwd', {read: true});
		if (typeof f === 'string') throw new Error(f);
		expect(f.read()).toBe('root:x:0:0:root:/root:/bin/sh\n');
		expect(vfs.stat('/dev/ttyS0')).toMatchObject({type: 'chardev', rdev: [4, 64]});
		expect(vfs.stat('/dev/console')).toMatchObject({type: 'chardev', rdev: [5, 1]});
		const n = vfs.open('/dev/null', {write: true});
		if (typeof n === 'string') throw new Error(n);
		expect(n.write('x')).toBeUndefined();
		const full = vfs.open('/dev/full', {write: true});
		if (typeof full === 'string') throw new Error(full);
		expect(full.write('x')).toBe('ENOSPC');
	});

	it('splices the mounts in', () => {
		const f = vfs.open('/sys/marker', {read: true});
		if (typeof f === 'string') throw new Error(f);
		expect(f.read()).toBe('sys\n');
		expect(vfs.readdir('/proc')).toEqual(['version']);
		expect(vfs.rmdir('/proc')).toBe('EBUSY');
	});
});
