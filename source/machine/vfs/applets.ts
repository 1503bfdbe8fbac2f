/**
 * The applets of Debian's busybox-static 1.35 and the directory `busybox --install -s` links
 * each one into (BB_DIR_BIN, BB_DIR_SBIN, BB_DIR_USR_BIN, BB_DIR_USR_SBIN in the applet table).
 * The shell uses this list for command lookup and tab completion; applets memhp does not model
 * are still present, so running them says so instead of `not found`.
 */
export type AppletDir = 'bin' | 'sbin' | 'usrbin' | 'usrsbin';

const BIN = `arch ash base64 cat chgrp chmod chown conspy cp cpio cttyhack date dd df dmesg dnsdomainname
dumpkmap echo egrep false fatattr fgrep getopt grep gunzip gzip hostname ionice ip ipcalc kill link
linux32 linux64 ln login ls lsattr lzop mkdir mknod mktemp more mount mountpoint mt mv netstat nice
pidof ping ping6 pipe_progress printenv ps pwd rev rm rmdir rpm run-parts sed setarch setpriv
setserial sh sleep stat stty su sync tar touch true umount uname uncompress usleep vi watch zcat`;

const SBIN = `acpid adjtimex arp blkdiscard blkid blockdev depmod devmem fdisk findfs freeramdisk fsck
fsfreeze fstrim getty halt hwclock ifconfig ifdown ifup init insmod ip6tables-save ipneigh iproute
iprule iptunnel klogd loadkmap losetup lsmod makedevs mdev mkdosfs mke2fs mkfs.vfat mkswap modinfo
modprobe nameif pivot_root poweroff reboot rmmod route run-init start-stop-daemon sulogin swapoff
swapon switch_root sysctl syslogd tunctl udhcpc uevent vconfig watchdog`;

const USR_BIN = `[ [[ awk basename bc bunzip2 bzcat bzip2 cal chvt clear cmp comm cut dc
deallocvt diff dirname dos2unix du dumpleases env expand expr factor fallocate find fold free ftpget
ftpput head hexdump hostid id install ipcrm ipcs killall last less logger logname lzcat lzma md5sum
microcom mkfifo mkpasswd nc nl nohup nproc nslookup nuke od openvt paste patch printf pstree pwdx
readlink realpath renice reset resize rpm2cpio script seq setkeycodes setsid sha1sum sha256sum
sha3sum sha512sum shred shuf sort split ssl_client strings svc svok tac tail taskset tee telnet test
tftp time timeout top tr traceroute truncate ts tty ttysize udhcpc6 unexpand uniq unix2dos unlink
unlzma unshare unxz unzip uptime users uudecode uuencode vlock w wc wget which who whoami xargs xxd xz
xzcat yes`;

const USR_SBIN = `arping brctl chroot crond dhcprelay fbset i2cdetect i2cdump i2cget i2cset i2ctransfer
loadfont nologin ntpd partprobe rdate readahead rtcwake sendmail setfont telnetd ubiattach
udhcpd`;

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
