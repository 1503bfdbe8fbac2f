import React from 'react';
import {Box, Text} from 'ink';
import {strings} from '../../tutorial/i18n/index.js';
import type {TutorialView} from '../../tutorial/tutorial.js';
import {ExplanationLine} from './explanation-line.js';

export interface TutorialPanelProps {
	view: TutorialView;
	width: number;
	color?: boolean;
	/** Fixed height (rows, borders included); what does not fit is clipped at the bottom. */
	height?: number;
	/** Leave out the step's explanation sentences (80x24: the title and what to type matter most). */
	brief?: boolean;
}

/** `[#####.......] 4/12` progress of the completed steps. */
export function progressBar(completed: number, total: number, cells = 12): string {
	const filled = Math.round((completed / total) * cells);
	return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${completed}/${total}`;
}

/**
 * The step panel: the step shown, its explanation, the exact thing to type, why the last
 * thing failed (if it did), progress and the keys. Plain view of a TutorialView.
 */
export function TutorialPanel({view, width, color = true, height, brief = false}: TutorialPanelProps) {
	const text = strings(view.lang);
	const state = view.done ? text.ui.done : text.ui.waiting;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			flexShrink={0}
			overflow={height === undefined ? undefined : 'hidden'}
			borderStyle="round"
			borderColor={color ? 'cyan' : undefined}
			paddingX={1}
		>
			<Text bold wrap="wrap">
				{`${text.ui.stepOf(view.number, view.total)}  ${view.title}`}
				<Text color={color ? (view.done ? 'green' : 'gray') : undefined} bold={false}>{`  (${state})`}</Text>
			</Text>
			{(brief ? [] : view.body).map((line, i) => (
				<Text key={`b${i}`} wrap="wrap">
					{line}
				</Text>
			))}
			{(brief ? [] : (view.options ?? [])).map(option => (
				<Text key={option.option} wrap="wrap">
					<Text bold>{option.option}</Text>
					{`: ${option.enables}. ${view.lang === 'zh' ? '没有它：' : 'Without it: '}${option.without}.`}
				</Text>
			))}
			{view.summary?.map((line, i) => (
				<Text key={`s${i}`} wrap="wrap">
					{line}
				</Text>
			))}
			{view.inputs.length > 0 ? (
				<Box flexDirection="column">
					<Text color={color ? 'gray' : undefined}>{text.ui.type}</Text>
					{view.inputs.map((input, i) => (
						// Wrapped, not truncated: the panel can be narrow and this must be typed exactly.
						<Text key={`i${i}`} color={color ? 'green' : undefined} wrap="wrap">
							{`  ${input}`}
						</Text>
					))}
				</Box>
			) : view.finished ? (
				<Text color={color ? 'green' : undefined}>{text.ui.finished}</Text>
			) : view.options ? (
				<Text color={color ? 'gray' : undefined}>{text.ui.nothingToType}</Text>
			) : null}
			<ExplanationLine text={view.explanation} color={color} />
			<Text color={color ? 'gray' : undefined} wrap="truncate">
				{`${progressBar(view.completed, view.total - 1)}  ${text.ui.keys}`}
			</Text>
		</Box>
	);
}
