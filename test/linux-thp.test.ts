/**
 * /sys/kernel/mm/transparent_hugepage/enabled and transparent_hugepage=: khugepaged runs while
 * THP is not `never`, and its set_recommended_min_free_kbytes() is what makes the watermarks (and
 * so MemAvailable) of a >= 512 MiB guest large; turning THP off goes back to
 * calculate_min_free_kbytes().
 */
import {describe, expect, it} from 'vitest';
import {parseKernelParams} from '../source/machine/linux/cmdline.js';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

const ENABLED = '/sys/kernel/mm/transparent_hugepage/enabled';

function boot(ram: string, append = ''): Session {
	return startSession(['-machine', 'pc', '-m', `${ram},slots=4,maxmem=8G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', `console=ttyS0 quiet ${append}`, '-nographic']);
}

const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');
const num = (s: Session, file: string) => Number(sh(s, `cat ${file}`));
const meminfo = (s: Session, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(sh(s, 'cat /proc/meminfo'))![1]);
const khugepaged = (s: Session) => sh(s, 'ps').split('\n').filter(l => l.endsWith('[khugepaged]')).map(l => Number(l.trim().split(/\s+/)[0]));

describe('transparent_hugepage/enabled at run time', () => {
	it('never stops khugepaged and drops min_free_kbytes to the sqrt rule; always brings both back', () => {
		const s = boot('1024M');
		// The Debian build's default (CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS; the lab guest's sysfs).
		expect(sh(s, `cat ${ENABLED}`)).toBe('[always] madvise never\n');
		const raised = num(s, '/proc/sys/vm/min_free_kbytes');
		const avail = meminfo(s, 'MemAvailable');
		expect(khugepaged(s)).toHaveLength(1);
		sh(s, `echo never > ${ENABLED}`);
		expect(sh(s, `cat ${ENABLED}`)).toBe('always madvise [never]\n');
		const plain = num(s, '/proc/sys/vm/min_free_kbytes');
		// int_sqrt(lowmem_kbytes * 16): about 4 MiB for 1 GiB, against khugepaged's 11 pageblocks per zone.
		expect(plain).toBeGreaterThan(3000);
		expect(plain).toBeLessThan(4500);
		expect(raised).toBeGreaterThan(10 * plain);
		expect(meminfo(s, 'MemAvailable')).toBeGreaterThan(avail + 30 * 1024);
		expect(khugepaged(s)).toEqual([]);
		sh(s, `echo always > ${ENABLED}`);
		expect(sh(s, `cat ${ENABLED}`)).toBe('[always] madvise never\n');
		expect(num(s, '/proc/sys/vm/min_free_kbytes')).toBe(raised);
		// A new thread: the next pid.
		expect(khugepaged(s)).toHaveLength(1);
		expect(khugepaged(s)[0]).toBeGreaterThan(40);
	});

	it('madvise and always are both "on" for khugepaged; other words are EINVAL', () => {
		const s = boot('1024M');
		const before = num(s, '/proc/sys/vm/min_free_kbytes');
		sh(s, `echo madvise > ${ENABLED}`);
		expect(num(s, '/proc/sys/vm/min_free_kbytes')).toBe(before);
		expect(khugepaged(s)).toHaveLength(1);
		expect(sh(s, `echo sometimes > ${ENABLED}`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `cat ${ENABLED}`)).toBe('always [madvise] never\n');
	});

	it('a guest below 512 MiB boots with THP off and no khugepaged; turning it on raises min_free_kbytes', () => {
		const s = boot('512M');
		expect(sh(s, `cat ${ENABLED}`)).toBe('always madvise [never]\n');
		expect(khugepaged(s)).toEqual([]);
		const before = num(s, '/proc/sys/vm/min_free_kbytes');
		sh(s, `echo madvise > ${ENABLED}`);
		expect(num(s, '/proc/sys/vm/min_free_kbytes')).toBeGreaterThan(before);
		expect(khugepaged(s)).toHaveLength(1);
	});
});

describe('the rest of /sys/kernel/mm/transparent_hugepage', () => {
	it('has 6.1\'s files and defaults; the knobs keep what the kernel\'s limits allow', () => {
		const s = boot('1024M');
		const T = '/sys/kernel/mm/transparent_hugepage';
		expect(sh(s, `ls ${T}`)).toBe('defrag          hpage_pmd_size  shmem_enabled\nenabled         khugepaged      use_zero_page\n');
		expect(sh(s, `cat ${T}/defrag ${T}/hpage_pmd_size ${T}/shmem_enabled ${T}/use_zero_page`))
			.toBe('always defer defer+madvise [madvise] never\n2097152\nalways within_size advise [never] deny force\n1\n');
		expect(sh(s, `(cd ${T}/khugepaged; for f in *; do echo $f $(cat $f); done)`)).toBe('alloc_sleep_millisecs 60000\ndefrag 1\nfull_scans 0\n' +
			'max_ptes_none 511\nmax_ptes_shared 256\nmax_ptes_swap 64\npages_collapsed 0\npages_to_scan 4096\nscan_sleep_millisecs 10000\n');
		for (const bad of ['echo 0 > khugepaged/pages_to_scan', 'echo 512 > khugepaged/max_ptes_none', 'echo 2 > use_zero_page',
			'echo sometimes > defrag', 'echo huge > shmem_enabled', 'echo 2 > khugepaged/defrag']) {
			expect(sh(s, `(cd ${T}; ${bad})`)).toBe('sh: write error: Invalid argument\n');
		}
		sh(s, `(cd ${T}; echo defer+madvise > defrag; echo advise > shmem_enabled; echo 100 > khugepaged/max_ptes_none)`);
		expect(sh(s, `cat ${T}/defrag ${T}/shmem_enabled ${T}/khugepaged/max_ptes_none`))
			.toBe('always defer [defer+madvise] madvise never\nalways within_size [advise] never deny force\n100\n');
		expect(sh(s, `echo 1 > ${T}/hpage_pmd_size`)).toMatch(/Permission denied/);
	});
});

describe('transparent_hugepage= on the kernel command line', () => {
	it('never: no khugepaged, the sqrt-rule watermarks from boot on', () => {
		const off = boot('1024M', 'transparent_hugepage=never');
		const on = boot('1024M');
		expect(sh(off, `cat ${ENABLED}`)).toBe('always madvise [never]\n');
		expect(khugepaged(off)).toEqual([]);
		expect(num(off, '/proc/sys/vm/min_free_kbytes')).toBeLessThan(num(on, '/proc/sys/vm/min_free_kbytes') / 10);
		// Every kernel thread after khugepaged moved down a pid.
		const pidOf = (s: Session, comm: string) => Number(sh(s, 'ps').split('\n').find(l => l.endsWith(`[${comm}]`))!.trim().split(/\s+/)[0]);
		expect(pidOf(off, 'kswapd0')).toBe(pidOf(on, 'kswapd0') - 1);
	});

	it('always is shown as such; a bad value warns and goes to init', () => {
		expect(sh(boot('1024M', 'transparent_hugepage=always'), `cat ${ENABLED}`)).toBe('[always] madvise never\n');
		const s = boot('1024M', 'transparent_hugepage=yes');
		expect(sh(s, 'dmesg | grep -A1 "^\\[.*\\] transparent"')).toBe('transparent_hugepage= cannot parse, ignored\n' +
			'Unknown kernel command line parameters "transparent_hugepage=yes", will be passed to user space.\n');
		expect(sh(s, `cat ${ENABLED}`)).toBe('[always] madvise never\n');
		expect(sh(boot('1024M', 'transparent_hugepage=madvise'), `cat ${ENABLED}`)).toBe('always [madvise] never\n');
		const p = parseKernelParams('transparent_hugepage');
		expect([p.transparentHugepage, p.parseWarnings, p.initArgs]).toEqual(['always', [], ['transparent_hugepage']]);
	});
});
