/**
 * busybox 1.35 hexdump and xxd; every expected line was printed by Debian's binary for the same
 * bytes (UTF-8 of the file's text), squeezing and short last lines included.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	const sh = new Shell(g.syscalls);
	sh.run("cd /tmp; printf 'hello world\\n\\0\\0\\0abc' > hx; printf '0123456789abcdef' > s16; head -c 100 /dev/zero > z; truncate -s 8k sp");
	return sh;
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

describe('hexdump', () => {
	it('-C: offsets, two groups of eight bytes, |ascii|, the end offset', () => {
		const sh = boot();
		expect(out(sh, 'hexdump -C hx')).toBe(lines('00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 00 00 61  |hello world....a|',
			'00000010  62 63                                             |bc|', '00000012'));
		expect(out(sh, 'hexdump -C -n 4 -s 2 hx; echo hi | hexdump -C')).toBe(lines('00000002  6c 6c 6f 20                                       |llo |', '00000006',
			'00000000  68 69 0a                                          |hi.|', '00000003'));
	});

	it('squeezes repeated lines to * unless -v; a hole reads as zeros', () => {
		const sh = boot();
		expect(out(sh, 'hexdump -C z')).toBe(lines('00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|', '*',
			'00000060  00 00 00 00                                       |....|', '00000064'));
		expect(out(sh, 'hexdump -C sp')).toBe(lines('00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|', '*', '00002000'));
		expect(out(sh, 'hexdump -C -v -n 32 z | wc -l')).toBe(lines('3'));
		// a file filled to fill memory squeezes whole, within the step budget
		expect(out(sh, 'truncate -s 20M big; echo x >> big; hexdump -C big')).toBe(lines('00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|', '*',
			'01400000  78 0a                                             |x.|', '01400002'));
	});

	it('the default 16-bit words and -x; errors', () => {
		const sh = boot();
		expect(out(sh, 'hexdump hx')).toBe(lines('0000000 6568 6c6c 206f 6f77 6c72 0a64 0000 6100', `0000010 6362${' '.repeat(35)}`, '0000012'));
		expect(out(sh, 'hexdump -x s16')).toBe(lines('0000000    3130    3332    3534    3736    3938    6261    6463    6665', '0000010'));
		expect(out(sh, 'hexdump -C nosuch; echo $?; : > e; hexdump -C e')).toBe(lines('hexdump: nosuch: No such file or directory', '1'));
		expect(out(sh, 'hexdump -b hx')).toBe(lines('memhp: hexdump: -b is not simulated (the default, -C and -x are)'));
	});
});

describe('xxd', () => {
	it('ADDR: pairs of bytes, then the text; -s, -l, -o, -g, -c, -p', () => {
		const sh = boot();
		expect(out(sh, 'xxd hx')).toBe(lines('00000000: 6865 6c6c 6f20 776f 726c 640a 0000 0061  hello world....a', `00000010: 6263${' '.repeat(37)}bc`));
		expect(out(sh, 'xxd -l 4 -s 2 hx; xxd -o 256 -l 4 hx')).toBe(lines(`00000002: 6c6c 6f20${' '.repeat(32)}llo `, `00000100: 6865 6c6c${' '.repeat(32)}hell`));
		expect(out(sh, 'xxd -g1 -c8 s16')).toBe(lines('00000000: 30 31 32 33 34 35 36 37  01234567', '00000008: 38 39 61 62 63 64 65 66  89abcdef'));
		expect(out(sh, 'xxd -p hx')).toBe(lines('68656c6c6f20776f726c640a000000616263'));
		expect(out(sh, 'xxd nosuch; echo $?')).toBe(lines('xxd: nosuch: No such file or directory', '1'));
	});
});
