import type {Proc} from './proc.js';
import {BB_BANNER_TEXT} from './bb-version.js';

/**
 * busybox's getopt32() as it runs on glibc: getopt_long() with argument permutation (options
 * may follow operands unless the spec starts with '+' or POSIXLY_CORRECT is set), bundled
 * flags (`-nr`), `-kARG` and `-k ARG`, repeatable options, `--` ending the options and `-`
 * as an operand. Errors print glibc's message with argv[0] (as typed: `/usr/bin/sort: ...`)
 * and then the applet's usage block, like bb_show_usage(). Also libbb's number parsers
 * (xatou_sfx and friends) with their exact error texts.
 */

export const BB_BANNER = `${BB_BANNER_TEXT} multi-call binary.\n`;

/**
 * What `APPLET --help` prints after `Usage: APPLET `: the trivial and full usage texts of the
 * Debian build of busybox 1.35 (taken from the binary, which differs in a few words from the
 * `//usage:` lines of the source tree).
 */
const SHELL_USAGE = "[-il] [-|+Cabefmnuvx] [-|+o OPT]... [-c 'SCRIPT' [ARG0 ARGS] | FILE ARGS | -s ARGS]\n\nUnix shell interpreter\n";

export const USAGE: Record<string, string> = {
	sh: SHELL_USAGE,
	ash: SHELL_USAGE,
	dd: '[if=FILE] [of=FILE] [ibs=N obs=N/bs=N] [count=N] [skip=N] [seek=N]\n\t[conv=notrunc|noerror|sync|fsync]\n\t[iflag=skip_bytes|count_bytes|fullblock|direct] [oflag=seek_bytes|append|direct]\n\nCopy a file with converting and formatting\n\n\tif=FILE\t\tRead from FILE instead of stdin\n\tof=FILE\t\tWrite to FILE instead of stdout\n\tbs=N\t\tRead and write N bytes at a time\n\tibs=N\t\tRead N bytes at a time\n\tobs=N\t\tWrite N bytes at a time\n\tcount=N\t\tCopy only N input blocks\n\tskip=N\t\tSkip N input blocks\n\tseek=N\t\tSkip N output blocks\n\tconv=notrunc\tDon\'t truncate output file\n\tconv=noerror\tContinue after read errors\n\tconv=sync\tPad blocks with zeros\n\tconv=fsync\tPhysically write data out before finishing\n\tconv=swab\tSwap every pair of bytes\n\tiflag=skip_bytes\tskip=N is in bytes\n\tiflag=count_bytes\tcount=N is in bytes\n\toflag=seek_bytes\tseek=N is in bytes\n\tiflag=direct\tO_DIRECT input\n\toflag=direct\tO_DIRECT output\n\tiflag=fullblock\tRead full blocks\n\toflag=append\tOpen output in append mode\n\tstatus=noxfer\tSuppress rate output\n\tstatus=none\tSuppress all output\n\nN may be suffixed by c (1), w (2), b (512), kB (1000), k (1024), MB, M, GB, G\n',
	chmod: '[-Rcvf] MODE[,MODE]... FILE...\n\nMODE is octal number (bit pattern sstrwxrwxrwx) or [ugoa]{+|-|=}[rwxXst]\n\n\t-R\tRecurse\n\t-c\tList changed files\n\t-v\tVerbose\n\t-f\tHide errors\n',
	head: '[OPTIONS] [FILE]...\n\nPrint first 10 lines of FILEs (or stdin).\nWith more than one FILE, precede each with a filename header.\n\n\t-n N[bkm]\tPrint first N lines\n\t-n -N[bkm]\tPrint all except N last lines\n\t-c [-]N[bkm]\tPrint first N bytes\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n',
	tail: '[OPTIONS] [FILE]...\n\nPrint last 10 lines of FILEs (or stdin) to.\nWith more than one FILE, precede each with a filename header.\n\n\t-c [+]N[bkm]\tPrint last N bytes\n\t-n N[bkm]\tPrint last N lines\n\t-n +N[bkm]\tStart on Nth line and print the rest\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n\t-f\t\tPrint data as file grows\n\t-F\t\tSame as -f, but keep retrying\n\t-s SECONDS\tWait SECONDS between reads with -f\n',
	wc: '[-cmlwL] [FILE]...\n\nCount lines, words, and bytes for FILEs (or stdin)\n\n\t-c\tCount bytes\n\t-m\tCount characters\n\t-l\tCount newlines\n\t-w\tCount words\n\t-L\tPrint longest line length\n',
	sort: '[-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...\n\nSort lines of text\n\n\t-o FILE\tOutput to FILE\n\t-c\tCheck whether input is sorted\n\t-b\tIgnore leading blanks\n\t-f\tIgnore case\n\t-i\tIgnore unprintable characters\n\t-d\tDictionary order (blank or alphanumeric only)\n\t-n\tSort numbers\n\t-g\tGeneral numerical sort\n\t-M\tSort month\n\t-V\tSort version\n\t-t CHAR\tField separator\n\t-k N[,M] Sort by Nth field\n\t-r\tReverse sort order\n\t-s\tStable (don\'t sort ties alphabetically)\n\t-u\tSuppress duplicate lines\n\t-z\tNUL terminated input and output\n',
	uniq: '[-cduiz] [-f,s,w N] [FILE [OUTFILE]]\n\nDiscard duplicate lines\n\n\t-c\tPrefix lines by the number of occurrences\n\t-d\tOnly print duplicate lines\n\t-u\tOnly print unique lines\n\t-i\tIgnore case\n\t-z\tNUL terminated output\n\t-f N\tSkip first N fields\n\t-s N\tSkip first N chars (after any skipped fields)\n\t-w N\tCompare N characters in line\n',
	cut: '[OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon\'t sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored\n',
	tr: '[-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n',
	seq: '[-w] [-s SEP] [FIRST [INC]] LAST\n\nPrint numbers from FIRST to LAST, in steps of INC.\nFIRST, INC default to 1.\n\n\t-w\tPad to last with leading zeros\n\t-s SEP\tString separator\n',
	yes: '[STRING]\n\nRepeatedly print a line with STRING, or \'y\'\n',
	tee: '[-ai] [FILE]...\n\nCopy stdin to each FILE, and also to stdout\n\n\t-a\tAppend to the given FILEs, don\'t overwrite\n\t-i\tIgnore interrupt signals (SIGINT)\n',
	ps: '[-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n',
	find: '[-HL] [PATH]... [OPTIONS] [ACTIONS]\n\nSearch for files and perform actions on them.\nFirst failed action stops processing of current file.\nDefaults: PATH is current directory, action is \'-print\'\n\n\t-L,-follow\tFollow symlinks\n\t-H\t\t...on command line only\n\t-xdev\t\tDon\'t descend directories on other filesystems\n\t-maxdepth N\tDescend at most N levels. -maxdepth 0 applies\n\t\t\tactions to command line arguments only\n\t-mindepth N\tDon\'t act on first N levels\n\t-depth\t\tAct on directory *after* traversing it\n\nActions:\n\t( ACTIONS )\tGroup actions for -o / -a\n\t! ACT\t\tInvert ACT\'s success/failure\n\tACT1 [-a] ACT2\tIf ACT1 fails, stop, else do ACT2\n\tACT1 -o ACT2\tIf ACT1 succeeds, stop, else do ACT2\n\t\t\tNote: -a has higher priority than -o\n\t-name PATTERN\tMatch file name (w/o directory name) to PATTERN\n\t-iname PATTERN\tCase insensitive -name\n\t-path PATTERN\tMatch path to PATTERN\n\t-ipath PATTERN\tCase insensitive -path\n\t-regex PATTERN\tMatch path to regex PATTERN\n\t-type X\t\tFile type is X (one of: f,d,l,b,c,s,p)\n\t-executable\tFile is executable\n\t-perm MASK\tAt least one mask bit (+MASK), all bits (-MASK),\n\t\t\tor exactly MASK bits are set in file\'s mode\n\t-mtime DAYS\tmtime is greater than (+N), less than (-N),\n\t\t\tor exactly N days in the past\n\t-atime DAYS\tatime +N/-N/N days in the past\n\t-ctime DAYS\tctime +N/-N/N days in the past\n\t-mmin MINS\tmtime is greater than (+N), less than (-N),\n\t\t\tor exactly N minutes in the past\n\t-amin MINS\tatime +N/-N/N minutes in the past\n\t-cmin MINS\tctime +N/-N/N minutes in the past\n\t-newer FILE\tmtime is more recent than FILE\'s\n\t-inum N\t\tFile has inode number N\n\t-samefile FILE\tFile is same as FILE\n\t-user NAME/ID\tFile is owned by given user\n\t-group NAME/ID\tFile is owned by given group\n\t-size N[bck]\tFile size is N (c:bytes,k:kbytes,b:512 bytes(def.))\n\t\t\t+/-N: file size is bigger/smaller than N\n\t-links N\tNumber of links is greater than (+N), less than (-N),\n\t\t\tor exactly N\n\t-empty\t\tMatch empty file/directory\n\t-prune\t\tIf current file is directory, don\'t descend into it\nIf none of the following actions is specified, -print is assumed\n\t-print\t\tPrint file name\n\t-print0\t\tPrint file name, NUL terminated\n\t-exec CMD ARG ;\tRun CMD with all instances of {} replaced by\n\t\t\tfile name. Fails if CMD exits with nonzero\n\t-exec CMD ARG + Run CMD with {} replaced by list of file names\n\t-quit\t\tExit\n',
	xargs: '[OPTIONS] [PROG ARGS]\n\nRun PROG on every item given by stdin\n\n\t-0\tNUL terminated input\n\t-a FILE\tRead from FILE instead of stdin\n\t-r\tDon\'t run command if input is empty\n\t-t\tPrint the command on stderr before execution\n\t-p\tAsk user whether to run each command\n\t-E STR,-e[STR]\tSTR stops input processing\n\t-I STR\tReplace STR within PROG ARGS with input line\n\t-n N\tPass no more than N args to PROG\n\t-s N\tPass command line of no more than N bytes\n\t-P N\tRun up to N PROGs in parallel\n\t-x\tExit if size is exceeded\n',
	which: '[-a] COMMAND...\n\nLocate COMMAND\n\n\t-a\tShow all matches\n',
	stat: '[-ltf] [-c FMT] FILE...\n\nDisplay file (default) or filesystem status\n\n\t-c FMT\tUse the specified format\n\t-f\tDisplay filesystem status\n\t-L\tFollow links\n\t-t\tTerse display\n\nFMT sequences for files:\n %a\tAccess rights in octal\n %A\tAccess rights in human readable form\n %b\tNumber of blocks allocated (see %B)\n %B\tSize in bytes of each block reported by %b\n %d\tDevice number in decimal\n %D\tDevice number in hex\n %f\tRaw mode in hex\n %F\tFile type\n %g\tGroup ID\n %G\tGroup name\n %h\tNumber of hard links\n %i\tInode number\n %n\tFile name\n %N\tFile name, with -> TARGET if symlink\n %o\tI/O block size\n %s\tTotal size in bytes\n %t\tMajor device type in hex\n %T\tMinor device type in hex\n %u\tUser ID\n %U\tUser name\n %x\tTime of last access\n %X\tTime of last access as seconds since Epoch\n %y\tTime of last modification\n %Y\tTime of last modification as seconds since Epoch\n %z\tTime of last change\n %Z\tTime of last change as seconds since Epoch\n\nFMT sequences for file systems:\n %a\tFree blocks available to non-superuser\n %b\tTotal data blocks\n %c\tTotal file nodes\n %d\tFree file nodes\n %f\tFree blocks\n %i\tFile System ID in hex\n %l\tMaximum length of filenames\n %n\tFile name\n %s\tBlock size (for faster transfer)\n %S\tFundamental block size (for block counts)\n %t\tType in hex\n %T\tType in human readable form\n',
	mount: '[OPTIONS] [-o OPT] DEVICE NODE\n\nMount a filesystem. Filesystem autodetection requires /proc.\n\n\t-a\t\tMount all filesystems in fstab\n\t-f\t\tDry run\n\t-i\t\tDon\'t run mount helper\n\t-r\t\tRead-only mount\n\t-t FSTYPE[,...]\tFilesystem type(s)\n\t-T FILE\t\tRead FILE instead of /etc/fstab\n\t-O OPT\t\tMount only filesystems with option OPT (-a only)\n-o OPT:\n\tloop\t\tIgnored (loop devices are autodetected)\n\t[a]sync\t\tWrites are [a]synchronous\n\t[no]atime\tDisable/enable updates to inode access times\n\t[no]diratime\tDisable/enable atime updates to directories\n\t[no]relatime\tDisable/enable atime updates relative to modification time\n\t[no]dev\t\t(Dis)allow use of special device files\n\t[no]exec\t(Dis)allow use of executable files\n\t[no]suid\t(Dis)allow set-user-id-root programs\n\t[r]shared\tConvert [recursively] to a shared subtree\n\t[r]slave\tConvert [recursively] to a slave subtree\n\t[r]private\tConvert [recursively] to a private subtree\n\t[un]bindable\tMake mount point [un]able to be bind mounted\n\t[r]bind\t\tBind a file or directory [recursively] to another location\n\tmove\t\tRelocate an existing mount point\n\tremount\t\tRemount a mounted filesystem, changing flags\n\tro\t\tSame as -r\n\nThere are filesystem-specific -o flags.\n',
	df: '[-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics\n\n\t-P\tPOSIX output format\n\t-k\t1024-byte blocks (default)\n\t-m\t1M-byte blocks\n\t-h\tHuman readable (e.g. 1K 243M 2G)\n\t-T\tPrint filesystem type\n\t-t TYPE\tPrint only mounts of this type\n\t-a\tShow all filesystems\n\t-i\tInodes\n\t-B SIZE\tBlocksize\n',
	cat: '[-nbvteA] [FILE]...\n\nPrint FILEs to stdout\n\n\t-n\tNumber output lines\n\t-b\tNumber nonempty lines\n\t-v\tShow nonprinting characters as ^x or M-x\n\t-t\t...and tabs as ^I\n\t-e\t...and end lines with $\n\t-A\tSame as -vte\n',
	mkdir: '[-m MODE] [-p] DIRECTORY...\n\nCreate DIRECTORY\n\n\t-m MODE\tMode\n\t-p\tNo error if exists; make parent directories as needed\n',
	rm: '[-irf] FILE...\n\nRemove (unlink) FILEs\n\n\t-i\tAlways prompt before removing\n\t-f\tNever prompt\n\t-R,-r\tRecurse\n',
	rmdir: '[-p] DIRECTORY...\n\nRemove DIRECTORY if it is empty\n\n\t-p\tInclude parents\n\t--ignore-fail-on-non-empty\n',
	touch: '[-cham] [-d DATE] [-t DATE] [-r FILE] FILE...\n\nUpdate mtime of FILEs\n\n\t-c\tDon\'t create files\n\t-h\tDon\'t follow links\n\t-a\tChange only atime\n\t-m\tChange only mtime\n\t-d DT\tDate/time to use\n\t-t DT\tDate/time to use\n\t-r FILE\tUse FILE\'s date/time\n',
	cp: '[-arPLHpfinlsTu] SOURCE DEST\nor: cp [-arPLHpfinlsu] SOURCE... { -t DIRECTORY | DIRECTORY }\n\nCopy SOURCEs to DEST\n\n\t-a\tSame as -dpR\n\t-R,-r\tRecurse\n\t-d,-P\tPreserve symlinks (default if -R)\n\t-L\tFollow all symlinks\n\t-H\tFollow symlinks on command line\n\t-p\tPreserve file attributes if possible\n\t-f\tOverwrite\n\t-i\tPrompt before overwrite\n\t-n\tDon\'t overwrite\n\t-l,-s\tCreate (sym)links\n\t-T\tRefuse to copy if DEST is a directory\n\t-t DIR\tCopy all SOURCEs into DIR\n\t-u\tCopy only newer files\n',
	mv: '[-finT] SOURCE DEST\nor: mv [-fin] SOURCE... { -t DIRECTORY | DIRECTORY }\n\nRename SOURCE to DEST, or move SOURCEs to DIRECTORY\n\n\t-f\tDon\'t prompt before overwriting\n\t-i\tInteractive, prompt before overwrite\n\t-n\tDon\'t overwrite an existing file\n\t-T\tRefuse to move if DEST is a directory\n\t-t DIR\tMove all SOURCEs into DIR\n',
	ln: '[-sfnbtv] [-S SUF] TARGET... LINK|DIR\n\nCreate a link LINK or DIR/TARGET to the specified TARGET(s)\n\n\t-s\tMake symlinks instead of hardlinks\n\t-f\tRemove existing destinations\n\t-n\tDon\'t dereference symlinks - treat like normal file\n\t-b\tMake a backup of the target (if exists) before link operation\n\t-S SUF\tUse suffix instead of ~ when making backup files\n\t-T\tTreat LINK as a file, not DIR\n\t-v\tVerbose\n',
	readlink: '[-fnv] FILE\n\nDisplay the value of a symlink\n\n\t-f\tCanonicalize by following all symlinks\n\t-n\tDon\'t add newline\n\t-v\tVerbose\n',
	realpath: 'FILE...\n\nPrint absolute pathnames of FILEs\n',
	basename: 'FILE [SUFFIX] | -a FILE... | -s SUFFIX FILE...\n\nStrip directory path and SUFFIX from FILE\n\n\t-a\t\tAll arguments are FILEs\n\t-s SUFFIX\tRemove SUFFIX (implies -a)\n',
	dirname: 'FILENAME\n\nStrip non-directory suffix from FILENAME\n',
	kill: '[-l] [-SIG] PID...\n\nSend a signal (default: TERM) to given PIDs\n\n\t-l\tList all signal names and numbers\n',
	sysctl: '[-enq] { -a | -p [FILE]... | [-w] [KEY[=VALUE]]... }\n\nShow/set kernel parameters\n\n\t-e\tDon\'t warn about unknown keys\n\t-n\tDon\'t show key names\n\t-q      Quiet\n\t-a\tShow all values\n\t-p\tSet values from FILEs (default /etc/sysctl.conf)\n\t-w\tSet values\n',
	truncate: '[-c] -s SIZE FILE...\n\nTruncate FILEs to SIZE\n\n\t-c\tDo not create files\n\t-s SIZE\n',
	fallocate: '[-o OFS] -l LEN FILE\n\nPreallocate space for FILE\n\n\t-o OFS\tOffset of range\n\t-l LEN\tLength of range\n',
	du: '[-aHLdclsxhmk] [FILE]...\n\nSummarize disk space used for FILEs (or directories)\n\n\t-a\tShow file sizes too\n\t-b\tApparent size (including holes)\n\t-L\tFollow all symlinks\n\t-H\tFollow symlinks on command line\n\t-d N\tLimit output to directories (and files with -a) of depth < N\n\t-c\tShow grand total\n\t-l\tCount sizes many times if hard linked\n\t-s\tDisplay only a total for each argument\n\t-x\tSkip directories on different filesystems\n\t-h\tSizes in human readable format (e.g., 1K 243M 2G)\n\t-m\tSizes in megabytes\n\t-k\tSizes in kilobytes (default)\n',
	umount: '[-rlfda] [-t FSTYPE] FILESYSTEM|DIRECTORY\n\nUnmount filesystems\n\n\t-a\tUnmount all filesystems\n\t-r\tRemount devices read-only if mount is busy\n\t-l\tLazy umount (detach filesystem)\n\t-f\tForce umount (i.e., unreachable NFS server)\n\t-d\tFree loop device if it has been used\n\t-t FSTYPE[,...]\tUnmount only these filesystem type(s)\n',
	diff: '[-abBdiNqrTstw] [-L LABEL] [-S FILE] [-U LINES] FILE1 FILE2\n\nCompare files line by line and output the differences between them.\nThis implementation supports unified diffs only.\n\n\t-a\tTreat all files as text\n\t-b\tIgnore changes in the amount of whitespace\n\t-B\tIgnore changes whose lines are all blank\n\t-d\tTry hard to find a smaller set of changes\n\t-i\tIgnore case differences\n\t-L\tUse LABEL instead of the filename in the unified header\n\t-N\tTreat absent files as empty\n\t-q\tOutput only whether files differ\n\t-r\tRecurse\n\t-S\tStart with FILE when comparing directories\n\t-T\tMake tabs line up by prefixing a tab when necessary\n\t-s\tReport when two files are the same\n\t-t\tExpand tabs to spaces in output\n\t-U\tOutput LINES lines of context\n\t-w\tIgnore all whitespace\n',
	hexdump: '[-bcdoxCv] [-e FMT] [-f FMT_FILE] [-n LEN] [-s OFS] [FILE]...\n\nDisplay FILEs (or stdin) in a user specified format\n\n\t-b\t\t1-byte octal display\n\t-c\t\t1-byte character display\n\t-d\t\t2-byte decimal display\n\t-o\t\t2-byte octal display\n\t-x\t\t2-byte hex display\n\t-C\t\thex+ASCII 16 bytes per line\n\t-v\t\tShow all (no dup folding)\n\t-e FORMAT_STR\tExample: \'16/1 "%02x|""\\n"\'\n\t-f FORMAT_FILE\n\t-n LENGTH\tShow only first LENGTH bytes\n\t-s OFFSET\tSkip OFFSET bytes\n',
	xxd: '[-pri] [-g N] [-c N] [-n LEN] [-s OFS] [-o OFS] [FILE]\n\nHex dump FILE (or stdin)\n\n\t-g N\t\tBytes per group\n\t-c N\t\tBytes per line\n\t-p\t\tShow only hex bytes, assumes -c30\n\t-i\t\tC include file style\n\t-l LENGTH\tShow only first LENGTH bytes\n\t-s OFFSET\tSkip OFFSET bytes\n\t-o OFFSET\tAdd OFFSET to displayed offset\n\t-r\t\tReverse (with -p, assumes no offsets in input)\n',
	reboot: '[-d DELAY] [-nf]\n\nReboot the system\n\n\t-d SEC\tDelay interval\n\t-n\tDo not sync\n\t-f\tForce (don\'t go through init)\n',
	poweroff: '[-d DELAY] [-nf]\n\nHalt and shut off power\n\n\t-d SEC\tDelay interval\n\t-n\tDo not sync\n\t-f\tForce (don\'t go through init)\n',
	halt: '[-d DELAY] [-nfw]\n\nHalt the system\n\n\t-d SEC\tDelay interval\n\t-n\tDo not sync\n\t-f\tForce (don\'t go through init)\n\t-w\tOnly write a wtmp record\n',
	free: '[-bkmgh]\n\nDisplay free and used memory\n',
	lsmod: '\n\nList loaded kernel modules\n',
	dmesg: '[-cr] [-n LEVEL] [-s SIZE]\n\nPrint or control the kernel ring buffer\n\n\t-c\t\tClear ring buffer after printing\n\t-n LEVEL\tSet console logging level\n\t-s SIZE\t\tBuffer size\n\t-r\t\tPrint raw message buffer\n',
	uname: '[-amnrspvio]\n\nPrint system information\n\n\t-a\tPrint all\n\t-m\tMachine (hardware) type\n\t-n\tHostname\n\t-r\tKernel release\n\t-s\tKernel name (default)\n\t-p\tProcessor type\n\t-v\tKernel version\n\t-i\tHardware platform\n\t-o\tOS name\n',
	date: '[OPTIONS] [+FMT] [[-s] TIME]\n\nDisplay time (using +FMT), or set time\n\n\t-u\t\tWork in UTC (don\'t convert to local time)\n\t[-s] TIME\tSet time to TIME\n\t-d TIME\t\tDisplay TIME, not \'now\'\n\t-D FMT\t\tFMT (strptime format) for -s/-d TIME conversion\n\t-r FILE\t\tDisplay last modification time of FILE\n\t-R\t\tOutput RFC-2822 date\n\t-I[SPEC]\tOutput ISO-8601 date\n\t\t\tSPEC=date (default), hours, minutes, seconds or ns\n\nRecognized TIME formats:\n\t@seconds_since_1970\n\thh:mm[:ss]\n\t[YYYY.]MM.DD-hh:mm[:ss]\n\tYYYY-MM-DD hh:mm[:ss]\n\t[[[[[YY]YY]MM]DD]hh]mm[.ss]\n\t\'date TIME\' form accepts MMDDhhmm[[YY]YY][.ss] instead\n',
	uptime: '\n\nDisplay the time since the last boot\n',
	hostname: '[-sidf] [HOSTNAME | -F FILE]\n\nShow or set hostname or DNS domain name\n\n\t-s\tShort\n\t-i\tAddresses for the hostname\n\t-d\tDNS domain name\n\t-f\tFully qualified domain name\n\t-F FILE\tUse FILE\'s content as hostname\n',
	id: '[-ugGnr] [USER]\n\nPrint information about USER or the current user\n\n\t-u\tUser ID\n\t-g\tGroup ID\n\t-G\tSupplementary group IDs\n\t-n\tPrint names instead of numbers\n\t-r\tPrint real ID instead of effective ID\n',
	whoami: '\n\nPrint the user name associated with the current effective user id\n',
	env: '[-i0] [-u NAME]... [-] [NAME=VALUE]... [PROG ARGS]\n\nPrint current environment or run PROG after setting up environment\n\n\t-, -i\tStart with empty environment\n\t-0\tNUL terminated output\n\t-u NAME\tRemove variable from environment\n',
	sleep: '[N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n',
	clear: '\n\nClear screen\n',
	nproc: '[--all] [--ignore=N]\n\nPrint number of available CPUs\n\n\t--all\t\tNumber of installed CPUs\n\t--ignore=N\tExclude N CPUs\n',
	tty: '[-s]\n\nPrint file name of stdin\'s terminal\n\n\t-s\tPrint nothing, only return exit status\n',
	sync: '[-df] [FILE]...\n\nWrite all buffered blocks (in FILEs) to disk\n\t-d\tAvoid syncing metadata\n\t-f\tSync filesystems underlying FILEs\n',
	reset: '\n\nReset the screen\n',
	ls: '[-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n\nList directory contents\n\n\t-1\tOne column output\n\t-a\tInclude names starting with .\n\t-A\tLike -a, but exclude . and ..\n\t-x\tList by lines\n\t-d\tList directory names, not contents\n\t-L\tFollow symlinks\n\t-H\tFollow symlinks on command line\n\t-R\tRecurse\n\t-p\tAppend / to directory names\n\t-F\tAppend indicator (one of */=@|) to names\n\t-l\tLong format\n\t-i\tList inode numbers\n\t-n\tList numeric UIDs and GIDs instead of names\n\t-s\tList allocated blocks\n\t-lc\tList ctime\n\t-lu\tList atime\n\t--full-time\tList full date/time\n\t-h\tHuman readable sizes (1K 243M 2G)\n\t--group-directories-first\n\t-S\tSort by size\n\t-X\tSort by extension\n\t-v\tSort by version\n\t-t\tSort by mtime\n\t-tc\tSort by ctime\n\t-tu\tSort by atime\n\t-r\tReverse sort order\n\t-w N\tFormat N columns wide\n\t--color[={always,never,auto}]\n',
	sed: '[-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\nor: sed [-i[SFX]] [-nrE] CMD [FILE]...\n\n\t-e CMD\tAdd CMD to sed commands to be executed\n\t-f FILE\tAdd FILE contents to sed commands to be executed\n\t-i[SFX]\tEdit files in-place (otherwise write to stdout)\n\t\tOptionally back files up, appending SFX\n\t-n\tSuppress automatic printing of pattern space\n\t-r,-E\tUse extended regex syntax\n\nIf no -e or -f, the first non-option argument is the sed command string.\nRemaining arguments are input files (stdin if none).\n',
	grep: '[-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n\nSearch for PATTERN in FILEs (or stdin)\n\n\t-H\tAdd \'filename:\' prefix\n\t-h\tDo not add \'filename:\' prefix\n\t-n\tAdd \'line_no:\' prefix\n\t-l\tShow only names of files that match\n\t-L\tShow only names of files that don\'t match\n\t-c\tShow only count of matching lines\n\t-o\tShow only the matching part of line\n\t-q\tQuiet. Return 0 if PATTERN is found, 1 otherwise\n\t-v\tSelect non-matching lines\n\t-s\tSuppress open and read errors\n\t-r\tRecurse\n\t-R\tRecurse and dereference symlinks\n\t-i\tIgnore case\n\t-w\tMatch whole words only\n\t-x\tMatch whole lines only\n\t-F\tPATTERN is a literal (not regexp)\n\t-E\tPATTERN is an extended regexp\n\t-z\tNUL terminated input\n\t-m N\tMatch up to N times per file\n\t-A N\tPrint N lines of trailing context\n\t-B N\tPrint N lines of leading context\n\t-C N\tSame as \'-A N -B N\'\n\t-e PTRN\tPattern to match\n\t-f FILE\tRead pattern from file\n',
	printf: 'FORMAT [ARG]...\n\nFormat and print ARG(s) according to FORMAT (a-la C printf)\n',
	mktemp: '[-dt] [-p DIR] [TEMPLATE]\n\nCreate a temporary file with name based on TEMPLATE and print its name.\nTEMPLATE must end with XXXXXX (e.g. [/dir/]nameXXXXXX).\nWithout TEMPLATE, -t tmp.XXXXXX is assumed.\n\n\t-d\tMake directory, not file\n\t-q\tFail silently on errors\n\t-t\tPrepend base directory name to TEMPLATE\n\t-p DIR\tUse DIR as a base directory (implies -t)\n\t-u\tDo not create anything; print a name\n\nBase directory is: -p DIR, else $TMPDIR, else /tmp\n',
	od: '[-abcdfhilovxs] [-t TYPE] [-A RADIX] [-N SIZE] [-j SKIP] [-S MINSTR] [-w WIDTH] [FILE]...\n\nPrint FILEs (or stdin) unambiguously, as octal bytes by default\n',
	cmp: '[-ls] [-n NUM] FILE1 [FILE2 [SKIP1 [SKIP2]]]\n\nCompare FILE1 with FILE2 (or stdin)\n\n\t-l\tWrite the byte numbers (decimal) and values (octal)\n\t\tfor all differing bytes\n\t-s\tQuiet\n\t-n NUM\tCompare at most NUM bytes\n',
	tac: '[FILE]...\n\nConcatenate FILEs and print them in reverse\n',
	rev: '[FILE]...\n\nReverse lines of FILE\n',
	nl: '[OPTIONS] [FILE]...\n\nWrite FILEs to standard output with line numbers added\n\n\t-b STYLE\tWhich lines to number - a: all, t: nonempty, n: none\n\t-i N\t\tLine number increment\n\t-s STRING\tUse STRING as line number separator\n\t-v N\t\tStart from N\n\t-w N\t\tWidth of line numbers\n',
	paste: '[-d LIST] [-s] [FILE]...\n\nPaste lines from each input file, separated with tab\n\n\t-d LIST\tUse delimiters from LIST, not tab\n\t-s      Serial: one file at a time\n',
	md5sum: '[-c[sw]] [FILE]...\n\nPrint or check MD5 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon\'t output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n',
	sha1sum: '[-c[sw]] [FILE]...\n\nPrint or check SHA1 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon\'t output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n',
	sha256sum: '[-c[sw]] [FILE]...\n\nPrint or check SHA256 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon\'t output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n',
	sha512sum: '[-c[sw]] [FILE]...\n\nPrint or check SHA512 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon\'t output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n',
	sha3sum: '[-c[sw]] [-a BITS] [FILE]...\n\nPrint or check SHA3 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon\'t output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n\t-a BITS\t224 (default), 256, 384, 512\n',
	base64: '[-d] [-w COL] [FILE]\n\nBase64 encode or decode FILE to standard output\n\n\t-d\tDecode data\n\t-w COL\tWrap lines at COL (default 76, 0 disables)\n',
	fold: '[-bs] [-w WIDTH] [FILE]...\n\nWrap input lines in FILEs (or stdin), writing to stdout\n\n\t-b\tCount bytes rather than columns\n\t-s\tBreak at spaces\n\t-w\tUse WIDTH columns instead of 80\n',
	expand: '[-i] [-t N] [FILE]...\n\nConvert tabs to spaces, writing to stdout\n\n\t-i\tDon\'t convert tabs after non blanks\n\t-t\tTabstops every N chars\n',
	unexpand: '[-fa][-t N] [FILE]...\n\nConvert spaces to tabs, writing to stdout\n\n\t-a\tConvert all blanks\n\t-f\tConvert only leading blanks\n\t-t N\tTabstops every N chars\n',
	strings: '[-fo] [-t o|d|x] [-n LEN] [FILE]...\n\nDisplay printable strings in a binary file\n\n\t-f\t\tPrecede strings with filenames\n\t-o\t\tPrecede strings with octal offsets\n\t-t o|d|x\tPrecede strings with offsets in base 8/10/16\n\t-n LEN\t\tAt least LEN characters form a string (default 4)\n',
	arch: '\n\nPrint system architecture\n',
	time: '[-vpa] [-o FILE] PROG ARGS\n\nRun PROG, display resource usage when it exits\n\n\t-v\tVerbose\n\t-p\tPOSIX output format\n\t-f FMT\tCustom format\n\t-o FILE\tWrite result to FILE\n\t-a\tAppend (else overwrite)\n',
	usleep: 'N\n\nPause for N microseconds\n',
	more: '[FILE]...\n\nView FILE (or stdin) one screenful at a time\n',
	mkswap: '[-L LBL] BLOCKDEV [KBYTES]\n\nPrepare BLOCKDEV to be used as swap partition\n\n\t-L LBL\tLabel\n',
	swapon: '[-a] [-e] [-d[POL]] [DEVICE]\n\nStart swapping on DEVICE\n\n\t-a\tStart swapping on all swap devices\n\t-d[POL]\tDiscard blocks at swapon (POL=once),\n\t\tas freed (POL=pages), or both (POL omitted)\n\t-e\tSilently skip devices that do not exist\n',
	swapoff: '[-a] [DEVICE]\n\nStop swapping on DEVICE\n\n\t-a\tStop swapping on all swap devices\n',
	dos2unix: '[-ud] [FILE]\n\nConvert FILE in-place from DOS to Unix format.\nWhen no file is given, use stdin/stdout.\n\n\t-u\tdos2unix\n\t-d\tunix2dos\n',
	unix2dos: '[-ud] [FILE]\n\nConvert FILE in-place from Unix to DOS format.\nWhen no file is given, use stdin/stdout.\n\n\t-u\tdos2unix\n\t-d\tunix2dos\n',
	vi: '[-c CMD] [-R] [-H] [FILE]...\n\nEdit FILE\n\n\t-c CMD\tInitial command to run ($EXINIT and ~/.exrc also available)\n\t-R\tRead-only\n\t-H\tList available features\n',
	less: '[-EFIMmNSRh~] [FILE]...\n\nView FILE (or stdin) one screenful at a time\n\n\t-E\tQuit once the end of a file is reached\n\t-F\tQuit if entire file fits on first screen\n\t-I\tIgnore case in all searches\n\t-M,-m\tDisplay status line with line numbers\n\t\tand percentage through the file\n\t-N\tPrefix line number to each line\n\t-S\tTruncate long lines\n\t-R\tRemove color escape codes in input\n\t-~\tSuppress ~s displayed past EOF\n',
	stty: '[-a|g] [-F DEVICE] [SETTING]...\n\nWithout arguments, prints baud rate, line discipline,\nand deviations from stty sane\n\n\t-F DEVICE\tOpen device instead of stdin\n\t-a\t\tPrint all current settings in human-readable form\n\t-g\t\tPrint in stty-readable form\n\t[SETTING]\tSee manpage\n',
	shuf: '[-n NUM] [-o FILE] [-z] [FILE | -e [ARG...] | -i L-H]\n\nRandomly permute lines\n\n\t-n NUM\tOutput at most NUM lines\n\t-o FILE\tWrite to FILE, not standard output\n\t-z\tNUL terminated output\n\t-e\tTreat ARGs as lines\n\t-i L-H\tTreat numbers L-H as lines\n',
	getopt: '[OPTIONS] [--] OPTSTRING PARAMS\n\n\t-a\t\tAllow long options starting with single -\n\t-l LOPT[,...]\tLong options to recognize\n\t-n PROGNAME\tThe name under which errors are reported\n\t-o OPTSTRING\tShort options to recognize\n\t-q\t\tNo error messages on unrecognized options\n\t-Q\t\tNo normal output\n\t-s SHELL\tSet shell quoting conventions\n\t-T\t\tVersion test (exits with 4)\n\t-u\t\tDon\'t quote output\n\nExample:\n\nO=`getopt -l bb: -- ab:c:: "$@"` || exit 1\neval set -- "$O"\nwhile true; do\n\tcase "$1" in\n\t-a)\techo A; shift;;\n\t-b|--bb) echo "B:\'$2\'"; shift 2;;\n\t-c)\tcase "$2" in\n\t\t"")\techo C; shift 2;;\n\t\t*)\techo "C:\'$2\'"; shift 2;;\n\t\tesac;;\n\t--)\tshift; break;;\n\t*)\techo Error; exit 1;;\n\tesac\ndone\n',
	mkfifo: '[-m MODE] NAME\n\nCreate named pipe\n\n\t-m MODE\tMode (default a=rw)\n',
	mknod: '[-m MODE] NAME TYPE [MAJOR MINOR]\n\nCreate a special file (block, character, or pipe)\n\n\t-m MODE\tCreation mode (default a=rw)\nTYPE:\n\tb\tBlock device\n\tc or u\tCharacter device\n\tp\tNamed pipe (MAJOR MINOR must be omitted)\n',
	watch: '[-n SEC] [-t] PROG ARGS\n\nRun PROG periodically\n\n\t-n SEC\tPeriod (default 2)\n\t-t\tDon\'t print header\n',
	chown: '[-RhLHPcvf]... USER[:[GRP]] FILE...\n\nChange the owner and/or group of FILEs to USER and/or GRP\n\n\t-h\tAffect symlinks instead of symlink targets\n\t-L\tTraverse all symlinks to directories\n\t-H\tTraverse symlinks on command line only\n\t-P\tDon\'t traverse symlinks (default)\n\t-R\tRecurse\n\t-c\tList changed files\n\t-v\tVerbose\n\t-f\tHide errors\n',
	chgrp: '[-RhLHPcvf]... GROUP FILE...\n\nChange the group membership of FILEs to GROUP\n\n\t-h\tAffect symlinks instead of symlink targets\n\t-L\tTraverse all symlinks to directories\n\t-H\tTraverse symlinks on command line only\n\t-P\tDon\'t traverse symlinks (default)\n\t-R\tRecurse\n\t-c\tList changed files\n\t-v\tVerbose\n\t-f\tHide errors\n',
	top: '[-bH] [-n COUNT] [-d SECONDS]\n\nShow a view of process activity in real time.\nRead the status of all processes from /proc each SECONDS\nand show a screenful of them.\nKeys:\n\tN/M/P/T: sort by pid/mem/cpu/time\n\tR: reverse sort\n\tH: toggle threads\n\tQ,^C: exit\nOptions:\n\t-b\tBatch mode\n\t-n N\tExit after N iterations\n\t-d SEC\tDelay between updates\n\t-H\tShow threads\n',
	timeout: '[-s SIG] [-k KILL_SECS] SECS PROG ARGS\n\nRun PROG. Send SIG to it if it is not gone in SECS seconds.\nDefault SIG: TERM.If it still exists in KILL_SECS seconds, send KILL.\n\n',
	factor: '[NUMBER]...\n\nPrint prime factors\n',
	unlink: 'FILE\n\nDelete FILE by calling unlink()\n',
	pidof: '[NAME]...\n\nList PIDs of all processes with names that match NAMEs\n',
	killall: '[-lq] [-SIG] PROCESS_NAME...\n\nSend a signal (default: TERM) to given processes\n\n\t-l\tList all signal names and numbers\n\t-q\tDon\'t complain if no processes were killed\n',
	link: 'FILE LINK\n\nCreate hard LINK to FILE\n',
	expr: 'EXPRESSION\n\nPrint the value of EXPRESSION\n\nEXPRESSION may be:\n\tARG1 | ARG2\tARG1 if it is neither null nor 0, otherwise ARG2\n\tARG1 & ARG2\tARG1 if neither argument is null or 0, otherwise 0\n\tARG1 < ARG2\t1 if ARG1 is less than ARG2, else 0. Similarly:\n\tARG1 <= ARG2\n\tARG1 = ARG2\n\tARG1 != ARG2\n\tARG1 >= ARG2\n\tARG1 > ARG2\n\tARG1 + ARG2\tSum of ARG1 and ARG2. Similarly:\n\tARG1 - ARG2\n\tARG1 * ARG2\n\tARG1 / ARG2\n\tARG1 % ARG2\n\tSTRING : REGEXP\t\tAnchored pattern match of REGEXP in STRING\n\tmatch STRING REGEXP\tSame as STRING : REGEXP\n\tsubstr STRING POS LEN\tSubstring of STRING, POS counts from 1\n\tindex STRING CHARS\tIndex in STRING where any CHARS is found, or 0\n\tlength STRING\t\tLength of STRING\n\tquote TOKEN\t\tInterpret TOKEN as a string, even if\n\t\t\t\tit is a keyword like \'match\' or an\n\t\t\t\toperator like \'/\'\n\t(EXPRESSION)\t\tValue of EXPRESSION\n\nBeware that many operators need to be escaped or quoted for shells.\nComparisons are arithmetic if both ARGs are numbers, else\nlexicographical. Pattern matches return the string matched between\n\\( and \\) or null; if \\( and \\) are not used, they return the number\nof characters matched or 0.\n',
};

/** bb_show_usage()'s text on stderr: the banner and `Usage: APPLET ...` from the table. */
export function bbUsage(p: Proc, applet: string = p.name): void {
	p.err(usageText(applet));
}

/** bb_show_usage()'s text for `applet`. */
export function usageText(applet: string): string {
	const text = USAGE[applet];
	// Applets without a trivial usage (`clear`) print `Usage: clear` and the full text; those
	// built with NOUSAGE_STR (egrep, fgrep) only `No help available`.
	return text === undefined ? `${BB_BANNER}\nNo help available\n` : `${BB_BANNER}\nUsage: ${applet}${text.startsWith('\n') ? '' : ' '}${text}`;
}

/** bb_show_usage() then exit: prints the usage block and returns the status to exit with. */
export function bbShowUsage(p: Proc, applet: string = p.name, status = 1): number {
	bbUsage(p, applet);
	return status;
}

/**
 * busybox's applet dispatcher: `APPLET --help` with nothing after it prints the usage and
 * exits 0 (with more arguments, `--help` goes to the applet's own option parser).
 */
export function dashDashHelp(p: Proc): boolean {
	return p.argv.length === 2 && p.argv[1] === '--help';
}

/**
 * A process that only has an argv, for reading a command line as its applet would before it
 * runs (Interp.pipeReader()): getopt32() on it reports nothing, and refuses what the applet would.
 */
export function argvOnly(argv: readonly string[]): Proc {
	return {name: argv[0] ?? '', argv: [...argv], env: new Map(), err: () => {}, out: () => {}, tick: () => {}} as unknown as Proc;
}

export interface GetoptSpec {
	/**
	 * getopt32's option string: `x` a flag, `x:` takes an argument, `x::` an optional
	 * (attached) one; a leading `+` stops at the first operand.
	 */
	opts: string;
	/** Usage block to print on errors (default: p.name). */
	applet?: string;
	/** The usage text itself (`Usage: awk ...`), for an applet not in the USAGE table. */
	usageText?: string;
	/** Exit status after a usage error (busybox's xfunc_error_retval, 2 for sort). */
	status?: number;
	/**
	 * What follows glibc's message on a bad option instead of busybox's usage block (a
	 * util-linux program's errtryhelp()); returns the exit status.
	 */
	onError?: (status: number) => number;
	/**
	 * Plain getopt() instead of getopt_long() (head): `--foo` is then the short options
	 * `-`, `f`, ... and fails with `invalid option -- '-'`.
	 */
	noLong?: boolean;
	/**
	 * getopt32long's long options: name to the option letter they set (its argument kind is
	 * the letter's in `opts`). glibc accepts any unambiguous prefix (`--no-run` for
	 * `--no-run-if-empty`) and `--name=ARG`.
	 */
	longs?: Record<string, string>;
	/**
	 * The argument kind of codes that only a long option sets (no short letter in `opts`, so
	 * `-X` stays an invalid option): util-linux's `--summary[=when]`.
	 */
	longOnly?: Record<string, Kind>;
	/**
	 * getopt32's `x--yz` complementary rules: option x after any of y, z (or x itself, for
	 * "at most once") is a usage error.
	 */
	conflicts?: Record<string, string>;
	/** getopt32's `-N`: at least N operands, else the usage. */
	minArgs?: number;
	/** argv to parse instead of p.argv (head and tail take a leading `-N` out first). */
	argv?: string[];
	/**
	 * Called for each option as it is parsed, like the body of a getopt() loop or getopt32's
	 * `x:+` number conversion: a returned status ends the parsing there (an error that was
	 * already printed), before any later bad option is seen.
	 */
	each?: (c: string, value: string | undefined) => number | undefined;
}

export interface Opts {
	/** The operands, in order. */
	args: string[];
	/** Each option with its argument (undefined: none), in the order given. */
	seq: [string, string | undefined][];
	has(c: string): boolean;
	/** The last argument of option c. */
	arg(c: string): string | undefined;
	/** Every argument of option c, in order (a `*` list option of getopt32). */
	list(c: string): string[];
}

export type Kind = 'flag' | 'required' | 'optional';

function parseSpec(opts: string): Map<string, Kind> {
	const letters = new Map<string, Kind>();
	for (let i = opts.startsWith('+') ? 1 : 0; i < opts.length; i++) {
		const c = opts[i];
		if (opts[i + 1] === ':') {
			const optional = opts[i + 2] === ':';
			letters.set(c, optional ? 'optional' : 'required');
			i += optional ? 2 : 1;
			// getopt32's `x:+` (a number) and `x:*` (a list) change only what it stores
			if (opts[i + 1] === '+' || opts[i + 1] === '*') i++;
		} else letters.set(c, 'flag');
	}
	return letters;
}

/**
 * Parses p.argv like getopt32(). Returns the options, or the exit status when an error (or a
 * lone `--help`) was already reported and the applet should return it.
 */
export function getopt32(p: Proc, spec: GetoptSpec): Opts | number {
	const applet = spec.applet ?? p.name;
	const status = spec.status ?? 1;
	const usage = (st: number): number => {
		if (spec.onError) return spec.onError(st);
		if (spec.usageText === undefined) return bbShowUsage(p, applet, st);
		p.err(`${BB_BANNER}\n${spec.usageText}`);
		return st;
	};
	if (dashDashHelp(p) && !(spec.longs && 'help' in spec.longs)) return usage(0);
	const argv = spec.argv ?? p.argv;
	const argv0 = argv[0] ?? applet;
	const letters = parseSpec(spec.opts);
	const inOrder = spec.opts.startsWith('+') || p.env.has('POSIXLY_CORRECT');
	const args: string[] = [];
	const seq: [string, string | undefined][] = [];
	const seen = new Set<string>();
	const fail = (msg: string): number => {
		p.err(`${argv0}: ${msg}\n`);
		return usage(status);
	};
	const take = (c: string, value: string | undefined): boolean => {
		const bad = spec.conflicts?.[c];
		if (bad && [...bad].some(x => seen.has(x))) return false;
		seen.add(c);
		seq.push([c, value]);
		return true;
	};
	let i = 1;
	for (; i < argv.length; i++) {
		p.tick();
		const a = argv[i];
		if (a === '--') {
			i++;
			break;
		}
		if (a.length < 2 || a[0] !== '-') {
			if (inOrder) break;
			args.push(a);
			continue;
		}
		if (a[1] === '-' && !spec.noLong) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq < 0 ? undefined : eq);
			const longs = spec.longs ?? {};
			let c: string | undefined = Object.hasOwn(longs, name) ? longs[name] : undefined;
			if (c === undefined) {
				const cands = Object.keys(longs).filter(n => n.startsWith(name));
				// glibc prints d->__nextchar whole, `=VALUE` included (grep: unrecognized option '--include=*.txt')
				if (cands.length === 0) return fail(`unrecognized option '${a}'`);
				if (new Set(cands.map(n => longs[n])).size > 1) {
					return fail(`option '${a}' is ambiguous; possibilities:${cands.map(n => ` '--${n}'`).join('')}`);
				}
				c = longs[cands[0]];
			}
			const full = Object.keys(longs).find(n => longs[n] === c && n.startsWith(name)) ?? name;
			const kind = letters.get(c) ?? spec.longOnly?.[c] ?? 'flag';
			let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
			if (kind === 'flag' && value !== undefined) return fail(`option '--${full}' doesn't allow an argument`);
			if (kind === 'required' && value === undefined) {
				value = argv[++i];
				if (value === undefined) return fail(`option '--${full}' requires an argument`);
			}
			if (!take(c, value)) return usage(status);
			const stop = spec.each?.(c, value);
			if (stop !== undefined) return stop;
			continue;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j];
			const kind = letters.get(c);
			if (kind === undefined || c === ':') return fail(`invalid option -- '${c}'`);
			let value: string | undefined;
			if (kind === 'optional') value = j + 1 < a.length ? a.slice(j + 1) : undefined;
			else if (kind === 'required') {
				value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
				if (value === undefined) return fail(`option requires an argument -- '${c}'`);
			}
			if (!take(c, value)) return usage(status);
			const stop = spec.each?.(c, value);
			if (stop !== undefined) return stop;
			if (kind !== 'flag') break;
		}
	}
	args.push(...argv.slice(i));
	if (spec.minArgs !== undefined && args.length < spec.minArgs) return usage(status);
	return {
		args,
		seq,
		has: c => seen.has(c),
		arg: c => {
			for (let k = seq.length - 1; k >= 0; k--) if (seq[k][0] === c) return seq[k][1];
			return undefined;
		},
		list: c => seq.filter(s => s[0] === c).map(s => s[1] ?? ''),
	};
}

/** A number that libbb's xato*() rejected: the message after `applet: `. */
export class BadNumber {
	constructor(readonly message: string) {}
}

/** The `b`, `k`, `m` suffixes of head and tail (libbb's bkm_suffixes). */
export const BKM_SUFFIXES: Record<string, bigint> = {b: 512n, k: 1024n, m: 1024n * 1024n};

export const UINT_MAX = 0xffff_ffffn;
export const ULONG_MAX = 0xffff_ffff_ffff_ffffn;
export const INT_MAX = 0x7fff_ffffn;

/**
 * libbb's xstrtou*_range_sfx(): decimal digits only (no sign, no leading space), an optional
 * suffix from the table, then the range check. `typeMax` is the C type's maximum (strtoul
 * overflow there is `invalid number`), `upper` the allowed maximum (`not in 0..N range`).
 */
export function xatonum(s: string, upper: bigint, typeMax: bigint = upper, suffixes?: Record<string, bigint>): number | BadNumber {
	const invalid = new BadNumber(`invalid number '${s}'`);
	const range = new BadNumber(`number ${s} is not in 0..${upper} range`);
	const m = /^[0-9]+/.exec(s);
	if (!m) return invalid;
	let r = BigInt(m[0]);
	if (r > typeMax) return invalid;
	const rest = s.slice(m[0].length);
	if (rest !== '') {
		const mult = suffixes && Object.hasOwn(suffixes, rest) ? suffixes[rest] : undefined;
		if (mult === undefined) return invalid;
		if (typeMax / mult < r) return range;
		r *= mult;
	}
	return r > upper ? range : Number(r);
}

/** xatou_range() and friends: xatonum()'s number within lo..hi, the message naming both bounds. */
export function xatouRange(s: string, lo: number, hi: number): number | BadNumber {
	const n = xatonum(s, ULONG_MAX);
	if (n instanceof BadNumber) return n;
	return n < lo || n > hi ? new BadNumber(`number ${s} is not in ${lo}..${hi} range`) : n;
}

/** xatoi_positive(): 0..INT_MAX, parsed as an unsigned int first. */
export function xatoiPositive(s: string): number | BadNumber {
	return xatonum(s, INT_MAX, UINT_MAX);
}
