/**
 * busybox 1.35 md5sum, sha1sum, sha256sum, sha512sum, sha3sum (md5_sha1_sum.c) and base64:
 * every row was run through Debian's busybox-static 1.35.0, its output going into a pipe, in
 * a directory made by SETUP.
 */
import {describe} from 'vitest';
import {busyboxRows} from './guest-shell.js';

const SETUP = "printf 'memory0 online Normal\\nmemory1 offline Movable\\n' > a.txt; printf 'b 2\\na 10\\n' > b.txt; printf '\\303\\251t\\303\\251\\n' > u.txt; mkdir d";

/** [command line, what came out through a pipe] */
const REAL: [string, string][] = [
	["md5sum a.txt b.txt u.txt", "c167166c051fca31c121efa96138c4ca  a.txt\n4c47794cb9335b747a073cbad8a06f94  b.txt\n2c392b077cb76c7f3d33d156372ea9e9  u.txt\n"],
	["echo hi | md5sum", "764efa883dda1e11db47671c4a3bbd9e  -\n"],
	["md5sum - < a.txt", "c167166c051fca31c121efa96138c4ca  -\n"],
	["md5sum nonexist a.txt; echo rc=$?", "md5sum: can't open 'nonexist': No such file or directory\nc167166c051fca31c121efa96138c4ca  a.txt\nrc=1\n"],
	["md5sum d; echo rc=$?", "md5sum: can't read 'd': Is a directory\nrc=1\n"],
	["md5sum a.txt > s; md5sum -c s; echo rc=$?", "a.txt: OK\nrc=0\n"],
	["md5sum a.txt b.txt > s; echo x >> a.txt; md5sum -c s; echo rc=$?", "a.txt: FAILED\nb.txt: OK\nmd5sum: WARNING: 1 of 2 computed checksums did NOT match\nrc=1\n"],
	["echo bad > s; md5sum -c s; echo rc=$?", "md5sum: WARNING: 1 of 1 computed checksums did NOT match\nrc=1\n"],
	["echo bad > s; md5sum -c -w s; echo rc=$?", "md5sum: invalid format\nmd5sum: WARNING: 1 of 1 computed checksums did NOT match\nrc=1\n"],
	["md5sum a.txt > s; echo x >> a.txt; md5sum -c -s s; echo rc=$?", "rc=1\n"],
	[": > e; md5sum -c e; echo rc=$?", "md5sum: e: no checksum lines found\nrc=1\n"],
	["md5sum -s a.txt; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: md5sum [-c[sw]] [FILE]...\n\nPrint or check MD5 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon't output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\nrc=1\n"],
	["md5sum -c nonexist a.txt; echo rc=$?", "md5sum: nonexist: No such file or directory\nrc=1\n"],
	["printf '%s\\n' '0123  a.txt' 'xx  nonexist' > s; md5sum -c s; echo rc=$?", "a.txt: FAILED\nmd5sum: can't open 'nonexist': No such file or directory\nnonexist: FAILED\nmd5sum: WARNING: 2 of 2 computed checksums did NOT match\nrc=1\n"],
	["md5sum a.txt | sed 's/  / */' | md5sum -c", "a.txt: OK\n"],
	["md5sum a.txt | md5sum -c; echo rc=$?", "a.txt: OK\nrc=0\n"],
	["md5sum -b a.txt; md5sum -t a.txt", "c167166c051fca31c121efa96138c4ca  a.txt\nc167166c051fca31c121efa96138c4ca  a.txt\n"],
	["sha1sum a.txt u.txt", "8c6b484dfc10817f4e27c6e01a4e8da69d3e2fa5  a.txt\na6ef0c9d964099c4e2f5729e2efcdec5694acd16  u.txt\n"],
	["sha256sum a.txt u.txt", "0c42d12857e4985f75b3efcf11e30364425e61fc4eb15dae12efea59e898d6cd  a.txt\nac68ea8c75b70bbdab368d1d15defd92dbac45088a633fe8bab3355cb895dd77  u.txt\n"],
	["sha512sum a.txt", "a2da882a370b5f6dda962028577ebdaa46b0025d8badacdb62399b2081cb9a389e02c531f1fe2f6e61b646474524e9146e455be3bed763595a7ba7e730417ec4  a.txt\n"],
	["sha256sum a.txt | sha256sum -c", "a.txt: OK\n"],
	["sha3sum a.txt", "ed30fe7b82922a958eb5fa41be6d2fdc281cd57aa1c6e0ff4bc8ca74  a.txt\n"],
	["sha3sum -a 256 a.txt; sha3sum -a 384 a.txt; sha3sum -a 512 a.txt", "8cb97536dc6951f77984e2ee3059b1a3a56eb83332b4c380d73b306a9489c2a5  a.txt\n72ac82a9634b0460447d10a7ef45757fd3c47ad02537955fb36a73d83de3b06d354d07bbc754f3b1cbe6a66fd1775130  a.txt\nea0a8497327d564c9dee0dee6c8e16676076473664f48040be6286733fa34174f7127d27ebd5b6d2b35c41521868b001f5839bc83f53d48dfdedaecf9a4549f4  a.txt\n"],
	["sha3sum -a 100 a.txt; echo rc=$?", "sha3sum: bad -a100\nrc=1\n"],
	["sha3sum -a x a.txt; echo rc=$?", "sha3sum: invalid number 'x'\nrc=1\n"],
	["printf '' | sha512sum", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e  -\n"],
	["md5sum --help", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: md5sum [-c[sw]] [FILE]...\n\nPrint or check MD5 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon't output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n"],
	["sha3sum -x; echo rc=$?", "sha3sum: invalid option -- 'x'\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sha3sum [-c[sw]] [-a BITS] [FILE]...\n\nPrint or check SHA3 checksums\n\n\t-c\tCheck sums against list in FILEs\n\t-s\tDon't output anything, status code shows success\n\t-w\tWarn about improperly formatted checksum lines\n\t-a BITS\t224 (default), 256, 384, 512\nrc=1\n"],
	["base64 a.txt", "bWVtb3J5MCBvbmxpbmUgTm9ybWFsCm1lbW9yeTEgb2ZmbGluZSBNb3ZhYmxlCg==\n"],
	["printf hello | base64", "aGVsbG8=\n"],
	["printf '' | base64; echo rc=$?", "rc=0\n"],
	["base64 u.txt", "w6l0w6kK\n"],
	["seq 100 | base64 | head -2", "MQoyCjMKNAo1CjYKNwo4CjkKMTAKMTEKMTIKMTMKMTQKMTUKMTYKMTcKMTgKMTkKMjAKMjEKMjIK\nMjMKMjQKMjUKMjYKMjcKMjgKMjkKMzAKMzEKMzIKMzMKMzQKMzUKMzYKMzcKMzgKMzkKNDAKNDEK\n"],
	["seq 30 | base64 -w 20", "MQoyCjMKNAo1CjYKNwo4\nCjkKMTAKMTEKMTIKMTMK\nMTQKMTUKMTYKMTcKMTgK\nMTkKMjAKMjEKMjIKMjMK\nMjQKMjUKMjYKMjcKMjgK\nMjkKMzAK\n"],
	["seq 30 | base64 -w 0; echo", "MQoyCjMKNAo1CjYKNwo4CjkKMTAKMTEKMTIKMTMKMTQKMTUKMTYKMTcKMTgKMTkKMjAKMjEKMjIKMjMKMjQKMjUKMjYKMjcKMjgKMjkKMzAK\n"],
	["echo aGVsbG8= | base64 -d; echo", "hello\n"],
	["echo aGVsbG8 | base64 -d; echo rc=$?", "helbase64: truncated input\nrc=1\n"],
	["echo 'aGV sbG8=' | base64 -d; echo", "hello\n"],
	["echo '!!!' | base64 -d; echo rc=$?", "rc=0\n"],
	["base64 a.txt | base64 -d", "memory0 online Normal\nmemory1 offline Movable\n"],
	["base64 -d nonexist; echo rc=$?", "base64: nonexist: No such file or directory\nrc=1\n"],
	["base64 a.txt b.txt; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: base64 [-d] [-w COL] [FILE]\n\nBase64 encode or decode FILE to standard output\n\n\t-d\tDecode data\n\t-w COL\tWrap lines at COL (default 76, 0 disables)\nrc=1\n"],
	["base64 -w x a.txt; echo rc=$?", "base64: invalid number 'x'\nrc=1\n"],
	["echo aGk= | base64 -d; echo", "hi\n"],
	["echo aGk | base64 -d; echo rc=$?", "base64: truncated input\nrc=1\n"],
	["echo YQ== | base64 -d; echo", "a\n"],
];

describe('checksums and base64', () => {
	busyboxRows(REAL, {setup: `mkdir /tmp/w; cd /tmp/w; ${SETUP}`});
});
