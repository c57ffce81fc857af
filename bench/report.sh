#!/usr/bin/env bash
# One benchmark guest's trace into its tables (bench/run.sh calls it per
# guest; bench/compare.sh puts the guests side by side):
#   bench/report.sh DIR    (DIR/trace.txt, DIR/share/bench-functions)
# Writes DIR/bench.csv (one row per burst size, and "cpu"), DIR/events.csv
# (every event of the kernel pass and the curve: pass,kind,us) and
# DIR/curve.csv (update cost against the ranges of RAM described).
# The trace holds the function graph tracer's lines for the functions of
# bench-functions (ROLE:FUNCTION, bench/kernels says what each role means)
# and our marks, all on one clock (mono). For each pass (none, kernel,
# udev) and burst:
#   event           a call of an "event" function that contained a call of
#                   an "update" function: an update of the image, and the
#                   call's duration its whole cost
#   disarmed window time a crash would have found no usable crash image,
#                   so no dump at all: the "locked" functions' durations;
#                   for a reload, from the start of its unload to the end
#                   of its kexec load (an upper bound: it includes starting
#                   kexec -u)
#   stale window    time a crash would have found a header that misses
#                   online memory, or none: the events' durations (each
#                   starts as its block comes online); with reloads, from
#                   the first block being online (our mark after its write
#                   returned) or the first unload, whichever came first, to
#                   the end of the last reload
#   wait            the longest "wait" call: an upper bound on how long a
#                   crash on another CPU waited for a publication
#   online          the burst's own time, all K writes to memoryN/state
#   hp              what crash_hotplug read once the burst settled
set -euo pipefail
dir=${1:?dir}
trace=$dir/trace.txt

awk -v csv="$dir/bench.csv" -v curve="$dir/curve.csv" -v evcsv="$dir/events.csv" \
	-v funcs="$(cat "$dir/share/bench-functions" 2>/dev/null)" '
function sort(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
}
function med(list,   n, a) {
	n = split(list, a, " ")
	if (n == 0) return 0
	sort(a, n)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# nearest rank
function p99(list,   n, a, r) {
	n = split(list, a, " ")
	if (n == 0) return 0
	sort(a, n)
	r = int(0.99 * n + 0.999999)
	return a[r < 1 ? 1 : r]
}
# stale window of KEY, in microseconds
function stale(key,   s) {
	s = sdur[key]
	if (nrel[key]) s += (lastend[key] - (firstrel[key] < first[key] ? firstrel[key] : first[key])) * 1e6
	return s
}
function onmark(ts, t,   w) {
	split(t, w, " ")
	if (w[1] == "burst") {
		key = w[2] " " w[3]
		if (w[4] == "start") { cur = key; start[key] = ts; if (!(w[3] in isk)) { isk[w[3]] = 1; ks[++nk] = w[3] } }
		else if (w[4] == "first") first[key] = ts
		else if (w[4] == "onlined") onl[key] = ts
		else if (w[4] == "settled") { cur = ""; hp[key] = substr(w[5], 4) }
	} else if (w[1] == "cpu") {
		key = w[2] " cpu"
		if (w[3] == "start") { cur = key; start[key] = ts }
		else if (w[3] == "online") { first[key] = ts; onl[key] = ts }
		else if (w[3] == "settled") cur = ""
	} else if (w[1] == "curve") {
		incurve = (w[2] == "start"); ranges = w[3] + 0
	} else if (w[1] == "reload" && w[2] == "start") {
		rs = ts; if (cur != "" && !nrel[cur] && !(cur in firstrel)) firstrel[cur] = ts
	} else if (w[1] == "kdump" && w[2] == "loaded" && rs != "") {
		if (cur != "") { nrel[cur]++; dis[cur] += (ts - rs) * 1e6; lastend[cur] = ts }
		rs = ""
	}
}
BEGIN {
	n = split(funcs, fl, " ")
	for (i = 1; i <= n; i++) { split(fl[i], rf, ":"); role[rf[2]] = rf[1] }
	printf "" >curve
	print "pass,kind,us" >evcsv
}
# a function graph line: TIME | CPU) DURATION | TEXT
/^ *[0-9]+\.[0-9]+ \| / {
	np = split($0, p, "|")
	ts = p[1] + 0
	dur = ""
	if (match(p[2], /[0-9.]+ us/)) dur = substr(p[2], RSTART, RLENGTH - 3) + 0
	text = p[3]
	for (i = 4; i <= np; i++) text = text "|" p[i]
	gsub(/^ +| +$/, "", text)
	if (text ~ /^\/\* .* \*\/$/) { onmark(ts, substr(text, 4, length(text) - 6)); next }
	name = ""; how = ""
	if (match(text, /^[A-Za-z0-9_.]+\(\) \{$/)) { name = substr(text, 1, index(text, "(") - 1); how = "open" }
	else if (match(text, /^[A-Za-z0-9_.]+\(\);$/)) { name = substr(text, 1, index(text, "(") - 1); how = "leaf" }
	else if (match(text, /^\} \/\* [A-Za-z0-9_.]+ \*\/$/)) { name = substr(text, 6, length(text) - 8); how = "close" }
	# a clone the compiler made (crash_handle_hotplug_event.constprop.0)
	sub(/(\.(constprop|isra|part)\.[0-9]+)+$/, "", name)
	if (name == "" || !(name in role)) next
	r = role[name]
	if (r == "update") { lastupd = ts; next }
	if (how == "open" || dur == "") next
	if (r == "event") {
		# updated if an update call lies within this call
		if (how != "close" || lastupd < ts - dur / 1e6 - 1e-6) next
		kind = name ~ /memhp/ ? "memory" : "cpu"
		pass = cur != "" ? cur : (incurve ? "curve" : "other")
		print pass "," kind "," dur >evcsv
		if (cur != "") { nupd[cur]++; sdur[cur] += dur; durs[cur] = durs[cur] " " dur }
		if (incurve && kind == "memory") print ranges + (++ncurve) "," dur >curve
		if (kind == "memory") { allm = allm " " dur; nm++ } else { allc = allc " " dur; nc++ }
	} else if (r == "locked" && cur != "") dis[cur] += dur
	else if (r == "wait" && cur != "" && dur > wt[cur]) wt[cur] = dur
	next
}
# a mark with no tracer: ... TIME: tracing_mark_write: TEXT
/ tracing_mark_write: / {
	for (i = 1; i < NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = substr($i, 1, length($i) - 1) + 0; break }
	onmark(ts, substr($0, index($0, "tracing_mark_write: ") + 20))
}
END {
	print "k,online_none_ms,online_kernel_ms,online_udev_ms,kernel_events,kernel_reloads,kernel_median_us,kernel_p99_us,kernel_stale_us,kernel_disarmed_us,kernel_wait_us,kernel_hp,udev_reloads,udev_stale_us,udev_disarmed_us,stale_ratio" >csv
	printf "%-5s | %-23s | %-52s | %-27s | %s\n", "burst", "online ms none/krn/udev", "kernel: events+reloads median p99 stale disarmed hp", "udev: reloads stale disarmed", "udev/kernel stale"
	ks[++nk] = "cpu"
	for (i = 1; i <= nk; i++) {
		k = ks[i]; kk = "kernel " k; ku = "udev " k; kn = "none " k
		on_n = (kn in onl) ? sprintf("%.1f", (onl[kn] - start[kn]) * 1000) : ""
		on_k = (kk in onl) ? sprintf("%.1f", (onl[kk] - start[kk]) * 1000) : ""
		on_u = (ku in onl) ? sprintf("%.1f", (onl[ku] - start[ku]) * 1000) : ""
		if (on_n on_k on_u == "") continue
		kst = (kk in onl) ? stale(kk) : ""; ust = (ku in onl) ? stale(ku) : ""
		# a kernel pass with fewer updates than blocks and no reload
		# left the image stale until whatever comes next: no number
		if (kst != "" && nupd[kk] < (k == "cpu" ? 1 : k + 0) && !nrel[kk]) { kst = -1; warn = 1 }
		sr = (kst != "" && ust != "" && kst > 0) ? sprintf("%.1f", ust / kst) : ""
		printf "%s,%s,%s,%s,%d,%d,%.1f,%.1f,%s,%.1f,%.1f,%s,%d,%s,%s,%s\n", k, on_n, on_k, on_u, nupd[kk], nrel[kk], med(durs[kk]), p99(durs[kk]), kst == "" ? "" : sprintf("%.1f", kst), dis[kk], wt[kk], hp[kk], nrel[ku], ust == "" ? "" : sprintf("%.0f", ust), ust == "" ? "" : sprintf("%.0f", dis[ku]), sr >csv
		printf "%-5s | %7s %7s %7s | %4d+%-3d %9.1fus %9.1fus %12s %10.1fus %2s | %4d %9s %9s | %9s\n", k, on_n == "" ? "-" : on_n, on_k == "" ? "-" : on_k, on_u == "" ? "-" : on_u, nupd[kk], nrel[kk], med(durs[kk]), p99(durs[kk]), (kst == "" ? "-" : kst < 0 ? "never" : sprintf("%.1fus", kst)), dis[kk], hp[kk] == "" ? "-" : hp[kk], nrel[ku], ust == "" ? "-" : sprintf("%.0fms", ust / 1000), ust == "" ? "-" : sprintf("%.0fms", dis[ku] / 1000), sr == "" ? "-" : sprintf("%.0fx", sr)
	}
	if (warn) print "stale never: the kernel pass updated the image less often than there were events, and nothing reloaded it"
	printf "events: %d memory, median %.1f us, p99 %.1f us; %d cpu, median %.1f us\n", nm, med(allm), p99(allm), nc, med(allc)
}' "$trace"

# The curve's line: fixed cost + cost per range, fitted with Theil-Sen
# (the median of the slopes between all pairs of points, then the median
# intercept), which TCG's outliers (a vCPU descheduled for milliseconds)
# do not drag as they would a least-squares line.
points=$(grep -c . "$dir/curve.csv" || true)
if [ "$points" -ge 2 ]; then
	awk -F, '
	function med(a, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ x[NR] = $1; y[NR] = $2 }
	END {
		for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
			if (x[j] != x[i]) s[++ns] = (y[j] - y[i]) / (x[j] - x[i])
		if (!ns) exit
		b = med(s, ns)
		for (i = 1; i <= NR; i++) r[i] = y[i] - b * x[i]
		a = med(r, NR)
		for (i = 1; i <= NR; i++) yy[i] = y[i]
		printf "cost curve: %d updates from %d to %d ranges of RAM: %.1f us + %.3f us per range (Theil-Sen); median %.1f us\n", NR, x[1], x[NR], a, b, med(yy, NR)
	}' "$dir/curve.csv" | tee "$dir/fit.txt"
else
	echo "cost curve: $points points, no fit" | tee "$dir/fit.txt"
fi
