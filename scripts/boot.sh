#!/usr/bin/env bash
# Boot one guest of ARCH on KERNEL, the one way every run boots (the
# scenarios, the benchmark):
#   scripts/boot.sh ARCH KERNEL RESULT_DIR "KERNEL ARGS" [vm.py options]
# RESULT_DIR/share (made if missing; a caller may put more files there
# first) gets the kernel, the arch's initramfs, the arch's facts
# (arch.conf), the guest scripts (kdtest/) and the scenarios: the guest
# runs them from the share, so editing one needs no initramfs rebuild. The
# command line is the arch's console and crash region, then KERNEL ARGS,
# then KDTEST_APPEND. vm.py writes the QEMU command it ran to
# share/qemu.cmd. Records in RESULT_DIR: boot.env (ARCH, TIMEOUT,
# CRASH_TIMEOUT, RC: vm.py's exit status, SECS), vm.err. Exit 0 (the
# result is for scripts/judge.sh to read).
# KDTEST_KVM=1: KVM instead of TCG. KDTEST_CRASH=1: a dump for crash(8)
# too. --timeout in the options overrides the arch's TIMEOUT.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch} kernel=${2:?kernel} res=${3:?result dir} args=${4-}
shift 4
. "$top/scripts/arch.sh" "$arch"
timeout=$TIMEOUT
for ((i = 1; i <= $#; i++)); do
	[ "${!i}" != --timeout ] || { j=$((i + 1)); timeout=${!j}; }
done

share=$res/share
mkdir -p "$share/kdtest" "$share/scenarios"
cp -L "$kernel" "$share/kernel"
cp "$top/work/initramfs-$arch.cpio.gz" "$share/initrd"
cp "$ARCH_CONF" "$share/arch.conf"
cp "$top"/harness/guest/*.sh "$share/kdtest/"
cp "$top"/scenarios/*.sh "$share/scenarios/"

# KDTEST_CRASH=1 (make crash) where the arch has crash(8) (CRASH_CHECK=yes):
# the crash kernel also saves a dump for it (scripts/crash-check.sh)
rm -f "$share/crash-check"
[ "${KDTEST_CRASH:-0}" != 1 ] || [ "${CRASH_CHECK:-no}" != yes ] || : >"$share/crash-check"
kvm=()
[ "${KDTEST_KVM:-0}" != 1 ] || kvm=(--kvm)
start=$(date +%s)
rc=0
python3 "$top/harness/vm.py" --arch "$arch" --share "$share" "${kvm[@]}" \
	--timeout "$timeout" --crash-timeout "$CRASH_TIMEOUT" \
	--append "console=$CONSOLE crashkernel=$CRASHKERNEL $args${KDTEST_APPEND:+ $KDTEST_APPEND}" \
	"$@" 2>"$res/vm.err" || rc=$?
printf 'ARCH=%s\nTIMEOUT=%s\nCRASH_TIMEOUT=%s\nRC=%s\nSECS=%s\n' "$arch" "$timeout" \
	"$CRASH_TIMEOUT" "$rc" "$(($(date +%s) - start))" >"$res/boot.env"
