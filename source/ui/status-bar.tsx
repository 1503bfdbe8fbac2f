import React, {memo} from 'react';
import {Box, Text} from 'ink';
import type {Pane} from '../machine/session-types.js';
import {PANE_TITLES} from './pane/pane-view.js';
import {SearchPrompt} from './search/search-prompt.js';

/**
 * The one-line status bar: the machine's -m option, where QMP is served (if it is), which pane
 * has the mux, and key hints.
 * While a scrollback search is open it becomes the search prompt. Memoised (pass a `search`
 * object that changes only when the search does).
 */
export const StatusBar = memo(function StatusBar(props: {
	width: number;
	memoryOption: string;
	focus: Pane;
	color: boolean;
	search: {open: boolean; message: string};
	onSearch(query: string): void;
	/** Key hints differ per mode (default 'screen'). */
	mode?: 'screen' | 'tutorial' | 'demo';
	/** Demo mode: whether the player is typing, paused or done. */
	demo?: 'playing' | 'paused' | 'ended';
	/** Where QMP is served (-qmp): shown after the -m option. */
	qmp?: string;
	/** A guest program waiting for console input (the guest has focus): how to end it comes first. */
	reader?: string;
	/** The reader takes keys in raw mode (more's prompt). */
	readerTakesKeys?: boolean;
	/** The reader waits in real time for this many seconds (watch's interval). */
	readerTimeout?: number;
	/** A break (C-a b) armed the guest's SysRq: the next key is its command. */
	sysrq?: boolean;
}) {
	if (props.search.open) {
		return (
			<Box width={props.width} height={1}>
				<SearchPrompt onSubmit={props.onSearch} />
			</Box>
		);
	}
	const prefix = ` -m ${props.memoryOption}${props.qmp ? ` │ QMP ${props.qmp}` : ''} │ focus: ${PANE_TITLES[props.focus]} │ `;
	// The longest hint that fits beside the machine and focus (a long -m option leaves less room).
	const choices = props.search.message ? [props.search.message] : props.sysrq ? SYSRQ_HINTS : [...readerHints(props.reader, props.readerTakesKeys === true, props.readerTimeout), ...modeHints(props.mode ?? 'screen', props.demo)];
	const hints = choices.find(h => prefix.length + h.length <= props.width) ?? choices[choices.length - 1];
	const text = prefix + hints;
	return (
		<Box width={props.width} height={1}>
			<Text wrap="truncate" inverse={props.color} bold>
				{text.padEnd(props.width)}
			</Text>
		</Box>
	);
});

/** After C-a b: the next key is not typed but the guest kernel's SysRq command. */
const SYSRQ_HINTS = ['break sent: the next key is a SysRq command · h help · m memory report (if kernel.sysrq allows)', 'break sent: next key is a SysRq command · h help', 'SysRq: next key · h help'];

/**
 * What the keys do in the programs that read them in raw mode (long, short and tiny hint: at 80
 * columns only the tiny one fits, and it says how to get out).
 */
const RAW_KEYS: Record<string, [string, string, string]> = {
	more: ['Space next page · Enter next line · r the rest · q quit', 'Space page · Enter line · q quit', 'q quit'],
	top: ['N/M/P/T sort by pid/mem/cpu/time · H threads · q quit', 'N/M/P/T sort · q quit', 'q quit'],
	less: ['Space/b page · Enter/k line · g/G top/end · /RE search, n next · q quit', 'Space/b page · /RE · q quit', 'q quit'],
	vi: ['i insert · Esc · hjkl move · x/dd delete · u undo · :wq save+quit · :q! quit', 'i insert · Esc · :wq save+quit · :q! quit', ':wq save · :q! quit'],
};

/**
 * While a guest program reads the console: what ends it (a learner's `grep PATTERN` without a
 * file waits too), the keys of one that reads them in raw mode, how long a timed one waits.
 */
function readerHints(reader: string | undefined, keys: boolean, timeout: number | undefined): string[] {
	if (reader === undefined) return [];
	if (timeout !== undefined && !keys) {
		const wait = reader === 'watch' ? `runs again every ${timeout} s` : Number.isFinite(timeout) ? `waits ${timeout} s` : 'waits for ever';
		return [`${reader} ${wait} · Ctrl-C stops it`, `${reader}: Ctrl-C stops it`];
	}
	if (keys) {
		const [long, short, tiny] = RAW_KEYS[reader] ?? ['each key goes to it · Ctrl-C interrupt', 'keys go to it · Ctrl-C stop', 'Ctrl-C stop'];
		return [`${reader} reads keys as typed: ${long}`, `${reader}: ${short}`, `${reader}: ${tiny}`];
	}
	return [`${reader} is reading the console: type lines · Ctrl-D end of file · Ctrl-C interrupt`, `${reader} reads the console: Ctrl-D end · Ctrl-C stop`];
}

/** Key hints for the mode, longest first. */
function modeHints(mode: 'screen' | 'tutorial' | 'demo', demo: 'playing' | 'paused' | 'ended' | undefined): string[] {
	if (mode === 'demo' && demo !== 'ended') {
		const paused = demo === 'paused';
		const head = `demo${paused ? ' PAUSED' : ''}: space ${paused ? 'resume' : 'pause'} · n skip · C-a x quit`;
		return [`${head} · F2 call paths`, head, `${paused ? 'PAUSED' : 'demo'}: space · n · C-a x`];
	}
	if (mode === 'tutorial') return ['C-a c switch · C-a x quit · F7/F8 steps · F2 call paths', 'C-a c switch · F7/F8 · F2'];
	return [
		'C-a c switch · C-a h help · C-a x quit · PgUp scroll · F2 call paths',
		'C-a c switch · C-a h help · C-a x quit · F2 call paths',
		'C-a c switch · C-a h help · C-a x quit',
		'C-a c switch · C-a x quit',
	];
}
