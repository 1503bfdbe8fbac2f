import React from 'react';
import {Box, Text} from 'ink';
import type {Pane} from '../machine/session-types.js';
import {PANE_TITLES} from './pane/pane-view.js';
import {SearchPrompt} from './search/search-prompt.js';

/**
 * The one-line status bar: the machine's -m option, which pane has the mux, and key hints.
 * While a scrollback search is open it becomes the search prompt.
 */
export function StatusBar(props: {
	width: number;
	memoryOption: string;
	focus: Pane;
	color: boolean;
	search: {open: boolean; message: string};
	onSearch(query: string): void;
}) {
	if (props.search.open) {
		return (
			<Box width={props.width} height={1}>
				<SearchPrompt onSubmit={props.onSearch} />
			</Box>
		);
	}
	const hints =
		props.search.message ||
		(props.width >= 118
			? 'C-a c switch · C-a h help · C-a x quit · PgUp scroll · Tab complete'
			: props.width >= 100
				? 'C-a c switch · C-a h help · C-a x quit'
				: 'C-a c switch · C-a x quit');
	const text = ` -m ${props.memoryOption} │ focus: ${PANE_TITLES[props.focus]} │ ${hints}`;
	return (
		<Box width={props.width} height={1}>
			<Text wrap="truncate" inverse={props.color} bold>
				{text.padEnd(props.width)}
			</Text>
		</Box>
	);
}
