#!/usr/bin/env bash
# Turn a benchmark trace into the side-by-side table, CSV files and a plot:
#   bench/report.sh DIR    (DIR/trace.txt from bench/run.sh)
# Writes DIR/bench.csv (one row per burst size, and "cpu"), DIR/curve.csv
# (update cost against PT_LOADs written) and DIR/bench.png (gnuplot).
# Definitions, all read from the trace's one clock (mono). For each mode
# the window is made of the kernel's updates and udev's reloads that fall
# in it, whichever happened:
#   disarmed window time a crash would have found no usable crash image,
#                   so no dump at all: for a reload, from the start of its
#                   unload to the end of its kexec load (an upper bound: it
#                   includes starting kexec -u); an update: none (a crash
#                   during one boots with the header as it was, or, during
#                   its copy, waits for the copy: see write).
#   stale window    time a crash would have found a header that misses
#                   online memory, or none: the updates' durations (each
#                   starts as its block comes online); with reloads, from
#                   the first block being online (our mark after its write
#                   returned) or the first unload, whichever came first, to
#                   the end of the last reload (an upper bound: a reload
#                   that ends before the next one starts leaves a short
#                   armed and current gap).
#   write           the updates' write_ns: the publication, the copy of
#                   the new header (and digest) into the image with the
#                   kexec lock held and interrupts off, which a crash on
#                   another CPU waits for.
#   online          the burst's own time, all K writes to memoryN/state.
set -euo pipefail
dir=${1:?dir}
trace=$dir/trace.txt

awk -v csv="$dir/bench.csv" -v curve="$dir/curve.csv" '
function med(list,   n, i, j, t, a) {
	n = split(list, a, " ")
	if (n == 0) return 0
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# stale and disarmed windows of KEY, in microseconds
function stale(key,   s) {
	s = sdur[key] / 1000
	if (nrel[key]) s += (lastend[key] - (firstrel[key] < first[key] ? firstrel[key] : first[key])) * 1e6
	return s
}
function disarmed(key) { return dis[key] * 1e6 }
BEGIN { printf "" >curve }
/^#/ { next }
{
	ts = ""
	for (i = 1; i < NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = substr($i, 1, length($i) - 1); ev = $(i + 1); break }
	if (ts == "") next
	ts += 0
	nw = split(substr($0, index($0, " " ev " ") + length(ev) + 2), w, " ")
}
ev == "tracing_mark_write:" && w[1] == "burst" {
	key = w[2] " " w[3]
	if (w[4] == "start") { cur = key; start[key] = ts; if (!(w[3] in isk)) { isk[w[3]] = 1; ks[++nk] = w[3] } }
	else if (w[4] == "first") first[key] = ts
	else if (w[4] == "onlined") onl[key] = ts
	else if (w[4] == "settled") cur = ""
}
ev == "tracing_mark_write:" && w[1] == "cpu" {
	key = w[2] " cpu"
	if (w[3] == "start") { cur = key; start[key] = ts }
	else if (w[3] == "online") { first[key] = ts; onl[key] = ts }
	else if (w[3] == "settled") cur = ""
}
ev == "tracing_mark_write:" && w[1] == "curve" { incurve = (w[2] == "start") }
ev == "tracing_mark_write:" && w[1] == "reload" && w[2] == "start" { rs = ts; if (cur != "" && !nrel[cur] && !(cur in firstrel)) firstrel[cur] = ts }
ev == "tracing_mark_write:" && w[1] == "kdump" && w[2] == "loaded" && rs != "" {
	if (cur != "") { nrel[cur]++; dis[cur] += ts - rs; lastend[cur] = ts }
	rs = ""
}
ev == "crash_hotplug_update:" {
	split("", f)
	for (i = 2; i <= nw; i++) { split(w[i], kv, "="); f[kv[1]] = kv[2] }
	if (f["result"] != 0) { failed++; next }
	if (cur != "") { nupd[cur]++; sdur[cur] += f["duration_ns"]; swr[cur] += f["write_ns"]; durs[cur] = durs[cur] " " f["duration_ns"] }
	if (incurve && w[1] == "add_memory") print f["loads"] "," f["duration_ns"] / 1000 "," f["write_ns"] / 1000 >curve
	if (w[1] == "add_memory" && f["loads"] <= 64) { d64 = d64 " " f["duration_ns"]; w64 = w64 " " f["write_ns"]; n64++ }
}
END {
	print "k,online_none_ms,online_kernel_ms,online_udev_ms,kernel_updates,kernel_reloads,kernel_median_us,kernel_stale_us,kernel_disarmed_us,kernel_write_us,udev_reloads,udev_stale_us,udev_disarmed_us,stale_ratio,disarmed_ratio" >csv
	printf "%-5s | %-23s | %-42s | %-27s | %s\n", "burst", "online ms none/krn/udev", "kernel: updates+reloads median stale disarmed", "udev: reloads stale disarmed", "udev/kernel: stale disarmed"
	ks[++nk] = "cpu"
	for (i = 1; i <= nk; i++) {
		k = ks[i]; kk = "kernel " k; ku = "udev " k; kn = "none " k
		on_n = (kn in onl) ? sprintf("%.1f", (onl[kn] - start[kn]) * 1000) : "-"
		on_k = (onl[kk] - start[kk]) * 1000; on_u = (onl[ku] - start[ku]) * 1000
		kst = stale(kk); kdi = disarmed(kk); ust = stale(ku); udi = disarmed(ku)
		# a kernel pass with fewer updates than blocks and no reload
		# left the image stale until whatever comes next: no number
		if (nupd[kk] < (k == "cpu" ? 1 : k + 0) && !nrel[kk]) { kst = -1; warn = 1 }
		kmed = med(durs[kk]) / 1000
		sr = kst > 0 ? ust / kst : 0; dr = kdi > 0 ? udi / kdi : 0
		printf "%s,%s,%.3f,%.3f,%d,%d,%.1f,%.1f,%.1f,%.1f,%d,%.0f,%.0f,%.1f,%.1f\n", k, on_n == "-" ? "" : on_n, on_k, on_u, nupd[kk], nrel[kk], kmed, kst, kdi, swr[kk] / 1000, nrel[ku], ust, udi, sr, dr >csv
		printf "%-5s | %7s %7.1f %7.1f | %4d+%-3d %8.1fus %12s %10.1fus | %4d %9.0fms %9.0fms | %9s %9s\n", k, on_n, on_k, on_u, nupd[kk], nrel[kk], kmed, (kst < 0 ? "never" : sprintf("%.1fus", kst)), kdi, nrel[ku], ust / 1000, udi / 1000, (kst < 0 ? "-" : sprintf("%.0fx", sr)), (kdi > 0 ? sprintf("%.0fx", dr) : "-")
	}
	if (warn) print "stale never: the kernel pass updated the image less often than there were events, and nothing reloaded it"
	printf "in-kernel memory updates with <= 64 PT_LOADs: %d, median %.1f us (a crash meanwhile boots with the previous header), median publication %.1f us (the longest a crash on another CPU waits), disarmed 0 us; failed updates: %d\n", n64, med(d64) / 1000, med(w64) / 1000, failed
}' "$trace"

# The curve's line: fixed cost + cost per PT_LOAD, fitted with Theil-Sen
# (the median of the slopes between all pairs of points, then the median
# intercept), which TCG's outliers (a vCPU descheduled for milliseconds)
# do not drag as they would a least-squares line. Prints "a b" last.
points=$(grep -c . "$dir/curve.csv" || true)
fit=
if [ "$points" -ge 2 ]; then
	fit=$(awk -F, '
	function med(a, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ x[NR] = $1; y[NR] = $2; w[NR] = $3 }
	END {
		for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
			if (x[j] != x[i]) s[++ns] = (y[j] - y[i]) / (x[j] - x[i])
		if (!ns) exit
		b = med(s, ns)
		for (i = 1; i <= NR; i++) r[i] = y[i] - b * x[i]
		a = med(r, NR)
		for (i = 1; i <= NR; i++) { yy[i] = y[i]; ww[i] = w[i] }
		printf "cost curve: %d updates from %d to %d PT_LOADs: %.1f us + %.3f us per PT_LOAD (Theil-Sen); median %.1f us, median publication %.1f us\n", NR, x[1], x[NR], a, b, med(yy, NR), med(ww, NR)
		print a, b
	}' "$dir/curve.csv")
fi
if [ -n "$fit" ]; then
	echo "$fit" | head -n1
	set -- $(echo "$fit" | tail -n1)
else
	echo "cost curve: $points points, no fit"
fi

command -v gnuplot >/dev/null || { echo "bench: no gnuplot, no plot"; exit 0; }
{
	cat <<EOS
set terminal png size 1200,480 noenhanced
set output "$dir/bench.png"
set datafile separator ","
set multiplot layout 1,2 title "crash hotplug: in-kernel update vs udev reload ($(basename "$dir"), TCG)"
set title "stale window per burst of k memory blocks"
set logscale xy
set xrange [0.8:200]
set xlabel "k (memory blocks onlined back to back)"
set ylabel "microseconds (log)"
set key top left
plot "< grep -v -e '^k' -e '^cpu' '$dir/bench.csv'" using 1:8 with linespoints title "in-kernel update", \\
     "" using 1:12 with linespoints title "udev reload"
unset logscale
set autoscale x
set title "in-kernel update cost against PT_LOADs written"
set xlabel "PT_LOADs in the header"
set ylabel "update duration, microseconds"
EOS
	if [ -n "$fit" ]; then
		cat <<EOS
f(x) = $1 + $2 * x
set logscale y
set ylabel "update duration, microseconds (log)"
set key bottom right
plot "$dir/curve.csv" using 1:2 with points pt 7 title "update", \\
     "" using 1:3 with points pt 6 title "of which writing (write_ns)", \\
     f(x) title "Theil-Sen line"
EOS
	else
		echo 'set label "no in-kernel updates" at graph 0.4, 0.5'
		echo 'unset logscale'
		echo 'set yrange [0:1]'
		echo 'plot [0:1] 2 notitle'
	fi
	echo "unset multiplot"
} | gnuplot
echo "bench: $dir/bench.csv $dir/curve.csv $dir/bench.png"
