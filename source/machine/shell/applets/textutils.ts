import type {InteractiveProgram, Program} from '../proc.js';
import {CUT} from './text/cut.js';
import {HEAD_TAIL} from './text/headtail.js';
import {SEQ_TEE_YES} from './text/seqtee.js';
import {SORT} from './text/sort.js';
import {TR} from './text/tr.js';
import {UNIQ} from './text/uniq.js';
import {WC} from './text/wc.js';
import {TAC_NL_PROGRAMS} from './text/tacnl.js';
import {OD_PROGRAM} from './text/od.js';
import {DOS2UNIX_PROGRAMS} from './text/dos2unix.js';

/** busybox 1.35's head, tail, wc, sort, uniq, cut, tr, seq, yes, tee, tac, rev, nl, paste, cmp, od (the files under text/). */

export {inputs, lines, linesKeepingNewlines} from './text/common.js';

export const TEXT_PROGRAMS: Record<string, Program | InteractiveProgram> = {...HEAD_TAIL, ...WC, ...SORT, ...UNIQ, ...CUT, ...TR, ...SEQ_TEE_YES, ...TAC_NL_PROGRAMS, ...OD_PROGRAM, ...DOS2UNIX_PROGRAMS};
