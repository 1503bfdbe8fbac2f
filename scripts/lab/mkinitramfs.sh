#!/bin/sh
# Builds the lab: the goldens' kernel (Debian 6.1.0-57-amd64) as ./bzImage and an initramfs of
# Debian's static busybox 1.35 as ./rootfs.cpio.gz, in the current directory. Needs root (apt)
# on Debian 12. A developer tool: see "scripts/lab" in the project README. With LSMEM=1 it also
# writes ./rootfs-ul.cpio.gz: the same initramfs with the host's util-linux lsmem and chmem (2.38.1
# on Debian 12) and the libraries they load, for recording those programs.
set -e
apt-get update >/dev/null
apt-get install -y --no-install-recommends qemu-system-x86 busybox-static >/dev/null
apt-get download linux-image-6.1.0-57-amd64-unsigned >/dev/null
rm -rf kpkg root
dpkg -x linux-image-6.1.0-57-amd64-unsigned_*.deb kpkg
cp kpkg/boot/vmlinuz-6.1.0-57-amd64 bzImage
mkdir -p root/bin root/sbin root/usr/bin root/usr/sbin root/etc root/root root/tmp root/dev root/proc root/sys root/mnt root/var/log root/run
cp /bin/busybox root/bin/
chroot root /bin/busybox --install -s
cat > root/init <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
hostname memhp
exec setsid cttyhack sh
INIT
chmod 755 root/init
chmod 1777 root/tmp
chmod 700 root/root
printf 'root:x:0:0:root:/root:/bin/sh\n' > root/etc/passwd
printf 'root:x:0:\n' > root/etc/group
(cd root && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9) > rootfs.cpio.gz
ls -l bzImage rootfs.cpio.gz
if [ "${LSMEM:-}" = 1 ]; then
	rm -rf ulroot
	cp -a root ulroot
	mkdir -p ulroot/lib/x86_64-linux-gnu ulroot/lib64
	cp /usr/bin/lsmem ulroot/usr/bin/
	cp /usr/sbin/chmem ulroot/usr/sbin/
	cp /lib/x86_64-linux-gnu/libsmartcols.so.1 /lib/x86_64-linux-gnu/libc.so.6 ulroot/lib/x86_64-linux-gnu/
	cp /lib64/ld-linux-x86-64.so.2 ulroot/lib64/
	(cd ulroot && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9) > rootfs-ul.cpio.gz
	ls -l rootfs-ul.cpio.gz
fi
