#!/usr/bin/env bash
# Build the guest initramfs for ARCH: busybox, kexec-tools, makedumpfile (with
# their shared libraries from work/sysroot/ARCH), our static helpers from
# tools/, the guest scripts from harness/guest/ and the scenarios.
#   scripts/initramfs.sh ARCH   -> work/initramfs-ARCH.cpio.gz
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
root=$top/work/sysroot/$arch
triplet=$arch-linux-gnu
[ "$arch" != ppc64le ] || triplet=powerpc64le-linux-gnu
tree=$top/work/initramfs-$arch
out=$top/work/initramfs-$arch.cpio.gz

bash "$top/scripts/sysroot.sh" "$arch"
make -s -C "$top/tools" ARCH="$arch" O="$top/work/tools"

rm -rf "$tree"
mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,host,tmp,run,etc}

# Copy a file from the sysroot, keeping its path; symlinks are resolved
# inside the sysroot (absolute ones point into it, not to the host).
copy() {
	local p=$1 t
	while [ -L "$root/$p" ]; do
		t=$(readlink "$root/$p")
		case "$t" in /*) p=${t#/} ;; *) p=$(dirname "$p")/$t ;; esac
	done
	mkdir -p "$tree/$(dirname "$1")"
	cp "$root/$p" "$tree/$1"
}

# Copy an ELF binary and, recursively, its interpreter and NEEDED libraries.
declare -A seen
copy_elf() {
	local f=$1 lib dir found
	[ -z "${seen[$f]:-}" ] || return 0
	seen[$f]=1
	copy "$f"
	local interp
	interp=$(readelf -lW "$root/$f" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	[ -z "$interp" ] || { [ -n "${seen[$interp]:-}" ] || { seen[$interp]=1; copy "$interp"; }; }
	for lib in $(readelf -dW "$root/$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for dir in lib/$triplet usr/lib/$triplet lib64 lib usr/lib; do
			[ -e "$root/$dir/$lib" ] && { found=$dir/$lib; break; }
		done
		[ -n "$found" ] || { echo "initramfs: $f needs $lib, not in sysroot" >&2; exit 1; }
		copy_elf "$found"
	done
}

cp "$root/bin/busybox" "$tree/bin/busybox"
copy_elf sbin/kexec
copy_elf usr/bin/makedumpfile
[ ! -e "$root/lib64" ] || [ -e "$tree/lib64" ] || ln -s lib "$tree/lib64"
cp "$top/work/tools/$arch/marker-write" "$top/work/tools/$arch/vmcore-check" "$tree/bin/"
cp "$top/harness/guest/init" "$tree/init"
mkdir -p "$tree/lib/kdtest"
cp "$top"/harness/guest/*.sh "$tree/lib/kdtest/"
cp -r "$top/scenarios" "$tree/scenarios"
chmod +x "$tree/init"

(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out ($(du -k "$out" | cut -f1) KiB)"
