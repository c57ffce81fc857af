#!/usr/bin/env bash
# Build kexec-tools from Debian's source package (trixie's 2.0.29, the
# first release with --hotplug) for guest ARCH, statically linked, so the
# guest needs no other release's libc:
#   scripts/kexec-tools.sh ARCH  -> work/kexec-tools/ARCH/kexec
# Debian's patches are applied (dpkg-source -x); no xen, zlib or lzma (the
# tests load an uncompressed kernel and a gzip initramfs, which the kernel
# unpacks itself). The stamp names the source and the configure line: the
# same build is not done twice.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
. "$top/scripts/arch.sh" "$arch"
out=$top/work/kexec-tools/$arch

dsc=$(bash "$top/scripts/fetch.sh" src kexec-tools)
host=()
[ -z "$CROSS" ] || host=(--host="$CROSS" --build="$(gcc -dumpmachine)" BUILD_CC=gcc)
conf=(--without-xen --without-zlib --without-lzma "${host[@]}" LDFLAGS=-static)
want="$(basename "$dsc") ${conf[*]}"
[ "$(cat "$out/.stamp" 2>/dev/null)" != "$want" ] || exit 0

rm -rf "$out"
mkdir -p "$out"
dpkg-source --no-check -x "$dsc" "$out/src" >"$out/build.log" 2>&1 ||
	{ tail -n 5 "$out/build.log"; echo "kexec-tools: cannot unpack $dsc" >&2; exit 1; }
# (without ARCH in the environment or in MAKEFLAGS: kexec-tools takes it as its
# own arch directory, and "make prepare ARCH=ppc64le" passes it down)
(cd "$out/src" && unset ARCH MAKEFLAGS MFLAGS MAKELEVEL && ./configure "${conf[@]}" && make -j"$(nproc)") >>"$out/build.log" 2>&1 ||
	{ tail -n 20 "$out/build.log"; echo "kexec-tools: build for $arch failed (log: $out/build.log)" >&2; exit 1; }
"${CROSS:+$CROSS-}strip" -o "$out/kexec" "$out/src/build/sbin/kexec"
! readelf -lW "$out/kexec" | grep -q 'INTERP' ||
	{ echo "kexec-tools: $out/kexec is not static" >&2; exit 1; }
echo "$want" >"$out/.stamp"
echo "kexec-tools: $(basename "$dsc" .dsc) built for $arch, static: $out/kexec"
