import React, {type ReactNode} from 'react';
import {Box, Text} from 'ink';

/**
 * Whether a console pane this wide is drawn with side borders: only where its content still has
 * the 80 columns programs print for (`free -m` is 79 wide); on an 80- or 81-column terminal the
 * consoles give their content the full width, between a top and a bottom rule.
 */
export function consoleSides(width: number): boolean {
	return width >= 82;
}

/**
 * A bordered box with a title in its top border (`┌─ QEMU monitor ───┐`). The focused frame is
 * drawn double-lined and bold (visible without colour) and, with colour, in cyan. With `sides`
 * false only the top and bottom rules are drawn.
 */
export function PaneFrame(props: {
	title: string;
	/** Right-aligned note in the top border (scroll position). */
	note?: string;
	width: number;
	height: number;
	focused: boolean;
	color: boolean;
	/** Side borders (default): see consoleSides(). */
	sides?: boolean;
	children: ReactNode;
}) {
	const {width, height, focused, color} = props;
	const sides = props.sides ?? true;
	const [h, tl, tr] = focused ? ['═', '╔', '╗'] : ['─', '┌', '┐'];
	const [left, right] = sides ? [tl, tr] : [h, h];
	const title = ` ${props.title} `;
	const note = props.note ? ` ${props.note} ` : '';
	const fill = Math.max(0, width - 3 - title.length - note.length);
	const borderColor = color ? (focused ? 'cyan' : 'gray') : undefined;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text wrap="truncate">
				<Text color={borderColor}>{left + h}</Text>
				<Text bold={focused} color={color && focused ? 'cyanBright' : undefined}>
					{title}
				</Text>
				<Text color={borderColor}>{h.repeat(fill)}</Text>
				<Text color={color ? 'yellow' : undefined}>{note}</Text>
				<Text color={borderColor}>{right}</Text>
			</Text>
			{/* Keyed on focus and sides: Ink 6.8 re-applies a changed borderStyle to all four edges
			    and forgets borderTop={false}, which would push the content down one row. */}
			<Box
				key={`${focused ? 'focused' : 'unfocused'}${sides ? '' : '-open'}`}
				borderStyle={focused ? 'double' : 'single'}
				borderTop={false}
				borderLeft={sides}
				borderRight={sides}
				borderColor={borderColor}
				flexDirection="column"
				width={width}
				height={height - 1}
				// Rows are cut to the width already (wrap="truncate"): clip vertically only, so
				// Ink does not slice every row of the pane again on every frame.
				overflowY="hidden"
			>
				{props.children}
			</Box>
		</Box>
	);
}
