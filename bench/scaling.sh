#!/usr/bin/env bash
# An update's cost against the number of memory ranges, up to
# CONFIG_CRASH_MAX_MEMORY_RANGES: the KUnit case crash_update_cost (the
# series' KUnit suite, which runs at every boot of a patched kernel) times
# the steps that grow with the ranges on N synthetic ones; this fits a
# line to its lines and says how straight it is.
#   bench/scaling.sh [CONSOLE_LOG]   default: the console of the patched
#                                    baseline row of the BENCH=yes arch
# Prints each point against the least-squares line (fixed cost + cost per
# range, over the points from 64 ranges up, where the fixed part no longer
# hides the slope), R^2, and the time at the largest N; writes
# work/bench/scaling.csv (ranges,ns,hash_ns: the part of it hashing).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${BENCH_ARCH:-$(bash "$top/scripts/arches.sh" BENCH=yes | head -n1)}
log=${1:-$top/work/results/$arch-patched-baseline-file/share/console.log}
[ -s "$log" ] || { echo "scaling: no $log (make run ARCH=$arch SCENARIO=baseline)" >&2; exit 1; }
mkdir -p "$top/work/bench"
csv=$top/work/bench/scaling.csv
# the first kernel's run only (the crash kernel runs the suite again)
awk '/ok [0-9]+ crash_update_cost/ { exit }
	match($0, /update cost: [0-9]+ ranges [0-9]+ ns/) {
		split(substr($0, RSTART, RLENGTH), w, " ")
		h = ""
		if (match($0, /hash [0-9]+/)) h = substr($0, RSTART + 5, RLENGTH - 5)
		print w[3] "," w[5] "," h
	}' "$log" >"$csv"
[ "$(grep -c . "$csv")" -ge 3 ] || { echo "scaling: fewer than 3 points in $log" >&2; exit 1; }
awk -F, '
{ x[NR] = $1; y[NR] = $2; h[NR] = $3 }
END {
	for (i = 1; i <= NR; i++) if (x[i] >= 64) { n++; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i] }
	b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n
	for (i = 1; i <= NR; i++) if (x[i] >= 64) { r = y[i] - (a + b * x[i]); ssr += r * r; d = y[i] - sy / n; sst += d * d }
	printf "%8s %12s %12s %8s %8s\n", "ranges", "ns", "line ns", "off", "hashing"
	for (i = 1; i <= NR; i++)
		printf "%8d %12d %12.0f %7.1f%% %7.0f%%\n", x[i], y[i], a + b * x[i], 100 * (y[i] - (a + b * x[i])) / (a + b * x[i]), h[i] == "" ? 0 : 100 * h[i] / y[i]
	printf "line over %d points from 64 ranges: %.1f us + %.3f us per range, R^2 = %.4f; %d ranges: %.1f us (measured), %.1f us/range\n", n, a / 1000, b / 1000, 1 - ssr / sst, x[NR], y[NR] / 1000, y[NR] / x[NR] / 1000
}' "$csv"
