import {createSession} from '../machine/session.js';

/**
 * Opens the full-screen app. Needs a terminal on both stdin and stdout; otherwise it says how
 * to drive memhp without one (replay) and exits with status 2.
 */
export async function openScreen(qemuArgs: string[], options: {record?: string; force: boolean}): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write(
			'memhp: the interactive screen needs a terminal (stdin and stdout must be a TTY).\n' +
			'       To drive memhp from a script or a pipe, use a transcript: memhp replay FILE.t (or - for stdin).\n',
		);
		return 2;
	}
	const created = createSession(qemuArgs);
	if (!created.ok) {
		process.stderr.write(created.stderr);
		return created.exitCode;
	}
	const {renderApp} = await import('../ui/render-app.js');
	return renderApp(created.session, {
		stdout: process.stdout,
		stdin: process.stdin,
		color: !('NO_COLOR' in process.env),
		record: options.record,
		force: options.force,
	});
}
