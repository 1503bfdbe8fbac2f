/**
 * Guest-kernel bugs the property tests found in source/machine/linux, each stating the real
 * kernel's behaviour. All four are fixed (LINUX_FIXED in prop-machine-model.ts is on, so the
 * generators produce those inputs again); they stay here as regression tests.
 */
import {describe, expect, it} from 'vitest';
import {runStep, startSession} from './prop-machine-model.js';

const monitor = (line: string) => ({pane: 'monitor' as const, line});

describe('known guest-model bugs (found by prop-machine)', () => {
	// check_hotplug_memory_range(): start and size must be memory-block aligned, else
	// add_memory_resource() returns -EINVAL and no memory block appears.
	it('a 2 MiB DIMM adds no 128 MiB memory block', () => {
		const s = startSession({ramMiB: 1024, slots: 4, extraMiB: 1024, smp: 1, append: [], paused: false})!;
		runStep(s, monitor('object_add memory-backend-ram,id=m0,size=2M'));
		runStep(s, monitor('device_add pc-dimm,id=d0,memdev=m0'));
		expect(s.snapshot().qemu.dimms).toHaveLength(1);
		expect(s.snapshot().guest!.blocks.filter((b) => b.hotplugged)).toEqual([]);
	});

	it('a 128 MiB guest with a hotplug range boots with non-negative free pages in every zone', () => {
		const s = startSession({ramMiB: 128, slots: 4, extraMiB: 1024, smp: 1, append: [], paused: false})!;
		for (const z of s.snapshot().guest!.zones) expect(z.freePages, z.name).toBeGreaterThanOrEqual(0);
	});

	// vmemmap_populate() failing is -ENOMEM for the whole add_memory(); pages never go negative.
	it('hot-adding 2 GiB to a 192 MiB guest never drives a zone below zero free pages', () => {
		const s = startSession({ramMiB: 192, slots: 8, extraMiB: 2048, smp: 1, append: [], paused: false})!;
		runStep(s, monitor('object_add memory-backend-ram,id=m0,size=2G'));
		runStep(s, monitor('device_add pc-dimm,id=d0,memdev=m0'));
		for (const z of s.snapshot().guest!.zones) expect(z.freePages, z.name).toBeGreaterThanOrEqual(0);
	});

	// /proc/self is a symlink to the reader's pid (proc_self_get_link); the isolation test
	// checks that nothing of the host shows through it.
	it('/proc/self is the reading process\'s pid directory', () => {
		const s = startSession({ramMiB: 1024, slots: 4, extraMiB: 1024, smp: 1, append: [], paused: false})!;
		expect(runStep(s, {pane: 'serial', line: 'readlink /proc/self'})).toMatch(/^readlink \/proc\/self\n\d+\n\/ # $/);
	});
});
