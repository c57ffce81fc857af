#!/usr/bin/env bash
# Make work/linux-mainline: Debian's linux-source-6.12 (mainline crash
# hotplug, the peer kernel of make peer) unpacked as it is. Installs the
# package when it is missing (bookworm's security suite serves it); the
# version unpacked is written to work/linux-mainline/.debian-version and
# printed. Re-running it keeps a tree whose version is the package's.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
pkg=linux-source-6.12
src=${MAINLINE_SOURCE_TARBALL:-/usr/src/$pkg.tar.xz}
tree=$top/work/linux-mainline

# the package's version, or the given tarball's name, size and mtime
if [ -n "${MAINLINE_SOURCE_TARBALL:-}" ]; then
	deb=$(stat -c "${src##*/} %s %Y" "$src")
else
	bash "$top/scripts/deps.sh" "$pkg"
	deb=$(dpkg-query -W -f='${Version}' "$pkg")
fi
if [ ! -f "$tree/.debian-version" ] || [ "$(cat "$tree/.debian-version")" != "$deb" ]; then
	echo "workspace-mainline: unpacking $src"
	mkdir -p "$top/work"
	rm -rf "$tree" "$top/work/$pkg"
	tar -C "$top/work" -xJf "$src"
	mv "$top/work/$pkg" "$tree"
	echo "$deb" >"$tree/.debian-version"
fi
echo "workspace-mainline: work/linux-mainline is Linux $(make -s -C "$tree" kernelversion) (Debian $pkg $deb)"
