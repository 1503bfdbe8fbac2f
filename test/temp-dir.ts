import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {onTestFinished} from 'vitest';

/**
 * A fresh directory under the host's temp dir for one test, removed when that test finishes
 * (passed or failed), so a run of the suite leaves nothing behind in /tmp.
 */
export function tempDir(prefix = 'memhp-test-'): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	onTestFinished(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}
