#!/usr/bin/env bash
# make crash: crash(8) on every dump of the arches that have it
# (CRASH_CHECK=yes in arch/ARCH.conf). Builds the kernels of tests/crash
# with debug info (KDTEST_DEBUGINFO=1: configs/debuginfo.config; the next
# make test builds them again without), runs its rows with the crash kernel
# saving a dump for crash(8) (KDTEST_CRASH=1) and scripts/judge.sh running
# scripts/crash-check.sh on it, then writes each arch's verdict lines to
# docs/crash-ARCH.txt.
#   scripts/crash-rows.sh     (FILTER=REGEX: only the rows that match)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$top/work/logs"
rc=0
KDTEST_DEBUGINFO=1 KDTEST_CRASH=1 KDTEST_ROWS=$top/tests/crash KDTEST_WHAT="make crash" \
	bash "$top/scripts/test.sh" | tee "$top/work/logs/crash.ktap" || rc=$?
[ "${FILTER:-.}" = . ] || exit "$rc"
for arch in $(grep -vE '^\s*(#|$)' "$top/tests/crash" | awk '{ print $1 }' | sort -u); do
	{
		echo "# make crash ($(date -u +%Y-%m-%d)): crash(8) $(crash --version | head -n1 | cut -d' ' -f2) on every $arch row's dump"
		grep -E "^    # (PASS|FAIL) $arch " "$top/work/logs/crash.ktap" | sed 's/^    # //'
		grep -E '^[0-9]+ passed, [0-9]+ failed' "$top/work/logs/crash.ktap" || true
	} >"$top/docs/crash-$arch.txt"
	echo "crash: wrote docs/crash-$arch.txt"
done
exit "$rc"
