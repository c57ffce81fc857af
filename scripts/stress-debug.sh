#!/usr/bin/env bash
# The stress scenario on a lockdep (PROVE_LOCKING) + KASAN build of the
# series (configs/variant-debug.config), kexec_file_load, with more rounds:
# make stress-debug [ROUNDS=20]. Runs on the arch whose arch/ARCH.conf
# says BENCH=yes (STRESS_ARCH overrides). Not part of make test (the debug
# kernel is one more full build, and slow to boot under TCG).
# Ends with "N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-20}
arch=${STRESS_ARCH:-$(bash "$top/scripts/arches.sh" BENCH=yes | head -n1)}
[ -n "$arch" ] || { echo "stress-debug: no arch/*.conf says BENCH=yes" >&2; exit 1; }
bash "$top/scripts/prepare.sh" "$arch" debug
start=$(date +%s)
line=$(KDTEST_APPEND="kdtest.rounds=$rounds" KDTEST_TIMEOUT=1200 \
	bash "$top/scripts/run-scenario.sh" "$arch" debug stress file </dev/null | tail -n1) || true
echo "$line"
echo "stress-debug: $rounds rounds in $(($(date +%s) - start)) s (TCG, lockdep + KASAN)"
case "$line" in
PASS*) echo "1 passed, 0 failed" ;;
*) echo "0 passed, 1 failed"; exit 1 ;;
esac
