/**
 * Host isolation (issue 6): the simulated machine never touches the host. The model's
 * sources import no host I/O, the guest's files are the simulated ones, host secrets do not
 * leak in, and `..` or symlinks cannot leave the virtual filesystem.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import {join, relative} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createSession, DEFAULT_QEMU_ARGS, type Session} from '../source/machine/session.js';

const MACHINE = join(import.meta.dirname, '..', 'source', 'machine');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
	});
}

/** Host I/O and nondeterminism a pure model must not reach for. */
const FORBIDDEN: Array<[RegExp, string]> = [
	[/\bfrom\s+['"](node:)?(fs|fs\/promises|child_process|net|os|http|https|http2|dgram|dns|tls|worker_threads|cluster|process|readline|tty|v8|vm|inspector|module)['"]/, 'imports a host module'],
	[/\bimport\s*\(\s*['"`]/, 'dynamic import'],
	[/\brequire\s*\(/, 'require()'],
	[/\bprocess\s*\.\s*(env|argv|cwd|exit|stdout|stderr|stdin|platform|pid|hrtime|memoryUsage|on)\b/, 'uses process'],
	[/\bglobalThis\s*\.\s*process\b|\bglobal\s*\.\s*process\b/, 'reaches process through the global object'],
	[/\bfrom\s+['"](ink|react|yargs|node-pty)['"]/, 'imports a front-end or host library'],
	[/\bfetch\s*\(|\bXMLHttpRequest\b|\bWebSocket\b/, 'network access'],
	[/\bDate\.now\s*\(|\bnew Date\s*\(\s*\)|\bperformance\.now\s*\(|\bMath\.random\s*\(/, 'host time or randomness (breaks deterministic replay)'],
	[/\bset(Timeout|Interval|Immediate)\s*\(/, 'host timers'],
];

describe('the model under source/machine uses no host I/O', () => {
	const files = sources(MACHINE);

	it('finds the model sources', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(files.some((f) => f.endsWith('session.ts'))).toBe(true);
	});

	it('no file imports host modules, process, timers, network, host time or randomness', () => {
		const offences: string[] = [];
		for (const file of files) {
			const text = readFileSync(file, 'utf8')
				// comments may talk about these things
				.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
				.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
			text.split('\n').forEach((line, i) => {
				for (const [re, what] of FORBIDDEN) if (re.test(line)) offences.push(`${relative(MACHINE, file)}:${i + 1}: ${what}: ${line.trim()}`);
			});
		}
		expect(offences).toEqual([]);
	});

	it('the scanner itself catches what it must (a check that cannot fail is no check)', () => {
		const bad = ["import {readFileSync} from 'node:fs';", "import * as cp from 'child_process';", 'const home = process.env.HOME;', "await import('node:net');",
			'const t = Date.now();', "const os = require('os');", 'globalThis.process.exit(1);'];
		for (const line of bad) expect(FORBIDDEN.some(([re]) => re.test(line)), line).toBe(true);
		expect(FORBIDDEN.some(([re]) => re.test("import {Mux} from './mux.js';"))).toBe(false);
	});
});

describe('the guest sees only simulated files', () => {
	const CANARY = 'memhp-isolation-canary-7d1f';
	let s: Session;
	let out: string;
	beforeAll(() => {
		process.env.MEMHP_ISOLATION_CANARY = CANARY;
		const created = createSession(DEFAULT_QEMU_ARGS);
		if (!created.ok) throw new Error(created.stderr);
		s = created.session;
		s.onOutput((c) => {
			out += c.text;
		});
	});
	afterAll(() => {
		delete process.env.MEMHP_ISOLATION_CANARY;
	});
	const sh = (line: string): string => {
		out = '';
		s.submitLine(line);
		return out.slice(line.length + 1, -s.prompt('serial').length);
	};

	it('/etc/passwd, hostname and uname are the guest\'s, not the host\'s', () => {
		expect(sh('cat /etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\n');
		expect(sh('cat /etc/passwd')).not.toBe(readFileSync('/etc/passwd', 'utf8'));
		expect(sh('hostname')).toBe(sh('uname -n'));
		expect(sh('hostname')).not.toBe(`${hostname()}\n`);
		expect(sh('uname -r')).toBe('6.1.0-57-amd64\n');
		if (hostname() !== 'memhp') expect(sh('cat /proc/sys/kernel/hostname /etc/hostname 2>/dev/null')).not.toContain(hostname());
	});

	it('no host environment, process or file leaks into the guest', () => {
		for (const line of ['env', 'set', 'export -p', 'echo $MEMHP_ISOLATION_CANARY', 'cat /proc/self/environ', 'cat /proc/1/environ', 'ls /proc', 'cat /proc/self/cmdline', 'ls /', 'ls /tmp']) {
			const text = sh(line);
			expect(text, line).not.toContain(CANARY);
			expect(text, line).not.toContain(import.meta.dirname);
		}
		expect(sh('ls /work 2>&1')).toBe("ls: /work: No such file or directory\n");
		expect(sh(`cat ${join(import.meta.dirname, 'isolation-host.test.ts')} 2>&1`)).toContain('No such file or directory');
	});

	it('.. and symlinks stay inside the virtual root', () => {
		const root = sh('ls /');
		expect(sh('cd /../../../..; pwd')).toBe('/\n');
		expect(sh('ls /../../..')).toBe(root);
		expect(sh('ls /sys/../../../../')).toBe(root);
		expect(sh('realpath /../../etc/../..')).toBe('/\n');
		expect(sh('ln -s /../../../.. /tmp/up; ls /tmp/up/')).toBe(root);
		expect(sh('ln -s ../../../../../../../etc /tmp/etc; cat /tmp/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\n');
		expect(sh('cd /tmp/up/../..; pwd')).toBe('/\n');
		expect(sh('cd /')).toBe('');
	});

	it('writes land in the virtual filesystem, never on the host', () => {
		const hostPath = `/tmp/${CANARY}`;
		expect(existsSync(hostPath)).toBe(false);
		expect(sh(`echo secret > ${hostPath}; cat ${hostPath}`)).toBe('secret\n');
		expect(sh(`echo x > /../../../tmp/${CANARY}-2; ls /tmp/../tmp/${CANARY}-2`)).toBe(`/tmp/../tmp/${CANARY}-2\n`);
		expect(existsSync(hostPath)).toBe(false);
		expect(existsSync(`${hostPath}-2`)).toBe(false);
		sh(`mkdir -p /tmp/a/b; cd /tmp/a/b; echo y > ../../../../../../${CANARY}-3; cd /`);
		expect(existsSync(`/${CANARY}-3`)).toBe(false);
		expect(existsSync(join(process.cwd(), `${CANARY}-3`))).toBe(false);
		expect(sh(`echo x > ${join(import.meta.dirname, `${CANARY}-4`)} 2>&1`)).toMatch(/^sh: can't create .*: nonexistent directory\n$/);
		expect(existsSync(join(import.meta.dirname, `${CANARY}-4`))).toBe(false);
	});
});
