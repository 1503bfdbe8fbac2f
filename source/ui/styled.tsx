import React from 'react';
import {Box, Text} from 'ink';

/**
 * Screen lines as plain data (text runs with a style), so layout code is pure and testable
 * and one small view draws them. Colours are dropped here when colour is off (NO_COLOR).
 */
export interface Segment {
	text: string;
	color?: string;
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
}

export type StyledLine = Segment[];

/** Plain text of a line (for tests and width checks). */
export function lineText(line: StyledLine): string {
	return line.map(s => s.text).join('');
}

/** Cuts a line to `width` columns. */
export function truncateLine(line: StyledLine, width: number): StyledLine {
	const out: StyledLine = [];
	let left = Math.max(0, width);
	for (const seg of line) {
		if (left <= 0) break;
		const text = seg.text.length > left ? seg.text.slice(0, left) : seg.text;
		out.push({...seg, text});
		left -= text.length;
	}
	return out;
}

/** Draws styled lines, one Ink row each, never wrapped by Ink. */
export function StyledLines(props: {lines: StyledLine[]; width: number; color: boolean}) {
	return (
		<>
			{props.lines.map((line, i) =>
				// An empty Text has no height in Ink: keep blank separator lines with a Box.
				line.length === 0 || lineText(line) === '' ? (
					<Box key={i} height={1} />
				) : (
				<Text key={i} wrap="truncate">
					{truncateLine(line, props.width).map((seg, j) => (
						<Text
							key={j}
							color={props.color ? seg.color : undefined}
							bold={seg.bold}
							dimColor={props.color ? seg.dim : undefined}
							inverse={seg.inverse}
						>
							{seg.text}
						</Text>
					))}
				</Text>
				),
			)}
		</>
	);
}
