#!/usr/bin/env bash
# Check every patch of patches/series on its own: checkpatch.pl --strict
# clean, and the tree at that patch builds for x86_64 and ppc64le (the test
# configs). Walks work/linux through the series in the "patched" build
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
	for arch in x86_64 ppc64le; do
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
