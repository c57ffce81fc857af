#!/usr/bin/env bash
# The benchmark's guests side by side (bench/run.sh calls it last):
#   bench/compare.sh RUN_DIR...   (each from bench/report.sh)
# Prints one line per kernel and crash region size, then the ratios:
# per-event cost mainline/patched (median and p99 of the memory events of
# the kernel pass and the curve) at each size, and the stale window of the
# largest burst udev/patched (udev from the run with a udev pass: the
# unpatched kernel's, or the patched one's own in the smoke run). Writes
# work/bench/summary.csv and draws work/bench/summary.png (gnuplot; BENCH_OUT
# names another directory): the
# cost of each memory event against the ranges of RAM described, and the
# stale window per burst, every kernel on the same axes.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-$top/work/bench}
[ $# -gt 0 ] || { echo "usage: bench/compare.sh RUN_DIR..." >&2; exit 2; }

summary=$out/summary.csv
echo "kernel,crash,modes,mem_events,mem_median_us,mem_p99_us,cpu_events,cpu_median_us,disarmed_us,wait_us,k,online_none_ms,online_loaded_ms,stale_us,udev_reloads,udev_stale_us" >"$summary"
for run in "$@"; do
	(
		. "$run/meta"
		awk -F, -v kernel="$VARIANT" -v crash="$CRASH" -v modes="${MODES//,/+}" -v ev="$run/events.csv" '
		function sort(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		}
		function med(a, n) { sort(a, n); return n == 0 ? "" : n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		function p99(a, n,   r) { sort(a, n); r = int(0.99 * n + 0.999999); return n == 0 ? "" : a[r < 1 ? 1 : r] }
		BEGIN {
			while ((getline line <ev) > 0) {
				split(line, f, ",")
				if (f[1] !~ /^(kernel|curve)/) continue
				if (f[2] == "memory") m[++nm] = f[3]; else if (f[2] == "cpu") c[++nc] = f[3]
			}
		}
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		{ dis += $col["kernel_disarmed_us"]; if ($col["kernel_wait_us"] > wt) wt = $col["kernel_wait_us"] }
		$1 != "cpu" && ($1 + 0 > k + 0) { k = $1; onn = $col["online_none_ms"]; onk = $col["online_kernel_ms"]; st = $col["kernel_stale_us"]; ur = $col["udev_reloads"]; us = $col["udev_stale_us"] }
		END {
			loaded = modes ~ /kernel/
			printf "%s,%s,%s,%d,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", kernel, crash, modes, nm, med(m, nm), p99(m, nm), nc, med(c, nc), loaded ? dis : "", loaded ? wt : "", k, onn, loaded ? onk : "", loaded ? st : "", ur, us
		}' "$run/bench.csv"
	) >>"$summary"
done

awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(name) { return $col[name] }
{
	n++; row[n] = $0
	printf "%-10s %5s  memory events %4d: median %8.1f us, p99 %8.1f us; cpu %d: median %8s us; disarmed %9s us; panic waits <= %8s us; k=%s: online %s ms unloaded, %s ms loaded; stale %s us, udev %s reloads %s us\n", v("kernel"), v("crash"), v("mem_events"), v("mem_median_us"), v("mem_p99_us"), v("cpu_events"), v("cpu_median_us") == "" ? "-" : v("cpu_median_us"), v("disarmed_us") == "" ? "-" : v("disarmed_us"), v("wait_us") == "" || v("wait_us") == 0 ? "-" : v("wait_us"), v("k"), v("online_none_ms"), v("online_loaded_ms") == "" ? "-" : v("online_loaded_ms"), v("stale_us") == "" ? "-" : v("stale_us"), v("udev_reloads"), v("udev_stale_us") == "" ? "-" : v("udev_stale_us")
	if (v("mem_events") > 0) { med[v("kernel"), v("crash")] = v("mem_median_us"); p[v("kernel"), v("crash")] = v("mem_p99_us"); st[v("kernel"), v("crash")] = v("stale_us"); sizes[v("crash")] = 1 }
	if (v("udev_reloads") > 0 && udev == "") { udev = v("udev_stale_us"); uk = v("k") }
}
END {
	for (s in sizes) {
		if (med["mainline", s] != "" && med["patched", s] > 0)
			printf "ratio mainline/patched, crashkernel=%s: per memory event %.1fx (median), %.1fx (p99)\n", s, med["mainline", s] / med["patched", s], p["mainline", s] / p["patched", s]
		if (udev != "" && st["patched", s] > 0)
			printf "ratio udev/patched, crashkernel=%s: stale window of a burst of %s blocks %.0fx\n", s, uk, udev / st["patched", s]
	}
}' "$summary"
echo "bench: $summary"

command -v gnuplot >/dev/null || { echo "bench: no gnuplot, no plot"; exit 0; }
curves= stales=
for run in "$@"; do
	. "$run/meta"
	t="$VARIANT $CRASH"
	if [ -s "$run/curve.csv" ]; then
		curves="${curves:+$curves, }\"$run/curve.csv\" using 1:2 with points pt 7 ps 0.6 title \"$t\""
	fi
	case ",$MODES," in *,kernel,*)
		stales="${stales:+$stales, }\"< grep -v -e '^k' -e '^cpu' '$run/bench.csv'\" using 1:9 with linespoints title \"$t: in-kernel\"" ;;
	esac
	case ",$MODES," in *,udev,*)
		stales="${stales:+$stales, }\"< grep -v -e '^k' -e '^cpu' '$run/bench.csv'\" using 1:14 with linespoints title \"$VARIANT: udev reload\"" ;;
	esac
done
{
	cat <<EOS
set terminal png size 1400,520 noenhanced
set output "$out/summary.png"
set datafile separator ","
set multiplot layout 1,2 title "crash hotplug: per-event cost and stale window, kernels side by side (TCG)"
set title "cost of one memory event against ranges of RAM described"
set xlabel "System RAM ranges in /proc/iomem"
set ylabel "event duration, microseconds (log)"
set logscale y
set key outside bottom center horizontal
EOS
	if [ -n "$curves" ]; then echo "plot $curves"; else echo 'set label "no curve" at graph 0.4, 0.5'; echo 'plot [0:1] [1:2] 0 notitle'; fi
	cat <<EOS
set title "stale window per burst of k memory blocks"
set logscale xy
set xrange [0.8:200]
set xlabel "k (memory blocks onlined back to back)"
set ylabel "microseconds (log)"
EOS
	if [ -n "$stales" ]; then echo "plot $stales"; else echo 'plot [1:2] [1:2] 0 notitle'; fi
	echo "unset multiplot"
} | gnuplot
echo "bench: $out/summary.png"
