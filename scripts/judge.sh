#!/usr/bin/env bash
# The verdict of one scenario run, from its result directory alone (no
# QEMU: it can be re-run, and tests/tooling/ runs it on fixtures):
#   scripts/judge.sh RESULT_DIR     (made by scripts/run-scenario.sh)
# Reads row.env (ARCH VARIANT SCENARIO LOAD), boot.env (TIMEOUT RC SECS,
# from scripts/boot.sh), vm.err and share/: what the guest and the crash
# kernel left there (expect.txt, crash-up, check.txt, check.rc, matched,
# vmcore-head, makedumpfile's rc, log and dump). The host's vmcore-check
# (VMCORE_CHECK, default work/tools/host/vmcore-check) re-checks the saved
# header and notes. Prints one line, "PASS|FAIL ARCH VARIANT SCENARIO LOAD
# (SECSs): facts or reasons", and exits 0 for PASS, 1 for FAIL.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
res=${1:?result dir}
share=$res/share
vmcore_check=${VMCORE_CHECK:-$top/work/tools/host/vmcore-check}
# shellcheck source=/dev/null
. "$res/row.env"
RC=none SECS=0 TIMEOUT=0
# shellcheck source=/dev/null
[ ! -f "$res/boot.env" ] || . "$res/boot.env"

verdict() {
	echo "$1 $ARCH $VARIANT $SCENARIO $LOAD (${SECS}s): $2"
	[ "$1" = PASS ]
}

[ "$RC" != none ] || verdict FAIL "harness: the guest was not booted ($(tail -n1 "$res/vm.err" 2>/dev/null))" || exit 1
[ "$RC" != 124 ] || verdict FAIL "timed out after ${TIMEOUT}s; console: $share/console.log" || exit 1
[ "$RC" != 3 ] || verdict FAIL "the crash kernel never booted ($(tail -n1 "$res/vm.err"))" || exit 1
[ "$RC" = 0 ] || verdict FAIL "harness: vm.py exited $RC: $(tail -n1 "$res/vm.err") $(tail -n1 "$share/qemu.log" 2>/dev/null)" || exit 1
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
"$vmcore_check" --expect "$expect" "$share/vmcore-head" >"$res/host-check.txt" 2>&1 || {
	[ "${#why[@]}" -gt 0 ] || why+=("host re-check of the saved header failed")
}
if [ "$(cat "$share/makedumpfile.rc" 2>/dev/null)" != 0 ]; then
	why+=("makedumpfile failed: $(tail -n1 "$share/makedumpfile.log" 2>/dev/null)")
elif [ "$(head -c 8 "$share/dump.kdump")" != "KDUMP   " ]; then
	why+=("makedumpfile output is not a kdump-compressed dump")
fi
# crash(8) on the dump with user pages, when the crash kernel saved one
# (make crash: KDTEST_CRASH=1, scripts/boot.sh): scripts/crash-check.sh
if [ -e "$share/makedumpfile-user.rc" ]; then
	mapfile -t -O "${#why[@]}" why < <(bash "$top/scripts/crash-check.sh" "$res" \
		"${VMLINUX:-$top/work/build/$ARCH-$VARIANT/vmlinux}")
fi
# A full read of the dump (share/read-all: scenarios/vmem.sh) must succeed
if [ -e "$share/read-all" ] && [ "$(cat "$share/read-all.rc" 2>/dev/null)" != 0 ]; then
	why+=("reading all of /proc/vmcore failed: $(tail -n1 "$share/read-all.log" 2>/dev/null)")
fi
# virtio-mem (vm.py --virtio-mem): the device memory anybody touched since
# it was last plugged (vm.py's vmem-touched.txt, from the backing file)
# must be memory the dump holds ("ram" of the expectation): unplugged
# memory holds nothing, and a hypervisor may back it with nothing. The
# crash kernel reads it if its virtio-mem driver does not tell
# /proc/vmcore which pages are unplugged.
if [ -f "$share/vmem-touched.txt" ]; then
	mapfile -t ram < <(while read -r k a b _; do
		[ "$k" != ram ] || echo "$((a)) $((b))"
	done <"$expect" | sort -n)
	bad=0 badn=0 first=
	while read -r _ a b; do
		a=$((a)) b=$((b))
		for r in "${ram[@]}"; do
			# a touched extent may span adjacent ram ranges: eat them
			set -- $r
			[ "$1" -le "$a" ] && [ "$a" -lt "$2" ] && a=$2
			[ "$a" -lt "$b" ] || break
		done
		[ "$a" -lt "$b" ] || continue
		bad=$((bad + b - a)) badn=$((badn + 1))
		[ -n "$first" ] || first=$(printf '0x%x-0x%x' "$a" "$b")
	done <"$share/vmem-touched.txt"
	[ "$bad" = 0 ] || why+=("unplugged virtio-mem memory was read: $((bad >> 10)) KiB in $badn extents, first $first")
fi
# The device tree the crash kernel booted with (powerpc) must reserve the
# whole ELF core header as the first kernel last had it (elfcorehdr-size,
# debugfs of patched kernels): a part left out is memory the crash kernel
# may allocate before /proc/vmcore reads the header.
if [ -s "$share/elfcorehdr-size" ] && [ -e "$share/fdt-rsvmap.rc" ]; then
	if [ "$(cat "$share/fdt-rsvmap.rc")" != 0 ]; then
		why+=("fdt-rsvmap: $(tail -n1 "$share/fdt-rsvmap.txt")")
	else
		# elfcorehdr=[SIZE@]ADDR, as memparse() reads it
		h=$(tr ' ' '\n' <"$share/crash-cmdline" | sed -n 's/^elfcorehdr=\(.*@\)\{0,1\}//p' | tail -n1)
		case $h in
		*[Kk]) h=$((${h%?} << 10)) ;; *[Mm]) h=$((${h%?} << 20)) ;;
		*[Gg]) h=$((${h%?} << 30)) ;; *) h=$((h)) ;;
		esac
		end=$((h + $(cat "$share/elfcorehdr-size"))) at=$h grew=1
		# the part from the header's start that the entries cover
		while [ "$at" -lt "$end" ] && [ "$grew" = 1 ]; do
			grew=0
			while read -r _ a s; do
				a=$((a)) s=$((s))
				if [ "$a" -le "$at" ] && [ "$at" -lt $((a + s)) ]; then
					at=$((a + s)) grew=1
				fi
			done <"$share/fdt-rsvmap.txt"
		done
		[ "$at" -ge "$end" ] || why+=("$(printf "the crash kernel's device tree \
reserves 0x%x of the 0x%x bytes of the ELF core header at 0x%x" $((at - h)) $((end - h)) "$h")")
	fi
fi
[ "${#why[@]}" = 0 ] || verdict FAIL "$(IFS=';'; echo "${why[*]}")" || exit 1
verdict PASS "$(grep -c '^load' "$share/check.txt") PT_LOADs, \
$(sed -n 's/^prstatus_count //p' "$share/check.txt") CPU notes, \
markers $(sed -n 's/^markers //p' "$share/check.txt")$state"
