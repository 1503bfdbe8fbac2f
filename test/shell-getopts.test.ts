/**
 * ash's getopts (busybox 1.35): every row was run through Debian's busybox-static 1.35.0 as
 * `{ COMMAND; } 2>&1` and its output recorded.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	return guestShell();
}

/** [command line, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	['getopts ab: o -b x; echo $o $OPTARG $OPTIND', 'b x 3\n'],
	['set -- -a -b y z; while getopts ab: o; do echo "$o ${OPTARG-unset}"; done; echo $OPTIND $#', 'a \nb y\n4 4\n'],
	['set -- -ab y -c; while getopts ab: o; do echo "$o ${OPTARG-unset} $OPTIND"; done; echo end $OPTIND', 'a  2\nb y 3\nIllegal option -c\n? unset 4\nend 4\n'],
	['set -- -ba; while getopts ab: o; do echo "$o ${OPTARG-unset} $OPTIND"; done; echo end $OPTIND', 'b a 2\nend 2\n'],
	['set -- -b; getopts ab: o; echo "$o ${OPTARG-unset} $? $OPTIND"', 'No arg for -b option\n? unset 0 2\n'],
	['set -- -b; getopts :ab: o; echo "$o ${OPTARG-unset} $? $OPTIND"', ': b 0 2\n'],
	['set -- -x; getopts :ab: o; echo "$o ${OPTARG-unset} $? $OPTIND"', '? x 0 2\n'],
	['set -- -- -a; getopts a o; echo "$o $? $OPTIND"', '? 1 2\n'],
	['set -- - -a; getopts a o; echo "$o $? $OPTIND"', '? 1 1\n'],
	['set -- a -a; getopts a o; echo "$o $? $OPTIND"', '? 1 1\n'],
	['set -- -a -a; getopts a o; OPTIND=1; getopts a o; echo $OPTIND', '2\n'],
	['f() { getopts a o; echo "in $o $OPTIND"; }; set -- -a; f -a; getopts a o; echo "out $o $OPTIND"', 'in a 2\nout a 2\n'],
	['OPTERR=0; set -- -q; getopts a o; echo "$o ${OPTARG-unset}"', '? q\n'],
];

describe('getopts', () => {
	it.each(REAL)('%s', (cmd, output) => {
		expect(boot().run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});

	it('parses a script\'s options in a loop; a missing VAR is a usage error', () => {
		const sh = boot();
		sh.run(`cat > /tmp/s <<'EOF'
while getopts vn: o; do
  case $o in v) echo verbose;; n) echo "n=$OPTARG";; *) echo bad; exit 2;; esac
done
shift $((OPTIND - 1)); echo "rest: $*"
EOF`);
		expect(sh.run('sh /tmp/s -v -n 3 a b').output).toBe('verbose\nn=3\nrest: a b\n');
		expect(sh.run('sh /tmp/s -x; echo rc=$?').output).toBe('Illegal option -x\nbad\nrc=2\n');
		expect(sh.run('getopts a; echo $?; echo $OPTIND').output).toBe('sh: getopts: usage: getopts optstring var [arg]\n2\n1\n');
	});
});
