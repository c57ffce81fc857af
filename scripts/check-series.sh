#!/usr/bin/env bash
# Check every patch of patches/series on its own: checkpatch.pl --strict
# clean, and the tree at that patch builds (the test configs) for every
# arch its change can affect (arches() below), the last patch for all.
# The builds run in SRC/.build-ARCH-series, a fresh copy of the patched
# build directory (scripts/build-kernel.sh, BUILD_AS=series): the kernels
# the scenarios boot are never touched, so the scenarios can run while
# this walks. The walk starts at the series' head (what the copy was
# built from: a build with nothing to do) and goes back one patch at a
# time, so that each step is an incremental build of one patch's change
# (and ccache serves a state seen before). Results are printed in that
# order, head first. Puts work/linux back on the series' head on any exit.
# Prints KTAP (scripts/ktap.sh), ends with "N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/work/linux
. "$top/scripts/ktap.sh"
mkdir -p "$top/work/logs"

mapfile -t patches < <(grep -vE '^\s*(#|$)' "$top/patches/series" || true)
commits=$(git -C "$tree" rev-list --reverse base..series)
[ "$(echo "$commits" | grep -c .)" = "${#patches[@]}" ] ||
	{ echo "check: work/linux (series) does not match patches/series: run make workspace" >&2; exit 1; }
[ -z "$(git -C "$tree" status --porcelain)" ] ||
	{ echo "check: work/linux has uncommitted changes" >&2; exit 1; }
trap 'git -C "$tree" checkout -q series' EXIT

# arches COMMIT: the arches whose build COMMIT can change. A patch whose
# kernel files are all under arch/KARCH/ of one arch builds for that arch
# alone; one that touches no file a kernel build reads (Documentation/,
# tools/, MAINTAINERS) builds for none (the tree builds as at the patch
# before); any other patch, and the last one, builds for all.
all_arches=$(bash "$top/scripts/arches.sh")
last=$(echo "$commits" | tail -n1)
arches() {
	local files a own
	[ "$1" != "$last" ] || { echo "$all_arches"; return; }
	files=$(git -C "$tree" diff --name-only "$1^" "$1" | grep -vE '^(Documentation|tools)/|^MAINTAINERS$' || true)
	[ -n "$files" ] || return 0
	for a in $all_arches; do
		own=$(. "$top/scripts/arch.sh" "$a"; echo "$files" | grep -c "^arch/$KARCH/" || true)
		[ "$own" != "$(echo "$files" | grep -c .)" ] || { echo "$a"; return; }
	done
	echo "$all_arches"
}

declare -A built=() name=()
n=0 i=0
for c in $commits; do
	name[$c]=${patches[$i]}
	i=$((i + 1))
	built[$c]=$(arches "$c")
	n=$((n + 1 + $(echo "${built[$c]}" | grep -c . || true)))
	[ -n "${built[$c]}" ] || n=$((n + 1))
done
for a in $all_arches; do
	(. "$top/scripts/arch.sh" "$a"; [ -e "$tree/.build-$a-patched/$IMAGE" ]) ||
		{ echo "check: no $a patched kernel to start from: run make prepare ARCH=$a VARIANT=patched" >&2; exit 1; }
	rm -rf "$tree/.build-$a-series"
done
ktap_begin "$n"
# the head first, then back to the first patch
for c in $last $(echo "$commits" | sed '$d' | tac); do
	p=${name[$c]}
	# Debian's python3 first: checkpatch's spdxcheck.py needs python3-ply
	if (cd "$tree" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict -q "$top/patches/$p") \
		>"$top/work/logs/checkpatch-${p%%-*}.log" 2>&1; then
		ktap_ok "checkpatch --strict $p"
	else
		ktap_diag "see work/logs/checkpatch-${p%%-*}.log"
		ktap_not_ok "checkpatch --strict $p"
	fi
	git -C "$tree" checkout -q --detach "$c"
	[ -n "${built[$c]}" ] || ktap_ok "builds at $p" "SKIP it changes no file a kernel build reads"
	for arch in ${built[$c]}; do
		log=$top/work/logs/check-${p%%-*}-$arch.log
		# vmlinux (linked: no undefined symbol) for every patch; the last
		# one also the boot image
		target=vmlinux
		[ "$c" != "$last" ] || target=
		if BUILD_AS=series KBUILD_TARGET=$target KCONFIG_VERIFY=0 \
			bash "$top/scripts/build-kernel.sh" "$arch" patched >"$log" 2>&1; then
			ktap_diag "$(tail -n1 "$log")"
			ktap_ok "builds for $arch at $p"
		else
			ktap_diag "see ${log#"$top"/}"
			ktap_not_ok "builds for $arch at $p"
		fi
	done
done
ktap_end
