#!/usr/bin/env bash
# Fetch the guest userspace for ARCH as Debian packages of that architecture
# and unpack them into work/sysroot/ARCH (no install on the host):
#   scripts/sysroot.sh ARCH
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
case "$arch" in
x86_64) debarch=amd64 extra="libxenmisc4.17 libxencall1 libxendevicemodel1
	libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxentoolcore1
	libxentoollog1 libyajl2" ;;
ppc64le) debarch=ppc64el extra= ;;
*) echo "sysroot: unknown arch $arch" >&2; exit 1 ;;
esac
pkgs="busybox-static kexec-tools makedumpfile libc6 libdw1 libelf1 liblzo2-2
	zlib1g liblzma5 libbz2-1.0 libzstd1 $extra"

root=$top/work/sysroot/$arch
debs=$top/work/debs/$debarch
[ -f "$root/.done" ] && exit 0

if [ "$debarch" != "$(dpkg --print-architecture)" ] &&
	! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
	dpkg --add-architecture "$debarch"
	apt-get update -q || echo "sysroot: apt-get update had errors, trying anyway" >&2
fi
mkdir -p "$debs"
list=()
for p in $pkgs; do list+=("$p:$debarch"); done
(cd "$debs" && apt-get download -q "${list[@]}" >/dev/null 2>&1) || {
	apt-get update -q || true
	(cd "$debs" && apt-get download -q "${list[@]}")
}
rm -rf "$root"
mkdir -p "$root"
for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$root"; done
touch "$root/.done"
echo "sysroot: $arch userspace unpacked in $root"
