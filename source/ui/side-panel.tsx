import React, {memo, useEffect, useRef, useState} from 'react';
import {Box, measureElement, type DOMElement} from 'ink';
import type {TutorialView} from '../tutorial/tutorial.js';
import type {Lang} from '../tutorial/types.js';
import {MemoryPanel, type MemoryPanelProps} from './panel/memory-panel.js';
import {displayWidth} from '../tutorial/call-paths.js';
import {CallPathView} from './tutorial/call-path-view.js';
import {TutorialPanel} from './tutorial/tutorial-panel.js';

/** Rows the memory panel keeps under the tutorial panel in the wide layout. */
const MIN_MEMORY_ROWS = 12;
/** Borders and the title line of the call-path view. */
const CALL_PATH_CHROME = 3;

export interface SidePanelProps extends MemoryPanelProps {
	lang: Lang;
	/** The step panel (tutorial and demo modes). */
	tutorial?: TutorialView;
	callPaths: boolean;
}

/**
 * Whether the step panel fits in `rows` with its explanation sentences (estimated: word wrap
 * can take a little more than columns / width, hence the slack of one row per paragraph).
 */
export function stepPanelFits(view: TutorialView, width: number, rows: number): boolean {
	const inner = Math.max(1, width - 4);
	const paragraphs = [
		`${view.title}  (xxxxxxxxxxxxxxxxxxxxxx)`,
		...view.body,
		...(view.options ?? []).map(o => `${o.option}: ${o.enables}. Without it: ${o.without}.`),
		...(view.summary ?? []),
		...(view.inputs.length > 0 ? ['Type:', ...view.inputs.map(i => `  ${i}`)] : ['x']),
		...(view.explanation ? [`! ${view.explanation}`] : []),
		'progress',
	];
	const needed = paragraphs.reduce((n, p) => n + Math.ceil(Math.max(1, displayWidth(p)) / inner) + (displayWidth(p) > inner ? 1 : 0), 0);
	return needed + 2 <= rows;
}

/**
 * What the screen shows beside (wide) or under (compact) the consoles: the memory panel, the
 * tutorial's step panel above it, and the call-path view in place of the memory panel while
 * F2 has it open. At 80x24 there is room for one of them: the call paths, else the step
 * panel (brief), else the memory panel.
 */
export const SidePanel = memo(function SidePanel(props: SidePanelProps) {
	const {width, height, color, lang, tutorial} = props;
	const stepRef = useRef<DOMElement>(null);
	const [stepRows, setStepRows] = useState(14);
	// The step panel's height depends on how its sentences wrap: measure it after each frame,
	// and give the memory panel (which needs a fixed height) the rest.
	useEffect(() => {
		if (!stepRef.current) return;
		const measured = measureElement(stepRef.current).height;
		if (measured > 0 && measured !== stepRows) setStepRows(measured);
	});
	const callPaths = (rows: number) => (
		<CallPathView events={props.snapshot.events} lang={lang} width={width} height={Math.max(1, rows - CALL_PATH_CHROME)} color={color} fill />
	);
	const memory = (rows: number) => (
		<MemoryPanel
			snapshot={props.snapshot}
			freeHistory={props.freeHistory}
			width={width}
			height={rows}
			compact={props.compact}
			color={color}
			explanation={props.explanation}
		/>
	);
	if (props.compact) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				{props.callPaths ? callPaths(height) : tutorial ? <TutorialPanel view={tutorial} width={width} height={height} color={color} brief={!stepPanelFits(tutorial, width, height)} /> : memory(height)}
			</Box>
		);
	}
	if (!tutorial) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				{props.callPaths ? callPaths(height) : memory(height)}
			</Box>
		);
	}
	const stepHeight = Math.min(stepRows, height - MIN_MEMORY_ROWS);
	const rest = height - stepHeight;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Box flexDirection="column" height={stepHeight} overflow="hidden" flexShrink={0}>
				<Box ref={stepRef} flexShrink={0} flexDirection="column">
					<TutorialPanel view={tutorial} width={width} color={color} />
				</Box>
			</Box>
			{props.callPaths ? callPaths(rest) : memory(rest)}
		</Box>
	);
});
