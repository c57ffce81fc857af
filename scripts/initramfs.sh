#!/usr/bin/env bash
# Build the guest initramfs for ARCH: busybox, kexec-tools 2.0.25,
# makedumpfile (with their shared libraries from work/sysroot/ARCH),
# kexec-tools 2.0.29 built static from Debian's source, our static helpers
# from tools/, the guest's /init and udev rules. The guest scripts
# (harness/guest/*.sh) and the scenarios are not in it: scripts/boot.sh
# serves them on the share with each run.
#   scripts/initramfs.sh ARCH   -> work/initramfs-ARCH.cpio.gz
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
. "$top/scripts/arch.sh" "$arch"
root=$top/work/sysroot/$arch
triplet=$TRIPLET
tree=$top/work/initramfs-$arch
out=$top/work/initramfs-$arch.cpio.gz

bash "$top/scripts/sysroot.sh" "$arch"
bash "$top/scripts/kexec-tools.sh" "$arch"
make -s -C "$top/tools" ARCH="$arch" CROSS_COMPILE="${CROSS:+$CROSS-}" O="$top/work/tools"

rm -rf "$tree"
mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,host,tmp,run,etc}

# copy ROOT PREFIX FILE: copy ROOT/FILE to PREFIX/FILE in the tree;
# symlinks are resolved inside ROOT (absolute ones point into it, not to
# the host).
copy() {
	local p=$3 t
	# merged /usr: /lib64 etc. may exist only as base-files' links
	[ -e "$1/$p" ] || [ -L "$1/$p" ] || p=usr/$p
	while [ -L "$1/$p" ]; do
		t=$(readlink "$1/$p")
		case "$t" in /*) p=${t#/} ;; *) p=$(dirname "$p")/$t ;; esac
	done
	mkdir -p "$tree/$2/$(dirname "$3")"
	cp "$1/$p" "$tree/$2/$3"
}

# interp FILE: the ELF program interpreter of FILE, without the leading /
interp() {
	readelf -lW "$1" | sed -n 's/.*Requesting program interpreter: \/\(.*\)]/\1/p'
}

# copy_elf ROOT PREFIX FILE: copy an ELF binary and, recursively, its
# interpreter and NEEDED libraries, found in ROOT.
declare -A seen
copy_elf() {
	local r=$1 pre=$2 f=$3 lib dir found ld
	[ -z "${seen[$pre/$f]:-}" ] || return 0
	seen[$pre/$f]=1
	copy "$r" "$pre" "$f"
	ld=$(interp "$r/$f")
	if [ -n "$ld" ] && [ -z "${seen[$pre/$ld]:-}" ]; then
		seen[$pre/$ld]=1
		copy "$r" "$pre" "$ld"
	fi
	for lib in $(readelf -dW "$r/$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for dir in lib/$triplet usr/lib/$triplet lib64 lib usr/lib; do
			[ -e "$r/$dir/$lib" ] && { found=$dir/$lib; break; }
		done
		[ -n "$found" ] || { echo "initramfs: $f needs $lib, not in $r" >&2; exit 1; }
		copy_elf "$r" "$pre" "$found"
	done
}

cp "$root/bin/busybox" "$tree/bin/busybox"
copy_elf "$root" / sbin/kexec
copy_elf "$root" / usr/bin/makedumpfile
# systemd-udevd (udevadm under another name) with our rules, which run
# kdump-config try-reload: a stand-in for Debian's kdump-tools (util-linux's
# flock serializes the reloads, as there)
copy_elf "$root" / bin/udevadm
copy_elf "$root" / usr/bin/flock
mkdir -p "$tree/lib/systemd" "$tree/etc/udev/rules.d"
ln -s /bin/udevadm "$tree/lib/systemd/systemd-udevd"
cp "$top/udev/50-kdump-tools.rules" "$top/harness/guest/99-kdtest-seen.rules" \
	"$tree/etc/udev/rules.d/"
cp "$top/harness/guest/kdump-config" "$tree/usr/sbin/"
# Debian's kdump-tools 1.8.1 as packaged (scenarios/kdump-tools.sh mounts
# its kdump-config over the stand-in): the script, its udev rule in
# /lib/udev/rules.d (which our rule of the same name in /etc overrides, as
# on an installed system), its sysctl file, and what it runs beyond
# busybox: bash, file (with its magic database), LSB's init-functions
cp "$root/usr/sbin/kdump-config" "$tree/usr/sbin/kdump-config.kdump-tools"
mkdir -p "$tree/lib/udev/rules.d" "$tree/etc/kdump" "$tree/lib/lsb" "$tree/usr/share/misc"
cp "$root/lib/udev/rules.d/50-kdump-tools.rules" "$tree/lib/udev/rules.d/"
cp "$root/etc/kdump/sysctl.conf" "$tree/etc/kdump/"
cp "$root/lib/lsb/init-functions" "$tree/lib/lsb/"
copy_elf "$root" / bin/bash
copy_elf "$root" / usr/bin/file
copy "$root" / usr/share/misc/magic.mgc
[ ! -e "$root/lib64" ] || [ -e "$tree/lib64" ] || ln -s lib "$tree/lib64"
# kexec-tools 2.0.29 (has --hotplug), static, from scripts/kexec-tools.sh
cp "$top/work/kexec-tools/$arch/kexec" "$tree/sbin/kexec-2.0.29"
cp "$top/work/tools/$arch/marker-write" "$top/work/tools/$arch/vmcore-check" \
	"$top/work/tools/$arch/hp-reader" "$top/work/tools/$arch/kexec-bad" \
	"$top/work/tools/$arch/page-offline" "$top/work/tools/$arch/fdt-rsvmap" \
	"$tree/bin/"
cp "$top/harness/guest/init" "$tree/init"
# the guest scripts and the scenarios come with each run, on the host share
# (scripts/boot.sh): editing one needs no new initramfs
mkdir -p "$tree/lib"
ln -s /host/kdtest "$tree/lib/kdtest"
ln -s /host/scenarios "$tree/scenarios"
# The series' kselftest, when the series has it (scenarios/kselftest.sh)
st=$top/work/linux/tools/testing/selftests/kexec/test_crash_hotplug.sh
[ ! -f "$st" ] || cp "$st" "$tree/bin/"
chmod +x "$tree/init"

(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out ($(du -k "$out" | cut -f1) KiB)"
