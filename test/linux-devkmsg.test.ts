/**
 * /dev/kmsg writes (devkmsg_write()): each write is a record of the user facility in the kernel's
 * log, as the lab's guest showed (test/fixtures/lab/kmsg-writes-1G.t); and reads
 * (devkmsg_read()): a record per read(2) with its sequence number, dev_printk()'s SUBSYSTEM= and
 * DEVICE= lines, and a wait at the newest record (test/fixtures/lab/kmsg-reads-1G.t).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {PrintkRing} from '../source/machine/linux/printk.js';
import {dimmRefusingEject, printed, serialOutput, startSession, typeLine} from './session-helpers.js';

function ring(consoleLoglevel = 4): {log: PrintkRing; console: string[]} {
	const console: string[] = [];
	const log = new PrintkRing(new VirtualClock(), text => console.push(text), {consoleLoglevel, ignoreLoglevel: false});
	return {log, console};
}

describe('PrintkRing.devkmsgWrite', () => {
	it('logs at level 4 of the user facility unless a <N> prefix says otherwise', () => {
		const {log, console} = ring();
		log.devkmsgWrite('hello\n');
		log.devkmsgWrite('<3>an error\n');
		log.devkmsgWrite('<30>daemon info\n');
		log.devkmsgWrite('<x>not a prefix\n');
		expect(log.readAll().split('\n').map(l => l.replace(/\[.*?\] /, ''))).toEqual(['<12>hello', '<11>an error', '<30>daemon info', '<12><x>not a prefix', '']);
		// (only the level-3 record is under the console's loglevel of 4)
		expect(console).toEqual([expect.stringMatching(/^\[ *\d+\.\d{6}\] an error\r\n$/)]);
	});

	it('keeps a record written without its newline open until the next one', () => {
		const {log} = ring();
		log.devkmsgWrite('partial');
		expect(log.readAll()).toBe('');
		log.devkmsgWrite('next\n');
		expect(log.all().map(r => r.text)).toEqual(['partial', 'next']);
	});

	it('refuses a write longer than a record', () => {
		const {log} = ring();
		expect(log.devkmsgWrite(`${'x'.repeat(1024)}\n`)).toBe('EINVAL');
		expect(log.devkmsgWrite(`${'x'.repeat(1023)}\n`)).toBeUndefined();
	});
});

describe('/dev/kmsg in the guest', () => {
	it('puts what the shell writes there in dmesg; a line too long is EINVAL', () => {
		const s = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet']);
		expect(printed(s, 'serial', 'echo "--- before online ---" > /dev/kmsg; dmesg | tail -n 1')).toMatch(/^\[ *\d+\.\d{6}\] --- before online ---\n$/);
		// (ash's printf says nothing of its failed write: status 1 alone)
		expect(printed(s, 'serial', 'printf "%02000d\\n" 1 > /dev/kmsg; echo rc=$?')).toBe('rc=1\n');
		expect(printed(s, 'serial', 'dmesg | tail -n 1')).toMatch(/--- before online ---\n$/);
	});
});

describe('PrintkRing.devkmsgRead', () => {
	it('numbers the records from 0 and shows level, sequence, microseconds, flags and the escaped text', () => {
		const {log} = ring();
		log.printk(6, 'first');
		log.devkmsgWrite('<3>a\tb\\c\u00e9\n');
		log.devkmsgWrite('two\nlines\n');
		expect(log.firstSeq()).toBe(0);
		// (the clock starts at the prompt's 2.5 s)
		expect(log.devkmsgRead(0)).toBe('6,0,2500000,-;first\n');
		expect(log.devkmsgRead(1)).toBe('11,1,2500000,-;a\\x09b\\x5cc\\xc3\\xa9\n');
		// one write of two lines is two records (the lab, s64/kmsg)
		expect(log.devkmsgRead(2)).toBe('12,2,2500000,-;two\n');
		expect(log.devkmsgRead(3)).toBe('12,3,2500000,-;lines\n');
		expect(log.devkmsgRead(4)).toBeUndefined();
	});

	it('adds a dev_printk() record\'s device; a subsystem\'s root device has none', () => {
		const {log} = ring();
		log.devPrintk(4, {subsystem: 'memory', name: 'memory32'}, 'Offline failed.');
		log.devPrintk(6, {subsystem: 'pnp', name: '00:05', driver: 'rtc_cmos'}, 'registered as rtc0');
		log.devPrintk(3, {subsystem: '', name: 'memory'}, 'uevent: failed to send synthetic uevent');
		expect(log.devkmsgRead(0)).toBe('4,0,2500000,-;memory memory32: Offline failed.\n SUBSYSTEM=memory\n DEVICE=+memory:memory32\n');
		expect(log.devkmsgRead(1)).toBe('6,1,2500000,-;rtc_cmos 00:05: registered as rtc0\n SUBSYSTEM=pnp\n DEVICE=+pnp:00:05\n');
		expect(log.devkmsgRead(2)).toBe('3,2,2500000,-; memory: uevent: failed to send synthetic uevent\n');
	});

	it('keeps the sequence numbers of the records the ring dropped: an older one is EPIPE', () => {
		const log = new PrintkRing(new VirtualClock(), () => {}, {consoleLoglevel: 4, ignoreLoglevel: false}, 4096);
		for (let i = 0; i < 3000; i++) log.printk(6, `line ${i}`);
		expect(log.nextSeq()).toBe(3000);
		const first = log.firstSeq();
		expect(first).toBeGreaterThan(0);
		expect(log.devkmsgRead(first - 1)).toBe('EPIPE');
		expect(log.devkmsgRead(first)).toBe(`6,${first},2500000,-;line ${first}\n`);
	});
});

describe('reading /dev/kmsg in the guest', () => {
	const boot = () => startSession(['-m', '1024M,slots=32,maxmem=8G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);

	it('starts at the boot log\'s first record, the PCI scan\'s records with their devices', () => {
		const s = boot();
		expect(printed(s, 'serial', 'head -n 2 /dev/kmsg | cut -d, -f1,2,4-')).toBe('5,0,-;Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)\n6,1,-;Command line: console=ttyS0 quiet nokaslr\n');
		typeLine(s, 'serial', 'cat /dev/kmsg > /tmp/k & sleep 1; kill $!; wait $!');
		// (the lab's 1G guest: 44 dev_printk() records at boot)
		expect(printed(s, 'serial', 'grep -c SUBSYSTEM= /tmp/k')).toBe('44\n');
		expect(printed(s, 'serial', 'grep -A2 "registered as rtc0" /tmp/k | cut -d, -f1,4-')).toBe('6,-;rtc_cmos 00:05: registered as rtc0\n SUBSYSTEM=pnp\n DEVICE=+pnp:00:05\n');
	});

	it('cat waits at the newest record: replay stops it as Ctrl-C would, what it read already in its file', () => {
		const s = boot();
		expect(printed(s, 'serial', 'cat /dev/kmsg > /tmp/k; echo not reached')).toBe('memhp: this never ends (in the guest Ctrl-C stops it): interrupted\n\n');
		expect(printed(s, 'serial', 'echo $?; tail -n 1 /tmp/k | cut -d";" -f2')).toBe('130\nclocksource: Switched to clocksource tsc\n');
	});

	it('on the screen cat shows each record as it is logged (the eject the monitor asked for, refused) until Ctrl-C', () => {
		const s = boot();
		s.runInRealTime();
		dimmRefusingEject(s);
		const all = typeLine(s, 'serial', 'cat /dev/kmsg');
		expect(all).toContain('5,0,0,-;Linux version');
		expect(all).toMatch(/-;Policy zone: Normal\n$/);
		expect(s.consoleReader()).toBe('cat');
		expect(serialOutput(s, () => s.elapse(1000))).toBe('');
		typeLine(s, 'monitor', 'device_del d1');
		s.muxKey('c');
		const later = serialOutput(s, () => s.elapse(500));
		expect(later).toMatch(/-;page dumped because: unmovable page\n/);
		expect(later).toMatch(/\n4,\d+,\d+,-;memory memory32: Offline failed\.\n SUBSYSTEM=memory\n DEVICE=\+memory:memory32\n$/);
		// (a line typed meanwhile waits in the terminal: cat reads /dev/kmsg, not the console)
		typeLine(s, 'serial', 'echo typed');
		expect(serialOutput(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
	});

	it('dd reads a record per block: a short block each, EINVAL for a block smaller than the record', () => {
		const s = boot();
		expect(printed(s, 'serial', 'dd if=/dev/kmsg bs=16 count=1; echo rc=$?')).toBe('dd: /dev/kmsg: Invalid argument\nrc=1\n');
		expect(printed(s, 'serial', 'dd if=/dev/kmsg bs=4096 skip=1 count=1')).toBe('6,1,0,-;Command line: console=ttyS0 quiet nokaslr\n0+1 records in\n0+1 records out\n');
	});

	it('a filter given /dev/kmsg handles the records there and waits with them for the next', () => {
		const s = boot();
		const never = 'memhp: this never ends (in the guest Ctrl-C stops it): interrupted\n\n';
		expect(printed(s, 'serial', 'grep -i hotplug /dev/kmsg | cut -d";" -f2')).toBe(never);
		expect(printed(s, 'serial', 'grep -i hotplug /dev/kmsg')).toMatch(/^6,\d+,\d+,-;ACPI: SRAT: .* hotplug\n6,\d+,\d+,-;smpboot: Allowing 1 CPUs, 0 hotplug CPUs\nmemhp: this never ends/);
		// (an end of file never comes: wc, grep -c and tail print nothing)
		expect(printed(s, 'serial', 'wc -l /dev/kmsg')).toBe(never);
		expect(printed(s, 'serial', 'grep -c SUBSYSTEM= /dev/kmsg')).toBe(never);
		// (one that has what it reads exits as usual)
		expect(printed(s, 'serial', 'head -n 2 /dev/kmsg | cut -c1-20; echo $?')).toBe('5,0,0,-;Linux versio\n6,1,0,-;Command line\n0\n');
		// (grep's matches wait in its stdio buffer: Ctrl-C leaves the file empty)
		expect(printed(s, 'serial', 'grep -i hotplug /dev/kmsg > /tmp/g')).toBe(never);
		expect(printed(s, 'serial', 'wc -c < /tmp/g')).toBe('0\n');
		// (as its standard input too: cat writes each record as it reads it)
		expect(printed(s, 'serial', 'grep -i hotplug < /dev/kmsg | wc -l')).toBe(never);
		expect(printed(s, 'serial', 'cat < /dev/kmsg > /tmp/k')).toBe(never);
		expect(printed(s, 'serial', 'grep -c "^[0-9]" /tmp/k; head -n 1 < /dev/kmsg | cut -c1-10')).toMatch(/^[1-9]\d\d\n5,0,0,-;Li\n$/);
	});

	it('on the screen grep on /dev/kmsg shows the eject\'s records as they are logged', () => {
		const s = boot();
		s.runInRealTime();
		dimmRefusingEject(s);
		expect(typeLine(s, 'serial', 'grep -i -e offline -e hotplug /dev/kmsg')).toMatch(/ hotplug CPUs\n$/);
		expect(s.consoleReader()).toBe('grep');
		typeLine(s, 'monitor', 'device_del d1');
		s.muxKey('c');
		expect(serialOutput(s, () => s.elapse(500))).toMatch(/^4,\d+,\d+,-;memory memory32: Offline failed\.\n$/);
		expect(serialOutput(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
	});
});
