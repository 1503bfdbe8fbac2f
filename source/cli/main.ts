import yargs, {type Argv} from 'yargs';
import pkg from '../../package.json' with {type: 'json'};
import {resolveLang} from '../tutorial/i18n/index.js';
import {qemuOptionTakesArg} from '../machine/qemu/qemu-command-line.js';
import {checkFiles, replayFile} from './transcripts.js';
import {openScreen, recordStdout, type ScreenMode} from './screen.js';

/** The QEMU options every screen mode (`memhp`, `tutorial`, `demo`) takes. */
function machineOptions<T>(y: Argv<T>) {
	return y
		.option('m', {type: 'string', describe: 'QEMU -m: [size=]N[,slots=n][,maxmem=M]', default: '1024M,slots=32,maxmem=8G'})
		.option('smp', {type: 'string', describe: 'number of vCPUs'})
		.option('cpu', {type: 'string', describe: 'CPU model, e.g. qemu64,phys-bits=48'})
		.option('append', {type: 'string', describe: 'guest kernel command line', default: 'console=ttyS0 nokaslr'})
		.option('S', {type: 'boolean', describe: 'start paused (type cont in the monitor)'})
		.option('object', {type: 'string', array: true, describe: 'QEMU -object, e.g. memory-backend-ram,id=mem1,size=512M (repeatable)'})
		.option('device', {type: 'string', array: true, describe: 'QEMU -device, e.g. pc-dimm,id=dimm1,memdev=mem1: a DIMM present at boot (repeatable)'})
		.option('no-kernel', {type: 'boolean', describe: 'no guest OS: firmware only, nobody answers eject requests'})
		.option('record', {type: 'string', describe: 'write an asciicast v2 recording to FILE'})
		.option('force', {type: 'boolean', describe: 'overwrite an existing recording'})
		.option('lang', {type: 'string', choices: ['en', 'zh'], describe: 'language of tutorial and explanations (default: from LC_ALL/LC_MESSAGES/LANG)'})
		.option('qmp', {type: 'string', describe: 'QEMU -qmp: serve QMP on unix:PATH,server=on,wait=off or tcp:HOST:PORT,server=on,wait=off (headless without a terminal)'})
		.option('qmp-pretty', {type: 'string', describe: 'like -qmp, with pretty-printed JSON'});
}

/** A command line yargs refused (already reported). */
class UsageError extends Error {}

/** memhp's own commands (the words yargs routes on when they come first). */
const MEMHP_COMMANDS = ['tutorial', 'demo', 'replay', 'check'];

/** memhp's command line: yargs in front of the screen (free, tutorial, demo), replay and check. */
export async function runCli(cliArgs: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
	let code = 0;
	// yargs takes a last word `help` for its help command; after an option that takes an
	// argument (`memhp -machine help`, `-rtc help`, `-m help`) it is that option's, and QEMU's
	// parser answers it. It goes past yargs masked (HELP_ARG) and comes back in qemuArgs().
	const last = cliArgs.length - 1;
	const args = last >= 1 && cliArgs[last] === 'help' && cliArgs[last - 1]!.startsWith('-') && qemuOptionTakesArg(cliArgs[last - 1]!)
		? [...cliArgs.slice(0, last), HELP_ARG] : cliArgs;
	type ScreenArgv = ScreenArgs & {record?: string; force?: boolean; lang?: string; speed?: number; qmp?: string; 'qmp-pretty'?: string};
	const screen = async (mode: ScreenMode, argv: ScreenArgv & {_: (string | number)[]}) => {
		// The QEMU options memhp has no flag for (`-machine pc`, `-numa ...`, `-nographic`) go to
		// QEMU's own parser, which accepts or refuses them as qemu-system-x86_64 does. A bare word
		// left over is a mistyped subcommand (`memhp tutorail`), which would otherwise open the
		// plain screen.
		const rest = qemuPassThrough(argv._.slice(mode === 'screen' ? 0 : 1));
		if ('word' in rest) {
			process.stderr.write(MEMHP_COMMANDS.includes(rest.word)
				? `memhp: the command comes first: memhp ${rest.word} [QEMU options]\n`
				: `memhp: unknown command: ${rest.word} (see memhp --help)\n`);
			code = 2;
			return;
		}
		code = await openScreen(qemuArgs(argv, rest.args), {
			record: argv.record,
			force: argv.force === true,
			mode,
			// The environment is read here, in the CLI layer, and nowhere below it.
			lang: resolveLang(argv.lang, env),
			speed: argv.speed,
			env,
			qmp: argv['qmp-pretty'] !== undefined ? {spec: argv['qmp-pretty'], pretty: true} : argv.qmp !== undefined ? {spec: argv.qmp, pretty: false} : undefined,
		});
	};
	const parser = yargs(args)
		.scriptName('memhp')
		// Unknown options stay words for QEMU's parser (`-numa node,nodeid=1` as two words; `-d 0x10`
		// not turned into 16).
		.parserConfiguration({'short-option-groups': false, 'camel-case-expansion': false, 'unknown-options-as-args': true, 'parse-positional-numbers': false})
		.usage('Usage: memhp [QEMU options]\n\nA simulated QEMU 7.2 machine with a Linux 6.1 guest for learning memory hotplug.\nQEMU options without a flag below (-machine, -accel, -nographic, -name, ...) go to QEMU\'s own\ncommand-line parser, as qemu-system-x86_64 would read them.')
		.command(
			'$0',
			'open the screen: guest console, QEMU monitor and memory panel',
			(y) => machineOptions(y),
			(argv) => screen('screen', argv),
		)
		.command(
			'tutorial',
			'the guided walkthrough: a step panel follows what the machine does (F7/F8 steps, F2 call paths)',
			(y) => machineOptions(y),
			(argv) => screen('tutorial', argv),
		)
		.command(
			'demo',
			'play the walkthrough on the live screen (space pause, n skip, C-a x quit)',
			(y) => machineOptions(y).option('speed', {type: 'number', default: 1, describe: 'typing speed multiplier (2 = twice as fast)'}),
			async (argv) => {
				if (!(argv.speed > 0)) {
					process.stderr.write(`memhp: --speed must be a positive number, not ${argv.speed}\n`);
					code = 2;
					return;
				}
				await screen('demo', argv);
			},
		)
		.command(
			'replay <file>',
			'run a transcript (FILE.t or - for stdin) against a fresh machine and print it with real outputs',
			(y) => y
				.positional('file', {type: 'string', demandOption: true})
				.option('record', {type: 'string', describe: 'also write what is printed as an asciicast v2 recording'})
				.option('force', {type: 'boolean', describe: 'overwrite an existing recording'}),
			(argv) => {
				if (argv._.length > 1) {
					process.stderr.write(`memhp: replay takes one transcript, not also ${argv._.slice(1).join(' ')} (memhp check takes many)\n`);
					code = 2;
					return;
				}
				if (!argv.record) {
					code = replayFile(argv.file);
					return;
				}
				const recorded = recordStdout(argv.record, argv.force === true, () => replayFile(argv.file));
				code = recorded.code;
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
		.example('memhp', 'the tutorial machine: -m 1024M,slots=32,maxmem=8G')
		.example('memhp tutorial --lang zh', 'the guided walkthrough, in Chinese')
		.example('memhp demo --speed 2 --record talk.cast', 'play the walkthrough twice as fast and record it')
		.example('memhp -m 4G,slots=64,maxmem=128G -smp 2', 'a bigger guest')
		.example('memhp -append "console=ttyS0 movable_node"', 'kernel parameters')
		.example('memhp -qmp unix:/tmp/memhp.sock,server=on,wait=off', 'also serve QMP (e.g. for qmp-shell or a script)')
		.example('memhp replay session.t', 'run a transcript and print real outputs')
		.example('memhp replay session.t --record session.cast', '... and record the output for asciinema')
		.example('memhp check test.t', 'compare a transcript with memhp')
		// (No strictCommands(): the screen's commands pass unknown words on to QEMU's parser, and
		// replay refuses a second file itself.)
		// yargs looks for package.json from the working directory: name memhp's own version.
		.version(pkg.version)
		.help()
		.alias('help', 'h')
		.wrap(100)
		.fail((message, error, y) => {
			if (error) throw error;
			process.stderr.write(`${y.help()}\n\n${message}\n`);
			code = 2;
			// Thrown so that yargs stops here instead of running the command anyway.
			throw new UsageError(message);
		});
	try {
		await parser.parseAsync();
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
	}
	return code;
}

type ScreenArgs = {m: string; smp?: string; cpu?: string; append: string; S?: boolean; 'no-kernel'?: boolean; object?: string[]; device?: string[]};

/** A last `help` that is an option's argument, as it goes past yargs (runCli()). */
const HELP_ARG = '\u0000help';

/**
 * What yargs left of a screen's command line, as QEMU options: each `-OPTION` with its argument
 * when QEMU's option takes one. A word that is no option's argument comes back as `word`.
 */
export function qemuPassThrough(rest: readonly (string | number)[]): {args: string[]} | {word: string} {
	const args: string[] = [];
	for (let i = 0; i < rest.length; i++) {
		const token = String(rest[i]);
		if (!token.startsWith('-') || token === '-') return {word: token};
		args.push(token);
		if (qemuOptionTakesArg(token) && i + 1 < rest.length) args.push(String(rest[++i]));
	}
	return {args};
}

/**
 * The QEMU command line the screen's machine is started with: memhp's defaults and flags, then
 * the options passed through (`qemuPassThrough`), which QEMU reads after them (a later
 * `-machine`, `-kernel` or `-append` wins).
 */
export function qemuArgs(argv: ScreenArgs, passThrough: readonly string[] = []): string[] {
	// (the pc board is QEMU's default anyway; left out where the user names a machine, so that
	// `memhp -machine help` lists the machines as QEMU does, not the pc board's options)
	const ownMachine = passThrough.some(a => /^--?(machine|M)$/.test(a));
	const args = [...(ownMachine ? [] : ['-machine', 'pc']), '-m', argv.m];
	if (argv.smp) args.push('-smp', argv.smp);
	if (argv.cpu) args.push('-cpu', argv.cpu);
	if (!argv['no-kernel']) args.push('-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', argv.append);
	if (argv.S) args.push('-S');
	// QEMU creates the -object backends, then the board, then the -device DIMMs in this order.
	for (const o of argv.object ?? []) args.push('-object', o);
	for (const d of argv.device ?? []) args.push('-device', d);
	args.push('-nographic');
	// Last, so that an option missing its argument finds none, as it would in QEMU.
	args.push(...passThrough);
	return args.map(a => (a === HELP_ARG ? 'help' : a));
}
