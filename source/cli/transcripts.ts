import {basename} from 'node:path';
import {checkTranscript, formatFailure, replayTranscript} from '../transcript/check.js';
import {readInput} from './files.js';

export function replayFile(file: string): number {
	try {
		process.stdout.write(replayTranscript(readInput(file)));
		return 0;
	} catch (error) {
		process.stderr.write(`memhp: ${file}: ${(error as Error).message}\n`);
		return 2;
	}
}

export function checkFiles(files: string[]): number {
	let passed = 0;
	let failed = 0;
	for (const file of files) {
		let text: string;
		try {
			text = readInput(file);
		} catch (error) {
			process.stderr.write(`memhp: ${file}: ${(error as Error).message}\n`);
			failed++;
			continue;
		}
		const report = checkTranscript(basename(file), text);
		for (const result of report.results.filter((r) => !r.ok)) {
			process.stdout.write(`${formatFailure(basename(file), result)}\n`);
		}
		process.stdout.write(`${basename(file)}: ${report.passed} passed, ${report.failed} failed\n`);
		passed += report.passed;
		failed += report.failed;
	}
	process.stdout.write(`${passed} passed, ${failed} failed\n`);
	return failed > 0 ? 1 : 0;
}
