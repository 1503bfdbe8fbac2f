#!/usr/bin/env node
// Records a real transcript: runs the steps of a .t file against real QEMU 7.2 and the Debian
// Linux 6.1 guest the goldens were recorded with (TCG, no KVM needed), and writes the same
// transcript with the real outputs. dmesg timestamps become `(re)` lines, as in the goldens.
// A developer tool (see "The lab" in the README): nothing in the tests or the app runs it.
//
//   node scripts/lab/record.mjs IN.t OUT.t     (run where bzImage and rootfs.cpio.gz are)
import fs from 'node:fs';
import pty from 'node-pty';

const [inFile, outFile] = process.argv.slice(2);
// RECORD_FAST=1 types and moves on at about the goldens' pace (spec/raw: a command every 0.1 to
// 0.3 s of guest time), which decides what kfree_rcu()'s 5 s batches hold; the default is slower.
const FAST = process.env.RECORD_FAST === '1';
const PACE = FAST ? {char: 1, guestQuiet: 120, monitorQuiet: 120, hotplug: 400, mux: 200} : {char: 8, guestQuiet: 400, monitorQuiet: 300, hotplug: 2500, mux: 600};
if (!inFile || !outFile) {
	console.error('usage: record.mjs IN.t OUT.t');
	process.exit(2);
}
const src = fs.readFileSync(inFile, 'utf8').split('\n');

let buf = '';
let last = Date.now();
let proc;
let exited = false;
const sleep = ms => new Promise(r => setTimeout(r, ms));
// The pty's CR LF, and the cursor moves busybox's line editing sends.
const clean = s => s.replace(/\r/g, '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '').replace(/\x1b[^[()]/g, '');

/** Waits until `pred` holds on the output and nothing has arrived for `quietMs`. */
async function waitFor(pred, quietMs, timeoutMs = 120_000) {
	const t0 = Date.now();
	for (;;) {
		await sleep(50);
		if ((pred(clean(buf)) && Date.now() - last >= quietMs) || exited) return;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timeout; tail: ${JSON.stringify(clean(buf).slice(-300))}`);
	}
}
const guestPrompt = c => /\n[^\n]* # $/.test(c);
// The prompt, possibly followed by what the guest printed on the shared serial console since
// (with `quiet`, KERN_ERR lines such as a failed hot-add's).
const KERNEL_LINES_AFTER_PROMPT = /\(qemu\) ((?:\[ *\d+\.\d{6}\] [^\n]*\n)*)$/;
const monitorPrompt = c => KERNEL_LINES_AFTER_PROMPT.test(c);
const reEscape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STAMP = /^\[ *\d+\.\d{6}\] /;

const out = [];
const emit = lines => {
	for (const l of lines) out.push(STAMP.test(l) ? `  \\[ *\\d+\\.\\d{6}\\] ${reEscape(l.replace(STAMP, ''))} (re)` : `  ${l}`);
};
let focus = 'guest';

for (const line of src) {
	if (!line.startsWith('  ')) {
		out.push(line);
		continue;
	}
	const body = line.slice(2);
	if (body.startsWith('$ ')) {
		out.push(line);
		const args = body.slice(2).trim().match(/'[^']*'|\S+/g).map(a => (a.startsWith("'") ? a.slice(1, -1) : a));
		proc = pty.spawn(args[0], args.slice(1), {cols: 80, rows: 24, cwd: process.cwd(), name: 'xterm'});
		proc.onData(d => {
			buf += d;
			last = Date.now();
		});
		proc.onExit(() => {
			exited = true;
		});
		if (args.includes('-kernel')) await waitFor(guestPrompt, 1500, 300_000);
		else await waitFor(() => true, 1500);
		if (exited) {
			emit(clean(buf).split('\n').filter(Boolean));
			break;
		}
		continue;
	}
	let kind;
	let cmd = '';
	if (body === '<C-a c>') kind = 'mux';
	else if (body.startsWith('(qemu) ')) [kind, cmd] = ['monitor', body.slice(7)];
	else if (/^\S* # /.test(body)) [kind, cmd] = ['guest', body.replace(/^\S* # /, '')];
	else continue; // an expected output line of the input: replaced by the real one
	out.push(line);
	const start = buf.length;
	if (kind === 'mux') {
		proc.write('\x01c');
		focus = focus === 'guest' ? 'monitor' : 'guest';
		await waitFor(() => true, PACE.mux);
		// Into the monitor: the banner (first time) before the prompt; back to the guest: nothing.
		if (focus === 'monitor') emit(clean(buf.slice(start)).replace(/\(qemu\) $/, '').split('\n').filter(l => l !== ''));
		continue;
	}
	for (const ch of cmd) {
		proc.write(ch);
		await sleep(PACE.char);
	}
	proc.write('\r');
	const before = clean(buf.slice(0, start)).length;
	const reset = kind === 'monitor' && /^system_reset\s*$/.test(cmd);
	if (kind === 'guest') {
		await waitFor(c => guestPrompt(c.slice(before)), PACE.guestQuiet);
	} else {
		// A reset: the prompt, the firmware, the quiet kernel's seconds of silence, then the new shell's prompt.
		if (reset) await waitFor(c => guestPrompt(c.slice(before)), 1500, 300_000);
		else await waitFor(c => monitorPrompt(c.slice(before)), PACE.monitorQuiet);
		// Give the guest time to finish its ACPI work, as a person typing would.
		if (/^(device_add|device_del|system_powerdown|object_add)/.test(cmd)) await waitFor(() => true, PACE.hotplug);
	}
	let o = clean(buf.slice(start));
	// Console lines that arrived after the monitor's prompt belong to this step's output.
	if (kind === 'monitor') o = o.replace(KERNEL_LINES_AFTER_PROMPT, '$1(qemu) ');
	// Drop the echo of the typed command (it wraps at 80 columns).
	const tail = cmd.slice(-16);
	let at = -1;
	for (let k = o.indexOf('\n'); k >= 0; k = o.indexOf('\n', k + 1)) {
		if (o.slice(0, k).replace(/\n/g, '').endsWith(tail)) {
			at = k;
			break;
		}
	}
	const lines = at >= 0 ? o.slice(at + 1).split('\n') : o.split('\n').slice(1);
	if (kind === 'guest') {
		lines.pop(); // the next prompt
	} else {
		const i = lines.lastIndexOf('(qemu) ');
		if (i >= 0) lines.splice(i, 1);
		// (a reset: the monitor's prompt came before the firmware's output, the rebooted guest's prompt after it)
		if (reset) {
			if (lines[0]?.startsWith('(qemu) ')) lines[0] = lines[0].slice(7);
			if (/ # $/.test(lines.at(-1) ?? '')) lines.pop();
		}
	}
	emit(lines);
}
fs.writeFileSync(outFile, `${out.join('\n')}\n`);
// C-a x ends QEMU; the kill is for a machine that did not start.
if (!exited) proc.write('\x01x');
await sleep(300);
if (!exited) proc.kill();
process.exit(0);
