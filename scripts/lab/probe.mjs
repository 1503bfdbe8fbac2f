#!/usr/bin/env node
// Boots the lab's machine (see "The lab" in the README) and types raw keys into its muxed
// console, printing what each step drew as one JSON line: for measurements a transcript cannot
// hold (a guest booted with extra kernel parameters, a trace dumped from tracefs).
// A developer tool: nothing in the tests or the app runs it.
//
//   node scripts/lab/probe.mjs '-m 512M -smp 1' '["cat /proc/zoneinfo\r", "@wait5000", "\u0001c", "info memdev\r"]'
//
// A step is keys as typed (C-a is \u0001, for QEMU's mux) or `@waitMS`. APPEND adds kernel
// parameters (e.g. APPEND='trace_event=kmem:mm_page_free trace_buf_size=2M'), INITRD names
// another initramfs. Run where bzImage and rootfs.cpio.gz are.
import pty from 'node-pty';

const [machine, stepsJson] = process.argv.slice(2);
if (!machine || !stepsJson) {
	console.error('usage: probe.mjs "QEMU OPTIONS" \'["keys\\r", "@wait1000", ...]\'');
	process.exit(2);
}
const steps = JSON.parse(stepsJson);
const append = `console=ttyS0 quiet nokaslr${process.env.APPEND ? ` ${process.env.APPEND}` : ''}`;
const args = ['-machine', 'pc', '-accel', 'tcg', ...machine.split(' '), '-kernel', 'bzImage', '-initrd', process.env.INITRD || 'rootfs.cpio.gz', '-append', append, '-nographic'];
let buf = '';
let last = Date.now();
let exited = false;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const p = pty.spawn('qemu-system-x86_64', args, {cols: 80, rows: 24, cwd: process.cwd(), name: 'xterm'});
p.onData(d => {
	buf += d;
	last = Date.now();
});
p.onExit(() => {
	exited = true;
});

/** Waits until nothing has arrived for `ms` (at most `timeoutMs`). */
async function quiet(ms, timeoutMs = 120_000) {
	const t0 = Date.now();
	while (Date.now() - last < ms && !exited && Date.now() - t0 < timeoutMs) await sleep(50);
}

while (!/ # (\x1b\[6n)?$/.test(buf) && !exited) await sleep(200);
await quiet(1500);
for (const s of steps) {
	const start = buf.length;
	if (s.startsWith('@wait')) await sleep(Number(s.slice(5)));
	else {
		for (const ch of s) {
			p.write(ch);
			await sleep(20);
		}
	}
	await quiet(1500);
	process.stdout.write(`${JSON.stringify(s)} => ${JSON.stringify(buf.slice(start))}\n`);
}
p.write('\x01x');
await sleep(300);
p.kill();
process.exit(0);
