import {describe, expect, it} from 'vitest';
import {Tutorial} from '../source/tutorial/tutorial.js';
import type {Lang} from '../source/tutorial/types.js';
import {FakeSession} from './tutorial-fake-session.js';
import {startSession} from './session-helpers.js';
import {strings} from '../source/tutorial/i18n/index.js';

const SYS = '/sys/devices/system/memory';

function setup(lang: Lang, options: {normalUnmovable?: boolean} = {}) {
	const session = new FakeSession(options);
	const queue: Array<() => void> = [];
	const tutorial = new Tutorial(session, lang, run => queue.push(run));
	const settle = () => {
		while (queue.length) queue.shift()!();
	};
	const line = (text: string) => {
		session.submitLine(text);
		settle();
	};
	const chord = () => {
		session.muxKey('c');
		settle();
	};
	const plug = () => {
		chord();
		line('object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
		line('device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
		chord();
	};
	return {tutorial, line, chord, plug, explanation: () => tutorial.view().explanation};
}

describe('explanations where people get stuck', () => {
	it('free -m unchanged after hot-add: the blocks are offline', () => {
		const t = setup('en');
		t.plug();
		expect(t.explanation()).toBeUndefined();
		t.line('free -m');
		expect(t.explanation()).toBe(
			'free has not grown: memory32-35 were added but are offline (auto_online_blocks is `offline`, and no udev rule onlines them in this guest). ' +
			'Memory counts in MemTotal only once a block is online.',
		);
	});

	it('offline refused with EBUSY: use online_movable next time', () => {
		for (const lang of ['en', 'zh'] as const) {
			const t = setup(lang, {normalUnmovable: true});
			t.plug();
			t.line('free -m');
			t.line(`echo online > ${SYS}/memory33/state`);
			t.line('free -m');
			expect(t.tutorial.view().id).toBe('offline');
			expect(t.explanation()).toBeUndefined();
			t.line(`echo offline > ${SYS}/memory33/state`);
			expect(t.tutorial.view().id).toBe('offline');
			expect(t.explanation()).toBe(lang === 'en'
				? 'memory33 could not go offline (EBUSY): it was onlined into ZONE_NORMAL, and the kernel has put unmovable pages (slab, page tables) in it that cannot be migrated away. ' +
					'Next time online the block with `echo online_movable > .../state`: ZONE_MOVABLE only holds movable pages, so offline can migrate them whenever there is free memory elsewhere.'
				: 'memory33 下线失败（EBUSY）：它被上线到 ZONE_NORMAL，内核已经在里面分配了不可迁移的页（slab、页表等），这些页搬不走。' +
					'下次请用 `echo online_movable > .../state` 上线：ZONE_MOVABLE 只放可迁移的页，只要别处有空闲内存，下线时就能迁移出去。');
		}
	});

	it('device_del with no effect: the guest refused the eject; object_del then says in use', () => {
		const t = setup('en', {normalUnmovable: true});
		t.plug();
		t.line(`echo online > ${SYS}/memory34/state`);
		t.chord();
		t.line('device_del BiscuitOS-dimm');
		expect(t.explanation()).toBe(
			'device_del had no effect: the guest could not offline memory34 (`Offline failed.`), so it answered the eject request with "busy" and the DIMM stays. ' +
			'Offline every block of the DIMM first (or online them as online_movable), then device_del again.',
		);
		t.line('object_del BiscuitOS-mem');
		expect(t.explanation()).toBe(
			'BiscuitOS-mem is still mapped: the guest refused to eject BiscuitOS-dimm because some of its blocks are online and busy. ' +
			'Offline them in the guest, device_del again, then object_del.',
		);
	});

	it('object_del "in use" before device_del: remove the DIMM first (both languages)', () => {
		const en = setup('en');
		en.plug();
		en.chord();
		en.line('object_del BiscuitOS-mem');
		expect(en.explanation()).toBe(
			'BiscuitOS-mem is still the memdev of DIMM BiscuitOS-dimm: object_del only works once nothing maps the backend. ' +
			'Remove the DIMM first with `device_del BiscuitOS-dimm`.',
		);
		const zh = setup('zh');
		zh.plug();
		zh.chord();
		zh.line('object_del BiscuitOS-mem');
		expect(zh.explanation()).toBe(
			'BiscuitOS-mem 仍是 DIMM BiscuitOS-dimm 的 memdev：只有没有设备再映射这个后端时，object_del 才能删除它。' +
			'请先执行 `device_del BiscuitOS-dimm` 拔出 DIMM。',
		);
	});

	it('a write to a read-only file: Permission denied on phys_index', () => {
		const t = setup('zh');
		t.plug();
		t.line(`echo 1 > ${SYS}/memory32/phys_index`);
		expect(t.explanation()).toBe(
			`${SYS}/memory32/phys_index 是只读文件（权限 0444，没有 store 函数），root 也写不了。内存块目录下可写的只有 \`state\` 和 \`online\`。`,
		);
	});

	it('drops an explanation once the step it belonged to is done', () => {
		const t = setup('en');
		t.plug();
		t.line('free -m');
		// see-offline is done by that very free run: the explanation made at that moment still shows.
		expect(t.tutorial.view().id).toBe('online');
		expect(t.explanation()).toContain('free has not grown');
		t.line(`echo online > ${SYS}/memory33/state`);
		expect(t.tutorial.view().id).toBe('free-grows');
		expect(t.explanation()).toBeUndefined();
	});
});

describe('an offline refused on a slab the event names', () => {
	it('keeps the event\'s explanation (the slab) over the write error\'s generic one', () => {
		const session = startSession(['-machine', 'pc', '-m', '1536M,slots=2,maxmem=3G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online', '-nographic']);
		const queue: Array<() => void> = [];
		const tutorial = new Tutorial(session, 'en', run => queue.push(run));
		const settle = () => {
			while (queue.length) queue.shift()!();
		};
		session.muxKey('c');
		session.submitLine('object_add memory-backend-ram,id=a,size=512M');
		session.submitLine('device_add pc-dimm,id=da,memdev=a');
		session.muxKey('c');
		settle();
		session.submitLine(`echo offline > ${SYS}/memory32/state`);
		settle();
		expect(tutorial.view().explanation).toContain('memory32 could not go offline (EBUSY)');
		expect(tutorial.view().explanation).toContain('Here it is an inode slab');
	});

	it('names a dentry slab and kernfs_iattrs_cache\'s first slab (lab: dentry-slab-after-online-1G.t, iattrs-slab-auto-online-1536M-slots1.t)', () => {
		const explain = (mem: string, append: string, size: string, lines: string[], before: string[] = []) => {
			const session = startSession(['-machine', 'pc', '-m', mem, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
				'-append', `console=ttyS0 quiet nokaslr${append}`, '-nographic']);
			const queue: Array<() => void> = [];
			const tutorial = new Tutorial(session, 'en', run => queue.push(run));
			const settle = () => {
				while (queue.length) queue.shift()!();
			};
			for (const line of before) {
				session.submitLine(line);
				settle();
			}
			session.muxKey('c');
			session.submitLine(`object_add memory-backend-ram,id=a,size=${size}`);
			session.submitLine('device_add pc-dimm,id=da,memdev=a');
			session.muxKey('c');
			settle();
			for (const line of lines) {
				session.submitLine(line);
				settle();
			}
			return tutorial.view().explanation ?? '';
		};
		const dentry = explain('1G,slots=8,maxmem=4G', '', '512M', [`cd ${SYS}`, 'cat memory32/state memory33/state memory34/state memory35/state',
			'cat memory32/online memory33/online memory34/online memory35/online', "grep -E 'zone|count' /proc/zoneinfo", 'echo online > memory33/state',
			'cat memory33/valid_zones', 'echo offline > memory33/state']);
		expect(dentry).toContain('memory33 could not go offline (EBUSY)');
		expect(dentry).toContain('Here it is a dentry slab');
		const iattrs = explain('1536M,slots=1,maxmem=8G', ' memhp_default_state=online_kernel', '128M', [`echo online > ${SYS}/memory32/state`,
			`echo offline > ${SYS}/memory32/state`], [`ls ${SYS}`]);
		expect(iattrs).toContain('Here it is kernfs_iattrs_cache\'s first slab');
	});

	it('keeps "nowhere to migrate" over the write error\'s EBUSY', () => {
		const session = startSession(['-machine', 'pc', '-m', '512M,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const queue: Array<() => void> = [];
		const tutorial = new Tutorial(session, 'en', run => queue.push(run));
		const line = (text: string) => {
			session.submitLine(text);
			while (queue.length) queue.shift()!();
		};
		line(`echo offline > ${SYS}/memory1/state; echo offline > ${SYS}/memory2/state`);
		session.muxKey('c');
		line('object_add memory-backend-ram,id=m1,size=128M');
		line('device_add pc-dimm,id=d1,memdev=m1');
		session.muxKey('c');
		line(`echo online_movable > ${SYS}/memory32/state`);
		line('dd if=/dev/zero of=/tmp/fill bs=1M count=180 status=none');
		line(`echo offline > ${SYS}/memory32/state`);
		expect(tutorial.view().explanation).toMatch(/^memory32 could not go offline: its pages are movable, but there is not enough free memory elsewhere/);
	});
});

describe('a state write refused with EINVAL', () => {
	const start = (m: string, append = '') => {
		const session = startSession(['-machine', 'pc', '-m', m, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', `console=ttyS0 quiet nokaslr${append}`, '-nographic']);
		const queue: Array<() => void> = [];
		const tutorial = new Tutorial(session, 'en', run => queue.push(run));
		const line = (text: string) => {
			session.submitLine(text);
			while (queue.length) queue.shift()!();
			return tutorial.view().explanation;
		};
		return {session, line};
	};

	it('says why: a value state does not take, a block already there, a block offline_pages() cannot take', () => {
		const {session, line} = start('1G,slots=4,maxmem=8G');
		session.muxKey('c');
		line('object_add memory-backend-ram,id=a,size=512M');
		line('device_add pc-dimm,id=da,memdev=a');
		session.muxKey('c');
		expect(line(`echo foo > ${SYS}/memory32/state`)).toBe('`foo` is not a value memory32/state takes: online, online_kernel, online_movable or offline (state_store() says EINVAL to anything else).');
		expect(line(`echo offline > ${SYS}/memory32/state`)).toBe('memory32 is already offline: a write to state that would not change it fails with EINVAL. Only an online block can be offlined.');
		expect(line(`echo 2 > ${SYS}/memory32/online`)).toBe('`2` is not a value memory32/online takes: 1 or 0 (kstrtobool(): y/n, on/off too; online_store() says EINVAL to anything else).');
		expect(line(`echo online_movable > ${SYS}/memory32/state`)).toBeUndefined();
		expect(line(`echo online_kernel > ${SYS}/memory32/state`)).toMatch(/^memory32 is already online: .* offline it first, then online it with online_movable or online_kernel\.$/);
		// Blocks offline_pages() cannot take: the event says why, the write error adds nothing.
		expect(line(`echo offline > ${SYS}/memory0/state`)).toBe('memory0 cannot go offline (EINVAL): it spans two zones (its valid_zones says "none"), and offline_pages() only takes a block within one zone.');
		expect(line(`echo offline > ${SYS}/memory7/state`)).toMatch(/^memory7 cannot go offline \(EINVAL\): not all of its pages are RAM/);
	});
});

describe('the EINVAL explanations in Chinese', () => {
	it('has a text for every reason', () => {
		const zh = strings('zh');
		const base = {kind: 'state-rejected' as const, block: 32, value: 'foo', state: 'offline' as const};
		expect(zh.explanation({...base, why: 'value'})).toContain('不是 memory32/state 接受的值');
		expect(zh.explanation({...base, why: 'value', file: 'online'})).toContain('不是 memory32/online 接受的值');
		expect(zh.explanation({...base, why: 'unchanged'})).toContain('只有在线的块才能下线');
		expect(zh.explanation({...base, block: 0, why: 'spans-zones'})).toContain('跨越两个区');
		expect(zh.explanation({...base, block: 7, why: 'holes'})).toContain('含空洞');
	});
});
