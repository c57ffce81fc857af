#!/usr/bin/env bash
# make peer: mainline 6.12 side by side with the series. Runs the rows of
# tests/peer (VARIANT mainline) together with every row of tests/expected
# on the same arch, scenario and load (unpatched, nohp, patched), in one
# run of scripts/run-tests.sh, and writes the table of each arch to
# docs/peer-ARCH.txt (scripts/peer-table.sh). FILTER (grep -E on the rows)
# narrows it; the docs are written only for a whole run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
filter=${FILTER:-.}
bash "$top/scripts/workspace-mainline.sh"
rows=$top/work/peer.rows
mkdir -p "$top/work/logs"
{
	grep -vE '^\s*(#|$)' "$top/tests/peer" | grep -E -- "$filter" || true
} >"$rows.peer"
# the rows of tests/expected for the same arch, scenario and load
awk 'NR == FNR { k[$1 " " $3 " " $4] = 1; next }
	!/^[[:space:]]*(#|$)/ && ($1 " " $3 " " $4) in k' "$rows.peer" "$top/tests/expected" >"$rows.others"
cat "$rows.others" "$rows.peer" >"$rows"
rm -f "$rows.peer" "$rows.others"
[ -s "$rows" ] || { echo "peer: no row matches $filter" >&2; exit 1; }
# packages, workspace, the kernels of these rows, the run (scripts/test.sh)
rc=0
KDTEST_ROWS=$rows KDTEST_WHAT="make peer" FILTER=. bash "$top/scripts/test.sh" | tee "$top/work/logs/peer.ktap" || rc=$?
if [ "$filter" = . ]; then
	for arch in $(awk '{ print $1 }' "$rows" | sort -u); do
		bash "$top/scripts/peer-table.sh" "$rows" "$top/work/logs" "$arch" >"$top/docs/peer-$arch.txt"
		echo "peer: wrote docs/peer-$arch.txt"
	done
fi
exit "$rc"
