#!/usr/bin/env bash
# The README's test command (make test): prepare every arch that
# tests/expected names (scripts/prepare.sh: packages, workspace, the
# kernels its rows need, the initramfs), then run the suite
# (scripts/run-tests.sh, KTAP). FILTER (a grep -E pattern on the rows of
# tests/expected) narrows the end-to-end part. Prints the time each part
# took (the suite's last diagnostic line: the whole make test).
# KDTEST_ROWS: another rows file (make peer), passed on to run-tests.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
filter=${FILTER:-.}
start=$(date +%s)
bash "$top/scripts/deps.sh"
bash "$top/scripts/workspace.sh"
rows=$(grep -vE '^\s*(#|$)' "${KDTEST_ROWS:-$top/tests/expected}" | grep -E -- "$filter" || true)
for arch in $(echo "$rows" | awk 'NF { print $1 }' | sort -u); do
	# shellcheck disable=SC2046
	KDTEST_PREPARED=1 bash "$top/scripts/prepare.sh" "$arch" \
		$(echo "$rows" | awk -v a="$arch" '$1 == a { print $2 }' | sort -u)
done
echo "test: prepared in $(($(date +%s) - start)) s"
KDTEST_START=$start exec bash "$top/scripts/run-tests.sh" "$filter"
