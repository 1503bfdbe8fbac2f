/**
 * libbb's parse_datestr() for `date -d` and `date TIME`: @SECONDS, hh:mm[:ss],
 * [YYYY.]MM.DD-hh:mm[:ss], YYYY-MM-DD hh:mm[:ss], and the digit forms ([[[[[YY]YY]MM]DD]hh]mm[.ss]
 * for -d, MMDDhhmm[[YY]YY][.ss] for the operand). Undefined: `invalid date`. date zeroes the
 * time of day first; touch starts from now (`keepTime`), so a field the string leaves out keeps
 * its current value (`touch -d 2020-01-01` is that day at the time it is now), except the
 * seconds of the digit forms.
 */
export function parseDate(s: string, now: number, operand: boolean, keepTime = false): number | undefined {
	const cur = new Date(Math.floor(now) * 1000);
	let Y = cur.getUTCFullYear();
	let Mo = cur.getUTCMonth() + 1;
	let D = cur.getUTCDate();
	const [h0, mi0, sec0] = keepTime ? [cur.getUTCHours(), cur.getUTCMinutes(), cur.getUTCSeconds()] : [0, 0, 0];
	let h: number;
	let mi: number;
	let sec = 0;
	let m = /^@(-?\d+)$/.exec(s);
	if (m) return Number(m[1]);
	if ((m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(s))) {
		[h, mi, sec] = [Number(m[1]), Number(m[2]), Number(m[3] ?? sec0)];
	} else if ((m = /^(?:(\d{4})\.)?(\d{1,2})\.(\d{1,2})-(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(s))) {
		if (m[1]) Y = Number(m[1]);
		[Mo, D, h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? sec0)];
	} else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/.exec(s))) {
		const time = m[4] !== undefined;
		[Y, Mo, D, h, mi, sec] = [Number(m[1]), Number(m[2]), Number(m[3]), time ? Number(m[4]) : h0, time ? Number(m[5]) : mi0, m[6] !== undefined ? Number(m[6]) : sec0];
	} else if ((m = /^(\d+)(?:\.(\d{2}))?$/.exec(s))) {
		const digits = m[1];
		if (m[2] !== undefined) sec = Number(m[2]);
		const two = (i: number) => Number(digits.slice(i, i + 2));
		if (operand) {
			// MMDDhhmm[[YY]YY]
			if (digits.length !== 8 && digits.length !== 10 && digits.length !== 12) return undefined;
			[Mo, D, h, mi] = [two(0), two(2), two(4), two(6)];
			if (digits.length === 10) Y = 1900 + two(8) + (two(8) < 69 ? 100 : 0);
			if (digits.length === 12) Y = Number(digits.slice(8));
		} else {
			// [[[[[YY]YY]MM]DD]hh]mm
			const n = digits.length;
			if (n % 2 || n < 2 || n > 12) return undefined;
			mi = Number(digits.slice(n - 2));
			h = n >= 4 ? Number(digits.slice(n - 4, n - 2)) : cur.getUTCHours();
			if (n >= 6) D = Number(digits.slice(n - 6, n - 4));
			if (n >= 8) Mo = Number(digits.slice(n - 8, n - 6));
			if (n === 10) Y = 1900 + two(0) + (two(0) < 69 ? 100 : 0);
			if (n === 12) Y = Number(digits.slice(0, 4));
		}
	} else return undefined;
	if (Mo < 1 || Mo > 12 || D < 1 || D > 31 || h > 24 || mi > 59 || sec > 60) return undefined;
	return Math.floor(Date.UTC(Y, Mo - 1, D, h, mi, sec) / 1000);
}
