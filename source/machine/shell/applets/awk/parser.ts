/**
 * busybox awk's parser (parse_program(), chain_group(), parse_expr()). Expressions are built
 * by operator precedence with parent links, exactly as busybox does, so the same programs
 * parse the same way (`2^3^2` is 64, `print 1 " " -1` prints `1-1`, `a = 1 == 1` assigns
 * the comparison) and the same ones are refused (`print 2==v=2`: Unexpected token).
 */
import {Node, type Func, type Program, type Stmt} from './ast.js';
import {Lexer, TC, TS} from './lexer.js';
import {awkRegex} from './regex.js';
import {numCell, strCell, type Cell} from './value.js';

/** The lowest precedence: the root of every expression tree. */
const LOWEST = 0x7f;

export interface ParseEnv {
	/** The global variable of that name (created on first use, as newvar() does). */
	global(name: string): Cell;
	funcs: Map<string, Func>;
}

export class Parser {
	private readonly lx: Lexer;
	private inLoop = false;
	private params: Map<string, number> | undefined;

	constructor(src: string, private readonly srcName: string, private readonly env: ParseEnv, private readonly prog: Program) {
		// A program ends at its first NUL, as busybox reads it as a C string.
		const nul = src.indexOf('\0');
		this.lx = new Lexer(nul < 0 ? src : src.slice(0, nul));
	}

	/** The line of the last token read (g_lineno after parsing). */
	get line(): number {
		return this.lx.line;
	}

	private node(t: Node['t'], prec: number, op = ''): Node {
		return new Node(t, prec, op, this.lx.line);
	}

	private at(): {line: number; src: string} {
		return {line: this.lx.line, src: this.srcName};
	}

	/** parse_program(). */
	parse(): void {
		const lx: Lexer = this.lx;
		const top = TS.OPSEQ | TC.LBRACE | TC.BEGIN | TC.END | TC.FUNCDECL | TC.EOF | TC.NEWLINE;
		let tc = lx.next(top);
		for (;;) {
			if (tc === TC.EOF) break;
			if (tc === TC.NEWLINE) {
				tc = lx.next(top);
				continue;
			}
			if (tc === TC.BEGIN || tc === TC.END) {
				lx.next(TC.LBRACE);
				this.untilRbrace(tc === TC.BEGIN ? this.prog.begin : this.prog.end);
			} else if (tc === TC.FUNCDECL) {
				this.funcDecl();
			} else if (tc & TS.OPSEQ) {
				lx.back();
				const at = this.at();
				const pattern = this.expr(TC.SEMICOL | TC.NEWLINE | TC.EOF | TC.LBRACE);
				const body: Stmt[] = [];
				if (lx.tclass === TC.LBRACE) this.untilRbrace(body);
				else body.push({k: 'print', args: null, ...this.at()});
				this.prog.main.push({k: 'rule', pattern, body, ...at});
			} else {
				const body: Stmt[] = [];
				const at = this.at();
				this.untilRbrace(body);
				this.prog.main.push({k: 'rule', pattern: null, body, ...at});
			}
			tc = lx.next(top | TC.SEMICOL);
			if (tc === TC.SEMICOL) tc = lx.next(top);
		}
	}

	private funcDecl(): void {
		const lx: Lexer = this.lx;
		lx.next(TC.FUNCTION);
		const name = lx.string;
		let f = this.env.funcs.get(name);
		if (f?.defined) lx.error('Duplicate function');
		if (!f) {
			f = {name, defined: false, nargs: 0, body: []};
			this.env.funcs.set(name, f);
		}
		f.defined = true;
		this.params = new Map();
		for (;;) {
			if (lx.next(TC.VARIABLE | TC.RPAREN) === TC.RPAREN) {
				if (f.nargs === 0) break;
				lx.error('Unexpected token');
			}
			this.params.set(lx.string, f.nargs++);
			if (lx.next(TC.COMMA | TC.RPAREN) === TC.RPAREN) break;
		}
		while (lx.next(TC.LBRACE | TC.NEWLINE) === TC.NEWLINE) { /* newlines before { are fine */ }
		this.untilRbrace(f.body);
		this.params = undefined;
	}

	/** chain_until_rbrace(). */
	private untilRbrace(out: Stmt[]): void {
		for (;;) {
			const tc = this.lx.next(TS.GRPSEQ | TC.RBRACE);
			if (tc === TC.RBRACE) return;
			if (tc === TC.NEWLINE) continue;
			this.lx.back();
			this.group(out);
		}
	}

	private lrparen(): Node | null {
		this.lx.next(TC.LPAREN);
		return this.expr(TC.RPAREN);
	}

	private loopBody(): Stmt[] {
		const save = this.inLoop;
		this.inLoop = true;
		const body: Stmt[] = [];
		this.group(body);
		this.inLoop = save;
		return body;
	}

	/** chain_expr(): an expression up to `;`, newline or `}` (which is left for the caller). */
	private simpleExpr(): Node | null {
		const e = this.expr(TC.SEMICOL | TC.NEWLINE | TC.RBRACE);
		if (this.lx.tclass & TC.RBRACE) this.lx.back();
		return e;
	}

	/** chain_group(): one statement or a { block }. */
	private group(out: Stmt[]): void {
		const lx: Lexer = this.lx;
		let tc: number;
		do tc = lx.next(TS.GRPSEQ);
		while (tc === TC.NEWLINE);
		if (tc === TC.LBRACE) {
			this.untilRbrace(out);
			return;
		}
		const at = this.at();
		if (tc & (TS.OPSEQ | TC.SEMICOL)) {
			lx.back();
			out.push({k: 'expr', e: this.simpleExpr(), ...at});
			return;
		}
		switch (lx.info.op) {
			case 'if': {
				const cond = this.lrparen();
				const then: Stmt[] = [];
				this.group(then);
				const st: Stmt = {k: 'if', cond, then, ...at};
				if (lx.next(TS.GRPSEQ | TC.RBRACE | TC.ELSE) === TC.ELSE) {
					st.else = [];
					this.group(st.else);
				} else lx.back();
				out.push(st);
				return;
			}
			case 'while': {
				const cond = this.lrparen();
				out.push({k: 'while', cond, body: this.loopBody(), ...at});
				return;
			}
			case 'do': {
				const body = this.loopBody();
				lx.next(TC.WHILE);
				out.push({k: 'do', body, cond: this.lrparen(), ...at});
				return;
			}
			case 'for': {
				lx.next(TC.LPAREN);
				const n2 = this.expr(TC.SEMICOL | TC.RPAREN);
				if (lx.tclass & TC.RPAREN) {
					if (!n2 || n2.t !== 'in') lx.error('Unexpected token');
					out.push({k: 'forin', v: n2.l, arr: n2.r, body: this.loopBody(), ...at});
				} else {
					const cond = this.expr(TC.SEMICOL);
					const incr = this.expr(TC.RPAREN);
					out.push({k: 'for', init: n2, cond, incr, body: this.loopBody(), ...at});
				}
				return;
			}
			case 'print':
			case 'printf': {
				const k = lx.info.op;
				const args = this.expr(TC.SEMICOL | TC.NEWLINE | TC.OUTRDR | TC.RBRACE);
				const st: Stmt = {k, args, ...at};
				if (lx.tclass & TC.OUTRDR) {
					st.redir = lx.info.op;
					st.dest = this.expr(TC.SEMICOL | TC.NEWLINE | TC.RBRACE);
				}
				if (lx.tclass & TC.RBRACE) lx.back();
				out.push(st);
				return;
			}
			case 'break':
			case 'continue': {
				const k = lx.info.op;
				if (!this.inLoop) lx.error(`'${k}' not in a loop`);
				this.simpleExpr();
				out.push({k, ...at});
				return;
			}
			case 'next':
			case 'nextfile': {
				const k = lx.info.op;
				this.simpleExpr();
				out.push({k, ...at});
				return;
			}
			default: {
				const k = lx.info.op as 'delete' | 'return' | 'exit';
				const e = this.expr(TC.SEMICOL | TC.NEWLINE | TC.RBRACE);
				if (k === 'delete' && !e) lx.error('Too few arguments');
				if (lx.tclass & TC.RBRACE) lx.back();
				out.push({k, e, ...at});
			}
		}
	}

	/** parse_expr(): an expression up to (and eating) a token of class `term`. */
	expr(term: number): Node | null {
		const lx: Lexer = this.lx;
		const sn = this.node('root', LOWEST);
		let cn = sn;
		let getlineNode: Node | undefined;
		let expected = TS.OPERAND | TS.UOPPRE | TC.REGEXP | term;
		for (;;) {
			const tc = lx.next(expected);
			if (tc & term) break;
			const info = lx.info;
			if (getlineNode && info.oc === 'compare' && info.op === '<') {
				// getline < file: the file name hangs off the getline node
				cn = getlineNode.l = this.node('concat', 37, ' ');
				cn.a = getlineNode;
				expected = TS.OPERAND | TS.UOPPRE;
				getlineNode = undefined;
				continue;
			}
			if (tc & (TS.BINOP | TC.UOPPOST)) {
				let vn = cn;
				while (info.prec > (vn.a!.prec & 0x7e) || (info.oc === 'colon' && vn.t === 'colon')) {
					vn = vn.a!;
					if (!vn.a) lx.error('Unexpected token');
				}
				const parent = vn.a!;
				cn = parent.r = this.node(info.oc as Node['t'], info.oc === 'ternary' ? info.prec + 6 : info.prec, info.op);
				cn.a = parent;
				if (tc & TS.BINOP) {
					cn.l = vn;
					if ((info.oc === 'move' || info.oc === 'replace') && vn.t !== 'var' && vn.t !== 'arg' && vn.t !== 'field') lx.error('Unexpected token');
					expected = TS.OPERAND | TS.UOPPRE | TC.REGEXP;
					if (info.oc === 'pgetline') {
						lx.next(TC.GETLINE);
						cn.prec = 0;
						expected = TS.OPERAND | TS.UOPPRE | TS.BINOP | term;
					}
				} else {
					cn.r = vn;
					expected = TS.OPERAND | TS.UOPPRE | TS.BINOP | term;
				}
				vn.a = cn;
				continue;
			}
			// an operand or a prefix operator: it hangs off the current node
			const vn = cn;
			const t = tc === TC.UOPPRE1 || tc === TC.UOPPRE2 ? (info.oc as Node['t']) : 'const';
			cn = vn.r = this.node(t, tc & (TC.UOPPRE1 | TC.UOPPRE2) ? info.prec : 0, info.op);
			cn.a = vn;
			expected = TS.OPERAND | TS.UOPPRE | TC.REGEXP;
			if (info.oc === 'preinc' && tc === TC.UOPPRE1) expected = TS.LVALUE | TC.UOPPRE1;
			if (!(tc & (TS.OPERAND | TC.REGEXP))) continue;
			expected = TS.UOPPRE | TC.UOPPOST | TS.BINOP | TS.OPERAND | term;
			switch (tc) {
				case TC.VARIABLE:
				case TC.ARRAY: {
					const idx = this.params?.get(lx.string);
					if (idx !== undefined) {
						cn.t = 'arg';
						cn.idx = idx;
					} else {
						cn.t = 'var';
						cn.cell = this.env.global(lx.string);
					}
					cn.name = lx.string;
					if (tc === TC.ARRAY) cn.sub = this.expr(TC.ARRTERM);
					break;
				}
				case TC.NUMBER:
				case TC.STRING:
					cn.t = 'const';
					cn.cell = tc === TC.NUMBER ? numCell(lx.number) : strCell(cut(lx.string));
					expected &= ~TC.UOPPOST;
					break;
				case TC.REGEXP:
					cn.t = 're';
					cn.name = cut(lx.string);
					awkRegex(cn.name, true, false);
					break;
				case TC.FUNCTION:
					cn.t = 'func';
					cn.name = lx.string;
					if (!this.env.funcs.has(cn.name)) this.env.funcs.set(cn.name, {name: cn.name, defined: false, nargs: 0, body: []});
					cn.l = this.expr(TC.RPAREN);
					break;
				case TC.LPAREN: {
					const inner = this.expr(TC.RPAREN);
					if (!inner) lx.error('Empty sequence');
					cn = vn.r = inner;
					cn.a = vn;
					break;
				}
				case TC.GETLINE:
					cn.t = 'getline';
					getlineNode = cn;
					expected = TS.OPERAND | TS.UOPPRE | TS.BINOP | term;
					break;
				case TC.BUILTIN:
					cn.t = 'builtin';
					cn.name = info.op;
					cn.l = this.lrparen();
					break;
				case TC.LENGTH: {
					cn.t = 'length';
					const t2 = lx.next(TC.LPAREN | TC.SEMICOL | TC.NEWLINE | TC.RBRACE | TC.BINOPX | TC.COMMA);
					if (t2 !== TC.LPAREN) lx.back();
					else cn.l = this.expr(TC.RPAREN);
					break;
				}
			}
		}
		return sn.r;
	}
}

/** busybox keeps strings as C strings: a "\0" escape ends one. */
function cut(s: string): string {
	const nul = s.indexOf('\0');
	return nul < 0 ? s : s.slice(0, nul);
}
