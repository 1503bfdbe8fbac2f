/**
 * A small VT100/xterm screen model for the bench: enough of ECMA-48 to follow what Ink writes
 * (CUP/CUU/CUD/CUF/CUB/CNL/CPL/CHA, ED, EL, SGR ignored, DEC private modes, scrolling at the
 * bottom row, deferred auto-wrap), so the bench can wait for text to be *on screen* rather than
 * merely written. It also counts full-screen clears (ESC[2J, ESC[3J), which a steady-state
 * frame must never contain.
 */
export class Screen {
	constructor(cols, rows) {
		this.cols = cols;
		this.rows = rows;
		this.x = 0;
		this.y = 0;
		this.wrapPending = false;
		this.clears = 0;
		this.state = 'ground';
		this.params = '';
		this.grid = [];
		for (let r = 0; r < rows; r++) this.grid.push(new Array(cols).fill(' '));
	}

	/** Feeds terminal output. */
	feed(data) {
		for (const ch of data) {
			if (this.state === 'ground') this.ground(ch);
			else if (this.state === 'esc') this.escape(ch);
			else if (this.state === 'csi') this.csi(ch);
			else if (this.state === 'osc') {
				if (ch === '\x07') this.state = 'ground';
				else if (ch === '\x1b') this.state = 'esc';
			}
		}
	}

	ground(ch) {
		const code = ch.codePointAt(0);
		if (ch === '\x1b') {
			this.state = 'esc';
		} else if (ch === '\r') {
			this.x = 0;
			this.wrapPending = false;
		} else if (ch === '\n') {
			this.lineFeed();
		} else if (ch === '\b') {
			if (this.x > 0) this.x--;
			this.wrapPending = false;
		} else if (code >= 0x20 && code !== 0x7f) {
			if (this.wrapPending) {
				this.x = 0;
				this.lineFeed();
			}
			this.grid[this.y][this.x] = ch;
			if (this.x === this.cols - 1) this.wrapPending = true;
			else this.x++;
		}
	}

	lineFeed() {
		this.wrapPending = false;
		if (this.y === this.rows - 1) {
			this.grid.shift();
			this.grid.push(new Array(this.cols).fill(' '));
		} else {
			this.y++;
		}
	}

	escape(ch) {
		if (ch === '[') {
			this.state = 'csi';
			this.params = '';
			return;
		}
		if (ch === ']') {
			this.state = 'osc';
			return;
		}
		this.state = 'ground';
		if (ch === 'c') this.eraseDisplay(2);
	}

	csi(ch) {
		const code = ch.codePointAt(0);
		if (code >= 0x20 && code <= 0x3f) {
			this.params += ch;
			return;
		}
		this.state = 'ground';
		const priv = this.params.startsWith('?');
		const nums = (priv ? this.params.slice(1) : this.params).split(';').map(n => (n === '' ? NaN : Number(n)));
		const n = Number.isNaN(nums[0]) ? 1 : Math.max(1, nums[0]);
		const clampX = () => (this.x = Math.min(this.cols - 1, Math.max(0, this.x)));
		const clampY = () => (this.y = Math.min(this.rows - 1, Math.max(0, this.y)));
		this.wrapPending = false;
		if (priv) {
			// 1049: the alternate screen starts blank; the others (cursor, sync output) draw nothing.
			if ((ch === 'h' || ch === 'l') && nums.includes(1049)) this.eraseDisplay(2, false);
			return;
		}
		switch (ch) {
			case 'A': this.y -= n; clampY(); break;
			case 'B': this.y += n; clampY(); break;
			case 'C': this.x += n; clampX(); break;
			case 'D': this.x -= n; clampX(); break;
			case 'E': this.y += n; this.x = 0; clampY(); break;
			case 'F': this.y -= n; this.x = 0; clampY(); break;
			case 'G': this.x = n - 1; clampX(); break;
			case 'H':
			case 'f':
				this.y = (Number.isNaN(nums[0]) ? 1 : Math.max(1, nums[0])) - 1;
				this.x = (Number.isNaN(nums[1]) ? 1 : Math.max(1, nums[1])) - 1;
				clampX();
				clampY();
				break;
			case 'J': this.eraseDisplay(Number.isNaN(nums[0]) ? 0 : nums[0]); break;
			case 'K': this.eraseLine(Number.isNaN(nums[0]) ? 0 : nums[0]); break;
			default: break; // SGR and the rest do not change the text on screen.
		}
	}

	eraseDisplay(mode, count = true) {
		if (mode === 2 || mode === 3) {
			if (count) this.clears++;
			for (const row of this.grid) row.fill(' ');
			return;
		}
		if (mode === 0) {
			this.eraseLine(0);
			for (let r = this.y + 1; r < this.rows; r++) this.grid[r].fill(' ');
		} else if (mode === 1) {
			this.eraseLine(1);
			for (let r = 0; r < this.y; r++) this.grid[r].fill(' ');
		}
	}

	eraseLine(mode) {
		const row = this.grid[this.y];
		if (mode === 0) row.fill(' ', this.x);
		else if (mode === 1) row.fill(' ', 0, this.x + 1);
		else row.fill(' ');
	}

	/** Screen row `r` as text. */
	line(r) {
		return this.grid[r].join('');
	}

	/** The whole screen, rows joined by newlines. */
	text() {
		return this.grid.map(row => row.join('')).join('\n');
	}

	/** Columns [from, to) of every row, joined by newlines (one pane of a split screen). */
	region(from, to) {
		return this.grid.map(row => row.slice(from, to).join('')).join('\n');
	}
}

/** Full-screen clears in a raw byte stream (ESC[2J, ESC[3J, ESC c). */
export function countClears(raw) {
	return (raw.match(/\x1b\[[23]J|\x1bc/g) ?? []).length;
}
