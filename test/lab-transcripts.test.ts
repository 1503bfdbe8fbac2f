import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checkTranscript, formatFailure} from '../source/transcript/check.js';

/**
 * Transcripts recorded in the lab (real QEMU 7.2 and the goldens' Linux 6.1 guest; see
 * test/fixtures/lab/README.md) for what the goldens do not show: where kernel allocations land
 * after hot-added memory goes online (and so which offlines and ejects the guest refuses), the
 * per-CPU free lists after boot and after a removal at other sizes and CPU counts, ZONE_DMA, zone
 * spans and the boot log's KERN_DEBUG records. No step is excused.
 */
const LAB = fileURLToPath(new URL('./fixtures/lab/', import.meta.url));
const files = readdirSync(LAB).filter((f) => f.endsWith('.t')).sort();

describe('lab transcripts (real QEMU 7.2 + Linux 6.1)', () => {
	it('has the transcripts', () => {
		expect(files).toEqual(['acpi-tables-slots1-1G.t', 'acpi-tables-slots8-1G.t', 'addr-first-fit-768M.t', 'addr-order-1G.t', 'auto-movable-1G.t', 'auto-online-beside-normal-1G.t', 'auto-online-first-normal-1536M.t', 'auto-online-first-normal-3G.t', 'auto-online-first-normal-smp2-3G.t', 'auto-online-movable-beside-normal-1G.t', 'auto-online-offline-at-once-1G.t', 'auto-online-types-1G.t', 'autoonline-1536M.t', 'big-dimm-1G.t', 'big-guest-16G.t', 'bigger-steps-4G-slots8.t', 'boot-1536M-smp1.t', 'boot-2G-smp2.t', 'boot-3G-smp2.t', 'boot-6G-smp1.t', 'boot-6G-smp2.t', 'boot-8G-smp1.t', 'boot-alloc-4G.t', 'boot-alloc-6G.t', 'boot-blocks-1536M.t', 'boot-blocks-2560M.t', 'boot-blocks-2G.t', 'boot-blocks-3G.t', 'boot-debug.t', 'boot-normal-movable-4G.t', 'cpu-sysfs-smp2-1G.t', 'cpu-sysfs-sockets2-2G.t', 'cpu-sysfs-threads2-1G.t', 'cpuinfo-tcg-1G.t', 'default-online-6G.t', 'dimm-order-smp2-2G.t', 'dma-16G.t', 'dma-1G.t', 'dma-6G.t', 'dmesg-boot-normal-6G.t', 'dmesg-smp2-2G.t', 'eject-after-refusal-1G.t', 'eject-order-512M.t', 'eject-rollback-2G.t', 'hole-3584M.t', 'inode-lookups-15-1G.t', 'inode-lookups-6-1G.t', 'inode-ls-1G.t', 'inode-ls-2G.t', 'inspect-movable-2G.t', 'kernel-movable-1G.t', 'kmalloc32-after-offline-1G.t', 'kmalloc32-program-between-1G.t', 'listings-1G.t', 'listings-sysfs-1G.t', 'loop2g.t', 'lsm-slab-2560M.t', 'lsmem.t', 'many-dimms-smp2-1G.t', 'memmap-spill-1G.t', 'memory-failure-1G.t', 'memtotal-1280M.t', 'memtotal-12G.t', 'memtotal-20G.t', 'memtotal-2560M.t', 'memtotal-7G.t', 'migrate-file-1G.t', 'mixed-dimms-2560M.t', 'mixed-zones-512M.t', 'monitor-backend-edges-1G.t', 'monitor-backend-props-1G.t', 'monitor-edges-1536M.t', 'monitor-edges-2G.t', 'monitor-no-kernel-hex-1G.t', 'monitor-qom-paths-1G.t', 'monitor-random-3G.t', 'monitor-random-512M.t', 'monitor-random-only-11.t', 'monitor-random-only-12.t', 'monitor-random-only-7.t', 'monitor-steps-2G-slots8.t', 'movable-node-1G.t', 'movable-node-5G.t', 'movable-node-kernel-2G.t', 'movable-readd-1G.t', 'names-slab-1G.t', 'names-slab-2G.t', 'names-slab-eject-1G.t', 'names-slab-eject-after-offline-1G.t', 'names-slab-movable-1G.t', 'nopin.t', 'normal-beside-boot-4G.t', 'nvdimm-disabled-1G.t', 'nvdimm-on-1G.t', 'nvdimm-sizes-1G.t', 'offline-boot-block-1G.t', 'offline-boot-block-5G.t', 'online-order-1536M.t', 'online-type-stale-1G.t', 'order.t', 'pde-opener-iomem-1G.t', 'pin-ls.t', 'proc-inodes-4-1G.t', 'proc-inodes-7-1G.t', 'proc-names-1G.t', 'proc-status-3G.t', 'random-flow-3G-slots64.t', 'random-flow-4G-slots2.t', 'random-flow-512M-slots16.t', 'random-flow-5G-slots64.t', 'random-flow-addr-768M.t', 'random-flow-addr-movable-3G.t', 'random-flow-addr-slot-2G.t', 'random-flow-auto-movable-2560M.t', 'random-flow-auto-online-1280M.t', 'random-flow-auto-online-4G.t', 'random-flow-default-movable-2560M.t', 'random-flow-movable-node-4G.t', 'random-flow-slot-boot-offline-4G.t', 'readd-6G.t', 'readd-kernel-stale-dentries-2560M.t', 'readd-movable-2G.t', 'readd-movable-6G.t', 'readd-smp2-4G.t', 'remove-unonlined-4G.t', 'seqbuf-zoneinfo-1G.t', 'slot-explicit-smp2-1536M.t', 'slots-exhausted-2G.t', 'slots-order-2G.t', 'slots-steps-16.t', 'slots0-4G.t', 'slots2-2G.t', 'slots2-full-768M.t', 'slots256-1G.t', 'slots256-4G.t', 'slots3-normal-5G.t', 'smp2-builtin.t', 'smp2-pgd-1280M.t', 'smp2-program.t', 'spans.t', 'start-device-error-monitor.t', 'start-device-nvdimm-disabled.t', 'start-maxcpus-below.t', 'start-maxmem-2T.t', 'start-maxmem-below-ram.t', 'start-maxmem-equal.t', 'start-maxmem-unaligned.t', 'start-mem-bad-param.t', 'start-mem-bad-size.t', 'start-mem-hex-huge.t', 'start-mem-hex-maxmem.t', 'start-no-slots.t', 'start-object-error-monitor.t', 'start-physbits-monitor.t', 'start-physbits36.t', 'start-slots-no-maxmem.t', 'start-slots0.t', 'start-slots256.t', 'start-slots257-monitor.t', 'start-slots257-nographic.t', 'start-smp300.t', 'state-writes-1G.t', 'sysfs-node-bus-1G.t', 'sysfs-readdir-smp2-1G.t', 'sysfs-walk-1G.t', 'thp-files-1G.t', 'tutorial-1G-normal.t', 'tutorial-2G.t', 'tutorial-4G-boot-normal.t', 'tutorial-5G-boot-normal.t', 'tutorial-8G.t', 'tutorial-smp2-1G.t', 'tutorial-steps-1280M-slots16.t', 'tutorial-steps-1536M-slots32.t', 'tutorial-steps-1792M-slots2.t', 'tutorial-steps-1G-slots4.t', 'tutorial-steps-1G-slots64.t', 'tutorial-steps-2560M-slots32.t', 'tutorial-steps-2G-slots32.t', 'tutorial-steps-auto-movable-1536M.t', 'tutorial-steps-movable-node-1G.t', 'unaligned-1G.t', 'zones-forward-1536M.t', 'zones-overlap-1G.t']);
	});

	for (const file of files) {
		it(file, () => {
			const report = checkTranscript(file, readFileSync(LAB + file, 'utf8'));
			expect(report.results.filter((r) => !r.ok).map((r) => formatFailure(file, r)).join('\n')).toBe('');
			// Something to check: several steps, or a start whose refusal is the whole transcript.
			expect(report.results.length > 1 || report.results[0]!.step.expected.length > 0).toBe(true);
		});
	}
});
