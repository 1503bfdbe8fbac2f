/** glibc's strftime() as the guest's userland sees it (a leaf module: ls and date share it). */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const two = (n: number) => String(n).padStart(2, '0');

/** glibc strftime() in the C locale and UTC (the guest has no TZ); unknown conversions stay as typed. */
export function strftime(fmt: string, t: number): string {
	const d = new Date(Math.floor(t) * 1000);
	const Y = d.getUTCFullYear();
	const yday = Math.floor((Date.UTC(Y, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(Y, 0, 1)) / 86400000);
	const wday = d.getUTCDay();
	const H = d.getUTCHours();
	const I = H % 12 === 0 ? 12 : H % 12;
	const isoWeek = (): [number, number] => {
		const th = new Date(Date.UTC(Y, d.getUTCMonth(), d.getUTCDate() + 3 - ((wday + 6) % 7)));
		const y = th.getUTCFullYear();
		return [y, 1 + Math.floor((th.getTime() - Date.UTC(y, 0, 1)) / (7 * 86400000))];
	};
	const conv: Record<string, () => string> = {
		a: () => DAYS[wday], A: () => FULL_DAYS[wday], b: () => MONTHS[d.getUTCMonth()], h: () => MONTHS[d.getUTCMonth()],
		B: () => FULL_MONTHS[d.getUTCMonth()], C: () => two(Math.floor(Y / 100)), d: () => two(d.getUTCDate()),
		D: () => strftime('%m/%d/%y', t), e: () => String(d.getUTCDate()).padStart(2), F: () => strftime('%Y-%m-%d', t),
		g: () => two(isoWeek()[0] % 100), G: () => String(isoWeek()[0]), H: () => two(H), I: () => two(I),
		j: () => String(yday + 1).padStart(3, '0'), k: () => String(H).padStart(2), l: () => String(I).padStart(2),
		m: () => two(d.getUTCMonth() + 1), M: () => two(d.getUTCMinutes()), n: () => '\n', N: () => '000000000',
		p: () => (H < 12 ? 'AM' : 'PM'), P: () => (H < 12 ? 'am' : 'pm'), r: () => strftime('%I:%M:%S %p', t),
		R: () => strftime('%H:%M', t), s: () => String(Math.floor(t)), S: () => two(d.getUTCSeconds()), t: () => '\t',
		T: () => strftime('%H:%M:%S', t), u: () => String(wday === 0 ? 7 : wday), w: () => String(wday),
		U: () => two(Math.floor((yday + 7 - wday) / 7)), W: () => two(Math.floor((yday + 7 - ((wday + 6) % 7)) / 7)),
		V: () => two(isoWeek()[1]), c: () => strftime('%a %b %e %H:%M:%S %Y', t), x: () => strftime('%m/%d/%y', t),
		X: () => strftime('%H:%M:%S', t), y: () => two(Y % 100), Y: () => String(Y), z: () => '+0000', Z: () => 'UTC',
		'%': () => '%',
	};
	return fmt.replace(/%(.?)/gs, (m, c: string) => (Object.hasOwn(conv, c) ? conv[c]() : m));
}
