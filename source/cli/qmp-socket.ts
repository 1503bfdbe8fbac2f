/**
 * `-qmp unix:PATH,server=on,wait=off` and `-qmp tcp:HOST:PORT,server=on,wait=off`: a
 * listening socket chardev with a QMP monitor on it (QEMU's char-socket.c with
 * monitor/qmp.c). One client at a time, as a socket chardev serves; each connection gets the
 * greeting and negotiates afresh. The protocol itself is source/machine/qemu/qmp-monitor.ts.
 */
import net from 'node:net';
import fs from 'node:fs';
import type {Session} from '../machine/session.js';
import {QmpMonitor} from '../machine/qemu/qmp-monitor.js';

export type QmpAddress = {kind: 'unix'; path: string} | {kind: 'tcp'; host: string; port: number};

export interface QmpSpec {
	/** The option as given (QEMU's messages quote it). */
	text: string;
	address: QmpAddress;
	/** wait=on (the default for a server): QEMU does not start until a client connects. */
	wait: boolean;
	/** Warnings QEMU prints about the option (deprecated short-form booleans). */
	warnings: string[];
}

/** qemu_chr_parse_compat() for the socket forms, with QemuOpts' boolean rules. */
export function parseQmpSpec(spec: string): {ok: true; spec: QmpSpec} | {ok: false; error: string} {
	const prefix = `qemu-system-x86_64: -qmp ${spec}: `;
	if (spec === 'stdio') {
		return {ok: false, error: `memhp: -qmp stdio: the screen owns the terminal; use -qmp unix:PATH,server=on,wait=off\n`};
	}
	const [head, ...opts] = spec.split(',');
	let address: QmpAddress;
	if (head.startsWith('unix:')) {
		const path = head.slice(5);
		if (!path) return {ok: false, error: `${prefix}UNIX socket path not specified\n`};
		address = {kind: 'unix', path};
	} else if (head.startsWith('tcp:')) {
		const rest = head.slice(4);
		const colon = rest.lastIndexOf(':');
		const port = Number(rest.slice(colon + 1));
		if (colon < 0 || !/^\d+$/.test(rest.slice(colon + 1)) || port > 65535) return {ok: false, error: `${prefix}port not specified or invalid\n`};
		address = {kind: 'tcp', host: rest.slice(0, colon), port};
	} else {
		return {ok: false, error: `memhp: -qmp ${spec}: only socket chardevs are simulated (unix:PATH,server=on,wait=off or tcp:HOST:PORT,server=on,wait=off)\n`};
	}
	let server = false;
	let wait = true;
	const warnings: string[] = [];
	for (const opt of opts) {
		const eq = opt.indexOf('=');
		let name = eq < 0 ? opt : opt.slice(0, eq);
		let value = eq < 0 ? 'on' : opt.slice(eq + 1);
		if (eq < 0 && name.startsWith('no') && (name === 'nowait' || name === 'noserver')) {
			name = name.slice(2);
			value = 'off';
		}
		if (name !== 'server' && name !== 'wait') return {ok: false, error: `${prefix}Invalid parameter '${name}'\n`};
		if (eq < 0) warnings.push(`${prefix}warning: short-form boolean option '${opt}' deprecated\nPlease use ${name}=${value} instead\n`);
		const flag = {on: true, yes: true, true: true, y: true, off: false, no: false, false: false, n: false}[value];
		if (flag === undefined) return {ok: false, error: `${prefix}Parameter '${name}' expects 'on' or 'off'\n`};
		if (name === 'server') server = flag;
		else wait = flag;
	}
	if (!server) return {ok: false, error: `memhp: -qmp ${spec}: only a listening socket (server=on) is simulated\n`};
	return {ok: true, spec: {text: spec, address, wait, warnings}};
}

/** How char-socket.c names a listening socket before a client connects. */
function disconnectedLabel(a: QmpAddress): string {
	return a.kind === 'unix' ? `disconnected:unix:${a.path},server=on` : `disconnected:tcp:${a.host}:${a.port},server=on`;
}

export interface QmpServer {
	close(): void;
}

/**
 * Listens and serves QMP for `session`. Resolves once listening (with wait=on: once the first
 * client is connected, after printing QEMU's "waiting for connection" line). `onChange` runs
 * after every command (the machine may have quit).
 */
export function startQmpServer(
	session: Session,
	spec: QmpSpec,
	options: {pretty?: boolean; stderr: (text: string) => void; onChange?: () => void},
): Promise<QmpServer> {
	const {address} = spec;
	let current: net.Socket | undefined;
	let firstClient: (() => void) | undefined;
	const server = net.createServer({allowHalfOpen: false}, socket => {
		// A socket chardev talks to one client; later ones are turned away until it leaves.
		if (current) {
			socket.destroy();
			return;
		}
		current = socket;
		socket.setEncoding('utf8');
		const monitor = new QmpMonitor({
			execute: (command, args) => session.qmp(command, args),
			write: text => {
				if (!socket.destroyed) socket.write(text);
			},
			oob: true,
			pretty: options.pretty,
		});
		const unsubscribe = session.onQapiEvent(event => monitor.event(event));
		monitor.open();
		socket.on('data', (chunk: string) => {
			monitor.feed(chunk);
			options.onChange?.();
		});
		const gone = () => {
			unsubscribe();
			if (current === socket) current = undefined;
		};
		socket.on('close', gone);
		socket.on('error', () => socket.destroy());
		firstClient?.();
		firstClient = undefined;
	});
	return new Promise((resolve, reject) => {
		server.once('error', error => reject(new Error(`-qmp: ${(error as NodeJS.ErrnoException).message}`)));
		const ready = () => {
			// Once listening, an accept error (e.g. out of file descriptors) drops that client only.
			server.on('error', () => {});
			const handle: QmpServer = {close: () => {
				current?.destroy();
				server.close();
			}};
			if (!spec.wait) {
				resolve(handle);
				return;
			}
			options.stderr(`qemu-system-x86_64: -qmp ${spec.text}: info: QEMU waiting for connection on: ${disconnectedLabel(address)}\n`);
			firstClient = () => resolve(handle);
		};
		if (address.kind === 'unix') {
			// QEMU unlinks whatever is at the path before it binds; memhp removes only an old
			// socket and leaves any other file alone.
			let stat: fs.Stats | undefined;
			try {
				stat = fs.lstatSync(address.path);
			} catch {
				// nothing there
			}
			if (stat && !stat.isSocket()) {
				reject(new Error(`-qmp ${spec.text}: ${address.path} exists and is not a socket (memhp does not delete it)`));
				return;
			}
			if (stat) fs.unlinkSync(address.path);
			server.listen(address.path, ready);
		} else {
			server.listen(address.port, address.host || undefined, ready);
		}
	});
}
