#!/usr/bin/env bash
# make torture [BOOTS=50] [ARCHES="..."]: the torture scenario
# (memory and CPU churn, a crash at a random moment from another CPU) on
# the patched kernel, BOOTS boots per arch (ARCHES: every arch/*.conf by
# default). Counts the dumps saved (the
# crash kernel booted and checked /proc/vmcore) and exact (vmcore-check
# passed), writes docs/torture-ARCH.txt (the table and every verdict).
# Not part of make test. Ends with "N passed, N failed" (an arch passes
# when every boot saved an exact dump).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
boots=${BOOTS:-50}
passed=0 failed=0
for arch in ${ARCHES:-$(bash "$top/scripts/arches.sh")}; do
	bash "$top/scripts/prepare.sh" "$arch" patched
	out=$top/docs/torture-$arch.txt lines=$(mktemp)
	saved=0 exact=0 start=$(date +%s)
	for i in $(seq 1 "$boots"); do
		line=$(bash "$top/scripts/run-scenario.sh" "$arch" patched torture file </dev/null |
			tail -n1) || true
		echo "$i $line" | tee -a "$lines"
		case "$line" in
		PASS*) saved=$((saved + 1)) exact=$((exact + 1)) ;;
		*"never booted"* | *"did not finish"* | *"timed out"* | *"guest:"* | *"harness:"* | *"did not reach"*) ;;
		*) saved=$((saved + 1)) ;;
		esac
	done
	{
		echo "# make torture on $arch: $boots boots of scenarios/torture.sh, patched kernel"
		echo "# ($(git -C "$top" rev-parse --short HEAD), $(date -u +%Y-%m-%d), TCG, $(($(date +%s) - start)) s)"
		echo "dump saved $saved/$boots, exact $exact/$boots"
		echo
		cat "$lines"
	} >"$out"
	rm -f "$lines"
	echo "torture $arch: dump saved $saved/$boots, exact $exact/$boots ($out)"
	if [ "$exact" = "$boots" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
