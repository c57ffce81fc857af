#!/usr/bin/env bash
# The stress scenario on a lockdep (PROVE_LOCKING) + KASAN build of the
# series (configs/variant-debug.config), x86_64, kexec_file_load, with
# more rounds: make stress-debug [ROUNDS=20]. Not part of make test (the
# debug kernel is one more full build, and slow to boot under TCG).
# Ends with "N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-20}
bash "$top/scripts/build-kernel.sh" x86_64 debug
bash "$top/scripts/initramfs.sh" x86_64
start=$(date +%s)
line=$(KDTEST_APPEND="kdtest.rounds=$rounds" KDTEST_TIMEOUT=1200 \
	bash "$top/scripts/run-scenario.sh" x86_64 debug stress file </dev/null | tail -n1) || true
echo "$line"
echo "stress-debug: $rounds rounds in $(($(date +%s) - start)) s (TCG, lockdep + KASAN)"
case "$line" in
PASS*) echo "1 passed, 0 failed" ;;
*) echo "0 passed, 1 failed"; exit 1 ;;
esac
