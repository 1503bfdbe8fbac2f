import React from 'react';
import {Text} from 'ink';

export interface ExplanationLineProps {
	text?: string;
	color?: boolean;
}

/** Why the last thing failed, and what would work: one wrapped paragraph, nothing when all is well. */
export function ExplanationLine({text, color = true}: ExplanationLineProps) {
	if (!text) return null;
	return (
		<Text color={color ? 'yellow' : undefined} wrap="wrap">
			{`! ${text}`}
		</Text>
	);
}
