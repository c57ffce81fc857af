#!/usr/bin/env bash
# Fetch guest userspace for ARCH as Debian packages of that architecture and
# unpack them (no install on the host):
#   scripts/sysroot.sh ARCH            -> work/sysroot/ARCH (bookworm: busybox,
#                                         kexec-tools 2.0.25, makedumpfile,
#                                         udev's systemd-udevd and udevadm)
#   scripts/sysroot.sh ARCH trixie     -> work/sysroot/ARCH-trixie (kexec-tools
#                                         2.0.29, which has --hotplug, and its libc)
# Trixie is read through a private apt list: the machine's sources are not
# touched.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
suite=${2:-}
case "$arch" in
x86_64) debarch=amd64 ;;
ppc64le) debarch=ppc64el ;;
*) echo "sysroot: unknown arch $arch" >&2; exit 1 ;;
esac
# kexec-tools on amd64 links libxenctrl
xen() { [ "$arch" != x86_64 ] || echo "libxenmisc$1 libxencall1 libxendevicemodel1
	libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxentoolcore1
	libxentoollog1 libyajl2"; }

apt=()
if [ -z "$suite" ]; then
	root=$top/work/sysroot/$arch
	pkgs="busybox-static kexec-tools makedumpfile libc6 libdw1 libelf1
		liblzo2-2 zlib1g liblzma5 libbz2-1.0 libzstd1 $(xen 4.17)
		udev libkmod2 libacl1 libblkid1 libcap2 libselinux1 libpcre2-8-0
		libssl3 util-linux"
else
	root=$top/work/sysroot/$arch-$suite
	pkgs="kexec-tools libc6 $(xen 4.20)"
	state=$top/work/apt-$suite
	mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
	cat >"$state/$suite.sources" <<EOS
Types: deb
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Architectures: amd64 ppc64el
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	apt=(-o Dir::Etc::sourcelist="$state/$suite.sources" -o Dir::Etc::sourceparts=-
		-o Dir::State::Lists="$state/lists" -o Dir::State::status=/dev/null
		-o Dir::Cache="$state/cache")
fi
# the stamp names the packages: a changed list unpacks again
[ "$(cat "$root/.done" 2>/dev/null)" = "$(echo $pkgs)" ] && exit 0
debs=$root.debs

if [ -z "$suite" ] && [ "$debarch" != "$(dpkg --print-architecture)" ] &&
	! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
	dpkg --add-architecture "$debarch"
	apt-get update -q || echo "sysroot: apt-get update had errors, trying anyway" >&2
fi
[ -z "$suite" ] || compgen -G "$state/lists/*Release" >/dev/null || apt-get "${apt[@]}" update -q ||
	echo "sysroot: apt-get update ($suite) had errors, trying anyway" >&2
rm -rf "$debs" "$root"
mkdir -p "$debs" "$root"
list=()
for p in $pkgs; do list+=("$p:$debarch"); done
(cd "$debs" && apt-get "${apt[@]}" download -q "${list[@]}" >/dev/null 2>&1) || {
	apt-get "${apt[@]}" update -q || true
	(cd "$debs" && apt-get "${apt[@]}" download -q "${list[@]}")
}
for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$root"; done
echo $pkgs >"$root/.done"
echo "sysroot: $arch ${suite:-bookworm} userspace unpacked in $root"
