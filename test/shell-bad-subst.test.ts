/**
 * A malformed `${...}` (ash's parsesub() `badsub`) is no syntax error when it is read: the reader
 * takes everything up to its `}` as the expansion's word (blanks, `;`, quotes, nested `${` and
 * `$(`), and `syntax error: bad substitution` comes when the word is expanded, with the line the
 * reader is on; input that ends first is `missing '}'` or an unterminated quote. Rows: Debian's
 * busybox 1.35 `sh -c ROW 2>&1`; the script and console cases likewise (`busybox sh FILE`, `sh -i`
 * on a pseudo-terminal).
 */
import {describe, expect, it} from 'vitest';
import {busyboxRows} from './guest-shell.js';
import {asScript, atConsole} from './shell-input.js';

const REAL: [string, string][] = [
	["echo ${x", "sh: syntax error: missing '}'\n"],
	["echo ${x y}", "sh: syntax error: bad substitution\n"],
	["echo ${x y", "sh: syntax error: missing '}'\n"],
	["echo ${x@}", "sh: syntax error: bad substitution\n"],
	["echo ${x@", "sh: syntax error: missing '}'\n"],
	["echo ${#x", "sh: syntax error: missing '}'\n"],
	["echo ${#x y}", "sh: syntax error: bad substitution\n"],
	["echo ${", "sh: syntax error: missing '}'\n"],
	["echo ${ }", "sh: syntax error: bad substitution\n"],
	["echo ${x:", "sh: syntax error: missing '}'\n"],
	["echo ${x:}", "sh: syntax error: missing '}'\n"],
	["echo ${!x}", "sh: syntax error: bad substitution\n"],
	["echo \"${x\"", "sh: syntax error: unterminated quoted string\n"],
	["echo ${x;echo hi", "sh: syntax error: missing '}'\n"],
	["echo ${1x}", "sh: syntax error: bad substitution\n"],
	["echo ${x}}", "}\n"],
	["echo ${x:-a", "sh: syntax error: missing '}'\n"],
	["echo a; echo ${x y}; echo b", "a\nsh: syntax error: bad substitution\n"],
	["echo a; echo ${x", "sh: syntax error: missing '}'\n"],
	["echo a; echo ${x:}; echo b", "sh: syntax error: missing '}'\n"],
	["f() { echo ${x y}; }; echo defined", "defined\n"],
	["f() { echo ${x y}; }; f; echo after", "sh: syntax error: bad substitution\n"],
	["echo \"a ${x y} b\"; echo after", "sh: syntax error: bad substitution\n"],
	["echo \"a ${x y\" b}\"; echo after", "sh: syntax error: unterminated quoted string\n"],
	["echo ${x y $(echo })}; echo after", "sh: syntax error: bad substitution\n"],
	["echo ${x y 'a}b'}; echo after", "sh: syntax error: bad substitution\n"],
	["echo ${#x y}z", "sh: syntax error: bad substitution\n"],
	["false || echo ${ }; echo rc=$?", "sh: syntax error: bad substitution\n"],
	["true || echo ${ }; echo rc=$?", "rc=0\n"],
	["x=${!y}; echo rc=$?", "sh: syntax error: bad substitution\n"],
	["(echo ${@@}); echo rc=$?", "sh: syntax error: bad substitution\nrc=2\n"],
	["echo $(echo ${x y}); echo rc=$?", "sh: syntax error: bad substitution\n\nrc=0\n"],
	["v=${x y}; echo rc=$?", "sh: syntax error: bad substitution\n"],
	["for i in ${x y}; do echo $i; done; echo rc=$?", "sh: syntax error: bad substitution\n"],
	["case ${a b} in *) echo c;; esac", "sh: syntax error: bad substitution\n"],
	["echo ${x ${y:-a} b}; echo after", "sh: syntax error: bad substitution\n"],
	["echo ${x $((1+2)) b}; echo after", "sh: syntax error: bad substitution\n"],
];

describe('a malformed ${...} fails when it is expanded', () => {
	busyboxRows(REAL, {mode: 'sh-c'});

	it("in a script: the message names the line the reader is on (past the command, or the function's call)", () => {
		expect(asScript('echo 1\necho ${x y}\necho after\n', '/tmp/b.sh')).toBe('1\n/tmp/b.sh: line 3: syntax error: bad substitution\n[rc=2]\n');
		expect(asScript('echo 1\nf() {\n echo ${x y}\n}\necho def\nf\necho after\n', '/tmp/b.sh'))
			.toBe('1\ndef\n/tmp/b.sh: line 7: syntax error: bad substitution\n[rc=2]\n');
	});

	it('at the console: a new line inside the braces is part of the word (PS2), and the shell goes on', () => {
		expect(atConsole('echo ${x y\n}\necho ok')).toBe('/ # > sh: syntax error: bad substitution\n/ # ok\n/ # ');
		expect(atConsole('f() { echo ${x y}; }; echo def; f; echo after\necho ok')).toBe('/ # def\nsh: syntax error: bad substitution\n/ # ok\n/ # ');
	});
});
