#!/usr/bin/env bash
# Turn a benchmark trace into the side-by-side table, CSV files and a plot:
#   scripts/bench-report.sh DIR    (DIR/trace.txt from scripts/bench.sh)
# Writes DIR/bench.csv (one row per burst size, and "cpu"), DIR/curve.csv
# (update cost against PT_LOADs written) and DIR/bench.png (gnuplot).
# Definitions, all read from the trace's one clock:
#   stale window    time a crash would have found a header that misses
#                   online memory, or no crash kernel at all. Kernel: the
#                   sum of the updates' durations (each starts as its block
#                   comes online). udev: from the first block being online
#                   (our mark after its write returned) to the end of the
#                   last reload.
#   disarmed window time a crash would have found no usable crash image.
#                   Kernel: the sum of write_ns (a header being rewritten).
#                   udev: the sum of reloads, unload to load done.
#   online          the burst's own time, all K writes to memoryN/state.
set -euo pipefail
dir=${1:?dir}
trace=$dir/trace.txt

awk -v csv="$dir/bench.csv" -v curve="$dir/curve.csv" '
function med(key,   n, i, j, t, a) {
	n = split(durs[key], a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	if (n == 0) return 0
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function us(s) { return s * 1e6 }
/^#/ { next }
{
	ts = ""
	for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = substr($i, 1, length($i) - 1); ev = $(i + 1); break }
	if (ts == "") next
	msg = substr($0, index($0, ev) + length(ev) + 1)
	split(msg, w, " ")
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
ev == "tracing_mark_write:" && w[1] == "reload" {
	if (w[2] == "start") rs = ts
	else if (cur != "") { nrel[cur]++; dis[cur] += ts - rs; lastend[cur] = ts }
}
ev == "crash_hotplug_update:" {
	for (i = 2; i <= length(w); i++) { split(w[i], kv, "="); f[kv[1]] = kv[2] }
	if (f["result"] != 0) { failed++; next }
	if (cur != "") { nupd[cur]++; sdur[cur] += f["duration_ns"]; swr[cur] += f["write_ns"]; durs[cur] = durs[cur] " " f["duration_ns"] }
	if (incurve && w[1] == "add_memory") print f["loads"] "," f["duration_ns"] / 1000 "," f["write_ns"] / 1000 >curve
	if (w[1] == "add_memory" && f["loads"] <= 64) { all64 = all64 " " f["duration_ns"]; wr64 = wr64 " " f["write_ns"]; n64++ }
}
END {
	print "k,online_none_ms,online_kernel_ms,online_udev_ms,kernel_updates,kernel_reloads,kernel_median_us,kernel_stale_us,kernel_disarmed_us,udev_reloads,udev_stale_us,udev_disarmed_us,stale_ratio,disarmed_ratio" >csv
	printf "%-5s | %-23s | %-35s | %-26s | %s\n", "burst", "online ms none/krn/udev", "kernel: updates median stale disarmed", "udev: reloads stale disarmed", "udev/kernel stale disarmed"
	ks[++nk] = "cpu"
	for (i = 1; i <= nk; i++) {
		k = ks[i]; kk = "kernel " k; ku = "udev " k; kn = "none " k
		on_n = (kn in onl) ? (onl[kn] - start[kn]) * 1000 : ""
		on_k = (onl[kk] - start[kk]) * 1000; on_u = (onl[ku] - start[ku]) * 1000
		kst = sdur[kk] / 1000; kdi = swr[kk] / 1000; kmed = med(kk) / 1000
		ust = nrel[ku] ? us(lastend[ku] - first[ku]) : 0; udi = us(dis[ku])
		sr = kst > 0 ? ust / kst : 0; dr = kdi > 0 ? udi / kdi : 0
		printf "%s,%s,%.3f,%.3f,%d,%d,%.1f,%.1f,%.1f,%d,%.0f,%.0f,%.0f,%.0f\n", k, on_n == "" ? "" : sprintf("%.3f", on_n), on_k, on_u, nupd[kk], nrel[kk], kmed, kst, kdi, nrel[ku], ust, udi, sr, dr >csv
		printf "%-5s | %7s %7.1f %7.1f | %7d %8.1fus %9.1fus %7.1fus | %7d %7.0fms %7.0fms | %9.0fx %9.0fx\n", k, on_n == "" ? "-" : sprintf("%.1f", on_n), on_k, on_u, nupd[kk], kmed, kst, kdi, nrel[ku], ust / 1000, udi / 1000, sr, dr
	}
	a = 0; split(all64, d, " "); n = split(wr64, x, " ")
	durs["all"] = all64; durs["wr"] = wr64
	printf "in-kernel memory updates with <= 64 PT_LOADs: %d, median %.1f us, median write (disarmed) %.1f us; failed updates: %d\n", n64, med("all") / 1000, med("wr") / 1000, failed
}' "$trace"

# least-squares fit of the curve: fixed cost + cost per PT_LOAD
awk -F, '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
END { if (n < 2 || n * sxx == sx * sx) { print "curve: too few points"; exit }
	b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n
	printf "cost curve: %d updates from %d to %d PT_LOADs: %.1f us + %.3f us per PT_LOAD (least squares)\n", n, min, max, a, b }
	NR == 1 || $1 < min { min = $1 } NR == 1 || $1 > max { max = $1 }' "$dir/curve.csv"

command -v gnuplot >/dev/null || { echo "bench: no gnuplot, no plot"; exit 0; }
gnuplot <<EOS
set terminal png size 1200,480
set output "$dir/bench.png"
set datafile separator ","
set multiplot layout 1,2 title "crash hotplug: in-kernel update vs udev reload ($(basename "$dir"), TCG)"
set title "stale window per burst of k memory blocks"
set logscale y
set xlabel "k (memory blocks onlined back to back)"
set ylabel "microseconds (log)"
set key top left
plot "< grep -v -e '^k' -e '^cpu' $dir/bench.csv" using 1:8 with linespoints title "in-kernel update", \
     "" using 1:11 with linespoints title "udev reload"
unset logscale y
set title "in-kernel update cost against PT_LOADs written"
set xlabel "PT_LOADs in the header"
set ylabel "update duration, microseconds"
set fit quiet
set fit logfile "/dev/null"
f(x) = a + b * x
fit f(x) "$dir/curve.csv" using 1:2 via a, b
plot "$dir/curve.csv" using 1:2 with points pt 7 title "update", f(x) title "least squares"
unset multiplot
EOS
echo "bench: $dir/bench.csv $dir/curve.csv $dir/bench.png"
