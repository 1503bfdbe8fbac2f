import {closeSync, existsSync, linkSync, openSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {StringDecoder} from 'node:string_decoder';

/**
 * asciicast v2 (the format asciinema 2 plays): a JSON header line, then one JSON array per
 * event, `[seconds, "o", data]` for terminal output. No npm package writes v2 and is kept up
 * (the maintained ones only load casts), and the format is a few lines, so it is written here.
 */
export interface AsciicastHeader {
	version: 2;
	width: number;
	height: number;
	/** Unix time (seconds) the recording started. */
	timestamp: number;
	env?: {SHELL?: string; TERM?: string};
	title?: string;
}

/** The header line (without the newline). */
export function formatHeader(header: AsciicastHeader): string {
	return JSON.stringify(header);
}

/** One event line: time in seconds with microsecond precision, as asciinema writes it. */
export function formatEvent(seconds: number, type: 'o' | 'i' | 'r' | 'm', data: string): string {
	return `[${Math.max(0, seconds).toFixed(6)}, ${JSON.stringify(type)}, ${JSON.stringify(data)}]`;
}

/** Anything with a stdout-like `write` (process.stdout, a pty, a test double). */
export interface WritableLike {
	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean;
}

export interface RecorderOptions {
	width: number;
	height: number;
	/** Overwrite an existing file. */
	force?: boolean;
	env?: {SHELL?: string; TERM?: string};
	title?: string;
	/** Milliseconds clock (default Date.now); injectable for tests. */
	now?: () => number;
}

/**
 * Records what is written to the terminal into an asciicast v2 file. Events go to a temp file
 * beside the target while recording; `close()` moves it into place atomically, and refuses
 * to replace a file that exists (also one created meanwhile) unless `force`.
 */
export class AsciicastRecorder {
	private readonly fd: number;
	private readonly tmp: string;
	private readonly start: number;
	private readonly now: () => number;
	private readonly decoder = new StringDecoder('utf8');
	private closed = false;

	private constructor(readonly path: string, private readonly options: RecorderOptions) {
		this.now = options.now ?? Date.now;
		this.start = this.now();
		this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${this.start}.tmp`);
		this.fd = openSync(this.tmp, 'wx', 0o644);
		const header: AsciicastHeader = {
			version: 2,
			width: options.width,
			height: options.height,
			timestamp: Math.floor(this.start / 1000),
		};
		if (options.env) header.env = options.env;
		if (options.title) header.title = options.title;
		writeSync(this.fd, `${formatHeader(header)}\n`);
	}

	/** Starts a recording; throws (before anything is shown) if the file exists and !force. */
	static open(path: string, options: RecorderOptions): AsciicastRecorder {
		if (!options.force && existsSync(path)) throw new Error(`${path} exists (use --force to overwrite)`);
		return new AsciicastRecorder(path, options);
	}

	/** Records terminal output (bytes are decoded as UTF-8, split characters kept for the next chunk). */
	output(chunk: string | Uint8Array): void {
		if (this.closed) return;
		const data = typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk));
		if (data === '') return;
		writeSync(this.fd, `${formatEvent((this.now() - this.start) / 1000, 'o', data)}\n`);
	}

	/** Records a terminal resize (`"r"` event, `COLSxROWS`). */
	resize(width: number, height: number): void {
		if (this.closed) return;
		writeSync(this.fd, `${formatEvent((this.now() - this.start) / 1000, 'r', `${width}x${height}`)}\n`);
	}

	/**
	 * Wraps a stream's `write` so everything written to it is also recorded, with its timing.
	 * Returns a function that restores the original `write`.
	 */
	tee(stream: WritableLike): () => void {
		const original = stream.write;
		stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
			this.output(chunk);
			return original.call(stream, chunk, ...rest);
		}) as WritableLike['write'];
		return () => {
			stream.write = original;
		};
	}

	/** Finishes the file and moves it into place. Safe to call more than once. */
	close(): void {
		if (this.closed) return;
		const rest = this.decoder.end();
		if (rest) this.output(rest);
		this.closed = true;
		closeSync(this.fd);
		try {
			if (this.options.force) {
				renameSync(this.tmp, this.path);
			} else {
				// link() fails with EEXIST instead of replacing: no clobbering even if the file appeared meanwhile.
				linkSync(this.tmp, this.path);
				unlinkSync(this.tmp);
			}
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EEXIST') {
				unlinkSync(this.tmp);
				throw new Error(`${this.path} exists (use --force to overwrite)`, {cause: error});
			}
			throw error;
		}
	}

	/** Drops the recording (the temp file) without writing the target. */
	abort(): void {
		if (this.closed) return;
		this.closed = true;
		closeSync(this.fd);
		unlinkSync(this.tmp);
	}
}
