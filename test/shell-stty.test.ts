/**
 * busybox 1.35 stty over the console's termios and window size (lab s51/r40 s2, s7, s10): the
 * displays, the settings kept by the kernel, and the window size later programs size their
 * screens by.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 512, maxMiB: 2048, slots: 2, cpus: 1}), firmware: new FakeFirmware(2), clock: new VirtualClock(), console: () => {}});
	return new Shell(g.syscalls);
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

const DEFAULT = lines(
	'speed 9600 baud; line = 0;',
	'intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;',
	'eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;',
	'werase = ^W; lnext = ^V; flush = ^O; min = 1; time = 0;',
	'-brkint -imaxbel',
);

describe('stty', () => {
	it('shows the console as the lab\'s guest has it after boot', () => {
		const sh = boot();
		expect(out(sh, 'stty; echo $?')).toBe(`${DEFAULT}0\n`);
		expect(out(sh, 'stty -g')).toBe('500:5:cbd:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0\n');
		// the serial port's window is 0x0: no size, and errno is 0, so no strerror()
		expect(out(sh, 'stty size; echo $?')).toBe(lines('stty: standard input', '0'));
		expect(out(sh, 'stty -a')).toBe(lines(
			'speed 9600 baud;stty: standard input',
			' line = 0;',
			'intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;',
			'eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;',
			'werase = ^W; lnext = ^V; flush = ^O; min = 1; time = 0;',
			'-parenb -parodd -cmspar cs8 hupcl -cstopb cread clocal -crtscts',
			'-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff',
			'-iuclc -ixany -imaxbel -iutf8',
			'opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0',
			'isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt',
			'echoctl echoke -flusho -extproc',
		));
		expect(out(sh, 'stty size < /dev/null; echo $?')).toBe(lines('stty: standard input: Inappropriate ioctl for device', '1'));
	});

	it('keeps what is set: modes, control characters, combinations, sane', () => {
		const sh = boot();
		sh.run('stty -isig intr ^X');
		expect(out(sh, 'stty | sed -n 2p; stty | tail -2')).toBe(lines('intr = ^X; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;', '-brkint -imaxbel', '-isig'));
		sh.run('stty sane');
		expect(out(sh, 'stty')).toBe(DEFAULT.replace('-brkint -imaxbel\n', ''));
		expect(out(sh, 'stty raw; stty -g | cut -d: -f1-4; stty -raw; stty -g | cut -d: -f1-4')).toBe(lines('0:4:cbd:8a38', '526:5:cbd:8a3b'));
		expect(out(sh, 'stty 115200; stty speed; stty -F /dev/ttyS0 speed')).toBe(lines('115200', '115200'));
	});

	it('rows and cols set the window size that stty size, top and more go by', () => {
		const sh = boot();
		expect(out(sh, 'stty rows 30 cols 100; stty size; stty -a | head -1')).toBe(lines('30 100', 'speed 9600 baud; rows 30; columns 100; line = 0;'));
		expect(out(sh, 'top -n1').split('\n').length - 1).toBe(30);
		expect(out(sh, "seq 1 100 > /tmp/s; more /tmp/s").split('--More--')[0]!.split('\n').length - 1).toBe(29);
		sh.keys('q');
		// (into a pipe top's stdout has no size: 24 rows)
		expect(out(sh, 'top -n1 | wc -l')).toBe(lines('24'));
		// (no way back to 0x0: a size must be 1 or more)
		expect(out(sh, 'stty rows 0; echo $?')).toBe(lines('stty: number 0 is not in 1..2147483647 range', '1'));
	});

	it('errors as busybox prints them', () => {
		const sh = boot();
		expect(out(sh, 'stty foo; echo $?')).toBe(lines("stty: invalid number 'foo'", '1'));
		expect(out(sh, 'stty 7; echo $?')).toBe(lines("stty: invalid argument '7'", '1'));
		// (ispeed: cfsetispeed() refuses a speed it does not know, and nobody checks)
		expect(out(sh, 'stty ispeed 7; echo $?; stty speed')).toBe(lines('0', '9600'));
		expect(out(sh, 'stty intr; echo $?')).toBe(lines('stty: intr requires an argument', '1'));
		expect(out(sh, 'stty -a -g; echo $?')).toBe(lines('stty: -a and -g are mutually exclusive', '1'));
		expect(out(sh, 'stty -a raw; echo $?')).toBe(lines('stty: modes may not be set when -a or -g is used', '1'));
		expect(out(sh, 'stty -F /dev/null; echo $?')).toBe(lines('stty: /dev/null: Inappropriate ioctl for device', '1'));
		expect(out(sh, 'stty -F /dev/nope; echo $?')).toBe(lines("stty: can't open '/dev/nope': No such file or directory", '1'));
		expect(out(sh, 'stty -cs8; echo $?')).toBe(lines("stty: invalid argument '-cs8'", '1'));
	});
});
