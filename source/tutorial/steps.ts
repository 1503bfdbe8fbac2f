import type {Pane} from '../machine/session-types.js';
import {hotplugBlocks, mib, tutorialBlock, userBackends} from './facts.js';
import type {StepDef, StepId, SuggestedInput, TutorialContext} from './types.js';

/** The walkthrough's names for the backend and the DIMM. */
export const BACKEND_ID = 'BiscuitOS-mem';
export const DIMM_ID = 'BiscuitOS-dimm';
export const DIMM_SIZE = '512M';

const SYSFS_MEMORY = '/sys/devices/system/memory';

/** Lines for a front-end, preceded by the C-a c a user would press if the other one has focus. */
function inPane(ctx: TutorialContext, pane: Pane, lines: string[]): SuggestedInput[] {
	const inputs: SuggestedInput[] = lines.map(text => ({kind: 'line', pane, text}));
	return ctx.focus === pane ? inputs : [{kind: 'chord', key: 'c'}, ...inputs];
}

function stateFile(ctx: TutorialContext): string {
	return `${SYSFS_MEMORY}/memory${tutorialBlock(ctx.snapshot)}/state`;
}

/** The DIMM the user is working with: the one plugged now, else the last one seen. */
export function currentDimm(ctx: TutorialContext): string {
	return ctx.snapshot.qemu.dimms[0]?.id ?? ctx.everDimms.at(-1) ?? DIMM_ID;
}

/** The backend behind the current DIMM, else the last user backend seen. */
export function currentBackend(ctx: TutorialContext): string {
	const dimm = ctx.snapshot.qemu.dimms.find(d => d.id === currentDimm(ctx));
	return dimm?.memdev ?? userBackends(ctx)[0]?.id ?? ctx.everBackends.at(-1) ?? BACKEND_ID;
}

/** Some id that existed since the start is gone now. */
function someRemoved(ever: string[], now: Array<{id: string}>): boolean {
	return ever.some(id => !now.some(item => item.id === id));
}

/** The steps in walkthrough order. Every `done` reads machine state, never typed text. */
export const STEPS: readonly StepDef[] = [
	{
		id: 'kernel-config',
		info: true,
		// The guest booted with the hotplug options if it exposes memory blocks at all.
		done: ctx => ctx.snapshot.guest !== undefined,
		suggest: () => [],
	},
	{
		id: 'start-qemu',
		done: ctx => ctx.snapshot.qemu.slots > 0 && ctx.snapshot.qemu.maxRamSize > ctx.snapshot.qemu.ramSize,
		suggest: ctx => [{kind: 'host', text: `memhp -m ${mib(ctx.snapshot.qemu.ramSize)}M,slots=32,maxmem=8G`}],
	},
	{
		id: 'enter-monitor',
		done: ctx => ctx.monitorVisited || ctx.everBackends.length > 0 || ctx.everDimms.length > 0,
		suggest: ctx => (ctx.focus === 'monitor' ? [] : [{kind: 'chord', key: 'c'}]),
	},
	{
		id: 'object-add',
		done: ctx => ctx.everBackends.length > 0,
		suggest: ctx => inPane(ctx, 'monitor', [`object_add memory-backend-ram,id=${BACKEND_ID},size=${DIMM_SIZE}`]),
	},
	{
		id: 'device-add',
		done: ctx => ctx.everDimms.length > 0,
		suggest: ctx => inPane(ctx, 'monitor', [`device_add pc-dimm,id=${DIMM_ID},memdev=${currentBackend(ctx)}`]),
	},
	{
		id: 'back-to-console',
		done: ctx => ctx.consoleAfterPlug,
		suggest: ctx => (ctx.focus === 'serial' ? [] : [{kind: 'chord', key: 'c'}]),
	},
	{
		id: 'see-offline',
		// `free` ran while the new blocks were all offline (or the user already went on to online one).
		done: ctx =>
			ctx.everOnline.length > 0 ||
			ctx.freeRuns.some(run => run.hotplugBlocks.length > 0 && run.onlineHotplugBlocks.length === 0),
		suggest: ctx =>
			inPane(ctx, 'serial', [`ls ${SYSFS_MEMORY}/`, `cat ${stateFile(ctx)}`, 'free -m']),
	},
	{
		id: 'online',
		done: ctx => ctx.everOnline.length > 0,
		suggest: ctx => inPane(ctx, 'serial', [`echo online > ${stateFile(ctx)}`]),
	},
	{
		id: 'free-grows',
		done: ctx =>
			ctx.freeRuns.some(run => run.onlineHotplugBlocks.length > 0 && run.memTotalKb > (ctx.initial.guest?.memTotalKb ?? Infinity)),
		suggest: ctx => inPane(ctx, 'serial', ['free -m']),
	},
	{
		id: 'offline',
		// Every block that went online is offline again (by `offline`, `echo 0 > online`, chmem -d ...).
		done: ctx => {
			if (ctx.everOnline.length === 0) return false;
			const online = new Set(hotplugBlocks(ctx.snapshot).filter(b => b.state !== 'offline').map(b => b.index));
			return ctx.everOnline.every(index => !online.has(index));
		},
		suggest: ctx => inPane(ctx, 'serial', [`echo offline > ${stateFile(ctx)}`, 'free -m']),
	},
	{
		id: 'device-del',
		done: ctx => ctx.everDimms.length > 0 && someRemoved(ctx.everDimms, ctx.snapshot.qemu.dimms),
		suggest: ctx => inPane(ctx, 'monitor', [`device_del ${currentDimm(ctx)}`]),
	},
	{
		id: 'object-del',
		done: ctx => ctx.everBackends.length > 0 && someRemoved(ctx.everBackends, ctx.snapshot.qemu.backends),
		suggest: ctx => inPane(ctx, 'monitor', [`object_del ${currentBackend(ctx)}`]),
	},
	{
		id: 'summary',
		info: true,
		done: () => true,
		suggest: () => [],
	},
];

/** The step with this id. */
export function stepById(id: StepId): StepDef {
	const step = STEPS.find(s => s.id === id);
	if (!step) throw new Error(`no tutorial step ${id}`);
	return step;
}

/** How a suggested input reads on the panel: `C-a c`, the command line, or the host command. */
export function formatInput(input: SuggestedInput): string {
	switch (input.kind) {
		case 'chord':
			return `C-a ${input.key}`;
		case 'line':
			return input.pane === 'monitor' ? `(qemu) ${input.text}` : `/ # ${input.text}`;
		case 'host':
			return `$ ${input.text}`;
	}
}
