import type {Node, Redir, Word} from './ast.js';

/**
 * ash's commandtext()/cmdtxt(): the text a job is listed with (`jobs`, the `Done` notice, `fg`),
 * rebuilt from the parse tree as busybox 1.35 does it, checked against the Debian binary:
 * - a simple command's words, without its assignments, then each redirection with its fd
 *   (`1>/dev/null`, `2>&1`, here-documents as `<<...`);
 * - quoted text in double quotes (`'a b'` is shown `"a b"`), parameters as `${NAME}`, command
 *   substitutions as `$(...)`. (ash also tells single-quoted from double-quoted and escaped
 *   characters when it writes `"`, `$`, `'` and `\`; the parse tree here does not keep that, so
 *   inside quotes `"`, `\`, `$` and `` ` `` are always written escaped.)
 * - `a | b`, `a && b`, `a; b`, `(...)`, braces dropped from `{ ...; }`, `if ...; then ...; fi`,
 *   `while ...; do ...; done`, `for i in ...; do ...; done`, `case ... in ...) ...;; esac`.
 */
export function commandText(node: Node): string {
	switch (node.t) {
		case 'simple':
			return [...node.words.map(wordText), ...node.redirs.map(redirText)].join(' ');
		case 'pipe':
			return (node.bang ? '! ' : '') + node.cmds.map(commandText).join(' | ');
		case 'andor':
			return [commandText(node.first), ...node.rest.map(r => `${r.op} ${commandText(r.node)}`)].join(' ');
		case 'list':
			return node.items.map(commandText).join('; ');
		case 'bg':
			return `${commandText(node.body)} &`;
		case 'group':
			return withRedirs(commandText(node.body), node.redirs);
		case 'subshell':
			return withRedirs(`(${commandText(node.body)})`, node.redirs);
		case 'if': {
			let s = node.clauses.map((c, i) => `${i ? 'elif' : 'if'} ${commandText(c.cond)}; then ${commandText(c.body)}`).join('; ');
			if (node.else) s += `; else ${commandText(node.else)}`;
			return withRedirs(`${s}; fi`, node.redirs);
		}
		case 'while':
			return withRedirs(`${node.until ? 'until' : 'while'} ${commandText(node.cond)}; do ${commandText(node.body)}; done`, node.redirs);
		case 'for':
			return withRedirs(`for ${node.name}${node.words ? ` in ${node.words.map(wordText).join(' ')}` : ''}; do ${commandText(node.body)}; done`, node.redirs);
		case 'case':
			return withRedirs(`case ${wordText(node.word)} in ${node.items.map(i => `${i.patterns.map(wordText).join('|')}) ${i.body ? commandText(i.body) : ''};; `).join('')}esac`, node.redirs);
		case 'func':
			return `${node.name}() { ... }`;
	}
}

function withRedirs(text: string, redirs: Redir[]): string {
	return [text, ...redirs.map(redirText)].join(' ');
}

/** A redirection as cmdtxt() writes it: the fd always, then the operator and the target. */
function redirText(r: Redir): string {
	if (r.op === '<<' || r.op === '<<-') return '<<...';
	return `${r.fd % 10}${r.op}${wordText(r.target)}`;
}

/** cmdputs() of a word: quoted runs in double quotes, `$NAME` as `${NAME}`, `$(...)` and `$((...))`. */
export function wordText(w: Word): string {
	let out = '';
	let quoted = false;
	for (const part of w) {
		if (part.q !== quoted) {
			out += '"';
			quoted = part.q;
		}
		switch (part.k) {
			case 'lit':
				out += quoted ? part.s.replace(/["\\$`]/g, c => `\\${c}`) : part.s;
				break;
			case 'var':
				// ${#NAME} comes out as `${#NAME:}`, as cmdputs() writes VSLENGTH.
				if (part.op === '#len') {
					out += `\${#${part.name}:}`;
					break;
				}
				// A quote, backslash or `$` in the name is written escaped (ash shows $$ as ${\$}).
				out += `\${${part.name.replace(/['\\"$]/g, c => `\\${c}`)}${part.op ?? ''}${part.arg ? wordText(part.arg) : ''}${part.repl ? `/${wordText(part.repl)}` : ''}}`;
				break;
			case 'cmd':
				// The text of a command substitution is not kept.
				out += '$(...)';
				break;
			case 'arith':
				out += `$((${wordText(part.expr)}))`;
				break;
		}
	}
	return quoted ? `${out}"` : out;
}
