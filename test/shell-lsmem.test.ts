import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {humanSize} from '../source/machine/shell/applets/lsmem.js';
import {parseSize} from '../source/machine/shell/applets/ul-strutils.js';
import {FakeKernel} from './shell-fake.js';

/** The guest of the spec's raw runs: 512M boot memory (memory0-3) and a 512M DIMM (memory32-35). */
function setup() {
	const k = new FakeKernel(4);
	k.hotplug(32, 4);
	return {k, sh: new Shell(k.syscalls(), {columns: 80})};
}

const out = (sh: Shell, line: string) => sh.run(line).output;

describe('util-linux size_to_human_string', () => {
	it('matches lsmem sizes', () => {
		expect([0, 128 << 20, 512 << 20, 2 ** 30, 1.5 * 2 ** 30, 1152 * 2 ** 20, 1000].map(humanSize)).toEqual(['0B', '128M', '512M', '1G', '1.5G', '1.1G', '1000B']);
	});
});

describe('lsmem', () => {
	it('prints merged ranges and the summary (spec §6.1)', () => {
		const {sh} = setup();
		expect(out(sh, 'lsmem')).toBe(
			'RANGE                                  SIZE   STATE REMOVABLE BLOCK\n'
			+ '0x0000000000000000-0x000000001fffffff  512M  online       yes   0-3\n'
			+ '0x0000000100000000-0x000000011fffffff  512M offline           32-35\n'
			+ '\n'
			+ 'Memory block size:       128M\n'
			+ 'Total online memory:     512M\n'
			+ 'Total offline memory:    512M\n');
	});

	it('splits ranges by state after onlining memory33', () => {
		const {sh} = setup();
		sh.run('echo online_movable > /sys/devices/system/memory/memory33/state');
		expect(out(sh, 'lsmem').split('\n').slice(1, 5)).toEqual([
			'0x0000000000000000-0x000000001fffffff  512M  online       yes   0-3',
			'0x0000000100000000-0x0000000107ffffff  128M offline              32',
			'0x0000000108000000-0x000000010fffffff  128M  online       yes    33',
			'0x0000000110000000-0x000000011fffffff  256M offline           34-35',
		]);
	});

	it('-a with NODE and ZONES (raw guest61-exp3A)', () => {
		const {sh} = setup();
		sh.run('echo online_movable > /sys/devices/system/memory/memory32/state');
		sh.run('echo online > /sys/devices/system/memory/memory34/state');
		expect(out(sh, 'lsmem -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES -a')).toBe(
			'RANGE                                  SIZE   STATE REMOVABLE BLOCK NODE          ZONES\n'
			+ '0x0000000000000000-0x0000000007ffffff  128M  online       yes     0    0           None\n'
			+ '0x0000000008000000-0x000000000fffffff  128M  online       yes     1    0          DMA32\n'
			+ '0x0000000010000000-0x0000000017ffffff  128M  online       yes     2    0          DMA32\n'
			+ '0x0000000018000000-0x000000001fffffff  128M  online       yes     3    0          DMA32\n'
			+ '0x0000000100000000-0x0000000107ffffff  128M  online       yes    32    0        Movable\n'
			+ '0x0000000108000000-0x000000010fffffff  128M offline              33    0 Normal/Movable\n'
			+ '0x0000000110000000-0x0000000117ffffff  128M  online       yes    34    0         Normal\n'
			+ '0x0000000118000000-0x000000011fffffff  128M offline              35    0 Normal/Movable\n'
			+ '\n'
			+ 'Memory block size:       128M\n'
			+ 'Total online memory:     768M\n'
			+ 'Total offline memory:    256M\n');
	});

	it('-b, -n, --summary=only and unknown columns', () => {
		const {sh} = setup();
		expect(out(sh, 'lsmem -b -n').split('\n')[0]).toBe('0x0000000000000000-0x000000001fffffff 536870912  online yes   0-3');
		expect(out(sh, 'lsmem --summary=only')).toBe('Memory block size:       128M\nTotal online memory:     512M\nTotal offline memory:    512M\n');
		expect(out(sh, 'lsmem -o FOO; echo $?')).toBe('lsmem: unknown column: FOO\n1\n');
	});

	// Expected texts below are util-linux 2.38.1's lsmem run on the host with -s over a sysfs tree
	// of the same blocks, and the lab's guest (test/fixtures/lab/lsmem.t).
	it('SIZE is as wide as its header when every size is shorter ("1G"), its hint 5 otherwise', () => {
		const k = new FakeKernel(8);
		const sh = new Shell(k.syscalls(), {columns: 80});
		expect(out(sh, 'lsmem').split('\n').slice(0, 2)).toEqual([
			'RANGE                                 SIZE  STATE REMOVABLE BLOCK',
			'0x0000000000000000-0x000000003fffffff   1G online       yes   0-7',
		]);
		expect(out(sh, 'lsmem -b --summary=only')).toBe('Memory block size:            134217728\nTotal online memory:         1073741824\nTotal offline memory:                 0\n');
	});

	it('-J: libsmartcols JSON with typed values (removable boolean, node number, size a number with -b)', () => {
		const {sh} = setup();
		sh.run('echo online_movable > /sys/devices/system/memory/memory33/state');
		// Without STATE among the columns, memory32-35 merge (as util-linux does), shown as the first: offline, not removable.
		expect(out(sh, 'lsmem -J -o RANGE,REMOVABLE,NODE')).toBe('{\n   "memory": [\n      {\n'
			+ '         "range": "0x0000000000000000-0x000000001fffffff",\n         "removable": true,\n         "node": 0\n      },{\n'
			+ '         "range": "0x0000000100000000-0x000000011fffffff",\n         "removable": false,\n         "node": 0\n      }\n   ]\n}\n');
		expect(out(sh, 'lsmem -J -o RANGE,STATE').split('\n').filter(l => l.includes('"state"'))).toEqual(
			['online', 'offline', 'online', 'offline'].map(st => `         "state": "${st}"`));
		expect(out(sh, 'lsmem -J -b -o SIZE').split('\n')[3]).toBe('         "size": 536870912');
		expect(out(sh, 'lsmem -J -o SIZE').split('\n')[3]).toBe('         "size": "512M"');
	});

	it('-P pairs, -r raw (empty cells kept), no summary unless --summary=always', () => {
		const {sh} = setup();
		expect(out(sh, 'lsmem -P')).toBe('RANGE="0x0000000000000000-0x000000001fffffff" SIZE="512M" STATE="online" REMOVABLE="yes" BLOCK="0-3"\n'
			+ 'RANGE="0x0000000100000000-0x000000011fffffff" SIZE="512M" STATE="offline" REMOVABLE="" BLOCK="32-35"\n');
		expect(out(sh, 'lsmem -r --summary=always')).toBe('RANGE SIZE STATE REMOVABLE BLOCK\n0x0000000000000000-0x000000001fffffff 512M online yes 0-3\n'
			+ '0x0000000100000000-0x000000011fffffff 512M offline  32-35\n\nMemory block size:       128M\nTotal online memory:     512M\nTotal offline memory:    512M\n');
	});

	it('-S splits only by the columns given ("none": contiguous blocks merge whatever their state)', () => {
		const {sh} = setup();
		sh.run('echo online_movable > /sys/devices/system/memory/memory33/state');
		expect(out(sh, 'lsmem -S none --summary=never').split('\n').slice(1, 3)).toEqual([
			'0x0000000000000000-0x000000001fffffff  512M  online       yes   0-3',
			'0x0000000100000000-0x000000011fffffff  512M offline           32-35',
		]);
		expect(out(sh, 'lsmem -S foo; echo $?')).toBe('lsmem: unknown column: foo\n1\n');
	});

	it('errors: --json/--pairs/--raw together, with --summary=only, a sysroot without the directory', () => {
		const {sh} = setup();
		expect(out(sh, 'lsmem -J -P; echo $?')).toBe('lsmem: mutually exclusive arguments: --json --pairs --raw\n1\n');
		expect(out(sh, 'lsmem -r --summary=only; echo $?')).toBe('lsmem: options --{raw,json,pairs} and --summary=only are mutually exclusive\n1\n');
		expect(out(sh, 'lsmem -s /nonexist; echo $?')).toBe('lsmem: cannot open /sys/devices/system/memory: No such file or directory\n1\n');
		expect(out(sh, 'lsmem -s / --summary=only')).toBe('Memory block size:       128M\nTotal online memory:     512M\nTotal offline memory:    512M\n');
	});

	it('prints 0B when nothing is offline', () => {
		const k = new FakeKernel(4);
		const sh = new Shell(k.syscalls());
		expect(out(sh, 'lsmem')).toBe(
			'RANGE                                  SIZE  STATE REMOVABLE BLOCK\n'
			+ '0x0000000000000000-0x000000001fffffff  512M online       yes   0-3\n'
			+ '\n'
			+ 'Memory block size:       128M\n'
			+ 'Total online memory:     512M\n'
			+ 'Total offline memory:      0B\n');
	});
});

describe('lsmem option parsing (checked against util-linux 2.38.1 on the host)', () => {
	it.each([
		['extra', "lsmem: bad usage\nTry 'lsmem --help' for more information.\nrc=1\n"],
		['--summary only', "lsmem: bad usage\nTry 'lsmem --help' for more information.\nrc=1\n"],
		['-o +', 'rc=1\n'],
		['-o ,', 'lsmem: unknown column: ,\nrc=1\n'],
		['-o RANGE,,SIZE', 'rc=1\n'],
		['-o FOO,BAR', 'lsmem: unknown column: FOO,BAR\nrc=1\n'],
		['-o RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE,RANGE', 'rc=1\n'],
		['-S ZONES -a', 'lsmem: mutually exclusive arguments: --split --all\nrc=1\n'],
		['-S ZONES,FOO', 'lsmem: unknown column: FOO\nrc=1\n'],
		['-x --summary=bad', "lsmem: invalid option -- 'x'\nTry 'lsmem --help' for more information.\nrc=1\n"],
		['--summary=bad -x', 'lsmem: unsupported --summary argument\nrc=1\n'],
		['--summary=only -J', 'lsmem: options --{raw,json,pairs} and --summary=only are mutually exclusive\nrc=1\n'],
	])('lsmem %s', (args, expected) => {
		const {sh} = setup();
		expect(out(sh, `lsmem ${args} 2>&1; echo rc=$?`)).toBe(expected);
	});

	it('--summary=only ignores the columns; --summary=always before -J is undone by it', () => {
		const {sh} = setup();
		expect(out(sh, 'lsmem --summary=only -o FOO; echo rc=$?')).toBe('Memory block size:       128M\nTotal online memory:     512M\nTotal offline memory:    512M\nrc=0\n');
		expect(out(sh, 'lsmem --summary=always -J | tail -n 1')).toBe('}\n');
		expect(out(sh, 'lsmem -J --summary=always | tail -n 1')).toBe('Total offline memory:    512M\n');
	});

	it('--help lists the columns right-aligned in eleven columns', () => {
		const {sh} = setup();
		expect(out(sh, 'lsmem -h | grep -E "^ +(RANGE|REMOVABLE) "')).toBe('      RANGE  start and end address of the memory range\n  REMOVABLE  memory is removable\n');
	});
});

describe('chmem', () => {
	it('enables and disables blocks verbosely (raw guest61-exp3A)', () => {
		const {sh, k} = setup();
		expect(out(sh, 'chmem -v -e -b 32; echo rc=$?')).toBe('Memory Block 32 (0x0000000100000000-0x0000000107ffffff) enabled\nrc=0\n');
		// Movable listed in valid_zones: chmem onlines to ZONE_MOVABLE.
		expect(k.blocks.get(32)!.zone).toBe('Movable');
		expect(out(sh, 'chmem -v -d 0x100000000-0x107ffffff; echo rc=$?')).toBe('Memory Block 32 (0x0000000100000000-0x0000000107ffffff) disabled\nrc=0\n');
		expect(out(sh, 'chmem -v -e -b 33; chmem -v -e -b 33')).toBe(
			'Memory Block 33 (0x0000000108000000-0x000000010fffffff) enabled\nMemory Block 33 (0x0000000108000000-0x000000010fffffff) already enabled\n');
	});

	it('SIZE mode skips failing blocks and reports what it could do', () => {
		const {sh} = setup();
		sh.run('echo online_kernel > /sys/devices/system/memory/memory34/state');
		sh.run('echo online_movable > /sys/devices/system/memory/memory32/state');
		expect(out(sh, 'chmem -v -d 128M; echo rc=$?')).toBe(
			'Memory Block 34 (0x0000000110000000-0x0000000117ffffff) disable failed\n'
			+ 'Memory Block 32 (0x0000000100000000-0x0000000107ffffff) disabled\nrc=0\n');
		expect(out(sh, 'chmem -e 64M; echo rc=$?')).toBe('chmem: Size must be aligned to memory block size (128M)\nrc=1\n');
		expect(out(sh, 'chmem -v -d -b 99; echo rc=$?')).toBe('rc=1\n');
	});

	// Checked against util-linux 2.38.1's chmem on the host (a sysfs whose only block is online,
	// so nothing was written): every message and status of the option and operand parsing.
	it.each([
		['', "chmem: bad usage\nTry 'chmem --help' for more information.\nrc=1\n"],
		['-e', "chmem: bad usage\nTry 'chmem --help' for more information.\nrc=1\n"],
		['-e 128M 256M', "chmem: bad usage\nTry 'chmem --help' for more information.\nrc=1\n"],
		['-e 12x', "chmem: Failed to parse size: '12x': Invalid argument\nrc=1\n"],
		['-e 1.5', "chmem: Failed to parse size: '1.5': Invalid argument\nrc=1\n"],
		['-e 99999999999T', "chmem: Failed to parse size: '99999999999T': Numerical result out of range\nrc=1\n"],
		['-e 0x10', 'chmem: Size must be aligned to memory block size (128M)\nrc=1\n'],
		['-e 010', 'chmem: Size must be aligned to memory block size (128M)\nrc=1\n'],
		['-e 128MB', 'chmem: Size must be aligned to memory block size (128M)\nrc=1\n'],
		['-e 0', 'rc=0\n'],
		['-e -b abc', "chmem: Failed to parse block number: 'abc'\nrc=1\n"],
		['-e -b 5-x', "chmem: Failed to parse end: 'x'\nrc=1\n"],
		['-e 5-x', 'chmem: Invalid start address format: 5\nrc=1\n'],
		['-e 0x5-0x7', 'chmem: Start address and (end address + 1) must be aligned to memory block size (128M)\nrc=1\n'],
		['-e 1-2-3', 'chmem: Invalid parameter: 1-2-3\nrc=1\n'],
		['-e -b 7-3', 'chmem: Invalid range: 7-3\nrc=1\n'],
		['-d -e 128M', 'chmem: mutually exclusive arguments: --disable --enable\nrc=1\n'],
		['-e -z Foo 128M', "chmem: unknown memory zone: Foo\nTry 'chmem --help' for more information.\nrc=1\n"],
		['--blocks -e 1', "chmem: unrecognized option '--blocks'\nTry 'chmem --help' for more information.\nrc=1\n"],
		['-e --zone', "chmem: option '--zone' requires an argument\nTry 'chmem --help' for more information.\nrc=1\n"],
		['-x', "chmem: invalid option -- 'x'\nTry 'chmem --help' for more information.\nrc=1\n"],
		['-V', 'chmem from util-linux 2.38.1\nrc=0\n'],
	])('chmem %s', (args, expected) => {
		const {sh} = setup();
		expect(out(sh, `chmem ${args} 2>&1; echo rc=$?`)).toBe(expected);
	});

	it('sizes as util-linux parse_size() reads them: fractions, KiB/KB, octal and hex', () => {
		expect(['1.5G', '0.5G', '128MiB', '128MB', '0x10', '010', ' 128', '2Y', '1.'].map(parseSize)).toEqual([
			3n * 2n ** 29n, 2n ** 29n, 128n * 2n ** 20n, 128_000_000n, 16n, 8n, 128n, 'ERANGE', 'EINVAL',
		]);
	});

	it('a range reports each failed write with its errno and exits 64 when only some blocks changed', () => {
		const {sh} = setup();
		sh.run('echo online_kernel > /sys/devices/system/memory/memory34/state');
		sh.run('echo online_movable > /sys/devices/system/memory/memory35/state');
		expect(out(sh, 'chmem -v -d -z Movable -b 34-35 2>&1; echo rc=$?')).toBe(
			'chmem: Memory Block 34 (0x0000000110000000-0x0000000117ffffff) disable failed: Zone mismatch\n'
			+ 'Memory Block 35 (0x0000000118000000-0x000000011fffffff) disabled\nrc=64\n');
	});
});
