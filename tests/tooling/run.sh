#!/usr/bin/env bash
# Tests of the host tooling that need no QEMU and no kernel: the verdict
# (scripts/judge.sh) on result-directory fixtures, the tests/expected rule
# (scripts/expect.sh), the arch data (scripts/arch.sh and vm.py's reader
# agree; no script names an arch), vm.py against a fake QMP server, KTAP
# nesting (scripts/ktap.sh), the bench smoke check and report on stored
# data, the peer table (scripts/peer-table.sh). Prints KTAP, ends with "N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/tooling
. "$top/scripts/ktap.sh"
. "$top/scripts/expect.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# is NAME GOT WANT: one result, the difference as a diagnostic
is() {
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
	else
		printf '%s\n' "got:  $2" "want: $3" | sed "s/^/${KTAP_INDENT:-}# /"
		ktap_not_ok "$1"
	fi
}

# fixture NAME: a result directory of a run that passed (what the guest,
# the crash kernel and scripts/boot.sh leave); tests then spoil it
fixture() {
	local d=$tmp/$1
	mkdir -p "$d/share"
	printf 'ARCH=x86_64\nVARIANT=patched\nSCENARIO=mem-add\nLOAD=file\n' >"$d/row.env"
	printf 'ARCH=x86_64\nTIMEOUT=300\nCRASH_TIMEOUT=30\nRC=0\nSECS=12\n' >"$d/boot.env"
	: >"$d/vm.err"
	printf 'ram 0x100000 0x80000000\ncpus 2\ncrash_pid 99\n' >"$d/share/expect.txt"
	: >"$d/share/crash-up"
	printf 'load 0x100000 0x1000000\nload 0x1000000 0x80000000\nload 0x100000000 0x120000000\nprstatus_count 2\nmarkers 64/64\nverdict PASS\n' >"$d/share/check.txt"
	echo 0 >"$d/share/check.rc"
	: >"$d/share/vmcore-head"
	echo 0 >"$d/share/makedumpfile.rc"
	printf 'KDUMP   rest' >"$d/share/dump.kdump"
	echo "$d"
}
judge() { VMCORE_CHECK=${VC:-true} bash "$top/scripts/judge.sh" "$1" || true; }

verdicts() {
	. "$top/scripts/ktap.sh"
	local d
	ktap_begin 13
	d=$(fixture pass)
	is "a complete run passes, with the dump's facts" "$(judge "$d")" \
		"PASS x86_64 patched mem-add file (12s): 3 PT_LOADs, 2 CPU notes, markers 64/64"
	echo before >"$d/share/matched"
	is "a dump that matched the state before the event says so" "$(judge "$d")" \
		"PASS x86_64 patched mem-add file (12s): 3 PT_LOADs, 2 CPU notes, markers 64/64 (the state before the event)"
	d=$(fixture wrong)
	printf 'load 0x100000 0x80000000\nFAIL missing ram 0x100000000 0x120000000\nFAIL markers 0/64 found\nverdict FAIL\n' >"$d/share/check.txt"
	echo 1 >"$d/share/check.rc"
	is "a wrong dump fails with the checker's reasons, in order" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): missing ram 0x100000000 0x120000000;markers 0/64 found"
	d=$(fixture timeout)
	sed -i 's/^RC=0/RC=124/; s/^SECS=12/SECS=300/' "$d/boot.env"
	is "a run that timed out says so" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (300s): timed out after 300s; console: $d/share/console.log"
	d=$(fixture nocrash)
	sed -i 's/^RC=0/RC=3/' "$d/boot.env"
	echo "vm: no crash kernel 30 s after the crash" >"$d/vm.err"
	is "no crash kernel within CRASH_TIMEOUT: never booted" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): the crash kernel never booted (vm: no crash kernel 30 s after the crash)"
	d=$(fixture guest)
	echo "cannot online memory33" >"$d/share/error"
	is "a guest error is the reason" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): guest: cannot online memory33"
	d=$(fixture host)
	is "the host's re-check of the saved header must agree" "$(VC=false judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): host re-check of the saved header failed"
	d=$(fixture mdf)
	echo 1 >"$d/share/makedumpfile.rc"
	echo "makedumpfile: read error" >"$d/share/makedumpfile.log"
	is "makedumpfile's failure is a reason" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): makedumpfile failed: makedumpfile: read error"
	d=$(fixture unbooted)
	rm "$d/boot.env"
	is "a directory with no boot is not a pass" "$(judge "$d" | cut -d: -f1-2)" \
		"FAIL x86_64 patched mem-add file (0s): harness"
	# virtio-mem: device memory touched must be "ram" of the expectation
	d=$(fixture vmem)
	printf 'ram 0x100000 0x80000000\nram 0x100000000 0x108000000\nram 0x108000000 0x10a000000\noptional 0x10a000000 0x110000000\ncpus 2\ncrash_pid 99\n' >"$d/share/expect.txt"
	printf 'touched 0x100000000 0x100200000\ntouched 0x107e00000 0x109000000\n' >"$d/share/vmem-touched.txt"
	is "virtio-mem memory touched inside plugged memory passes" "$(judge "$d" | cut -d: -f1)" \
		"PASS x86_64 patched mem-add file (12s)"
	printf 'touched 0x109e00000 0x10a200000\ntouched 0x10f000000 0x110000000\n' >"$d/share/vmem-touched.txt"
	is "unplugged virtio-mem memory touched fails, with how much" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): unplugged virtio-mem memory was read: 18432 KiB in 2 extents, first 0x10a000000-0x10a200000"
	d=$(fixture readall)
	: >"$d/share/read-all"
	echo 1 >"$d/share/read-all.rc"
	echo "dd: /proc/vmcore: Input/output error" >"$d/share/read-all.log"
	is "a full read of the dump that failed is a reason" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): reading all of /proc/vmcore failed: dd: /proc/vmcore: Input/output error"
	d=$(fixture crash8)
	echo 0 >"$d/share/makedumpfile-user.rc"
	is "crash(8) without a dump with user pages is a reason" "$(judge "$d")" \
		"FAIL x86_64 patched mem-add file (12s): crash(8): no dump with user pages ()"
	ktap_end
}

rule() {
	. "$top/scripts/ktap.sh"
	. "$top/scripts/expect.sh"
	local f="FAIL x86_64 unpatched mem-add file (20s): missing ram 0x100000000 0x120000000;markers 0/64 found"
	ktap_begin 8
	is "pass row, run passed" "$(row_result pass "PASS x86_64 patched mem-add file (9s): 3 PT_LOADs")" pass
	is "pass row, run failed" "$(row_result pass "$f")" unexpected
	is "fail row, the reason matches the whole list" \
		"$(row_result 'fail:missing.ram.0x100000000.0x120000000;markers.0/64.found' "$f")" xfail
	is "fail row, the regex matches only a part of the reasons" \
		"$(row_result 'fail:missing.ram.0x100000000.0x120000000' "$f")" unexpected
	is "fail row, another reason" "$(row_result 'fail:the.crash.kernel.never.booted.*' "$f")" unexpected
	is "fail row, run passed" "$(row_result 'fail:.*' "PASS x86_64 patched mem-add file (9s): x")" unexpected
	is "a skipped run" "$(row_result pass "SKIP ppc64le patched x file: needs cpu-add")" skip
	is "no verdict line at all" "$(row_result pass "Traceback (most recent call last)")" unexpected
	ktap_end
}

archdata() {
	. "$top/scripts/ktap.sh"
	local a err bash_facts py_facts n=0
	for a in "$top"/arch/*.conf; do n=$((n + 1)); done
	ktap_begin $((n + 4))
	for a in "$top"/arch/*.conf; do
		a=$(basename "$a" .conf)
		# every key both readers see, with the same value
		bash_facts=$(bash -c '. "$1/scripts/arch.sh" "$2"
			for k in $(sed -n "s/^\([A-Z][A-Z0-9_]*\)=.*/\1/p" "$ARCH_CONF"); do echo "$k=${!k}"; done' \
			_ "$top" "$a" | sort)
		py_facts=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import vm
for k, v in sorted(vm.arch_facts(sys.argv[2]).items()): print(f"{k}={v}")' "$top/harness" "$a" | sort)
		is "arch/$a.conf: bash and vm.py read the same facts" "$bash_facts" "$py_facts"
	done
	err=$(bash -c '. "$1/scripts/arch.sh" no-such-arch' _ "$top" 2>&1 || true)
	is "an unknown arch is refused, naming the known ones" "${err%%:*}" "unknown arch 'no-such-arch'"
	mkdir -p "$tmp/archt/scripts" "$tmp/archt/arch"
	cp "$top/scripts/arch.sh" "$tmp/archt/scripts/"
	printf 'GOOD=1\nBAD=$(reboot)\n' >"$tmp/archt/arch/t.conf"
	err=$(bash -c '. "$1/scripts/arch.sh" t' _ "$tmp/archt" 2>&1 || true)
	is "a line that is not KEY=value is refused" "$err" 'arch/t.conf:2: not a comment nor KEY=value: BAD=$(reboot)'
	# the guest sources the file as it is: busybox sh reads the same values
	is "a plain sh reads the quoted values" \
		"$(sh -c '. "$1"; echo "$QEMU_ARGS"' _ "$top/arch/ppc64le.conf")" \
		"$(bash -c '. "$1/scripts/arch.sh" ppc64le; echo "$QEMU_ARGS"' _ "$top")"
	# no script, guest file or Makefile names an arch outside comments
	is "arch names only in arch/ and in comments" \
		"$(cd "$top" && grep -rnE 'x86_64|ppc64le|pseries|powerpc' scripts harness scenarios Makefile |
			grep -vE '^[^:]+:[0-9]+:[[:space:]]*#' || true)" ""
	ktap_end
}

nesting() {
	. "$top/scripts/ktap.sh"
	local out
	ktap_begin 2
	out=$(bash -c '. "$1/scripts/ktap.sh"
		inner() { . "$1/scripts/ktap.sh"; ktap_begin 3; ktap_ok a; ktap_ok b "XFAIL why"; ktap_not_ok c; ktap_end; }
		ktap_begin 1; ktap_group g inner "$1"; ktap_end' _ "$top" || true)
	is "a group's subtests are counted, the group line is not" "$(echo "$out" | tail -n1)" "2 passed, 1 failed"
	is "subtests are indented four spaces, the group fails with them" \
		"$(echo "$out" | grep -E '^( {4})?(not )?ok' | tr '\n' '|')" \
		"    ok 1 a|    ok 2 b # XFAIL why|    not ok 3 c|not ok 1 g|"
	ktap_end
}

bench() {
	. "$top/scripts/ktap.sh"
	ktap_begin 3
	is "bench smoke check: a good short run" "$(bash "$top/bench/check-smoke.sh" "$here/bench-good.csv" && echo ok)" ok
	is "bench smoke check: time disarmed is found by its column name" \
		"$(bash "$top/bench/check-smoke.sh" "$here/bench-reordered-bad.csv" || true)" \
		"k=8: kernel_disarmed_us 12.5"
	is "bench smoke check: one burst row is too few" \
		"$(head -n2 "$here/bench-good.csv" >"$tmp/one.csv"; bash "$top/bench/check-smoke.sh" "$tmp/one.csv" || true)" \
		"only 1 burst rows"
	ktap_end
}

# benchreport: bench/report.sh on a stored function graph trace, and
# bench/compare.sh on two such runs
benchreport() {
	. "$top/scripts/ktap.sh"
	local d=$tmp/bench out
	mkdir -p "$d"
	cp -r "$here/bench-run" "$d/patched"
	out=$(bash "$top/bench/report.sh" "$d/patched")
	ktap_begin 4
	is "bench report: only event calls with an update inside count, their durations are the events'" \
		"$(cut -d, -f1,5,7,8,9 "$d/patched/bench.csv" | tail -n +2)" "2,2,300.0,400.0,600.0"
	is "bench report: locked durations are the disarmed window; hp and online times from the marks" \
		"$(cut -d, -f2,3,10,12 "$d/patched/bench.csv" | tail -n +2)" "4.0,2.0,580.0,1"
	is "bench report: the curve counts ranges from its start mark" \
		"$(tr '\n' ' ' <"$d/patched/curve.csv")" "6,100 7,120 "
	cp -r "$here/bench-run" "$d/mainline"
	sed -i 's/ 80.000 us / 80.000 us /; s/^\( *10.1004.*\) 200.000 us/\1 2000.000 us/' "$d/mainline/trace.txt"
	bash "$top/bench/report.sh" "$d/mainline" >/dev/null
	printf 'KERNEL=x-patched\nVARIANT=patched\nCRASH=256M\nMODES=none,kernel\n' >"$d/patched/meta"
	printf 'KERNEL=x-mainline\nVARIANT=mainline\nCRASH=256M\nMODES=none,kernel\n' >"$d/mainline/meta"
	out=$(BENCH_OUT=$d bash "$top/bench/compare.sh" "$d/patched" "$d/mainline" | grep '^ratio')
	is "bench compare: mainline/patched from the two runs' memory events" "$out" \
		"ratio mainline/patched, crashkernel=256M: per memory event 1.6x (median), 5.0x (p99)"
	ktap_end
}

# peer: scripts/peer-table.sh on a rows file and its row logs
peer() {
	. "$top/scripts/ktap.sh"
	local d=$tmp/peer out
	mkdir -p "$d"
	printf '%s\n' '# a comment' 'x86_64 patched mem-remove file pass' \
		'ppc64le patched mem-remove file pass' \
		'x86_64 mainline mem-remove file fail:stale.0x1' \
		'x86_64 unpatched mem-remove file pass' >"$d/rows"
	echo 'PASS x86_64 patched mem-remove file (9s): ram 3 ranges' >"$d/row-1.log"
	echo 'PASS ppc64le patched mem-remove file (9s): ram 2 ranges' >"$d/row-2.log"
	echo 'FAIL x86_64 mainline mem-remove file (9s): stale 0x1' >"$d/row-3.log"
	echo 'FAIL x86_64 unpatched mem-remove file (9s): stale 0x1' >"$d/row-4.log"
	out=$(bash "$top/scripts/peer-table.sh" "$d/rows" "$d" x86_64)
	ktap_begin 4
	is "peer table: one line per load and scenario, the four kernels in order" \
		"$(echo "$out" | grep -E '^(load|file) ' | tr -s ' ')" \
		"$(printf '%s\n' 'load scenario unpatched nohp mainline patched' 'file mem-remove fail! - fail pass')"
	is "peer table: the verdict lines of the arch only, in row order" \
		"$(echo "$out" | sed -n '/^# verdicts/,$p' | tail -n +2 | cut -d' ' -f1-3 | tr '\n' '|')" \
		"PASS x86_64 patched|FAIL x86_64 mainline|FAIL x86_64 unpatched|"
	is "peer table: a row with no log is none!" \
		"$(rm "$d/row-3.log"; bash "$top/scripts/peer-table.sh" "$d/rows" "$d" x86_64 | grep '^file ' | tr -s ' ')" \
		"file mem-remove fail! - none! pass"
	is "peer table: a dump makedumpfile could not save is marked * (and ! when unexpected)" \
		"$(echo 'FAIL x86_64 mainline mem-remove file (9s): stale 0x1;makedumpfile failed: x' >"$d/row-3.log"
			bash "$top/scripts/peer-table.sh" "$d/rows" "$d" x86_64 | grep '^file ' | tr -s ' ')" \
		"file mem-remove fail! - fail*! pass"
	ktap_end
}

ktap_begin 8
ktap_group "judge.sh on result fixtures" verdicts
ktap_group "expect.sh: the rule of tests/expected" rule
ktap_group "arch data" archdata
ktap_group "ktap.sh nesting" nesting
ktap_group "vm.py against a fake QMP server" python3 "$here/test_vm.py"
ktap_group "bench smoke check" bench
ktap_group "bench report and compare" benchreport
ktap_group "peer-table.sh" peer
ktap_end
