/**
 * Here-documents in the console's busybox 1.35 ash: `<<WORD`, `<<-WORD`, quoted delimiters,
 * descriptors, several per line, inside compound commands, pipelines and `$(...)`, the PS2
 * prompts while a body is open, and what scripts, eval and `sh -c` do when the delimiter never
 * comes. Every expected text is what Debian's busybox 1.35 on this machine printed for the same
 * input, with HOME=/ and busybox's own applets: `busybox sh -i` fed the lines (the console
 * tables: prompts and output, as the terminal shows them without the echo) or `busybox sh FILE;
 * echo "[rc=$?]"` (the script tables).
 */
import {describe, expect, it} from 'vitest';
import {asScript, atConsole} from './shell-input.js';
import {startSession, typeLine} from './session-helpers.js';

const check = (run: (src: string) => string, table: [string, string][]) => {
	for (const [src, want] of table) expect(run(src), JSON.stringify(src)).toBe(want);
};

describe('here-documents at the console', () => {
	it('shows PS2 for every body line until the delimiter, then runs the line (echo and prompts as the terminal shows them)', () => {
		const s = startSession(['-m', '1G', '-kernel', 'bzImage']);
		let shown = '';
		for (const line of ['cat <<EOF', 'a $HOME', '\tb', 'EOF', 'echo done']) shown += typeLine(s, 'serial', line);
		expect(shown.replace(/\r/g, '')).toBe('cat <<EOF\n> a $HOME\n> \tb\n> EOF\na /\n\tb\n/ # echo done\ndone\n/ # ');
		// Ctrl-C drops an open body like any unfinished command.
		typeLine(s, 'serial', 'cat <<EOF');
		expect(s.prompt('serial')).toBe('> ');
		s.interrupt();
		expect(s.prompt('serial')).toBe('/ # ');
	});

	it('expands parameters, $(...), backquotes and arithmetic in an unquoted body; a backslash quotes only $ ` \\ and newline', () => {
		check(atConsole, [
			['x=1; cat <<EOF\na $HOME $((1+2)) $(echo sub) `echo bq` ${x} ${nope:-def} ${#HOME}\nEOF',
				'/ # > > a / 3 sub bq 1 def 1\n/ # '],
			['cat <<EOF\na\\"b \\$x \\\\ \\` \\q \'s\' "d" "$HOME" \'$HOME\'\nEOF',
				'/ # > > a\\"b $x \\ ` \\q \'s\' "d" "/" \'/\'\n/ # '],
			['cat <<EOF\na\\\nb\nc\\\nEOF\nEOF',
				'/ # > > > > > ab\ncEOF\n/ # '],
			['cat <<EOF\n${z=5} $((i+=1))\nEOF\necho z=$z i=$i',
				'/ # > > 5 1\n/ # z=5 i=1\n/ # '],
			['set -- a b; cat <<EOF\n"$@" $* $# ${2}\nEOF',
				'/ # > > "a b" a b 2 b\n/ # '],
		]);
	});

	it("takes a body literally when any part of the delimiter is quoted ('EOF', \"EOF\", \\EOF, E\"O\"F)", () => {
		check(atConsole, [
			['cat <<\'EOF\'\na $HOME \\$x `echo q` $(echo r) \\\nEOF',
				'/ # > > a $HOME \\$x `echo q` $(echo r) \\\n/ # '],
			['cat <<"EOF"\na $HOME \\$x `echo q`\nEOF',
				'/ # > > a $HOME \\$x `echo q`\n/ # '],
			['cat <<\\EOF\na $HOME \\$x `echo q`\nEOF',
				'/ # > > a $HOME \\$x `echo q`\n/ # '],
			['cat <<E"O"F\na $HOME \\$x `echo q`\nEOF',
				'/ # > > a $HOME \\$x `echo q`\n/ # '],
			['cat <<"E O"\na $HOME\nE O',
				'/ # > > a $HOME\n/ # '],
			['cat <<"a\\"b"\ne $HOME\na"b',
				'/ # > > e $HOME\n/ # '],
			['cat <<\'EOF\'\n$HOME\n\\$x\nEOF',
				'/ # > > > $HOME\n\\$x\n/ # '],
		]);
	});

	it('<<- strips leading tabs from body lines and from the delimiter line (not after a backslash-newline)', () => {
		check(atConsole, [
			['cat <<-EOF\n\t\ta $HOME\n  \tb\n\tEOF\necho x',
				'/ # > > > a /\n  \tb\n/ # x\n/ # '],
			['cat <<-"EOF"\n\t\ta $HOME\n\tEOF',
				'/ # > > a $HOME\n/ # '],
			['cat <<-EOF\n\ta\\\n\tb\n\tEOF',
				'/ # > > > a\tb\n/ # '],
			['cat <<- EOF\n\tx\n\tEOF',
				'/ # > > x\n/ # '],
		]);
	});

	it('goes to the descriptor before <<, in the order of the redirections; read -u reads it', () => {
		check(atConsole, [
			['cat 3<<EOF 0<&3\nfd3\nEOF',
				'/ # > > fd3\n/ # '],
			['read -u 3 l 3<<EOF; echo "[$l]"\nline1\nEOF',
				'/ # > > [line1]\n/ # '],
			['cat <&3 3<<EOF; echo rc=$?\nfd3b\nEOF',
				'/ # > > sh: 3: Bad file descriptor\nrc=1\n/ # '],
			['cat 0<<EOF\nzero\nEOF',
				'/ # > > zero\n/ # '],
			['cat <<EOF >&0; echo rc=$?\nx\nEOF',
				'/ # > > cat: write error: Bad file descriptor\nrc=1\n/ # '],
			['read -u 4 l; echo rc=$?',
				'/ # rc=1\n/ # '],
		]);
	});

	it('reads several bodies after the line, in order; the last one on a descriptor wins', () => {
		check(atConsole, [
			['cat <<A <<B\na\nA\nb\nB\necho next',
				'/ # > > > > b\n/ # next\n/ # '],
			['cat <<A; cat <<B\na\nA\nb\nB',
				'/ # > > > > a\nb\n/ # '],
			['cat <<A<<B\na\nA\nb\nB',
				'/ # > > > > b\n/ # '],
			['cat <<EOF | cat - <<EOF2\none\nEOF\ntwo\nEOF2',
				'/ # > > > > two\n/ # '],
		]);
	});

	it('works in pipelines, with other redirections, in loops, groups, functions, if and $(...)', () => {
		check(atConsole, [
			['cat <<EOF | grep x\nxa\nyb\nxc\nEOF',
				'/ # > > > > xa\nxc\n/ # '],
			['cat > /tmp/f <<EOF\nhello $HOME\nEOF\ncat /tmp/f',
				'/ # > > / # hello /\n/ # '],
			['while read l; do echo "<$l>"; done <<EOF\none\ntwo words\nEOF',
				'/ # > > > <one>\n<two words>\n/ # '],
			['while read l\ndo echo "<$l>"\ndone <<EOF\none\nEOF',
				'/ # > > > > <one>\n/ # '],
			['{ cat; echo x; } <<EOF\nin\nEOF',
				'/ # > > in\nx\n/ # '],
			['for i in 1 2; do cat <<EOF\ni=$i\nEOF\ndone',
				'/ # > > > i=1\ni=2\n/ # '],
			['f() { cat <<EOF\narg=$1\nEOF\n}\nf hi; f there',
				'/ # > > > / # arg=hi\narg=there\n/ # '],
			['if true; then\ncat <<EOF\nin if\nEOF\nfi',
				'/ # > > > > in if\n/ # '],
			['cat <<EOF | while read a; do echo "[$a]"; done; echo end\n1\n2\nEOF',
				'/ # > > > [1]\n[2]\nend\n/ # '],
			['cat <<EOF && echo ok\nbody\nEOF',
				'/ # > > body\nok\n/ # '],
			['x=$(cat <<EOF\nit\'s $HOME\nEOF\n)\necho "[$x]"',
				'/ # > > > / # [it\'s /]\n/ # '],
			['echo $(cat <<EOF\n$((1<<3))\nEOF\n) $((1<<2))',
				'/ # > > > 8 4\n/ # '],
			['cat <<EOF\n$(echo a\necho b)\nEOF',
				'/ # > > > a\nb\n/ # '],
		]);
	});

	it('delimiter words: $ and backquotes are plain, backslash-newline joins, an empty one ends at an empty line', () => {
		check(atConsole, [
			['x=1; cat <<$x\nhello\n$x',
				'/ # > > hello\n/ # '],
			['cat <<${x}\na $HOME\n${x}',
				'/ # > > a /\n/ # '],
			['cat <<E\\\nOF\ng $HOME\nEOF',
				'/ # > > > g /\n/ # '],
			['cat <<""\nx\n\necho after',
				'/ # > > x\n/ # after\n/ # '],
			['cat <<EOF\nEOF \nEOFX\n EOF\nEOF',
				'/ # > > > > EOF \nEOFX\n EOF\n/ # '],
			['cat << -EOF\nx\n-EOF',
				'/ # > > x\n/ # '],
			['cat <<EOF # comment\nc\nEOF',
				'/ # > > c\n/ # '],
		]);
	});

	it("errors: an expansion that fails fails the redirection (status 1, the line goes on); syntax errors in ash's words", () => {
		check(atConsole, [
			['cat <<EOF; echo rc=$?\n${x?missing}\nEOF\necho next',
				'/ # > > sh: x: missing\nrc=1\n/ # next\n/ # '],
			['cat <<EOF\n$((1/0))\nEOF\necho rc=$?',
				'/ # > > sh: divide by zero\n/ # rc=1\n/ # '],
			['echo a; cat <<EOF; echo b\n${x!}\nEOF',
				'/ # > > a\nsh: syntax error: bad substitution\nb\n/ # '],
			['cat <<EOF\n${x:-a\nEOF\necho after',
				'/ # > > sh: syntax error: missing \'}\'\n/ # after\n/ # '],
			['cat <<EOF\n${xy\nEOF\n}\nEOF\necho after',
				'/ # > > > > sh: syntax error: bad substitution\n/ # after\n/ # '],
			['cat <<\necho x',
				'/ # sh: syntax error: unexpected newline\n/ # x\n/ # '],
			['cat <<;',
				'/ # sh: syntax error: unexpected ";"\n/ # '],
			['cat <<<x',
				'/ # sh: syntax error: unexpected redirection\n/ # '],
			['cat <<EOF; fi\nx\nEOF\necho z',
				'/ # sh: syntax error: unexpected "fi"\n/ # sh: x: not found\n/ # sh: EOF: not found\n/ # z\n/ # '],
		]);
	});
});

describe('here-documents in scripts, eval, sh -c and . files', () => {
	it('a body without its delimiter ends at the end of the input, silently (without a newline the file did not have)', () => {
		check(asScript, [
			['cat <<EOF\nabc',
				'abc[rc=0]\n'],
			['cat <<EOF\nabc\n',
				'abc\n[rc=0]\n'],
			['cat <<EOF\nabc\nEOF',
				'abc\n[rc=0]\n'],
			['cat <<\'EOF\'\nq $HOME',
				'q $HOME[rc=0]\n'],
			['cat <<EOF\na\nb\nEOF\nfoo\n',
				'a\nb\n/tmp/hd.sh: line 5: foo: not found\n[rc=127]\n'],
			['eval "cat <<EOF\nev $HOME"; echo "|rc=$?"\n',
				'ev /|rc=0\n[rc=0]\n'],
			['sh -c "cat <<EOF\nin child \\$0"; echo "|"\n',
				'in child sh|\n[rc=0]\n'],
			['printf \'cat <<EOF\\nxyz $HOME\\n\' > /tmp/dot.sh; . /tmp/dot.sh; echo rc=$?\n',
				'xyz /\nrc=0\n[rc=0]\n'],
			['printf \'cat <<EOF\\nxyz\' | sh; echo \'|\'\n',
				'xyz|\n[rc=0]\n'],
			['set -x; cat <<EOF\n$HOME\nEOF\n',
				'+ cat\n/\n[rc=0]\n'],
		]);
	});

	it("messages name the line ash's reader is on", () => {
		check(asScript, [
			['cat <<EOF; echo rc=$?\n${x?missing}\nEOF\necho next\n',
				'/tmp/hd.sh: line 1: x: missing\nrc=1\nnext\n[rc=0]\n'],
			['cat < ${x?missing}; echo rc=$?\n',
				'/tmp/hd.sh: line 1: x: missing\n[rc=2]\n'],
			['echo 1\ncat <<EOF\n${x!}\nEOF\necho after\n',
				'1\n/tmp/hd.sh: line 5: syntax error: bad substitution\nafter\n[rc=0]\n'],
			['cat <<EOF\n${x:-a\nEOF\n}\nEOF\necho after\n',
				'/tmp/hd.sh: line 4: syntax error: missing \'}\'\n[rc=2]\n'],
			['echo 1\ncat <<EOF\n$((\nEOF\necho after\n',
				'1\n/tmp/hd.sh: line 5: syntax error: missing \'))\'\n[rc=2]\n'],
			['echo 1\ncat <<EOF\n$(\nEOF\necho after\n',
				'1\n/tmp/hd.sh: line 6: syntax error: unexpected end of file (expecting ")")\n[rc=2]\n'],
			['echo 1\ncat <<EOF\n`\nEOF\necho after\n',
				'1\n/tmp/hd.sh: line 6: syntax error: EOF in backquote substitution\n[rc=2]\n'],
			['echo hi\ncat <<\necho x\n',
				'hi\n/tmp/hd.sh: line 3: syntax error: unexpected newline\n[rc=2]\n'],
		]);
	});
});
