import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseQmpSpec} from '../source/cli/qmp-socket.js';
import {BUNDLE, ensureBuilt, spawnMemhp} from './e2e-pty.js';

describe('-qmp option', () => {
	it('takes unix and tcp listening sockets, with QemuOpts booleans', () => {
		expect(parseQmpSpec('unix:/tmp/q.sock,server=on,wait=off')).toEqual({ok: true, spec: {text: 'unix:/tmp/q.sock,server=on,wait=off', address: {kind: 'unix', path: '/tmp/q.sock'}, wait: false, warnings: []}});
		const tcp = parseQmpSpec('tcp:127.0.0.1:4444,server=on');
		expect(tcp.ok && tcp.spec.address).toEqual({kind: 'tcp', host: '127.0.0.1', port: 4444});
		expect(tcp.ok && tcp.spec.wait).toBe(true);
	});

	it("warns about short-form booleans as QEMU 7.2 does", () => {
		const r = parseQmpSpec('unix:/tmp/q.sock,server,nowait');
		expect(r.ok && r.spec.wait).toBe(false);
		expect(r.ok && r.spec.warnings).toEqual([
			"qemu-system-x86_64: -qmp unix:/tmp/q.sock,server,nowait: warning: short-form boolean option 'server' deprecated\nPlease use server=on instead\n",
			"qemu-system-x86_64: -qmp unix:/tmp/q.sock,server,nowait: warning: short-form boolean option 'nowait' deprecated\nPlease use wait=off instead\n",
		]);
	});

	it('says plainly what it does not simulate', () => {
		expect(parseQmpSpec('unix:/tmp/q.sock')).toEqual({ok: false, error: 'memhp: -qmp unix:/tmp/q.sock: only a listening socket (server=on) is simulated\n'});
		expect(parseQmpSpec('stdio').ok).toBe(false);
		expect(parseQmpSpec('vc').ok).toBe(false);
		expect(parseQmpSpec('unix:/tmp/q.sock,server=maybe')).toEqual({ok: false, error: "qemu-system-x86_64: -qmp unix:/tmp/q.sock,server=maybe: Parameter 'server' expects 'on' or 'off'\n"});
	});
});

/** A line-oriented QMP client over a socket. */
class Client {
	private buf = '';
	private waiters: Array<() => void> = [];
	private closed = false;
	constructor(readonly socket: net.Socket) {
		socket.setEncoding('utf8');
		socket.on('data', (d: string) => {
			this.buf += d;
			for (const w of this.waiters.splice(0)) w();
		});
		socket.on('close', () => {
			this.closed = true;
			for (const w of this.waiters.splice(0)) w();
		});
	}

	/**
	 * Connects once the server listens. A unix socket's file appears at bind(), a moment before
	 * listen(): a connect in between is refused, so the file's existence is not enough.
	 */
	static async connect(path: string): Promise<Client> {
		for (let tries = 0; ; tries++) {
			try {
				return await new Promise<Client>((resolve, reject) => {
					const sock = net.createConnection(path, () => resolve(new Client(sock)));
					sock.once('error', reject);
				});
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (tries >= 400 || (code !== 'ECONNREFUSED' && code !== 'ENOENT')) throw error;
				await new Promise(r => setTimeout(r, 25));
			}
		}
	}

	/** The greeting, or undefined if the server closed the connection first (it had a client). */
	async greeting(): Promise<Record<string, unknown> | undefined> {
		while (!this.buf.includes('\r\n') && !this.closed) await new Promise<void>(r => this.waiters.push(r));
		return this.buf.includes('\r\n') ? this.next() : undefined;
	}

	/** The next message (a CRLF-terminated line). */
	async next(): Promise<Record<string, unknown>> {
		for (;;) {
			const end = this.buf.indexOf('\r\n');
			if (end >= 0) {
				const line = this.buf.slice(0, end);
				this.buf = this.buf.slice(end + 2);
				return JSON.parse(line) as Record<string, unknown>;
			}
			if (this.closed) throw new Error('the server closed the connection');
			await new Promise<void>(r => this.waiters.push(r));
		}
	}

	send(obj: unknown): void {
		this.socket.write(`${JSON.stringify(obj)}\n`);
	}

	close(): void {
		this.socket.end();
	}
}

function exited(child: ChildProcess): Promise<number | null> {
	return new Promise(resolve => child.on('exit', code => resolve(code)));
}

async function waitFor(cond: () => boolean): Promise<void> {
	for (let i = 0; i < 200 && !cond(); i++) await new Promise(r => setTimeout(r, 25));
}

describe('memhp -qmp without a terminal (headless)', () => {
	let dir: string;
	beforeAll(async () => {
		await ensureBuilt();
		dir = mkdtempSync(join(tmpdir(), 'memhp-qmp-'));
	}, 120_000);
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	it('serves QMP on a unix socket, prints the guest console, and exits 0 on quit (socket removed)', async () => {
		const path = join(dir, 'a.sock');
		const child = spawn(process.execPath, [BUNDLE, '-qmp', `unix:${path},server=on,wait=off`], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout!.on('data', (d: Buffer) => {
			stdout += d.toString();
		});
		const code = exited(child);
		const c = await Client.connect(path);
		expect(((await c.next()).QMP as {version: unknown}).version).toEqual({qemu: {micro: 22, minor: 2, major: 7}, package: 'Debian 1:7.2+dfsg-7+deb12u18+b3'});
		c.send({execute: 'qmp_capabilities'});
		expect(await c.next()).toEqual({return: {}});
		c.send({execute: 'object-add', arguments: {'qom-type': 'memory-backend-ram', id: 'mem1', size: 536870912}});
		expect(await c.next()).toEqual({return: {}});
		c.send({execute: 'device_add', arguments: {driver: 'pc-dimm', id: 'dimm1', memdev: 'mem1'}, id: 'add'});
		expect(await c.next()).toEqual({return: {}, id: 'add'});
		expect(await c.next()).toMatchObject({event: 'ACPI_DEVICE_OST', data: {info: {device: 'dimm1', status: 0}}});
		c.send({execute: 'query-memory-size-summary'});
		expect(await c.next()).toEqual({return: {'base-memory': 1073741824, 'plugged-memory': 536870912}});
		c.send({execute: 'quit'});
		expect(await c.next()).toEqual({return: {}});
		expect(await c.next()).toMatchObject({event: 'SHUTDOWN', data: {guest: false, reason: 'host-qmp-quit'}});
		expect(await code).toBe(0);
		expect(stdout).toContain('/ # ');
		expect(existsSync(path)).toBe(false);
	}, 30_000);

	it('with wait=on, says so and waits for the first client before it serves', async () => {
		const path = join(dir, 'b.sock');
		const child = spawn(process.execPath, [BUNDLE, '-qmp', `unix:${path},server=on`], {stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr!.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		const code = exited(child);
		await waitFor(() => stderr.includes('waiting'));
		expect(stderr).toBe(`qemu-system-x86_64: -qmp unix:${path},server=on: info: QEMU waiting for connection on: disconnected:unix:${path},server=on\n`);
		const c = await Client.connect(path);
		await c.next();
		c.send({execute: 'qmp_capabilities'});
		await c.next();
		c.send({execute: 'quit'});
		await c.next();
		expect(await code).toBe(0);
	}, 30_000);

	it('a second client is turned away while the first is connected; a new one after it gets a fresh greeting', async () => {
		const path = join(dir, 'c.sock');
		const child = spawn(process.execPath, [BUNDLE, '-qmp', `unix:${path},server=on,wait=off`], {stdio: ['ignore', 'ignore', 'ignore']});
		const code = exited(child);
		const first = await Client.connect(path);
		await first.next();
		first.send({execute: 'qmp_capabilities'});
		await first.next();
		const second = net.createConnection(path);
		const closed = await new Promise<boolean>(resolve => {
			second.on('close', () => resolve(true));
			second.on('error', () => resolve(true));
			second.on('data', () => resolve(false));
		});
		expect(closed).toBe(true);
		first.close();
		// Until the server has seen the first one leave, a newcomer is still turned away.
		let third: Client;
		let greeting: Record<string, unknown> | undefined;
		do {
			third = await Client.connect(path);
			greeting = await third.greeting();
		} while (!greeting);
		expect(greeting).toHaveProperty('QMP');
		third.send({execute: 'query-status'});
		expect(await third.next()).toEqual({error: {class: 'CommandNotFound', desc: "Expecting capabilities negotiation with 'qmp_capabilities'"}});
		third.send({execute: 'qmp_capabilities'});
		await third.next();
		third.send({execute: 'quit'});
		expect(await code).toBe(0);
	}, 30_000);

	it('-qmp-pretty writes QEMU\'s pretty JSON (four-space indent, CRLF line ends)', async () => {
		const path = join(dir, 'p.sock');
		const child = spawn(process.execPath, [BUNDLE, '-qmp-pretty', `unix:${path},server=on,wait=off`], {stdio: ['ignore', 'ignore', 'ignore']});
		const code = exited(child);
		const sock = (await Client.connect(path)).socket;
		let text = '';
		sock.setEncoding('utf8');
		sock.on('data', (d: string) => {
			text += d;
		});
		await waitFor(() => text.includes('"capabilities"') && text.endsWith('}\r\n'));
		expect(text).toBe('{\r\n    "QMP": {\r\n        "version": {\r\n            "qemu": {\r\n                "micro": 22,\r\n                "minor": 2,\r\n                "major": 7\r\n            },\r\n' +
			'            "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"\r\n        },\r\n        "capabilities": [\r\n            "oob"\r\n        ]\r\n    }\r\n}\r\n');
		sock.write('{"execute": "qmp_capabilities"}{"execute": "quit"}');
		expect(await code).toBe(0);
	}, 30_000);

	it('refuses a path that is not a socket rather than deleting the file', async () => {
		const path = join(dir, 'plain-file');
		writeFileSync(path, 'keep me');
		const child = spawn(process.execPath, [BUNDLE, '-qmp', `unix:${path},server=on,wait=off`], {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr!.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		expect(await exited(child)).toBe(1);
		expect(stderr).toBe(`qemu-system-x86_64: -qmp unix:${path},server=on,wait=off: ${path} exists and is not a socket (memhp does not delete it)\n`);
		expect(existsSync(path)).toBe(true);
	}, 30_000);
});

describe('memhp -qmp next to the screen', () => {
	beforeAll(async () => {
		await ensureBuilt();
	}, 120_000);

	it('a QMP client hot-adds a DIMM and the memory panel shows it', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'memhp-qmp-'));
		const path = join(dir, 'tty.sock');
		const m = spawnMemhp(['-qmp', `unix:${path},server=on,wait=off`]);
		try {
			await m.waitFor(s => /^║\/ #/m.test(s));
			// The status bar says where QMP is served.
			await m.waitFor(` -m 1024M,slots=32,maxmem=8G │ QMP ${path} │ focus: ttyS0 — guest │`);
			const c = await Client.connect(path);
			await c.next();
			c.send({execute: 'qmp_capabilities'});
			await c.next();
			c.send({execute: 'object-add', arguments: {'qom-type': 'memory-backend-ram', id: 'mem1', size: 268435456}});
			await c.next();
			c.send({execute: 'device_add', arguments: {driver: 'pc-dimm', id: 'qdimm', memdev: 'mem1'}});
			await c.next();
			await m.waitFor(s => /│qdimm +0 0x100000000 +256 MiB +│/.test(s));
			c.send({execute: 'quit'});
			expect((await m.exited).exitCode).toBe(0);
		} finally {
			m.pty.kill();
			rmSync(dir, {recursive: true, force: true});
		}
	}, 30_000);
});
