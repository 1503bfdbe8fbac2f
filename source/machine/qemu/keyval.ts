/**
 * The two option-string parsers QEMU's monitor uses:
 * - keyval_parse (util/keyval.c) for `object_add` (implied key "qom-type"),
 * - QemuOpts opts_do_parse (util/qemu-option.c) for `device_add` (implied key "driver").
 * Both split on ',' with ",," escaping a comma inside a value, and treat a bare `help` / `?`
 * element as a help request.
 */

export interface ParsedOptions {
	/** key -> value, in first-seen order; later duplicates overwrite (last one wins). */
	values: Map<string, string>;
	help: boolean;
}

const isHelp = (s: string): boolean => s === 'help' || s === '?';

/** qapi_bool_parse(): the spellings every text visitor takes for a bool, or undefined. */
export function qapiBoolParse(text: string): boolean | undefined {
	if (text === 'on' || text === 'yes' || text === 'true' || text === 'y') return true;
	if (text === 'off' || text === 'no' || text === 'false' || text === 'n') return false;
	return undefined;
}

/**
 * keyval_parse(params, implied_key, &help, errp). Errors are the exact QEMU messages.
 */
export function keyvalParse(str: string, impliedKey: string): {ok: true; options: ParsedOptions} | {ok: false; error: string} {
	const values = new Map<string, string>();
	let help = false;
	let rest = str;
	let first = true;
	while (rest !== '') {
		// key: up to '=' or ','
		const keyEnd = rest.search(/[=,]/);
		const key = keyEnd < 0 ? rest : rest.slice(0, keyEnd);
		const sep = keyEnd < 0 ? '' : rest[keyEnd];
		if (sep !== '=' && (isHelp(key))) {
			help = true;
			rest = keyEnd < 0 ? '' : rest.slice(keyEnd + 1);
			first = false;
			continue;
		}
		if (sep !== '=' && first && impliedKey && key !== '') {
			// The implied key's value is the first element as it stands: it cannot hold a ','
			// (no ",," escape there), and one ',' ends it (the lab: `memory-backend-ram,,id=m1`
			// is `Invalid parameter ''`, an empty key after the type).
			values.set(impliedKey, key);
			rest = keyEnd < 0 ? '' : rest.slice(keyEnd + 1);
			first = false;
			continue;
		}
		first = false;
		if (!/^[A-Za-z0-9_\-.]+$/.test(key) || key.split('.').some((f) => f === '')) {
			return {ok: false, error: `Invalid parameter '${key}'`};
		}
		if (sep !== '=') return {ok: false, error: `Expected '=' after parameter '${key}'`};
		const {value, after} = readValue(rest.slice(keyEnd + 1));
		values.set(key, value);
		rest = after;
	}
	return {ok: true, options: {values, help}};
}

/** Read a value up to an unescaped ','; returns the unescaped value and the remainder. */
function readValue(s: string): {value: string; after: string} {
	let value = '';
	for (let i = 0; i < s.length; i++) {
		if (s[i] === ',') {
			if (s[i + 1] === ',') {
				value += ',';
				i++;
				continue;
			}
			return {value, after: s.slice(i + 1)};
		}
		value += s[i];
	}
	return {value, after: ''};
}

/** QemuOpts parse result: the options plus what opts_parse printed on the way (flag warnings). */
export interface QemuOptsParsed extends ParsedOptions {
	/** `warning: short-form boolean option ...` lines, in the order QEMU prints them. */
	warnings: string[];
}

/** get_opt_value(): up to a single ',' (",," is an escaped comma). */
function getOptValue(s: string, pos: number): {value: string; next: number} {
	let value = '';
	let i = pos;
	while (i < s.length) {
		if (s[i] === ',') {
			if (s[i + 1] !== ',') break;
			i++;
		}
		value += s[i++];
	}
	return {value, next: i};
}

interface NameValue {
	name: string;
	value: string;
	next: number;
	isHelp: boolean;
	warning?: string;
}

/**
 * get_opt_name_value() (util/qemu-option.c): the key is found on the raw text (strcspn "=,"),
 * so in `pc-dimm,,memdev=m` the first element is the implied key's value "pc-dimm,memdev=m";
 * a bare word after the first element is a short-form boolean (deprecated, with a warning).
 */
function getOptNameValue(params: string, pos: number, firstname: string | undefined, warnOnFlag: boolean): NameValue {
	const rest = params.slice(pos);
	const m = /[=,]/.exec(rest);
	const len = m ? m.index : rest.length;
	let out: NameValue;
	if (rest[len] !== '=') {
		if (firstname) {
			const {value, next} = getOptValue(params, pos);
			out = {name: firstname, value, next, isHelp: false};
		} else {
			let name = rest.slice(0, len);
			let value = 'on';
			let prefix = '';
			if (name.startsWith('no')) {
				name = name.slice(2);
				value = 'off';
				prefix = 'no';
			}
			const helpFlag = prefix === '' && isHelp(name);
			out = {name, value, next: pos + len, isHelp: helpFlag};
			if (!helpFlag && warnOnFlag) {
				const hint = name === 'delay' ? `Please use nodelay=${prefix ? 'on' : 'off'} instead` : `Please use ${name}=${value} instead`;
				out.warning = `warning: short-form boolean option '${prefix}${name}' deprecated\n${hint}\n`;
			}
		}
	} else {
		const {value, next} = getOptValue(params, pos + len + 1);
		out = {name: rest.slice(0, len), value, next, isHelp: false};
	}
	if (params[out.next] === ',') out.next++;
	return out;
}

/** One element opts_do_parse() read: its name and value, or a help request. */
export interface QemuOptsElement {
	name: string;
	value: string;
	isHelp: boolean;
	/** The deprecation warning a short-form boolean printed (warn_on_flag). */
	warning?: string;
}

/**
 * The elements opts_do_parse(opts, params, firstname, warn_on_flag=true) walks, in order: a
 * trailing ',' ends the string (`1G,slots=2,` is fine), ",," escapes a comma in a value (so in
 * `1G,,slots=2` the implied first option's value is `1G,slots=2`).
 */
export function qemuOptsElements(str: string, firstname: string | undefined): QemuOptsElement[] {
	const out: QemuOptsElement[] = [];
	let first = firstname;
	for (let p = 0; p < str.length;) {
		const opt = getOptNameValue(str, p, first, true);
		first = undefined;
		out.push({name: opt.name, value: opt.value, isHelp: opt.isHelp, ...(opt.warning ? {warning: opt.warning} : {})});
		p = opt.next;
	}
	return out;
}

/**
 * qemu_opts_parse_noisily(list, params, permit_abbrev=true) followed by qemu_opts_to_qdict,
 * as HMP's 'O' argument type does for device_add: opts_parse_id() takes the *first* `id=`,
 * other `id` elements are skipped, a later duplicate key overwrites an earlier one, and a
 * `help`/`?` flag stops the parse.
 */
export function qemuOptsParse(str: string, impliedKey: string): QemuOptsParsed {
	const values = new Map<string, string>();
	const warnings: string[] = [];
	for (let p = 0; p < str.length;) {
		const opt = getOptNameValue(str, p, undefined, false);
		if (opt.name === 'id') {
			values.set('id', opt.value);
			break;
		}
		p = opt.next;
	}
	let firstname: string | undefined = impliedKey || undefined;
	for (let p = 0; p < str.length;) {
		const opt = getOptNameValue(str, p, firstname, true);
		firstname = undefined;
		if (opt.warning) warnings.push(opt.warning);
		if (opt.isHelp) return {values, help: true, warnings};
		p = opt.next;
		if (opt.name === 'id') continue;
		values.set(opt.name, opt.value);
	}
	return {values, help: false, warnings};
}

/** id_wellformed(): letters, digits, '-', '.', '_', starting with a letter. */
export function idWellformed(id: string): boolean {
	return /^[A-Za-z][A-Za-z0-9\-._]*$/.test(id);
}

/** The two-line QEMU error for a malformed id (message + hint). */
export const ID_NOT_WELLFORMED = "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.";
