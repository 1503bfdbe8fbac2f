import React from 'react';
import {render} from 'ink-testing-library';
import {vi} from 'vitest';
import type {MachineSession} from '../source/machine/session-types.js';
import {App} from '../source/ui/app.js';

/** Strips SGR sequences so assertions read like the screen. */
export const plain = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Renders the App with ink-testing-library at a given terminal size. Its stdout has a fixed
 * 100-column getter and no rows, so the size is set as own properties and announced with a
 * 'resize' event, as a real terminal does.
 */
export async function renderScreen(session: MachineSession, opts: {columns?: number; rows?: number; color?: boolean} = {}) {
	const exits: number[] = [];
	const r = render(<App session={session} onExit={code => exits.push(code)} color={opts.color ?? false} />);
	const resize = async (columns: number, rows: number) => {
		Object.defineProperty(r.stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(r.stdout, 'rows', {value: rows, configurable: true});
		r.stdout.emit('resize');
		await tick();
		// On a loaded machine the frame for the new size can take longer than a tick: wait until
		// the top border spans the terminal (sizes the screen draws at all).
		if (columns >= 80 && rows >= 24) {
			await vi.waitFor(() => {
				const top = plain(r.lastFrame()).split('\n')[0] ?? '';
				if ([...top].length !== columns) throw new Error(`frame not yet ${columns} wide: ${top}`);
			}, {timeout: 3000, interval: 10});
		}
	};
	await resize(opts.columns ?? 120, opts.rows ?? 40);
	const frame = () => plain(r.lastFrame());
	const type = async (...chunks: string[]) => {
		for (const c of chunks) {
			r.stdin.write(c);
			await tick();
		}
	};
	const waitFor = (check: (frame: string) => void) => vi.waitFor(() => check(frame()), {timeout: 3000, interval: 20});
	return {...r, exits, resize, frame, type, waitFor};
}

export const tick = (ms = 15) => new Promise(resolve => setTimeout(resolve, ms));

/** The rows of one pane: the lines between its titled top border and its bottom border. */
export function paneText(frame: string, title: string): string {
	const lines = frame.split('\n');
	const top = lines.findIndex(l => l.includes(` ${title} `));
	if (top < 0) return '';
	// The frame starts two columns before the title: `┌─ title ` / `╔═ title `, or `── title `
	// for a console drawn without side borders (an 80-column terminal), whose bottom is a rule.
	const col = lines[top].indexOf(` ${title} `) - 2;
	const open = /^[═─]/.test(lines[top].slice(col));
	const out: string[] = [];
	for (let i = top + 1; i < lines.length; i++) {
		const line = lines[i].slice(col);
		if (open ? /^[═─]+$/.test(line) : /^[╚└]/.test(line)) break;
		const m = open ? undefined : /^[║│](.*?)[║│]/.exec(line);
		out.push((m ? m[1] : line).trimEnd());
	}
	return out.join('\n');
}
