#!/usr/bin/env node
// Boots the lab's machine and prints everything its console shows for SECONDS, raw (no prompt
// is waited for): for boots that never reach a shell, such as a kernel panic (session 61: the
// guests that run out of memory at boot). A developer tool: nothing in the tests or the app runs it.
//
//   node scripts/lab/capture.mjs 144M,slots=4,maxmem=8G 50     (run where bzImage and rootfs.cpio.gz are)
//
// APPEND replaces `quiet nokaslr` after console=ttyS0; SMP sets -smp (default 1).
import pty from 'node-pty';

const [mem, secs] = process.argv.slice(2);
if (!mem || !secs) {
	console.error('usage: capture.mjs MEMORY SECONDS');
	process.exit(2);
}
const args = ['-machine', 'pc', '-accel', 'tcg', '-m', mem, '-smp', process.env.SMP ?? '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
	'-append', `console=ttyS0 ${process.env.APPEND ?? 'quiet nokaslr'}`, '-nographic'];
let buf = '';
const p = pty.spawn('qemu-system-x86_64', args, {cols: 80, rows: 24, cwd: process.cwd(), name: 'xterm'});
p.onData(d => {
	buf += d;
});
setTimeout(() => {
	p.write('\x01x');
	setTimeout(() => {
		process.stdout.write(buf.replace(/\r/g, ''));
		p.kill();
		process.exit(0);
	}, 500);
}, Number(secs) * 1000);
