#!/usr/bin/env bash
# Make work/linux: Debian's linux-source-6.1 unpacked, committed as the base
# (tag "base"), with patches/series applied on top by git am.
# Re-running it resets work/linux to base + series; commits made in the work
# tree that were not exported with scripts/export-patches.sh are lost, so it
# refuses to run when the tree has unexported commits unless FORCE=1.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
tree=$top/work/linux

if [ ! -d "$tree/.git" ]; then
	echo "workspace: unpacking $src"
	mkdir -p "$top/work"
	rm -rf "$tree" "$top/work/linux-source-6.1" "$top/work/linux-base"
	rm -f "$top/work/.series-applied"
	tar -C "$top/work" -xJf "$src"
	mv "$top/work/linux-source-6.1" "$tree"
	cd "$tree"
	# Debian's top-level .gitignore ends with rules that ignore every
	# top-level entry ("# Debian packaging" onwards): drop them.
	sed -i '/^# Debian packaging/,$d' .gitignore
	# MAKEFLAGS: "make demo ARCH=ppc64le" would pass its ARCH on to here
	ver=$(MAKEFLAGS= make -s kernelversion)
	deb=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)
	git init -q -b master
	git config gc.auto 0 # a repack of this tree would eat the build's CPU
	echo '.checkpatch-camelcase.*' >>.git/info/exclude # checkpatch's cache
	git add -A
	git -c user.name=workspace -c user.email=workspace@localhost \
		commit -q -m "Linux $ver (Debian linux-source-6.1 $deb)"
	git tag base
	echo "workspace: base commit is Linux $ver (Debian $deb)"
fi

cd "$tree"
# kernels are built in .build-* inside the tree (scripts/build-kernel.sh)
grep -qxF '/.build-*' .git/info/exclude || echo '/.build-*' >>.git/info/exclude
# Commits made here become patches/: they carry the series' identity
git config user.name "Crash Hotplug 6.1"
git config user.email crash-hotplug@example.org
if [ "${FORCE:-0}" != 1 ] && { [ -n "$(git status --porcelain)" ] ||
	{ [ -f "$top/work/.series-applied" ] &&
		[ "$(git rev-parse HEAD)" != "$(cat "$top/work/.series-applied")" ]; }; }; then
	echo "workspace: work/linux has changes or commits not exported to patches/" >&2
	echo "workspace: commit and run scripts/export-patches.sh, or FORCE=1 to discard them" >&2
	exit 1
fi

git am --abort >/dev/null 2>&1 || true
git checkout -q -f -B series base
git clean -q -fdx -e '/.build-*'
while read -r p || [ -n "$p" ]; do
	case "$p" in '' | '#'*) continue ;; esac
	if ! git -c user.name=workspace -c user.email=workspace@localhost \
		am -q --keep-cr "$top/patches/$p" >/dev/null 2>&1; then
		git am --abort >/dev/null 2>&1 || true
		echo "workspace: patch does not apply: $p" >&2
		exit 1
	fi
done <"$top/patches/series"
git rev-parse HEAD >"$top/work/.series-applied"
echo "workspace: work/linux at base + $(git rev-list --count base..HEAD) patches"
