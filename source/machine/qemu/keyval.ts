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

/** Split "a=b,,c,d" into elements honouring ",," escapes. Returns raw element strings. */
function splitElements(str: string): string[] {
	const out: string[] = [];
	let cur = '';
	for (let i = 0; i < str.length; i++) {
		const c = str[i];
		if (c === ',') {
			if (str[i + 1] === ',') {
				cur += ',';
				i++;
				continue;
			}
			out.push(cur);
			cur = '';
			continue;
		}
		cur += c;
	}
	out.push(cur);
	return out;
}

const isHelp = (s: string): boolean => s === 'help' || s === '?';

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
		if (sep !== '=' && first && impliedKey) {
			// the implied key takes the whole element as its value
			const {value, after} = readValue(rest);
			values.set(impliedKey, value);
			rest = after;
			first = false;
			continue;
		}
		first = false;
		if (!/^[A-Za-z0-9_\-.]+$/.test(key) || key.split('.').some((f) => f === '')) {
			return {ok: false, error: key === '' ? 'Expected parameter before \'' + (sep || '') + '\'' : `Invalid parameter '${key}'`};
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

/**
 * QemuOpts parsing with an implied first key (device_add's "driver"). A bare element
 * `flag` means flag=on and `noflag` means flag=off (QemuOpts' legacy boolean shorthand).
 */
export function qemuOptsParse(str: string, impliedKey: string): ParsedOptions {
	const values = new Map<string, string>();
	let help = false;
	splitElements(str).forEach((element, index) => {
		const eq = element.indexOf('=');
		if (eq < 0) {
			if (isHelp(element)) help = true;
			else if (index === 0 && impliedKey) values.set(impliedKey, element);
			else if (element !== '') {
				if (element.startsWith('no')) values.set(element.slice(2), 'off');
				else values.set(element, 'on');
			}
			return;
		}
		values.set(element.slice(0, eq), element.slice(eq + 1));
	});
	return {values, help};
}

/** id_wellformed(): letters, digits, '-', '.', '_', starting with a letter. */
export function idWellformed(id: string): boolean {
	return /^[A-Za-z][A-Za-z0-9\-._]*$/.test(id);
}

/** The two-line QEMU error for a malformed id (message + hint). */
export const ID_NOT_WELLFORMED = "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.";
