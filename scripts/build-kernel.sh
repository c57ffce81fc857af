#!/usr/bin/env bash
# Build a test kernel out of tree, with ccache:
#   scripts/build-kernel.sh ARCH VARIANT
# ARCH: one of arch/*.conf.  VARIANT: patched (work/linux, base + series) |
# unpatched (work/linux-base, the base tag) | mainline (work/linux-mainline,
# Debian's linux-source-6.12 as it is: scripts/workspace-mainline.sh) | any
# other name with a configs/variant-NAME.config fragment, built from the
# patched tree.
# The config is allnoconfig + configs/common.config + configs/ARCH.config
# (+ configs/variant-VARIANT.config + configs/ARCH-VARIANT.config, + with
# KDTEST_DEBUGINFO=1 configs/debuginfo.config), made
# afresh on every build (the tree may have moved to another commit); every
# fragment line must survive into the final .config, unless KCONFIG_VERIFY=0
# (make check-series: patches before an option exists build without it).
# (mainline: every option of the fragments exists in 6.12 and survives.)
# Output: work/build/ARCH-VARIANT/{image,vmlinux}.
# The build directory is SRC/.build-ARCH-VARIANT (work/build/ARCH-VARIANT
# links to it); BUILD_AS=NAME builds VARIANT in SRC/.build-ARCH-NAME
# instead, linked from nowhere (make check-series walks the series there,
# so that the kernels the scenarios boot stay as they are). An object
# directory right inside the source tree is the one
# kbuild names the tree from by a relative path (srctree := ..), so the
# compiler sees the same paths and the same preprocessed text in
# work/linux and in work/linux-base, and ccache shares every file the series
# does not touch between the variants (a cold make test builds one kernel
# per arch and takes the others mostly from the cache).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
variant=${2:?variant}

. "$top/scripts/arch.sh" "$arch"
karch=$KARCH cross=${CROSS:+$CROSS-} image=$IMAGE

if [ "$variant" = unpatched ]; then
	src=$top/work/linux-base
	git -C "$top/work/linux" worktree prune
	[ -d "$src" ] || git -C "$top/work/linux" worktree add -q --detach "$src" base
	[ "$(git -C "$src" rev-parse HEAD)" = "$(git -C "$top/work/linux" rev-parse base)" ] ||
		{ echo "build: $src is not at tag base" >&2; exit 1; }
elif [ "$variant" = mainline ]; then
	src=$top/work/linux-mainline
	[ -f "$src/.debian-version" ] || bash "$top/scripts/workspace-mainline.sh"
	echo "build: mainline is Linux $(make -s -C "$src" kernelversion) (Debian linux-source-6.12 $(cat "$src/.debian-version"))"
else
	src=$top/work/linux
fi
[ -d "$src" ] || { echo "build: no $src, run scripts/workspace.sh" >&2; exit 1; }

out=$src/.build-$arch-${BUILD_AS:-$variant}
link=$top/work/build/$arch-$variant
seed=$top/work/linux/.build-$arch-patched
# A variant's first build starts from a copy of the patched build (mtimes
# kept), when there is one: Kbuild then rebuilds only what differs, the
# files that use a changed option (fixdep's include/config/ stamps) and,
# for unpatched, the files the series or the work tree changes, touched
# here so that they are newer than every copied object. Cold, this makes
# a further variant a few hundred files instead of a whole kernel.
# (not mainline: another tree, nothing to share)
if [ "$out" != "$seed" ] && [ "$variant" != mainline ] && [ ! -e "$out/.config" ] && [ -e "$seed/vmlinux" ]; then
	echo "build: ${out##*/.build-} starts from a copy of $arch-patched"
	seeded=1
	rm -rf "$out"
	cp -a "$seed" "$out"
	rm -f "$out/vmlinux" "$out/fragment.config"
	if [ "$variant" = unpatched ]; then
		# the base tree's files as old as can be (the worktree may be
		# younger than the copied objects), then the ones that differ
		# from any state the patched build saw as new as can be
		find "$src" -path "$src/.build-*" -prune -o -exec touch -h -d @946684800 {} +
		(cd "$top/work/linux" && { git diff --name-only base; git log --format= --name-only base..series; } |
			sort -u | while read -r f; do [ ! -e "$src/$f" ] || touch -- "$src/$f"; done)
	fi
fi
mkdir -p "$out" "$top/work/build"
if [ -z "${BUILD_AS:-}" ]; then
	# an older layout's real directory makes way for the link
	[ -L "$link" ] || rm -rf "$link"
	ln -sfn "$out" "$link"
fi
frag=$out/fragment.config
cat "$top/configs/common.config" "$top/configs/$arch.config" >"$frag.new"
for f in "variant-$variant" "$arch-$variant"; do
	[ ! -f "$top/configs/$f.config" ] || cat "$top/configs/$f.config" >>"$frag.new"
done
# KDTEST_DEBUGINFO=1 (make crash): with debug info for crash(8)
[ "${KDTEST_DEBUGINFO:-0}" != 1 ] || cat "$top/configs/debuginfo.config" >>"$frag.new"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# paths under the checkout hash as relative ones: clones share the cache;
# the build directory (the compiler's cwd) is never hashed, also not with -g
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1
mk=(make -s -C "$src" O="$out" ARCH="$karch" CROSS_COMPILE="$cross"
	CC="ccache ${cross}gcc" -j"$(nproc)")

KCONFIG_ALLCONFIG=$frag.new "${mk[@]}" allnoconfig
mv "$frag.new" "$frag"
# objtool (x86), built by the tools' own build with absolute paths, is
# rebuilt in a copied directory, and every object that objtool checked
# depends on it: build it first, and when its code is the seed's (its
# debug info and build id name the directory), give it and its own
# objects the seed's mtimes
ot=tools/objtool
if [ -n "${seeded:-}" ] && [ -e "$seed/$ot/objtool" ]; then
	"${mk[@]}" prepare
	objcopy --strip-all -R .note.gnu.build-id "$seed/$ot/objtool" "$out/objtool.seed"
	objcopy --strip-all -R .note.gnu.build-id "$out/$ot/objtool" "$out/objtool.new"
	if cmp -s "$out/objtool.seed" "$out/objtool.new"; then
		(cd "$seed/$ot" && find . -type f) | while read -r f; do
			[ ! -e "$out/$ot/$f" ] || touch -r "$seed/$ot/$f" "$out/$ot/$f"
		done
	fi
	rm -f "$out/objtool.seed" "$out/objtool.new"
fi
if [ "${KCONFIG_VERIFY:-1}" != 0 ]; then
	bad=0
	while read -r line; do
		case "$line" in '' | '#'*) continue ;; esac
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -qx "# $opt is not set" "$out/.config" && continue
		else
			grep -qFx "$line" "$out/.config" && continue
		fi
		echo "build: $line did not survive into .config" >&2
		bad=1
	done <"$frag"
	[ "$bad" = 0 ] || exit 1
fi

start=$(date +%s)
# KBUILD_TARGET=vmlinux: the linked kernel only, not the boot image
# (check-series, for every patch but the last)
# shellcheck disable=SC2086
"${mk[@]}" ${KBUILD_TARGET:-}
echo "build: ${out##*/.build-} built in $(($(date +%s) - start)) s"
ln -sf "$out/$image" "$out/image"
