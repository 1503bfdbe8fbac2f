import {closeSync, existsSync, openSync, writeSync} from 'node:fs';

/**
 * asciicast v2 recording of what the screen writes (`memhp --record FILE`): a JSON header,
 * then one `[seconds, "o", data]` line per write. Play it back with `asciinema play FILE`.
 */
export class AsciicastRecorder {
	private readonly fd: number;
	private readonly started = performance.now();

	/** Opens FILE; refuses to overwrite an existing one unless `force`. */
	constructor(path: string, size: {columns: number; rows: number}, force: boolean) {
		if (!force && existsSync(path)) throw new Error(`${path} already exists (use --force to overwrite)`);
		this.fd = openSync(path, 'w');
		const header = {version: 2, width: size.columns, height: size.rows, timestamp: Math.floor(Date.now() / 1000)};
		writeSync(this.fd, JSON.stringify(header) + '\n');
	}

	output(data: string): void {
		const t = (performance.now() - this.started) / 1000;
		writeSync(this.fd, JSON.stringify([Number(t.toFixed(6)), 'o', data]) + '\n');
	}

	close(): void {
		closeSync(this.fd);
	}
}

/**
 * A stdout that behaves exactly like `stdout` (size, resize events, TTY-ness) but also sends
 * every write to `tap`.
 */
export function teeStdout(stdout: NodeJS.WriteStream, tap: (data: string) => void): NodeJS.WriteStream {
	return new Proxy(stdout, {
		get(target, prop) {
			if (prop === 'write') {
				return (data: string | Uint8Array, ...rest: unknown[]) => {
					tap(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
					return (target.write as (...a: unknown[]) => boolean)(data, ...rest);
				};
			}
			const value = Reflect.get(target, prop, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}
