#!/usr/bin/env bash
# The test suite, as KTAP (scripts/ktap.sh) with one group of subtests per
# runner: the tooling's own tests (tests/tooling/), the vmcore checker's
# (tools/test.sh), every row of tests/expected (or the rows matching
# FILTER, a grep -E pattern), the per-patch checks of the series (run
# alongside the rows), KUnit, the bench smoke run.
#   scripts/run-tests.sh [FILTER]
# KDTEST_ROWS names another file of rows in the same format (make peer);
# the per-patch checks and the bench smoke run only with tests/expected
# and no FILTER.
# Rows run KDTEST_JOBS at a time (default: the number of CPUs); their
# results are printed in the order of tests/expected. A row passes when
# its verdict meets its expectation (scripts/expect.sh): "ok" for a PASS,
# "ok ... # XFAIL" for a failure for exactly the expected reason; the
# verdict line itself is the "# " line before the result. Ends with
# "N passed, N failed" (subtests); exits non-zero if anything failed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
filter=${1:-.}
logs=$top/work/logs
mkdir -p "$logs"
. "$top/scripts/ktap.sh"
. "$top/scripts/expect.sh"

rows_file=${KDTEST_ROWS:-$top/tests/expected}
rows=$(grep -vE '^\s*(#|$)' "$rows_file" | grep -E -- "$filter" || true)
# everything: the whole of tests/expected
full=0
[ "$filter" != . ] || [ -n "${KDTEST_ROWS:-}" ] || full=1
nrows=$(echo "$rows" | grep -c . || true)
arches=$(echo "$rows" | awk 'NF { print $1 }' | sort -u)
bench_arches=$(for a in $arches; do (. "$top/scripts/arch.sh" "$a"; [ "$BENCH" != yes ] || echo "$a"); done)
kunit_arches=$(echo "$rows" | awk '$2 == "patched" && $3 == "baseline" && $4 == "file" { print $1 }' | sort -u)
groups=$((2 + (nrows > 0) + $(echo "$kunit_arches" | grep -c . || true)))
[ "$full" = 0 ] || groups=$((groups + 1 + $(echo "$bench_arches" | grep -c . || true)))
ktap_begin "$groups"

ktap_group "tooling (tests/tooling/run.sh)" bash "$top/tests/tooling/run.sh"
ktap_group "vmcore checker (tools/test.sh)" bash "$top/tools/test.sh"
# Every patch on its own: checkpatch --strict, builds. It walks build
# directories of its own, never the kernels the rows boot, so it runs while
# the rows do (kernel builds wait on one core for links, the guests on
# their timers); its results are printed after theirs.
series_pid=
if [ "$full" = 1 ]; then
	t0=$(date +%s)
	{
		rc=0
		bash "$top/scripts/check-series.sh" >"$logs/series.ktap" 2>&1 || rc=$?
		echo "$rc $(($(date +%s) - t0))" >"$logs/series.rc"
	} </dev/null &
	series_pid=$!
fi

# scenarios: the rows, KDTEST_JOBS at a time, then their results in order
declare -A verdict=() seen=()
order=()
scenarios() {
	. "$top/scripts/ktap.sh"
	local jobs=${KDTEST_JOBS:-$(nproc)} i=0 next=1
	local -a row=()
	ktap_begin "$nrows"
	# report: print the results of the rows done, in order, up to the
	# first one still running
	report() {
		local line res a v s l w
		while [ "$next" -le "$i" ] && [ -e "$logs/row-$next.done" ]; do
			read -r a v s l w <<<"${row[$next]}"
			line=$(tail -n1 "$logs/row-$next.log")
			[ ! -e "$logs/row-$next.first.log" ] ||
				ktap_diag "run again after: $(tail -n1 "$logs/row-$next.first.log")"
			ktap_diag "$line"
			res=$(row_result "$w" "$line")
			case "$res" in
			pass) ktap_ok "$a $v $s $l" ;;
			xfail) ktap_ok "$a $v $s $l" "XFAIL expected $w" ;;
			skip) ktap_ok "$a $v $s $l" "SKIP ${line#*: }" ;;
			*) ktap_diag "expected $w"; ktap_not_ok "$a $v $s $l" ;;
			esac
			next=$((next + 1))
		done
	}
	# run_row N ARCH VARIANT SCENARIO LOAD: row N, its output to row-N.log
	run_row() {
		bash "$top/scripts/run-scenario.sh" "$2" "$3" "$4" "$5" </dev/null >"$logs/row-$1.log" 2>&1 || true
	}
	# running: the rows started and not done (not "jobs": this subshell
	# also lists the check-series job of its parent)
	running() {
		local k r=0
		for ((k = next; k <= i; k++)); do [ -e "$logs/row-$k.done" ] || r=$((r + 1)); done
		echo "$r"
	}
	while read -r arch variant scenario load want; do
		[ -n "$arch" ] || continue
		while [ "$(running)" -ge "$jobs" ]; do
			wait -n || true
			report
		done
		i=$((i + 1))
		row[$i]="$arch $variant $scenario $load $want"
		rm -f "$logs/row-$i.done" "$logs/row-$i.first.log"
		{
			run_row "$i" "$arch" "$variant" "$scenario" "$load"
			# QEMU itself dying of a signal (TCG: a segfault during a
			# ppc64le kexec, once in three make test runs) says nothing
			# of the kernel: the row runs once more, and its report
			# says so. Any other failure stands.
			if tail -n1 "$logs/row-$i.log" | grep -q 'QEMU died with signal'; then
				mv "$logs/row-$i.log" "$logs/row-$i.first.log"
				run_row "$i" "$arch" "$variant" "$scenario" "$load"
			fi
			: >"$logs/row-$i.done"
		} &
		report
	done <<<"$rows"
	wait || true
	report
	ktap_end
}
[ "$nrows" = 0 ] || ktap_group "scenarios (${rows_file#"$top"/})" scenarios

if [ -n "$series_pid" ]; then
	wait "$series_pid" || true
	series() {
		local rc secs
		read -r rc secs <"$logs/series.rc"
		# its closing line last
		sed "\$i # ran alongside the scenarios, in $secs s" "$logs/series.ktap"
		return "$rc"
	}
	ktap_group "series (scripts/check-series.sh)" series
fi

# KUnit: a patched kernel built with the series' suite runs it at boot;
# the first kernel's part of the patched baseline row's console (up to the
# crash) goes to the kernel's own parser, kunit.py parse
kunit() {
	. "$top/scripts/ktap.sh"
	local con=$top/work/results/$1-patched-baseline-file/share/console.log out rc=0
	ktap_begin 1
	if ! grep -qx 'CONFIG_CRASH_CORE_KUNIT_TEST=y' "$top/work/build/$1-patched/.config" 2>/dev/null; then
		ktap_ok "kunit crash_core on $1 (patched)" "SKIP the kernel has no CONFIG_CRASH_CORE_KUNIT_TEST"
	else
		sed '/sysrq: Trigger a crash/q' "$con" 2>/dev/null >"$logs/kunit-$1.console" || true
		out=$(python3 "$top/work/linux/tools/testing/kunit/kunit.py" parse \
			"$logs/kunit-$1.console" 2>&1) || rc=$?
		echo "$out" >"$logs/kunit-$1.log"
		ktap_diag "$(echo "$out" | grep -E 'Testing complete|crash_core' | tail -n1 | sed 's/\x1b\[[0-9;]*m//g; s/^\[[0-9:]*\] //')"
		if [ "$rc" = 0 ] && grep -q 'crash_core' "$logs/kunit-$1.log"; then
			ktap_ok "kunit crash_core on $1 (patched)"
		else
			ktap_not_ok "kunit crash_core on $1 (patched)"
		fi
	fi
	ktap_end
}
for a in $kunit_arches; do ktap_group "kunit on $a (kunit.py parse)" kunit "$a"; done

# The benchmark's short run (make bench does the full one) on the patched
# kernel of each arch that has the benchmark: bench/check-smoke.sh
smoke() {
	. "$top/scripts/ktap.sh"
	local csv bad
	csv=$top/work/bench/$1-patched-$(. "$top/scripts/arch.sh" "$1"; echo "$CRASHKERNEL")/bench.csv
	ktap_begin 1
	if [ ! -e "$top/work/build/$1-patched/image" ]; then
		ktap_ok "bench smoke ($1 patched)" "SKIP no $1 patched kernel"
	elif BENCH_ARCH=$1 BENCH_SMOKE=1 bash "$top/bench/run.sh" >"$logs/bench-smoke-$1.log" 2>&1 &&
		bad=$(bash "$top/bench/check-smoke.sh" "$csv"); then
		ktap_diag "$(grep -c . "$csv") rows; $(grep '^events:' "$logs/bench-smoke-$1.log")"
		ktap_ok "bench smoke ($1 patched)"
	else
		ktap_diag "${bad:+bad rows: $bad; }see work/logs/bench-smoke-$1.log"
		ktap_not_ok "bench smoke ($1 patched)"
	fi
	ktap_end
}
if [ "$full" = 1 ]; then
	for a in $bench_arches; do ktap_group "bench smoke on $a" smoke "$a"; done
fi

# The same scenario on each kernel, side by side (from the rows' logs)
if [ "$nrows" -gt 0 ]; then
	declare -A v=()
	keys=() variants=()
	i=0
	while read -r arch variant scenario load want; do
		[ -n "$arch" ] || continue
		i=$((i + 1))
		k="$arch $load $scenario"
		[ -n "${v[$k]+x}" ] || { keys+=("$k"); v[$k]=1; }
		case " ${variants[*]} " in *" $variant "*) ;; *) variants+=("$variant") ;; esac
		line=$(tail -n1 "$logs/row-$i.log" | cut -d' ' -f1)
		v[$k $variant]=$(echo "${line:-none}" | tr '[:upper:]' '[:lower:]')
	done <<<"$rows"
	# unpatched, nohp, mainline, patched first, in that order; any other
	# after them
	cols=()
	for c in unpatched nohp mainline patched "${variants[@]}"; do
		case " ${variants[*]} " in *" $c "*) ;; *) continue ;; esac
		case " ${cols[*]} " in *" $c "*) ;; *) cols+=("$c") ;; esac
	done
	ktap_diag "$(printf '%-32s' "arch load scenario"; printf ' %-10s' "${cols[@]}")"
	for k in "${keys[@]}"; do
		ktap_diag "$(printf '%-32s' "$k"; for c in "${cols[@]}"; do printf ' %-10s' "${v[$k $c]:--}"; done)"
	done
fi
[ -z "${KDTEST_START:-}" ] || ktap_diag "${KDTEST_WHAT:-make test} took $(($(date +%s) - KDTEST_START)) s"
ktap_end
