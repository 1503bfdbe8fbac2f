/**
 * The applets of Debian's busybox-static 1.35 (1:1.35.0-4+deb12u1+b1, from its `--list-full`;
 * `linuxrc` in / is left out) and the directory `busybox --install -s` links each one into
 * (BB_DIR_BIN, BB_DIR_SBIN, BB_DIR_USR_BIN, BB_DIR_USR_SBIN in the applet table).
 * The shell uses this list for command lookup and tab completion; applets memhp does not model
 * are still present, so running them says so instead of `not found`.
 */
export type AppletDir = 'bin' | 'sbin' | 'usrbin' | 'usrsbin';

const BIN = `arch ash base64 busybox cat chgrp chmod chown cp cpio cttyhack date dd df dmesg dnsdomainname
dumpkmap echo ed egrep false fatattr fgrep getopt grep gunzip gzip hostname ionice ipcalc kill link
linux32 linux64 ln login ls lzop mkdir mknod mktemp more mount mt mv netstat nuke pidof ping ping6
ps pwd readlink resume rev rm rmdir rpm run-parts sed setpriv sh sleep stat stty su sync tar touch
true umount uname uncompress usleep vi watch zcat`;

const SBIN = `acpid adjtimex arp blockdev depmod devmem fdisk findfs freeramdisk fstrim getty halt hwclock
ifconfig ifdown ifup init insmod ip ipneigh klogd loadkmap logread losetup lsmod mdev mkdosfs mke2fs
mkswap modinfo modprobe nameif pivot_root poweroff reboot rmmod route run-init start-stop-daemon
sulogin swapoff swapon switch_root sysctl syslogd tc tunctl udhcpc uevent vconfig watchdog`;

const USR_BIN = `[ [[ ar ascii awk basename bc blkdiscard bunzip2 bzcat bzip2 cal chvt clear cmp crc32 crontab cut dc
deallocvt diff dirname dos2unix dpkg dpkg-deb du dumpleases env expand expr factor fallocate find
fold free ftpget ftpput groups head hexdump hostid id killall last less logger logname lsscsi lzcat
lzma md5sum microcom mkfifo mkpasswd nc nl nproc nsenter nslookup od openvt passwd paste patch
printf realpath renice reset rpm2cpio seq setkeycodes setsid sha1sum sha256sum sha3sum sha512sum
shred shuf sort ssl_client strings svc svok tac tail taskset tee telnet test tftp time timeout top
tr traceroute traceroute6 truncate ts tty unexpand uniq unix2dos unlink unlzma unshare unxz unzip
uptime uudecode uuencode w wc wget which who whoami xargs xxd xz xzcat yes`;

const USR_SBIN = `arping brctl chroot crond fsfreeze httpd i2cdetect i2cdump i2cget i2cset i2ctransfer loadfont mim
nologin partprobe rdate telnetd ubirename udhcpd`;

function parse(text: string, dir: AppletDir): [string, AppletDir][] {
	return text.split(/\s+/).filter(Boolean).map(name => [name, dir]);
}

/** Every applet with its install directory. */
export const APPLETS: readonly [string, AppletDir][] = [
	...parse(BIN, 'bin'),
	...parse(SBIN, 'sbin'),
	...parse(USR_BIN, 'usrbin'),
	...parse(USR_SBIN, 'usrsbin'),
];

/**
 * Every name the binary answers to (find_applet_by_name()): the applets above and `linuxrc`,
 * init's other name, which lives in / (not in the table of install directories).
 */
export const APPLET_NAMES: ReadonlySet<string> = new Set([...APPLETS.map(([name]) => name), 'linuxrc']);

/** applet_names[]: the names in byte order, as `busybox --list` and ash's `help` print them. */
export const APPLET_LIST: readonly string[] = [...APPLET_NAMES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
