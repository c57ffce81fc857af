#!/usr/bin/env bash
# Unpack the guest's userspace for ARCH from Debian bookworm packages of the
# guest's architecture (nothing is installed on the host):
#   scripts/sysroot.sh ARCH   -> work/sysroot/ARCH: busybox, kexec-tools
#                                2.0.25, makedumpfile, udev's systemd-udevd
#                                and udevadm, util-linux's flock, their libs;
#                                Debian's kdump-tools 1.8.1 and what its
#                                kdump-config runs (bash, file, LSB
#                                init-functions)
# The packages come through scripts/fetch.sh (download cache, private apt
# index). The stamp work/sysroot/ARCH/.debs names the package files
# unpacked: the same list is not unpacked again, another one is.
# (kexec-tools 2.0.29, for --hotplug, is built from source:
# scripts/kexec-tools.sh.)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
. "$top/scripts/arch.sh" "$arch"
root=$top/work/sysroot/$arch

pkgs="busybox-static kexec-tools makedumpfile libc6 libdw1 libelf1
	liblzo2-2 zlib1g liblzma5 libbz2-1.0 libzstd1
	udev libkmod2 libacl1 libblkid1 libcap2 libselinux1 libpcre2-8-0
	libssl3 util-linux
	kdump-tools bash libtinfo6 sysvinit-utils file libmagic1 libmagic-mgc
	$GUEST_PKGS"

# shellcheck disable=SC2086
debs=$(bash "$top/scripts/fetch.sh" deb "$DEBARCH" $pkgs)
want=$(for d in $debs; do basename "$d"; done)
[ "$(cat "$root/.debs" 2>/dev/null)" != "$want" ] || exit 0
rm -rf "$root"
mkdir -p "$root"
for d in $debs; do dpkg-deb -x "$d" "$root"; done
echo "$want" >"$root/.debs"
echo "sysroot: $arch bookworm userspace unpacked in $root ($(echo "$want" | wc -l) packages)"
