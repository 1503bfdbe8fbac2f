#!/usr/bin/env node
import {runCli} from './source/cli/main.js';

// A reader that goes away (`memhp replay f.t | head`) ends the output quietly, as a closed pipe
// ends other tools, instead of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
		process.exit(process.exitCode ?? 0);
	});
}

process.exitCode = await runCli(process.argv.slice(2));
