/** BB_VER and bb_banner of the guest's busybox (Debian's build), for every applet that prints them. */
export const BB_VER = '1.35.0';
export const BB_BANNER_TEXT = `BusyBox v${BB_VER} (Debian 1:1.35.0-4+deb12u1+b1)`;
