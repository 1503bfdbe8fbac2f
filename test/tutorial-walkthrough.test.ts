import {describe, expect, it} from 'vitest';
import {Tutorial} from '../source/tutorial/tutorial.js';
import {resolveLang} from '../source/tutorial/i18n/index.js';
import type {Lang} from '../source/tutorial/types.js';
import type {MachineSession} from '../source/machine/session-types.js';
import {FakeSession} from './tutorial-fake-session.js';

const SYS = '/sys/devices/system/memory';

/** A tutorial whose deferred updates run when `settle()` is called (like the microtask would). */
function start(session: MachineSession, lang: Lang) {
	const queue: Array<() => void> = [];
	const tutorial = new Tutorial(session, lang, run => queue.push(run));
	const settle = () => {
		while (queue.length) queue.shift()!();
	};
	const line = (text: string) => {
		session.submitLine(text);
		settle();
	};
	const chord = (key: string) => {
		session.muxKey(key);
		settle();
	};
	return {tutorial, line, chord, id: () => tutorial.view().id};
}

type OnlineWay = 'echo 1 > online' | 'for loop' | 'chmem -e';

/** The walkthrough, reaching every state with other commands than the suggested ones. */
function walk(lang: Lang, way: OnlineWay) {
	const session = new FakeSession();
	const t = start(session, lang);
	expect(t.id()).toBe('kernel-config');
	t.tutorial.forward();
	expect(t.id()).toBe('enter-monitor');
	t.chord('c');
	expect(t.id()).toBe('object-add');
	t.line('object_add memory-backend-ram,id=m0,size=512M');
	expect(t.id()).toBe('device-add');
	expect(t.tutorial.view().inputs).toEqual(['(qemu) device_add pc-dimm,id=BiscuitOS-dimm,memdev=m0']);
	t.line('device_add pc-dimm,id=d0,memdev=m0');
	expect(t.id()).toBe('back-to-console');
	t.chord('c');
	expect(t.id()).toBe('see-offline');
	t.line('free');
	expect(t.id()).toBe('online');
	expect(t.tutorial.view().inputs).toEqual([`/ # echo online > ${SYS}/memory33/state`]);
	if (way === 'echo 1 > online') t.line(`echo 1 > ${SYS}/memory33/online`);
	if (way === 'for loop') t.line(`for b in 34; do echo online > ${SYS}/memory$b/state; done`);
	if (way === 'chmem -e') t.line('chmem -e 128M');
	expect(t.id()).toBe('free-grows');
	t.line('free -k');
	expect(t.id()).toBe('offline');
	if (way === 'chmem -e') t.line('chmem -d 128M');
	else t.line(`for b in 32 33 34 35; do echo 0 > ${SYS}/memory$b/online; done`);
	expect(t.id()).toBe('device-del');
	expect(t.tutorial.view().inputs).toEqual(['C-a c', '(qemu) device_del d0']);
	t.chord('c');
	t.line('device_del d0');
	expect(t.id()).toBe('object-del');
	expect(t.tutorial.view().inputs).toEqual(['(qemu) object_del m0']);
	t.line('object_del m0');
	expect(t.id()).toBe('summary');
	expect(t.tutorial.finished()).toBe(true);
	return t.tutorial.view();
}

describe('tutorial walkthrough (state, not typed text)', () => {
	it('finishes in English with echo 1 > online', () => {
		const view = walk('en', 'echo 1 > online');
		expect(view.summary).toEqual([
			'You hot-added 512 MiB as memory32-35 (DIMM d0, backend m0).',
			'You onlined memory33 into ZONE_NORMAL; free -m grew by 128 MiB.',
			'Offline went through without EBUSY.',
			'The DIMM was ejected and the backend deleted: the machine is as it booted.',
		]);
		expect(view.number).toBe(13);
		expect(view.title).toBe('Summary');
	});

	it('finishes in Chinese with a for loop', () => {
		const view = walk('zh', 'for loop');
		expect(view.title).toBe('小结');
		expect(view.summary).toEqual([
			'你热添加了 512 MiB，即 memory32-35（DIMM d0，后端 m0）。',
			'你把 memory34 上线到 ZONE_NORMAL，free -m 增加了 128 MiB。',
			'下线过程没有遇到 EBUSY。',
			'DIMM 已弹出，后端已删除：机器回到了刚启动时的样子。',
		]);
	});

	it('finishes in Chinese with chmem -e (online_movable)', () => {
		const view = walk('zh', 'chmem -e');
		expect(view.summary![1]).toBe('你把 memory32 上线到 ZONE_MOVABLE，free -m 增加了 128 MiB。');
	});

	it('finishes in English with chmem -e', () => {
		const view = walk('en', 'chmem -e');
		expect(view.summary![1]).toBe('You onlined memory32 into ZONE_MOVABLE; free -m grew by 128 MiB.');
	});

	it('does not complete a step from typed text that changed nothing', () => {
		const session = new FakeSession();
		const t = start(session, 'en');
		t.tutorial.forward();
		t.chord('c');
		t.line('object_add memory-backend-ram,id=m0,size=512M');
		t.line('device_add pc-dimm,id=d0,memdev=m0');
		t.chord('c');
		t.line('free -m');
		expect(t.id()).toBe('online');
		// The command text is right but names a block that does not exist: nothing is onlined.
		t.line(`echo online > ${SYS}/memory99/state`);
		expect(t.id()).toBe('online');
		t.line(`echo online > ${SYS}/memory33/state`);
		expect(t.id()).toBe('free-grows');
		// `free -m` typed into the monitor is an unknown command, not a free run.
		t.chord('c');
		t.line('free -m');
		expect(t.id()).toBe('free-grows');
		t.chord('c');
		t.line('free -m');
		expect(t.id()).toBe('offline');
	});

	it('lets the user browse back and forward without losing progress', () => {
		const session = new FakeSession();
		const t = start(session, 'en');
		t.tutorial.forward();
		t.chord('c');
		expect(t.id()).toBe('object-add');
		t.tutorial.back();
		t.tutorial.back();
		const view = t.tutorial.view();
		expect(view.id).toBe('start-qemu');
		expect(view.browsing).toBe(true);
		expect(view.done).toBe(true);
		expect(view.inputs).toEqual(['$ memhp -m 1024M,slots=32,maxmem=8G']);
		// Progress continues while browsing; forward returns to the current step.
		t.line('object_add memory-backend-ram,id=m0,size=512M');
		expect(t.tutorial.currentStep().id).toBe('device-add');
		t.tutorial.forward();
		t.tutorial.forward();
		t.tutorial.forward();
		expect(t.id()).toBe('device-add');
		expect(t.tutorial.view().browsing).toBe(false);
		t.tutorial.forward();
		expect(t.id()).toBe('device-add');
	});

	it('skips the kernel-config reading when the user goes straight to the monitor', () => {
		const t = start(new FakeSession(), 'en');
		expect(t.id()).toBe('kernel-config');
		const view = t.tutorial.view();
		expect(view.options!.map(o => o.option)).toEqual([
			'CONFIG_MEMORY_HOTPLUG', 'CONFIG_MEMORY_HOTREMOVE', 'CONFIG_ACPI_HOTPLUG_MEMORY', 'CONFIG_SPARSEMEM', 'CONFIG_MIGRATION',
		]);
		t.chord('c');
		expect(t.id()).toBe('object-add');
	});

	it('stays on start-qemu when the machine has no DIMM slots', () => {
		const t = start(new FakeSession({slots: 0}), 'zh');
		t.tutorial.forward();
		const view = t.tutorial.view();
		expect(view.id).toBe('start-qemu');
		expect(view.title).toBe('启动 QEMU，预留 DIMM 插槽');
		expect(view.body[0]).toBe('要热插拔内存，QEMU 必须有空闲的 DIMM 插槽和内存上限：`-m 1024M,slots=32,maxmem=8G`。');
	});
});

describe('resolveLang', () => {
	it('prefers --lang, then LC_ALL, LC_MESSAGES, LANG', () => {
		expect(resolveLang('zh', {LANG: 'en_US.UTF-8'})).toBe('zh');
		expect(resolveLang('en', {LANG: 'zh_CN.UTF-8'})).toBe('en');
		expect(resolveLang(undefined, {LANG: 'zh_CN.UTF-8'})).toBe('zh');
		expect(resolveLang(undefined, {LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8'})).toBe('en');
		expect(resolveLang(undefined, {LC_ALL: 'zh_TW.UTF-8'})).toBe('zh');
		expect(resolveLang(undefined, {LANG: 'C'})).toBe('en');
		expect(resolveLang(undefined, {})).toBe('en');
		expect(resolveLang(undefined, {LANG: 'zu_ZA.UTF-8'})).toBe('en');
	});
});
