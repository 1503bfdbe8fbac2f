/**
 * A minimal VT100/xterm screen model for the end-to-end tests: enough of ECMA-48 to follow
 * what Ink writes (cursor moves, erase in line/display, alternate screen, autowrap), so the
 * tests assert on the screen a user would see rather than on the byte stream.
 */

/** East Asian wide characters take two cells (the Chinese tutorial texts). */
function cellWidth(ch: string): number {
	const cp = ch.codePointAt(0) ?? 0;
	if (cp < 0x1100) return 1;
	const wide =
		(cp >= 0x1100 && cp <= 0x115f) ||
		(cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
		(cp >= 0xac00 && cp <= 0xd7a3) ||
		(cp >= 0xf900 && cp <= 0xfaff) ||
		(cp >= 0xfe30 && cp <= 0xfe4f) ||
		(cp >= 0xff00 && cp <= 0xff60) ||
		(cp >= 0xffe0 && cp <= 0xffe6) ||
		(cp >= 0x20000 && cp <= 0x3fffd);
	return wide ? 2 : 1;
}

export class VtScreen {
	private main: string[][];
	private alt: string[][];
	private grid: string[][];
	private x = 0;
	private y = 0;
	/** Autowrap is deferred until the next printable character (xterm's "pending wrap"). */
	private wrapPending = false;
	private saved = {x: 0, y: 0};
	private carry = '';
	cursorVisible = true;
	altScreen = false;

	constructor(
		public cols: number,
		public rows: number,
	) {
		this.main = this.blank(rows);
		this.alt = this.blank(rows);
		this.grid = this.main;
	}

	private blank(rows: number): string[][] {
		return Array.from({length: rows}, () => Array<string>(this.cols).fill(' '));
	}

	resize(cols: number, rows: number): void {
		const fit = (g: string[][]) => {
			const out = Array.from({length: rows}, (_, r) => Array.from({length: cols}, (_, c) => g[r]?.[c] ?? ' '));
			return out;
		};
		this.cols = cols;
		this.rows = rows;
		this.main = fit(this.main);
		this.alt = fit(this.alt);
		this.grid = this.altScreen ? this.alt : this.main;
		this.x = Math.min(this.x, cols - 1);
		this.y = Math.min(this.y, rows - 1);
	}

	/** The screen as text, one line per row, trailing blanks trimmed. */
	text(): string {
		return this.grid.map(row => row.filter(c => c !== '').join('').trimEnd()).join('\n');
	}

	write(data: string): void {
		const s = this.carry + data;
		this.carry = '';
		let i = 0;
		while (i < s.length) {
			const ch = s[i];
			if (ch === '\x1b') {
				const used = this.escape(s, i);
				if (used === 0) {
					this.carry = s.slice(i);
					return;
				}
				i += used;
				continue;
			}
			const cp = s.codePointAt(i)!;
			const char = String.fromCodePoint(cp);
			i += char.length;
			if (!this.control(char)) this.print(char);
		}
	}

	private control(ch: string): boolean {
		switch (ch) {
			case '\r':
				this.x = 0;
				this.wrapPending = false;
				return true;
			case '\n':
			case '\v':
			case '\f':
				this.lineFeed();
				return true;
			case '\b':
				this.x = Math.max(0, this.x - 1);
				this.wrapPending = false;
				return true;
			case '\t':
				this.x = Math.min(this.cols - 1, (Math.floor(this.x / 8) + 1) * 8);
				return true;
			case '\x07':
				return true;
		}
		return ch.charCodeAt(0) < 0x20;
	}

	private lineFeed(): void {
		this.wrapPending = false;
		if (this.y === this.rows - 1) {
			this.grid.shift();
			this.grid.push(Array<string>(this.cols).fill(' '));
		} else {
			this.y++;
		}
	}

	private print(ch: string): void {
		const w = cellWidth(ch);
		if (this.wrapPending || this.x + w > this.cols) {
			this.x = 0;
			this.lineFeed();
		}
		this.grid[this.y][this.x] = ch;
		// The second cell of a wide character holds nothing (skipped by text()).
		if (w === 2) this.grid[this.y][this.x + 1] = '';
		if (this.x + w >= this.cols) {
			this.x = this.cols - 1;
			this.wrapPending = true;
		} else {
			this.x += w;
		}
	}

	/** Handles the escape sequence at s[i]; returns its length, 0 if incomplete. */
	private escape(s: string, i: number): number {
		const kind = s[i + 1];
		if (kind === undefined) return 0;
		if (kind === '[') {
			let j = i + 2;
			while (j < s.length && !(s.charCodeAt(j) >= 0x40 && s.charCodeAt(j) <= 0x7e)) j++;
			if (j >= s.length) return 0;
			this.csi(s.slice(i + 2, j), s[j]);
			return j - i + 1;
		}
		if (kind === ']') {
			// OSC: up to BEL or ST.
			for (let j = i + 2; j < s.length; j++) {
				if (s[j] === '\x07') return j - i + 1;
				if (s[j] === '\x1b' && s[j + 1] === '\\') return j - i + 2;
			}
			return 0;
		}
		if (kind === '7') this.saved = {x: this.x, y: this.y};
		if (kind === '8') ({x: this.x, y: this.y} = this.saved);
		if (kind === '(' || kind === ')') return s.length > i + 2 ? 3 : 0;
		return 2;
	}

	private csi(params: string, final: string): void {
		const priv = params.startsWith('?');
		const nums = (priv ? params.slice(1) : params).split(';').map(n => (n === '' ? NaN : Number(n)));
		const n = (k: number, d = 1) => (Number.isNaN(nums[k]) || nums[k] === undefined ? d : nums[k]);
		const clampX = (x: number) => Math.max(0, Math.min(this.cols - 1, x));
		const clampY = (y: number) => Math.max(0, Math.min(this.rows - 1, y));
		if (final !== 'm') this.wrapPending = false;
		switch (final) {
			case 'A':
				this.y = clampY(this.y - n(0));
				break;
			case 'B':
				this.y = clampY(this.y + n(0));
				break;
			case 'C':
				this.x = clampX(this.x + n(0));
				break;
			case 'D':
				this.x = clampX(this.x - n(0));
				break;
			case 'E':
				this.y = clampY(this.y + n(0));
				this.x = 0;
				break;
			case 'F':
				this.y = clampY(this.y - n(0));
				this.x = 0;
				break;
			case 'G':
				this.x = clampX(n(0) - 1);
				break;
			case 'd':
				this.y = clampY(n(0) - 1);
				break;
			case 'H':
			case 'f':
				this.y = clampY(n(0) - 1);
				this.x = clampX(n(1) - 1);
				break;
			case 'J':
				this.eraseDisplay(n(0, 0));
				break;
			case 'K':
				// As xterm: EL 0 erases from the cursor column inclusive, also right after a write to
				// the last column (pending wrap), so a renderer that writes a full line and then
				// erases would lose its last column here too.
				this.eraseLine(n(0, 0));
				break;
			case 'h':
			case 'l':
				if (priv) this.mode(nums, final === 'h');
				break;
		}
	}

	private mode(nums: number[], on: boolean): void {
		for (const m of nums) {
			if (m === 25) this.cursorVisible = on;
			if (m === 1049 || m === 1047 || m === 47) {
				if (on === this.altScreen) continue;
				this.altScreen = on;
				if (on) {
					this.saved = {x: this.x, y: this.y};
					this.alt = this.blank(this.rows);
					this.grid = this.alt;
				} else {
					this.grid = this.main;
					({x: this.x, y: this.y} = this.saved);
				}
			}
		}
	}

	private eraseLine(mode: number): void {
		const row = this.grid[this.y];
		const [from, to] = mode === 0 ? [this.x, this.cols] : mode === 1 ? [0, this.x + 1] : [0, this.cols];
		for (let c = from; c < to; c++) row[c] = ' ';
	}

	private eraseDisplay(mode: number): void {
		if (mode === 2 || mode === 3) {
			for (const row of this.grid) row.fill(' ');
			return;
		}
		this.eraseLine(mode);
		const rows = mode === 0 ? [this.y + 1, this.rows] : [0, this.y];
		for (let r = rows[0]; r < rows[1]; r++) this.grid[r].fill(' ');
	}
}
