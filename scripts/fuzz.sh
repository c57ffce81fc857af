#!/usr/bin/env bash
# make fuzz: the rows of tests/fuzz (bad input and allocation failures on
# the lockdep + KASAN build of the series), then each arch's verdict lines
# and kexec-bad's table of inputs to docs/fuzz-ARCH.txt. Not part of make
# test: the debug kernels are a full build each and boot slowly under TCG.
#   scripts/fuzz.sh     (FILTER=REGEX: only the rows that match)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$top/work/logs"
rc=0
KDTEST_ROWS=$top/tests/fuzz KDTEST_WHAT="make fuzz" KDTEST_TIMEOUT=1200 \
	bash "$top/scripts/test.sh" | tee "$top/work/logs/fuzz.ktap" || rc=$?
for arch in $(grep -vE '^\s*(#|$)' "$top/tests/fuzz" | awk '{ print $1 }' | sort -u); do
	log=$top/work/results/$arch-debug-bad-reload-file/share/console.log
	[ -f "$log" ] || continue
	{
		echo "# make fuzz ($(date -u +%Y-%m-%d)): $arch, lockdep + KASAN (configs/variant-debug.config)"
		grep -E "^    # (PASS|FAIL) $arch " "$top/work/logs/fuzz.ktap" | sed 's/^    # //'
		echo "# kexec-bad in the bad-reload file row: ok NAME: ERRNO; log: what the kernel logged"
		grep -aE '^(ok|BAD|skip) |refused as expected' "$log" | tr -d '\r'
		echo "# allocfail file row"
		grep -aE 'allocation failures injected|events: ' \
			"$top/work/results/$arch-debug-allocfail-file/share/console.log" 2>/dev/null |
			sed 's/^.*kdtest: //' | tr -d '\r' || true
		echo "# kmemleak after each row's events (no_splat: leaks allocated by crash or kexec code fail the row)"
		for d in "$top/work/results/$arch"-debug-*/; do
			k=$(grep -ahE 'kmemleak: [0-9]+ unreferenced' "$d/share/console.log" 2>/dev/null |
				sed 's/^.*kdtest: //' | tr -d '\r') || true
			echo "$(basename "$d"): ${k:-no kmemleak report}"
		done
	} >"$top/docs/fuzz-$arch.txt"
	echo "fuzz: wrote docs/fuzz-$arch.txt"
done
exit "$rc"
