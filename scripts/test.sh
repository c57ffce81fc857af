#!/usr/bin/env bash
# The README's test command (make test): install what is missing, set up
# the workspace, build every kernel tests/expected needs, build the
# initramfs per arch, run the suite. FILTER (a grep -E pattern on the rows
# of tests/expected) narrows the end-to-end part.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
filter=${FILTER:-.}
mkdir -p "$top/work/logs"

bash "$top/scripts/deps.sh"
bash "$top/scripts/workspace.sh"
make -s -C "$top/tools" host O="$top/work/tools"

rows=$(grep -vE '^\s*(#|$)' "$top/tests/expected" | grep -E -- "$filter" || true)
for av in $(echo "$rows" | awk 'NF { print $1 "/" $2 }' | sort -u); do
	log=$top/work/logs/build-${av/\//-}.log
	echo "test: building ${av/\// } kernel (log: $log)"
	bash "$top/scripts/build-kernel.sh" "${av%/*}" "${av#*/}" >"$log" 2>&1 ||
		{ tail -n 20 "$log"; exit 1; }
	tail -n1 "$log"
done
for arch in $(echo "$rows" | awk 'NF { print $1 }' | sort -u); do
	bash "$top/scripts/initramfs.sh" "$arch"
done
exec bash "$top/scripts/run-tests.sh" "$filter"
