#!/usr/bin/env bash
# The bench smoke check (make test): is a short run's bench.csv what the
# series promises? Columns are found by their names in the header line.
#   bench/check-smoke.sh BENCH.CSV
# Each burst row (k blocks; not the "cpu" row) must show the kernel's
# updates handling it (at least k events that updated, no reload, no time
# disarmed, crash_hotplug reading 1 once it settled: no update failed)
# while udev's reload path reloads at least k times, and a stale window
# shorter in-kernel than with udev. At least two burst rows. Prints the
# rows that fail ("k=N: what"), exit 1 if any or if too few rows.
set -euo pipefail
csv=${1:?bench.csv}
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(name) {
	if (!(name in col)) { print "no column " name; bad = 1; exit 1 }
	return $col[name]
}
$1 == "cpu" { next }
{
	rows++
	k = v("k")
	why = ""
	if (v("kernel_events") < k) why = why " kernel_events " v("kernel_events") " < " k
	if (v("kernel_hp") != 1) why = why " kernel_hp " v("kernel_hp")
	if (v("kernel_reloads") != 0) why = why " kernel_reloads " v("kernel_reloads")
	if (v("kernel_disarmed_us") != 0) why = why " kernel_disarmed_us " v("kernel_disarmed_us")
	if (v("udev_reloads") < k) why = why " udev_reloads " v("udev_reloads") " < " k
	if (!(v("udev_stale_us") > v("kernel_stale_us"))) why = why " udev_stale_us not above kernel_stale_us"
	if (why != "") { print "k=" k ":" why; bad = 1 }
}
END {
	if (rows < 2) { print "only " rows + 0 " burst rows"; bad = 1 }
	exit bad
}' "$csv"
