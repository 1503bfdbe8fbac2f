import React from 'react';
import {Box, Text} from 'ink';
import type {HotplugEvent} from '../../machine/snapshot.js';
import {fitCallPaths} from '../../tutorial/call-paths.js';
import {strings} from '../../tutorial/i18n/index.js';
import type {Lang} from '../../tutorial/types.js';

export interface CallPathViewProps {
	events: readonly HotplugEvent[];
	lang: Lang;
	width: number;
	/** Rows for the paths: the newest events that fit whole, else the newest one's innermost frames. */
	height: number;
	color?: boolean;
	/** Grow to fill the space the layout gives it (the frame then ends at the bottom of it). */
	fill?: boolean;
}

/**
 * The kernel call paths of the hotplug events the guest handled, innermost first, newest at
 * the bottom; failed frames in red, Linux 5.0 notes dimmed.
 */
export function CallPathView({events, lang, width, height, color = true, fill = false}: CallPathViewProps) {
	// Inside the round border and one column of padding on each side.
	const lines = fitCallPaths(events, lang, height, Math.max(8, width - 4));
	return (
		<Box flexDirection="column" width={width} flexGrow={fill ? 1 : 0} borderStyle="round" borderColor={color ? 'magenta' : undefined} paddingX={1}>
			<Text bold wrap="truncate">
				{strings(lang).ui.callPaths}
			</Text>
			{lines.map((line, i) => {
				const isTitle = line.startsWith('[');
				const failed = line.includes('<- ');
				const note = line.startsWith('      ');
				return (
					<Text
						key={i}
						wrap="truncate"
						bold={isTitle}
						color={color ? (failed ? 'red' : isTitle ? 'cyan' : undefined) : undefined}
						dimColor={note && !failed}
					>
						{line}
					</Text>
				);
			})}
		</Box>
	);
}
