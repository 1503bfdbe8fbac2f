import {readFileSync} from 'node:fs';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';
import {createSession, type Session} from '../source/machine/session.js';

/** A QEMU machine alone (no session, no guest) for a space-separated command line. */
export function startQemu(args = '-m 1024M,slots=32,maxmem=8G -S'): QemuMachine {
	const parsed = parseQemuCommandLine(args.split(' '));
	if (!parsed.ok) throw new Error(parsed.stderr);
	const created = QemuMachine.create(parsed.config, new VirtualClock());
	if (!created.ok) throw new Error(created.stderr);
	return created.machine;
}

/** A session for a `qemu-system-x86_64` argv; throws when QEMU would refuse to start. */
export function startSession(argv: string[]): Session {
	const r = createSession(argv);
	if (!r.ok) throw new Error(`session did not start: ${r.stderr}`);
	return r.session;
}

/**
 * Runs the session on a clock the test moves (runInRealTime()): the returned `pause(seconds)`
 * lets that much time pass with nothing typed, which the guest's clock takes on at the next input.
 */
export function pausable(s: Session): (seconds: number) => void {
	let ms = 0;
	s.runInRealTime(() => ms);
	return (seconds) => {
		ms += seconds * 1000;
	};
}

/**
 * A 1G guest's DIMM whose eject the guest refuses (the lab's flow, kmsg-reads-1G.t): a 512M DIMM
 * hot-added and its first block onlined, then the reads that leave slabs in memory32 so its offline
 * fails. Ends with the serial console in focus; `device_del d1` then logs `Offline failed.`.
 */
export function dimmRefusingEject(s: Session): void {
	typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
	typeLine(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	s.muxKey('c');
	typeLine(s, 'serial', 'echo online > /sys/devices/system/memory/memory32/state');
	typeLine(s, 'serial', 'cat /proc/meminfo > /dev/null; ls /sys/devices/system/memory > /dev/null');
}

/** Submits a line on a pane (switching with C-a c first) and returns what it printed, echo included. */
export function typeLine(s: Session, pane: 'monitor' | 'serial', line: string): string {
	if (s.focus() !== pane) s.muxKey('c');
	let text = '';
	const off = s.onOutput(c => {
		text += c.text;
	});
	s.submitLine(line);
	off();
	return text;
}

/**
 * What an action printed on the serial console (Ctrl-C, Ctrl-D and keys echo no line of their
 * own), carriage returns dropped unless `keepCr`.
 */
export function serialOutput(s: Session, act: () => void, keepCr = false): string {
	let text = '';
	const off = s.onOutput(c => {
		if (c.pane === 'serial') text += c.text;
	});
	act();
	off();
	return keepCr ? text : text.replace(/\r/g, '');
}

/** What a line printed: its echo, the pane's next prompt and the serial console's carriage returns removed. */
export function printed(s: Session, pane: 'monitor' | 'serial', line: string): string {
	const text = typeLine(s, pane, line);
	return text.slice(text.indexOf('\n') + 1).replace(/\r/g, '').replace(/(\/ # |\(qemu\) )$/, '');
}

/**
 * A lab probe log (`test/fixtures/lab/*.probe`): each line `"KEYS" => "BYTES WRITTEN"` as the
 * real guest wrote them after the keys, CRs dropped and without the `ESC [6n` ash sends after
 * each prompt (memhp's does not).
 */
export function labProbe(file: string): {keys: string; want: string}[] {
	const lines = readFileSync(new URL(`./fixtures/lab/${file}`, import.meta.url), 'utf8').trim().split('\n');
	return lines.map(line => {
		const m = /^(".*?(?<!\\)") => (".*")$/.exec(line)!;
		return {keys: JSON.parse(m[1]!) as string, want: (JSON.parse(m[2]!) as string).replace(/\r/g, '').replace(/\x1b\[6n$/, '')};
	});
}

/**
 * What a line typed at the prompt printed after its echo (the lab's terminal wrapped a long
 * line at 80 columns, lineedit adding a line break memhp's echo has not).
 */
export function afterEcho(text: string, line: string): string {
	let i = 0;
	let j = 0;
	while (i < line.length && j < text.length) {
		if (text[j] === '\n' && line[i] !== '\n') j++;
		else {
			i++;
			j++;
		}
	}
	return text.slice(j);
}

/**
 * Makes `proto[name]` run the real method (so state changes) and then throw, `times` times: an
 * internal fault half-way through a command. Returns the function that puts the method back.
 */
export function injectFault<T extends object>(proto: T, name: keyof T & string, times = 1): () => void {
	const original = proto[name] as unknown as (...args: unknown[]) => unknown;
	let left = times;
	(proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
		const result = original.apply(this, args);
		if (left-- > 0) throw new Error(`injected fault in ${name}`);
		return result;
	};
	return () => {
		(proto as Record<string, unknown>)[name] = original;
	};
}
