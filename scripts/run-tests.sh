#!/usr/bin/env bash
# The test suite: unit tests of our host/guest tools, then every row of
# tests/expected (or of the rows matching FILTER, a grep -E pattern).
#   scripts/run-tests.sh [FILTER]
# Ends with "N passed, N failed"; exits non-zero if anything failed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
filter=${1:-.}
mkdir -p "$top/work/logs"
pass=0 fail=0
report() {
	if [ "$1" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	printf '%-4s %s\n' "$1" "$2"
}

if bash "$top/tools/test.sh" >"$top/work/logs/tools-test.log" 2>&1; then
	report ok "tools/test.sh: $(tail -n1 "$top/work/logs/tools-test.log")"
else
	report FAIL "tools/test.sh (see work/logs/tools-test.log)"
fi

# Every patch on its own: checkpatch --strict, builds for both arches.
if [ "$filter" = . ] && grep -qvE '^\s*(#|$)' "$top/patches/series"; then
	rc=0
	bash "$top/scripts/check-series.sh" >"$top/work/logs/check-series.log" 2>&1 || rc=$?
	n=$fail
	while read -r st rest; do
		case "$st" in ok | FAIL) report "$st" "$rest" ;; esac
	done <"$top/work/logs/check-series.log"
	[ "$rc" = 0 ] || [ "$fail" -gt "$n" ] ||
		report FAIL "check-series: $(tail -n1 "$top/work/logs/check-series.log")"
fi

declare -A verdict=() seen=()
order=()
rows=$(grep -vE '^\s*(#|$)' "$top/tests/expected" | grep -E -- "$filter" || true)
while read -r arch variant scenario load want; do
	[ -n "$arch" ] || continue
	line=$(bash "$top/scripts/run-scenario.sh" "$arch" "$variant" "$scenario" "$load" </dev/null |
		tail -n1) || true
	got=$(echo "$line" | cut -d' ' -f1 | tr '[:upper:]' '[:lower:]')
	key="$arch $load $scenario"
	[ -n "${seen[$key]:-}" ] || { seen[$key]=1; order+=("$key"); }
	verdict[$key $variant]=${got:-none}
	# "fail:REGEX": must fail, and REGEX must match the whole list of
	# reasons (what follows ": " in the verdict line), nothing more
	why=
	case "$want" in fail:*) why=${want#fail:} want=fail ;; esac
	if [ "$got" = "$want" ] && { [ -z "$why" ] || echo "${line#*: }" | grep -qxE -- "$why"; }; then
		report ok "$line  [expected $want]"
	else
		report FAIL "$line  [expected $want]"
	fi
done <<<"$rows"

# KUnit: a patched kernel built with the series' suite runs it at boot;
# the patched baseline row's console has its KTAP summary
for key in "${order[@]}"; do
	set -- $key
	[ "$2 $3" = "file baseline" ] && [ -n "${verdict[$key patched]:-}" ] || continue
	grep -qx 'CONFIG_CRASH_CORE_KUNIT_TEST=y' "$top/work/build/$1-patched/.config" 2>/dev/null ||
		continue
	sum=$(grep -ao '# crash_core: pass:[0-9]* fail:[0-9]* skip:[0-9]* total:[0-9]*' \
		"$top/work/results/$1-patched-baseline-file/share/console.log" | tail -n1 || true)
	case "$sum" in
	*' fail:0 '*) report ok "kunit crash_core on $1 (patched): ${sum#\# crash_core: }" ;;
	*) report FAIL "kunit crash_core on $1 (patched): ${sum:-no KTAP summary in the console}" ;;
	esac
done

# The benchmark's short run (make bench does the full one): on the patched
# x86_64 kernel, each burst must be handled by in-kernel updates (one per
# block at least, no reload, none failed, no time disarmed) while udev's reload path reloads
# once per block, and the stale window must be shorter in-kernel.
bad=
if [ "$filter" = . ] && [ -e "$top/work/build/x86_64-patched/image" ]; then
	csv=$top/work/bench/x86_64-patched/bench.csv
	if BENCH_SMOKE=1 bash "$top/scripts/bench.sh" >"$top/work/logs/bench-smoke.log" 2>&1 &&
		bad=$(awk -F, 'NR > 1 && $1 != "cpu" && !($5 >= $1 && $6 == 0 && $9 == 0 && $11 >= $1 && $12 > $8) { print "k=" $1 }' "$csv") &&
		[ -z "$bad" ] && [ "$(wc -l <"$csv")" -ge 3 ] &&
		grep -q '; failed updates: 0$' "$top/work/logs/bench-smoke.log"; then
		report ok "bench smoke (x86_64 patched): $(grep -c . "$csv") rows; $(grep '^in-kernel' "$top/work/logs/bench-smoke.log")"
	else
		report FAIL "bench smoke (x86_64 patched): ${bad:+bad rows $bad; }see work/logs/bench-smoke.log"
	fi
fi

# The same scenario on each kernel, side by side
if [ "${#order[@]}" -gt 0 ]; then
	printf '\n%-32s %-10s %-10s %-10s\n' "arch load scenario" unpatched nohp patched
	for key in "${order[@]}"; do
		printf '%-32s %-10s %-10s %-10s\n' "$key" "${verdict[$key unpatched]:--}" \
			"${verdict[$key nohp]:--}" "${verdict[$key patched]:--}"
	done
	echo
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
