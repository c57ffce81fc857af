#!/usr/bin/env bash
# test.sh - self-test for vmcore-check (and a smoke test of marker-write).
#
# Usage: tools/test.sh            (needs a host C compiler and python3)
# Env:   CC=gcc  PYTHON=python3  KEEP=1 (keep the scratch directory)
#        VMCORE_CHECK=path, MARKER_WRITE=path: test prebuilt binaries instead
#
# Builds the tools for the host, generates synthetic ELF64 vmcores with
# mkvmcore.py and checks the verdicts, fact lines and exit codes.  Prints
# KTAP (the results are collected, then printed after the plan), ends with
# "N passed, N failed" and exits non-zero if anything failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CC=${CC:-gcc}
PYTHON=${PYTHON:-python3}
passed=0 failed=0 skipped=0 finished=
work=$(mktemp -d "${TMPDIR:-/tmp}/vmcore-test.XXXXXX")
mw_pid=
# summary: the KTAP header, plan and collected results, the closing line
summary() {
	echo "KTAP version 1"
	echo "1..$((passed + failed + skipped))"
	cat "$work/ktap"
	[ "$skipped" = 0 ] || echo "# $skipped skipped"
	echo "$passed passed, $failed failed"
}
cleanup() {
	local rc=$?
	if [ -z "$finished" ]; then   # aborted by set -e: still summarize
		name="test.sh itself" out=/dev/null bad "aborted (exit $rc)"
		summary
	fi
	if [ -n "$mw_pid" ]; then kill "$mw_pid" 2>/dev/null || true; fi
	if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

VC=${VMCORE_CHECK:-$work/vmcore-check}
MW=${MARKER_WRITE:-$work/marker-write}
[ -n "${VMCORE_CHECK:-}" ] ||
	$CC -O2 -Wall -Wextra -Werror -o "$VC" "$here/vmcore-check.c"
[ -n "${MARKER_WRITE:-}" ] ||
	$CC -O2 -Wall -Wextra -Werror -o "$MW" "$here/marker-write.c"
gen() { "$PYTHON" "$here/mkvmcore.py" "$@"; }

# t NAME WANT_RC ARGS... : run vmcore-check, keep stdout in $out, check rc.
t() {
	name=$1 want=$2 rc=0
	shift 2
	"$VC" "$@" >"$work/out" 2>"$work/err" || rc=$?
	out=$work/out
	if [ "$rc" -ne "$want" ]; then
		bad "exit $rc, wanted $want"
		return 0
	fi
	good
}
: >"$work/ktap"
good() {
	passed=$((passed + 1))
	echo "ok $((passed + failed + skipped)) ${name//#/no.}" >>"$work/ktap"
}
bad() {
	failed=$((failed + 1))
	{
		echo "# $name: $*"
		sed 's/^/# | /' "$out" "$work/err" 2>/dev/null | tail -n 25
		echo "not ok $((passed + failed + skipped)) ${name//#/no.}"
	} >>"$work/ktap"
}
# has LINE... : every LINE must appear verbatim in the last output.
has() {
	local l
	for l in "$@"; do
		if ! grep -qxF -- "$l" "$out"; then
			name="$name (line)" bad "missing line: $l"
			return 0
		fi
	done
	name="$name (lines)" good
}
# lacks PATTERN : no line of the last output may match the ERE.
lacks() {
	if grep -qE -- "$1" "$out"; then
		name="$name (no $1)" bad "unexpected match"
	else
		name="$name (no $1)" good
	fi
}
# expect NAME LINE... : write $work/NAME.exp
expect() {
	local n=$1
	shift
	printf '%s\n' "$@" >"$work/$n.exp"
}

# Guest RAM: [0x1000,0x9f000) [0x100000,0x800000) [0x1000000,0x1400000)
RAM=(--load 1000-9f000 --load 100000-800000 --load 1000000-1400000)
gen "$work/good" "${RAM[@]}" --pids 100,0
expect good "# guest RAM, any order" "" "ram 0x1000000 0x1400000" \
	"ram 0x1000 0x9f000" "ram 0x100000 0x800000" "cpus 2" "crash_pid 100"

t "pass case" 0 --expect "$work/good.exp" "$work/good"
has "load 0x1000 0x9f000 off 0x1000" "merged 0x100000 0x800000" \
	"note CORE type 1 descsz 336" "prstatus pid 100" "prstatus pid 0" \
	"note VMCOREINFO type 0 descsz 30" "prstatus_count 2" "vmcoreinfo 1" \
	"verdict PASS"
lacks '^FAIL'
name="verdict is the last line"
[ "$(tail -n 1 "$out")" = "verdict PASS" ] && good || bad "verdict not last"

t "no --expect" 0 "$work/good"
has "verdict PASS"

# Expected RAM the dump does not cover.
cp "$work/good.exp" "$work/miss.exp"
echo "ram 0x2000000 0x2200000" >>"$work/miss.exp"
t "missing range" 1 --expect "$work/miss.exp" "$work/good"
has "FAIL missing 0x2000000 0x2200000 (2.0 MiB)" "verdict FAIL"
lacks '^FAIL stale'

gen "$work/hole" --load 1000-9f000 --load 100000-300000 \
	--load 400000-800000 --load 1000000-1400000 --pids 100,0
t "hole inside a range" 1 --expect "$work/good.exp" "$work/hole"
has "FAIL missing 0x300000 0x400000 (1.0 MiB)" "verdict FAIL"

gen "$work/stale" "${RAM[@]}" --load 3000000-3100000 --pids 100,0
t "stale range" 1 --expect "$work/good.exp" "$work/stale"
has "FAIL stale 0x3000000 0x3100000 (1.0 MiB)" "verdict FAIL"
lacks '^FAIL missing'

gen "$work/grow" --load 1000-a0000 --load 100000-800000 \
	--load 1000000-1400000 --pids 100,0
t "range sticking out" 1 --expect "$work/good.exp" "$work/grow"
has "FAIL stale 0x9f000 0xa0000 (0.0 MiB)"

# Adjacent and overlapping PT_LOADs (e.g. the kernel text alias) merge.
gen "$work/adj" --load 1000-9f000 --load 100000-200000 --load 200000-800000 \
	--load 180000-190000 --load 1000000-1200000 --load 1200000-1400000 \
	--pids 100,0
expect adj "" "ram 0x1000 0x9f000" "ram 0x100000 0x400000" \
	"ram 0x300000 0x800000" "ram 0x1000000 0x1400000" "cpus 2"
t "merged adjacent loads" 0 --expect "$work/adj.exp" "$work/adj"
has "load 0x100000 0x200000 off 0x9f000" "merged 0x100000 0x800000" \
	"merged 0x1000000 0x1400000" "verdict PASS"
name="three merged ranges"
[ "$(grep -c '^merged' "$out")" = 3 ] && good || bad "want 3 merged lines"

gen "$work/nolow" --load 100000-800000 --load 1000000-1400000 --pids 100,0
t "low range missing" 1 --expect "$work/good.exp" "$work/nolow"
has "FAIL missing 0x1000 0x9f000 (0.6 MiB)"
cp "$work/good.exp" "$work/ib.exp"
echo "ignore_below 0x100000" >>"$work/ib.exp"
t "ignore_below" 0 --expect "$work/ib.exp" "$work/nolow"
cp "$work/good.exp" "$work/ib2.exp"
echo "ignore_below 0x500000" >>"$work/ib2.exp"
t "ignore_below inside a range" 0 --expect "$work/ib2.exp" "$work/hole"
cp "$work/good.exp" "$work/ib3.exp"
echo "ignore_below 0x380000" >>"$work/ib3.exp"
t "ignore_below inside a hole" 1 --expect "$work/ib3.exp" "$work/hole"
has "FAIL missing 0x380000 0x400000 (0.5 MiB)"

# optional: a firmware range the dump may hold, whole, rounded, or not at all
gen "$work/fw" "${RAM[@]}" --load 2fff0000-30000000 --pids 100,0
cp "$work/good.exp" "$work/opt.exp"
echo "optional 0x2fff0000 0x2fff085c" >>"$work/opt.exp"
t "optional range, dumped rounded up" 1 --expect "$work/opt.exp" "$work/fw"
has "FAIL stale 0x2fff085c 0x30000000 (0.1 MiB)"
echo "optional 0x2fff0000 0x30000000" >>"$work/opt.exp"
t "optional range, dumped whole" 0 --expect "$work/opt.exp" "$work/fw"
t "optional range, not dumped" 0 --expect "$work/opt.exp" "$work/good"
t "optional range is not RAM" 1 --expect "$work/good.exp" "$work/fw"
has "FAIL stale 0x2fff0000 0x30000000 (0.1 MiB)"

gen "$work/cpu3" "${RAM[@]}" --pids 100,0,0
t "wrong cpu count" 1 --expect "$work/good.exp" "$work/cpu3"
has "FAIL cpus expected 2 got 3" "prstatus_count 3"

sed 's/^cpus 2$/cpus 2-3/' "$work/good.exp" >"$work/range.exp"
t "cpu count in a range" 0 --expect "$work/range.exp" "$work/cpu3"
t "cpu count in a range, low end" 0 --expect "$work/range.exp" "$work/good"
sed 's/^cpus 2$/cpus 3-4/' "$work/good.exp" >"$work/range.exp"
t "cpu count below the range" 1 --expect "$work/range.exp" "$work/good"
has "FAIL cpus expected 3-4 got 2"
sed 's/^crash_pid 100$/crash_pid any/' "$work/good.exp" >"$work/any.exp"
gen "$work/nopid0" "${RAM[@]}" --pids 7,0
t "crash_pid any" 0 --expect "$work/any.exp" "$work/nopid0"

gen "$work/nopid" "${RAM[@]}" --pids 7,0
t "missing crash pid" 1 --expect "$work/good.exp" "$work/nopid"
has "FAIL crash_pid 100 has no NT_PRSTATUS"
lacks '^FAIL (cpus|missing|stale|vmcoreinfo)'

gen "$work/novmci" "${RAM[@]}" --pids 100,0 --no-vmcoreinfo
t "missing vmcoreinfo" 1 --expect "$work/good.exp" "$work/novmci"
has "vmcoreinfo 0" "FAIL vmcoreinfo missing" "verdict FAIL"

gen "$work/split" "${RAM[@]}" --pids 100,0,5 --split-notes
t "one PT_NOTE per note" 1 --expect "$work/good.exp" "$work/split"
has "prstatus_count 3" "vmcoreinfo 1" "FAIL cpus expected 2 got 3"

gen "$work/overrun" "${RAM[@]}" --pids 100,0 --note-overrun
t "note overrun" 1 --expect "$work/good.exp" "$work/overrun"
has "error note overrun" "FAIL note errors 1" "prstatus_count 2"

gen "$work/be" "${RAM[@]}" --pids 100,0 --big-endian
t "big-endian (ELFDATA2MSB) dump" 0 --expect "$work/good.exp" "$work/be"
has "load 0x1000 0x9f000 off 0x1000" "prstatus pid 100" "verdict PASS"

gen "$work/xnum" "${RAM[@]}" --pids 100,0 --xnum
t "PN_XNUM dump" 0 --expect "$work/good.exp" "$work/xnum"
has "merged 0x1000000 0x1400000" "prstatus_count 2"

# Markers: pages stamped in the dump (pagesize 4096).
printf 'pagesize 4096\nnonce 0xc0ffee\nmarker 0x101\nmarker 0x150 \nmarker 0x1200\n' \
	>"$work/m.txt"
gen "$work/mk" "${RAM[@]}" --pids 100,0 --nonce c0ffee --mark 101,150,1200
t "markers ok" 0 --expect "$work/good.exp" --markers "$work/m.txt" "$work/mk"
has "marker 0x101 ok" "marker 0x150 ok" "marker 0x1200 ok" "markers 3/3" \
	"verdict PASS"
t "markers ok, no --expect" 0 --markers "$work/m.txt" "$work/mk"

gen "$work/mkc" "${RAM[@]}" --pids 100,0 --nonce c0ffee --mark 101,150,1200 \
	--corrupt 150
t "marker corrupt" 1 --expect "$work/good.exp" --markers "$work/m.txt" "$work/mkc"
has "marker 0x101 ok" "marker 0x150 corrupt" "markers 2/3" \
	"FAIL markers 2/3" "verdict FAIL"

sed 's/c0ffee/c0ffef/' "$work/m.txt" >"$work/m-nonce.txt"
t "wrong nonce" 1 --markers "$work/m-nonce.txt" "$work/mk"
has "markers 0/3"

gen "$work/mkbe" "${RAM[@]}" --pids 100,0 --nonce c0ffee --mark 101,150,1200 \
	--big-endian
t "markers in big-endian dump" 0 --markers "$work/m.txt" "$work/mkbe"
has "markers 3/3"

# 0x2000: not in any PT_LOAD; 0x1300: beyond p_filesz (filesz < memsz).
gen "$work/mkf" --load 1000-9f000 --load 100000-800000 \
	--load 1000000-1400000:200000 --pids 100,0 --nonce c0ffee --mark 101
printf 'pagesize 4096\nnonce 0xc0ffee\nmarker 0x101\nmarker 0x2000\nmarker 0x1300\n' \
	>"$work/m2.txt"
t "marker missing" 1 --markers "$work/m2.txt" "$work/mkf"
has "marker 0x101 ok" "marker 0x2000 missing" "marker 0x1300 missing" \
	"FAIL markers 1/3"

printf 'pagesize 4096\nnonce 0x1\n' >"$work/m0.txt"
t "no markers to check" 1 --markers "$work/m0.txt" "$work/mk"
has "markers 0/0" "FAIL markers none to check"

gen "$work/mk64k" --load 0-1000000 --pids 1 --pagesize 65536 --nonce 5 \
	--mark 3,ff
printf 'pagesize 65536\nnonce 0x5\nmarker 0x3\nmarker 0xff\nmarker 0x100\n' \
	>"$work/m64.txt"
t "64K pages (ppc64le)" 1 --markers "$work/m64.txt" "$work/mk64k"
has "marker 0x3 ok" "marker 0xff ok" "marker 0x100 missing"

# --save-head: the head alone must give the same load/note verdict.
t "save-head" 0 --expect "$work/good.exp" --markers "$work/m.txt" \
	--save-head "$work/head" "$work/mk"
grep -vE '^marker' "$out" >"$work/full.facts"
size=$(stat -c %s "$work/head" 2>/dev/null || echo missing) name="save-head output is small"
[ "$size" != missing ] && [ "$size" -lt 8192 ] && good || bad "head is $size bytes"
t "save-head re-check" 0 --expect "$work/good.exp" "$work/head"
name="save-head re-check: same facts"
grep -vE '^marker' "$out" | diff -u "$work/full.facts" - >"$work/diff" &&
	good || bad "facts differ: $(cat "$work/diff")"
t "save-head markers" 1 --markers "$work/m.txt" "$work/head"
has "marker 0x101 missing" "markers 0/3"
t "save-head of PN_XNUM dump" 0 --save-head "$work/xhead" "$work/xnum"
t "PN_XNUM head re-check" 0 --expect "$work/good.exp" "$work/xhead"
has "prstatus_count 2" "merged 0x1000000 0x1400000"
t "save-head to bad path" 1 --save-head "$work/no/such/dir" "$work/good"
has "FAIL save-head $work/no/such/dir"

# Unreadable or malformed input: exit 2.
gen "$work/trunc-ph" "${RAM[@]}" --pids 100,0 --truncate 100
t "truncated in program headers" 2 "$work/trunc-ph"
gen "$work/trunc-note" "${RAM[@]}" --pids 100,0 --truncate 300
t "truncated in notes" 2 "$work/trunc-note"
head -c 40 "$work/good" >"$work/trunc-eh"
t "truncated ELF header" 2 "$work/trunc-eh"
: >"$work/empty"
t "empty file" 2 "$work/empty"
head -c 65536 /dev/urandom >"$work/garbage"
t "garbage" 2 "$work/garbage"
{ head -c 4 "$work/good"; head -c 4000 /dev/urandom; } >"$work/garbage2"
t "garbage after ELF magic" 2 "$work/garbage2"
t "nonexistent file" 2 "$work/nope"
t "no arguments" 2
t "bad expect file" 2 --expect "$work/m.txt" "$work/good"
printf 'ram 0x10 zz\n' >"$work/bad.exp"
t "bad number in expect" 2 --expect "$work/bad.exp" "$work/good"
t "bad markers file" 2 --markers "$work/good.exp" "$work/good"
name="error line on stderr"
grep -q '^error ' "$work/err" && good || bad "no 'error' line on stderr"

# marker-write smoke test (needs root for PFNs in /proc/self/pagemap).
name="marker-write bad usage" rc=0
"$MW" --mib 1 --out "$work/x" >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] && good || bad "exit $rc"
name="marker-write no page in range" rc=0
"$MW" --mib 1 --nonce 1 --out "$work/mw0" \
	--range 0-0x1000 >"$work/out" 2>/dev/null || rc=$?
[ "$rc" = 1 ] && [ "$(grep -c '^marker ' "$work/mw0")" = 0 ] && good ||
	bad "exit $rc"
if [ "$(id -u)" = 0 ]; then
	"$MW" --mib 4 --nonce abc --max 8 --out "$work/mw" \
		>"$work/mw.out" 2>&1 &
	mw_pid=$!
	for _ in $(seq 200); do
		grep -qs '^marker-write:' "$work/mw.out" && break
		sleep 0.1
	done
	name="marker-write stays alive" out=$work/mw
	kill -0 "$mw_pid" 2>/dev/null && good || bad "did not stay alive"
	has "pagesize $(getconf PAGESIZE)" "nonce 0xabc"
	name="marker-write: 8 markers"
	[ "$(grep -c '^marker 0x[0-9a-f]*$' "$work/mw")" = 8 ] && good ||
		bad "want 8 marker lines"
	out=$work/mw.out name="marker-write summary"
	grep -qE '^marker-write: [0-9]+ pages, [0-9]+ in range, 8 written to ' \
		"$out" && good || bad "summary line"
	kill "$mw_pid"
	wait "$mw_pid" 2>/dev/null || true
	mw_pid=
else
	skipped=$((skipped + 1))
	echo "ok $((passed + failed + skipped)) marker-write PFN test # SKIP not root" >>"$work/ktap"
fi

finished=1
summary
if [ "$failed" -ne 0 ]; then exit 1; fi
