#!/usr/bin/env bash
# make crash: crash(8) on every x86_64 dump. Builds the kernels of
# tests/crash with debug info (KDTEST_DEBUGINFO=1: configs/debuginfo.config;
# the next make test builds them again without), runs its rows with the
# crash kernel saving a dump for crash(8) (KDTEST_CRASH=1) and
# scripts/judge.sh running scripts/crash-check.sh on it, then writes the
# verdict lines to docs/crash-x86_64.txt.
#   scripts/crash-rows.sh     (FILTER=REGEX: only the rows that match)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$top/work/logs"
rc=0
KDTEST_DEBUGINFO=1 KDTEST_CRASH=1 KDTEST_ROWS=$top/tests/crash KDTEST_WHAT="make crash" \
	bash "$top/scripts/test.sh" | tee "$top/work/logs/crash.ktap" || rc=$?
if [ "${FILTER:-.}" = . ]; then
	{
		echo "# make crash ($(date -u +%Y-%m-%d)): crash(8) $(crash --version | head -n1 | cut -d' ' -f2) on every x86_64 row's dump"
		grep -E '^    # (PASS|FAIL) x86_64 ' "$top/work/logs/crash.ktap" | sed 's/^    # //'
		grep -E '^[0-9]+ passed, [0-9]+ failed' "$top/work/logs/crash.ktap" || true
	} >"$top/docs/crash-x86_64.txt"
	echo "crash: wrote docs/crash-x86_64.txt"
fi
exit "$rc"
