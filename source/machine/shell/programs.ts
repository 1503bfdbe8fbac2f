import type {InteractiveProgram, Program} from './proc.js';
import {lsMain} from './applets/ls.js';
import {FILE_PROGRAMS} from './applets/fileutils.js';
import {TEXT_PROGRAMS} from './applets/textutils.js';
import {GREP_PROGRAMS} from './applets/grep.js';
import {SYS_PROGRAMS} from './applets/sysutils.js';
import {lsmemMain} from './applets/lsmem.js';
import {chmemMain} from './applets/chmem.js';
import {echoMain} from './applets/echo.js';
import {printfMain} from './applets/printf.js';
import {testMain} from './applets/test.js';
import {PS_PROGRAMS} from './applets/ps.js';
import {FIND_PROGRAMS} from './applets/find.js';
import {FS_PROGRAMS} from './applets/fsutils.js';
import {SUM_PROGRAMS} from './applets/text/sums.js';
import {FOLD_PROGRAMS} from './applets/text/fold.js';
import {PROCTOOLS_PROGRAMS} from './applets/proctools.js';
import {makeBusybox} from './applets/busybox.js';
import {ddMain} from './applets/dd.js';
import {killMain} from './applets/kill.js';
import {sysctl} from './applets/sysctl.js';
import {fallocateMain, truncateMain} from './applets/truncate.js';
import {duMain} from './applets/du.js';
import {diffMain} from './applets/diff.js';
import {hexdumpMain, xxdMain} from './applets/hexdump.js';
import {exprMain} from './applets/expr.js';
import {MORE_PROGRAMS} from './applets/more.js';
import {LESS_PROGRAMS} from './applets/less.js';
import {VI_PROGRAMS} from './applets/vi.js';
import {SWAP_PROGRAMS} from './applets/swap.js';
import {TOP_PROGRAMS} from './applets/top.js';
import {WATCH_PROGRAMS} from './applets/watch.js';
import {GETOPT_PROGRAMS} from './applets/getopt-cmd.js';
import {SHUF_PROGRAMS} from './applets/shuf.js';
import {STTY_PROGRAMS} from './applets/stty.js';

/**
 * The programs memhp implements, by applet name. Applets of the busybox binary that are not
 * here still exist in /bin; running them reports `memhp: NAME: not simulated`.
 */
export const PROGRAMS: Record<string, Program | InteractiveProgram> = {
	ls: lsMain,
	...FILE_PROGRAMS,
	...TEXT_PROGRAMS,
	...SUM_PROGRAMS,
	...FOLD_PROGRAMS,
	...PROCTOOLS_PROGRAMS,
	...GREP_PROGRAMS,
	...SYS_PROGRAMS,
	...PS_PROGRAMS,
	...FIND_PROGRAMS,
	...FS_PROGRAMS,
	...MORE_PROGRAMS,
	...LESS_PROGRAMS,
	...VI_PROGRAMS,
	...SWAP_PROGRAMS,
	...TOP_PROGRAMS,
	...WATCH_PROGRAMS,
	...GETOPT_PROGRAMS,
	...SHUF_PROGRAMS,
	...STTY_PROGRAMS,
	dd: ddMain,
	kill: killMain,
	sysctl,
	truncate: truncateMain,
	du: duMain,
	diff: diffMain,
	expr: exprMain,
	hexdump: hexdumpMain,
	xxd: xxdMain,
	fallocate: fallocateMain,
	lsmem: lsmemMain,
	chmem: chmemMain,
	echo: echoMain,
	printf: printfMain,
	test: p => testMain(p, false),
	'[': p => testMain(p, true),
	'[[': p => testMain(p, true, ']]'),
	true: () => 0,
	false: () => 1,
};

/** `busybox APPLET ...` dispatches into this same table. */
PROGRAMS.busybox = makeBusybox(PROGRAMS);
