import yargs from 'yargs';
import {checkFiles, replayFile} from './transcripts.js';
import {openScreen} from './screen.js';

/** memhp's command line: yargs in front of the screen, replay and check. */
export async function runCli(args: string[]): Promise<number> {
	let code = 0;
	const parser = yargs(args)
		.scriptName('memhp')
		.parserConfiguration({'short-option-groups': false, 'camel-case-expansion': false, 'unknown-options-as-args': true})
		.usage('Usage: memhp [QEMU options]\n\nA simulated QEMU 7.2 machine with a Linux 6.1 guest for learning memory hotplug.')
		.command(
			'$0',
			'open the screen: guest console, QEMU monitor and memory panel',
			(y) => y
				.option('m', {type: 'string', describe: 'QEMU -m: [size=]N[,slots=n][,maxmem=M]', default: '1024M,slots=32,maxmem=8G'})
				.option('smp', {type: 'string', describe: 'number of vCPUs'})
				.option('cpu', {type: 'string', describe: 'CPU model, e.g. qemu64,phys-bits=48'})
				.option('append', {type: 'string', describe: 'guest kernel command line', default: 'console=ttyS0 nokaslr'})
				.option('S', {type: 'boolean', describe: 'start paused (type cont in the monitor)'})
				.option('no-kernel', {type: 'boolean', describe: 'no guest OS: firmware only, nobody answers eject requests'})
				.option('record', {type: 'string', describe: 'write an asciicast v2 recording to FILE'})
				.option('force', {type: 'boolean', describe: 'overwrite an existing recording'})
				.example('memhp', 'the tutorial machine: -m 1024M,slots=32,maxmem=8G')
				.example('memhp -m 4G,slots=64,maxmem=128G -smp 2', 'a bigger guest')
				.example('memhp -append "console=ttyS0 movable_node"', 'kernel parameters')
				.example('memhp replay session.t', 'run a transcript and print real outputs')
				.example('memhp check test.t', 'compare a transcript with memhp'),
			async (argv) => {
				code = await openScreen(qemuArgs(argv), {record: argv.record, force: argv.force === true});
			},
		)
		.command(
			'replay <file>',
			'run a transcript (FILE.t or - for stdin) against a fresh machine and print it with real outputs',
			(y) => y.positional('file', {type: 'string', demandOption: true}),
			(argv) => {
				code = replayFile(argv.file);
			},
		)
		.command(
			'check <files..>',
			'compare transcripts with memhp; a diff per failing step and a summary line',
			(y) => y.positional('files', {type: 'string', array: true, demandOption: true}),
			(argv) => {
				code = checkFiles(argv.files as string[]);
			},
		)
		.strictCommands()
		.version()
		.help()
		.alias('help', 'h')
		.wrap(100)
		.fail((message, error, y) => {
			if (error) throw error;
			process.stderr.write(`${y.help()}\n\n${message}\n`);
			code = 2;
		});
	await parser.parseAsync();
	return code;
}

type ScreenArgs = {m: string; smp?: string; cpu?: string; append: string; S?: boolean; 'no-kernel'?: boolean};

/** The QEMU command line the screen's machine is started with. */
export function qemuArgs(argv: ScreenArgs): string[] {
	const args = ['-machine', 'pc', '-m', argv.m];
	if (argv.smp) args.push('-smp', argv.smp);
	if (argv.cpu) args.push('-cpu', argv.cpu);
	if (!argv['no-kernel']) args.push('-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', argv.append);
	if (argv.S) args.push('-S');
	args.push('-nographic');
	return args;
}
