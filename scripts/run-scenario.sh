#!/usr/bin/env bash
# Run one end-to-end scenario and print its verdict on the last line:
#   scripts/run-scenario.sh ARCH VARIANT SCENARIO [LOAD]
# LOAD: file (kexec -s -p, default) | hotplug | legacy.
# The verdict is built from the dump only: the crash kernel's vmcore-check
# of /proc/vmcore (loads, notes, markers), the host's own vmcore-check of
# the ELF header and notes it saved, and makedumpfile's saved dump.
# Exit: 0 PASS, 1 FAIL.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch} variant=${2:?variant} scenario=${3:?scenario} load=${4:-file}
build=$top/work/build/$arch-$variant
res=$top/work/results/$arch-$variant-$scenario-$load
share=$res/share

# crash_timeout: the crash kernel comes up in about 10 s under TCG here
case "$arch" in
x86_64) console=ttyS0 crashkernel=256M timeout=${KDTEST_TIMEOUT:-300} crash_timeout=30 ;;
ppc64le) console=hvc0 crashkernel=512M timeout=${KDTEST_TIMEOUT:-600} crash_timeout=30 ;;
*) echo "FAIL $arch $variant $scenario $load: unknown arch"; exit 1 ;;
esac
[ -e "$build/image" ] || { echo "FAIL $arch $variant $scenario $load: no kernel (build it)"; exit 1; }
# the host's checker of the saved dump (incremental: nothing to do when built)
make -s -C "$top/tools" host O="$top/work/tools" >/dev/null

rm -rf "$res"
mkdir -p "$share"
cp -L "$build/image" "$share/kernel"
cp "$top/work/initramfs-$arch.cpio.gz" "$share/initrd"

kvm=()
[ "${KDTEST_KVM:-0}" != 1 ] || kvm=(--kvm)
start=$(date +%s)
rc=0
python3 "$top/harness/vm.py" --arch "$arch" --share "$share" "${kvm[@]}" \
	--timeout "$timeout" --crash-timeout "$crash_timeout" --append "console=$console crashkernel=$crashkernel \
memhp_default_state=online_movable panic=1 kdtest.scenario=$scenario kdtest.load=$load ${KDTEST_APPEND:-}" \
	2>"$res/vm.err" || rc=$?
secs=$(($(date +%s) - start))

verdict() {
	echo "$1 $arch $variant $scenario $load (${secs}s): $2"
	[ "$1" = PASS ]
}

[ "$rc" != 124 ] || verdict FAIL "timed out after ${timeout}s; console: $res/share/console.log" || exit 1
[ "$rc" != 3 ] || verdict FAIL "the crash kernel never booted ($(tail -n1 "$res/vm.err"))" || exit 1
[ "$rc" = 0 ] || verdict FAIL "harness: vm.py exited $rc: $(tail -n1 "$res/vm.err") $(tail -n1 "$share/qemu.log")" || exit 1
[ ! -s "$share/error" ] || verdict FAIL "guest: $(tail -n1 "$share/error")" || exit 1
grep -q '^cpus ' "$share/expect.txt" 2>/dev/null && grep -q '^crash_pid ' "$share/expect.txt" ||
	verdict FAIL "the first kernel did not reach its crash (console: $share/console.log)" || exit 1
[ -e "$share/crash-up" ] ||
	verdict FAIL "the crash kernel never booted (console: $share/console.log)" || exit 1
[ -e "$share/check.rc" ] ||
	verdict FAIL "the crash kernel came up but did not finish (console: $share/console.log)" || exit 1

why=()
crc=$(cat "$share/check.rc")
if [ "$crc" != 0 ] || ! grep -qx 'verdict PASS' "$share/check.txt"; then
	mapfile -t why < <(grep -E '^(FAIL|error)' "$share/check.txt" | sed 's/^FAIL //')
	[ "${#why[@]}" -gt 0 ] || why=("vmcore-check exited $crc without a reason")
fi
# The host's own look at the saved header and notes must agree (with the
# expectation the crash kernel found matched: after or before the event)
expect=$share/expect.txt state=
if [ "$(cat "$share/matched" 2>/dev/null)" = before ]; then
	expect=$share/expect-before.txt state=" (the state before the event)"
fi
"$top/work/tools/host/vmcore-check" --expect "$expect" \
	"$share/vmcore-head" >"$res/host-check.txt" 2>&1 || {
	[ "${#why[@]}" -gt 0 ] || why+=("host re-check of the saved header failed")
}
if [ "$(cat "$share/makedumpfile.rc" 2>/dev/null)" != 0 ]; then
	why+=("makedumpfile failed: $(tail -n1 "$share/makedumpfile.log")")
elif [ "$(head -c 8 "$share/dump.kdump")" != "KDUMP   " ]; then
	why+=("makedumpfile output is not a kdump-compressed dump")
fi
[ "${#why[@]}" = 0 ] || verdict FAIL "$(IFS=';'; echo "${why[*]}")" || exit 1
verdict PASS "$(grep -c '^load' "$share/check.txt") PT_LOADs, \
$(sed -n 's/^prstatus_count //p' "$share/check.txt") CPU notes, \
markers $(sed -n 's/^markers //p' "$share/check.txt")$state"
