#!/usr/bin/env bash
# Check every patch of patches/series on its own: checkpatch.pl --strict
# clean, and the tree at that patch builds (the test configs) for every
# arch its change can affect (arches() below), the last patch for all. Walks work/linux through the series in the "patched" build
# dirs, so each step is an incremental build that ccache can serve, and
# puts work/linux back on the series' head on any exit.
# Ends with "N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/work/linux
pass=0 fail=0
report() {
	if [ "$1" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	printf '%-4s %s\n' "$1" "$2"
}

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
all_arches=$(cd "$top/arch" && ls -- *.conf | sed 's/\.conf$//')
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

i=0
for c in $commits; do
	p=${patches[$i]}
	i=$((i + 1))
	# Debian's python3 first: checkpatch's spdxcheck.py needs python3-ply
	if (cd "$tree" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict -q "$top/patches/$p") \
		>"$top/work/logs/checkpatch-$i.log" 2>&1; then
		report ok "checkpatch --strict $p"
	else
		report FAIL "checkpatch --strict $p (work/logs/checkpatch-$i.log)"
	fi
	git -C "$tree" checkout -q --detach "$c"
	built=$(arches "$c")
	[ -n "$built" ] || report ok "builds: $p changes no file a kernel build reads"
	for arch in $built; do
		log=$top/work/logs/check-$i-$arch.log
		if KCONFIG_VERIFY=0 bash "$top/scripts/build-kernel.sh" "$arch" patched \
			>"$log" 2>&1; then
			report ok "builds for $arch at $p"
		else
			report FAIL "builds for $arch at $p (${log#"$top"/})"
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
