import {readFileSync, renameSync, writeFileSync, existsSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';

/** Reads a transcript from a path, or stdin for '-'. */
export function readInput(path: string): string {
	// yargs hands a lone '-' positional over as ''.
	return path === '-' || path === '' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
}

/**
 * Writes a file the user named, atomically (temp file + rename), refusing to clobber an
 * existing file unless `force`.
 */
export function writeUserFile(path: string, content: string, force = false): void {
	if (!force && existsSync(path)) {
		throw new Error(`${path} exists (use --force to overwrite)`);
	}
	const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
	writeFileSync(tmp, content);
	renameSync(tmp, path);
}
