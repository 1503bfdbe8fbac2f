import React from 'react';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {CallPathView, TutorialPanel, tutorialKeyAction, useTutorial, type UseTutorial} from '../source/ui/tutorial/index.js';
import type {MachineSession} from '../source/machine/session-types.js';
import type {Lang} from '../source/tutorial/types.js';
import {FakeSession} from './tutorial-fake-session.js';

function Harness({session, lang, expose}: {session: MachineSession; lang: Lang; expose: (t: UseTutorial) => void}) {
	const t = useTutorial(session, lang);
	expose(t);
	return (
		<Box flexDirection="column">
			<TutorialPanel view={t.view} width={80} color={false} />
			{t.callPathsVisible ? <CallPathView events={session.snapshot().events} lang={lang} width={80} height={6} color={false} /> : null}
		</Box>
	);
}

function mount(lang: Lang) {
	const session = new FakeSession();
	let api: UseTutorial | undefined;
	const app = render(<Harness session={session} lang={lang} expose={t => (api = t)} />);
	return {session, app, api: () => api!, frame: () => app.lastFrame() ?? ''};
}

describe('tutorial Ink components', () => {
	it('shows the kernel-config step, then follows the machine to the next steps', async () => {
		const {session, api, frame} = mount('en');
		expect(frame()).toContain('Step 1/13  Kernel configuration  (waiting for the machine)');
		expect(frame()).toContain('CONFIG_ACPI_HOTPLUG_MEMORY: the ACPI driver for PNP0C80 memory devices');
		expect(frame()).toContain('Nothing to type: read, then F8.');
		expect(frame()).toContain('[............] 0/12  F7 back  F8 next  F2 call paths');
		api().act(tutorialKeyAction('\x1b[19~')!);
		await vi.waitFor(() => expect(frame()).toContain('Step 3/13  Switch to the QEMU monitor'));
		expect(frame()).toContain('  C-a c');
		session.muxKey('c');
		await vi.waitFor(() => expect(frame()).toContain('Step 4/13  Create the memory backend'));
		expect(frame()).toContain('  (qemu) object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
		expect(frame()).toContain('[###.........] 3/12');
		api().act('back');
		await vi.waitFor(() => expect(frame()).toContain('Step 3/13  Switch to the QEMU monitor  (done)'));
	});

	it('opens the call-path view by itself after the hot-add, and F2 toggles it', async () => {
		const {session, api, frame} = mount('zh');
		session.muxKey('c');
		session.submitLine('object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
		session.submitLine('device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
		session.muxKey('c');
		await vi.waitFor(() => expect(frame()).toContain('第 7/13 步  新的内存块，仍是下线状态'));
		expect(frame()).toContain('内核调用路径（最内层在前）');
		// Titles wrap and notes that do not fit beside a function go below it: nothing is cut off.
		expect(frame()).toContain('│ [   10.080000] 热添加 BiscuitOS-dimm：创建 memory32-35，处于下线状态（512    │\n│ MiB）');
		expect(frame()).toContain('│     create_memory_block_devices                                              │\n│       5.0：按 section 调用 link_mem_sections / register_mem_sect_under_node  │');
		api().act(tutorialKeyAction('\x1bOQ')!);
		await vi.waitFor(() => expect(frame()).not.toContain('内核调用路径'));
		api().act('call-paths');
		await vi.waitFor(() => expect(frame()).toContain('内核调用路径'));
	});

	it('shows the explanation line when something fails', async () => {
		const {session, frame} = mount('en');
		session.muxKey('c');
		session.submitLine('object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
		session.submitLine('device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
		session.submitLine('object_del BiscuitOS-mem');
		await vi.waitFor(() => expect(frame()).toContain('! BiscuitOS-mem is still the memdev of DIMM BiscuitOS-dimm'));
	});
});
