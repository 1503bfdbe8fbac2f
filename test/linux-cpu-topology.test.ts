/**
 * The guest's view of the -smp topology: the APIC IDs QEMU encodes (x86_apicid_from_topo_ids:
 * each field as wide as its count needs), the SRAT lines and "Max logical packages" of the boot
 * log, and /proc/cpuinfo's show_cpuinfo_core() and CPUID-derived flags.
 */
import {describe, expect, it} from 'vitest';
import {cpuIds} from '../source/machine/linux/cpu-topology.js';
import {printed, startSession} from './session-helpers.js';

const boot = (smp: string) => startSession(['-m', '1G,slots=2,maxmem=4G', '-smp', smp, '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet', '-nographic']);
const field = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}\\s*: (.*)$`, 'gm'))].map(m => m[1]);

describe('CPU topology in the guest', () => {
	it('encodes APIC IDs with power-of-two fields: 3 cores need 2 bits', () => {
		const t = {sockets: 2, dies: 1, cores: 3, threads: 1};
		expect(Array.from({length: 6}, (_, i) => cpuIds(t, i).apicId)).toEqual([0, 1, 2, 4, 5, 6]);
		expect(cpuIds({sockets: 1, dies: 1, cores: 2, threads: 2}, 3)).toEqual({apicId: 3, packageId: 0, coreId: 3});
	});

	it('two sockets: SRAT names each APIC ID, two logical packages, /proc/cpuinfo per package', () => {
		const s = boot('6,sockets=2');
		expect(printed(s, 'serial', 'dmesg | grep -o "APIC 0x0[0-9] -> Node 0"').trim().split('\n')).toEqual(['00', '01', '02', '04', '05', '06'].map(a => `APIC 0x${a} -> Node 0`));
		expect(printed(s, 'serial', 'dmesg | grep -o "Max logical packages: .*"')).toBe('Max logical packages: 2\n');
		const info = printed(s, 'serial', 'cat /proc/cpuinfo');
		expect(field(info, 'physical id')).toEqual(['0', '0', '0', '1', '1', '1']);
		expect(field(info, 'siblings')).toEqual(Array(6).fill('3'));
		expect(field(info, 'core id')).toEqual(['0', '1', '2', '0', '1', '2']);
		expect(field(info, 'cpu cores')).toEqual(Array(6).fill('3'));
		expect(field(info, 'apicid')).toEqual(['0', '1', '2', '4', '5', '6']);
		expect(field(info, 'cpuid level')).toEqual(Array(6).fill('13'));
		expect(field(info, 'flags')[0]).toMatch(/ sse2 ht syscall .* lahf_lm cmp_legacy svm 3dnowprefetch/);
	});

	it('one CPU: no HTT or CmpLegacy, one package', () => {
		const s = boot('1');
		const info = printed(s, 'serial', 'cat /proc/cpuinfo');
		expect(field(info, 'flags')[0]).not.toMatch(/ ht |cmp_legacy/);
		expect(field(info, 'apicid')).toEqual(['0']);
		expect(printed(s, 'serial', 'dmesg | grep -o "Max logical packages: .*"')).toBe('Max logical packages: 1\n');
	});
});
