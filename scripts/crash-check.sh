#!/usr/bin/env bash
# What a user sees of a dump: the crash utility (crash(8), Debian's 8.0.x)
# on the dump the crash kernel saved with user pages kept
# (share/dump-user.kdump, makedumpfile -d 23: the marker pages are a user
# process's), with the kernel's vmlinux:
#   scripts/crash-check.sh RESULT_DIR VMLINUX
# One scripted, non-interactive session; the facts it must show come from
# what the guest recorded before the crash (share/):
#   bt           a panic; for a crash through sysrq (crash-cpu), the
#                crashing task (expect.txt's crash_pid) on the CPU it
#                crashed on, in the sysrq crash path
#   rd -p        the first words of up to 4 marker pages (markers.txt)
#                read back at their physical addresses
#   help -r      the CPU it crashed on has its saved registers (its note)
#   kmem -i      TOTAL MEM is the kernel's MemTotal at the crash (memtotal)
#   rd -p        a DIMM removed before the crash (removed.txt; its first
#                address that is not RAM again) is not in the dump's
#                memory map ("seek error"; makedumpfile's own
#                exclusions say "page excluded")
# Prints one line per problem found ("crash(8): ..."), nothing when all
# hold; the crash session is kept in RESULT_DIR/crash/. Exit 0.
set -euo pipefail
res=${1:?result dir} vmlinux=${2:?vmlinux}
share=$res/share
out=$res/crash
rm -rf "$out"
mkdir -p "$out"
say() { echo "crash(8): $*"; }

dump=$share/dump-user.kdump
[ -s "$dump" ] || { say "no dump with user pages ($(tail -n1 "$share/makedumpfile-user.log" 2>/dev/null))"; exit 0; }
command -v crash >/dev/null || { say "the crash utility is not installed (scripts/deps.sh)"; exit 0; }

pid=$(sed -n 's/^crash_pid //p' "$share/expect.txt" | tail -n1)
cpu=$(cat "$share/crash-cpu" 2>/dev/null || true)
magic=4b444d41524b4552

# the commands, each to its own file (crash's own output redirection)
{
	echo "bt > $out/bt.txt"
	echo "kmem -i > $out/kmem-i.txt"
	echo "help -r > $out/help-r.txt"
	if [ -s "$share/markers.txt" ]; then
		nonce=$(sed -n 's/^nonce //p' "$share/markers.txt")
		pagesize=$(sed -n 's/^pagesize //p' "$share/markers.txt")
		total=$(grep -c '^marker ' "$share/markers.txt")
		step=$(((total + 3) / 4))
		awk -v s="$step" '/^marker /{ if (n++ % s == 0) print $2 }' "$share/markers.txt" >"$out/marker-pfns"
		while read -r pfn; do
			echo "rd -p -64 $(printf '0x%x' $((pfn * pagesize))) 3 > $out/marker-$pfn.txt"
		done <"$out/marker-pfns"
	fi
	if [ -s "$share/removed.txt" ]; then
		# the first address of each removed range that is not RAM again
		# (a DIMM plugged later may take the same addresses)
		mapfile -t ram < <(while read -r k a b _; do
			[ "$k" != ram ] || echo "$((a)) $((b))"
		done <"$share/expect.txt" | sort -n)
		while read -r _ s e; do
			s=$((s)) e=$((e))
			for r in "${ram[@]}"; do
				set -- $r
				[ "$1" -gt "$s" ] || [ "$2" -le "$s" ] || s=$2
			done
			[ "$s" -ge "$e" ] || printf 'rd -p -64 0x%x 1 > %s/removed-0x%x.txt\n' "$s" "$out" "$s"
		done <"$share/removed.txt"
	fi
	echo "quit"
} >"$out/commands"
rc=0
timeout 300 crash -s "$vmlinux" "$dump" <"$out/commands" >"$out/session.txt" 2>&1 || rc=$?
[ "$rc" = 0 ] && [ -s "$out/bt.txt" ] ||
	{ say "the session failed (exit $rc): $(grep -v '^$' "$out/session.txt" | tail -n1)"; exit 0; }

# bt: "PID: P  TASK: ...  CPU: C  COMMAND: ..." with a panic frame; for a
# crash through the sysrq trigger (crash_on: crash-cpu), that task on that
# CPU and the sysrq crash frame (a panic injected into an update has other
# frames, and "crash_pid any" names no task)
head=$(grep -m1 '^PID:' "$out/bt.txt" || true)
bpid=$(echo "$head" | sed -n 's/^PID: *\([0-9]*\).*/\1/p')
bcpu=$(echo "$head" | sed -n 's/.*CPU: *\([0-9]*\).*/\1/p')
grep -q ' panic at ' "$out/bt.txt" || say "bt has no panic frame"
if [ -n "$cpu" ]; then
	[ "$pid" = any ] || [ "$bpid" = "$pid" ] || say "bt shows pid ${bpid:-none}, not the crashing task $pid"
	[ "$bcpu" = "$cpu" ] || say "bt shows CPU ${bcpu:-none}, not cpu$cpu where it crashed"
	grep -q 'sysrq_handle_crash' "$out/bt.txt" || say "bt has no sysrq_handle_crash frame"
fi

# help -r: the registers the dump's notes saved per CPU; the CPU that
# crashed through sysrq must have them (crash lists an offline or a
# missing CPU with none)
if [ -n "$cpu" ]; then
	regs=$(awk -v c="CPU $cpu:" '/^CPU [0-9]+:/ { on = ($0 == c) } on && /RIP:|NIP:/ { print "yes"; exit }' "$out/help-r.txt")
	[ -n "$regs" ] || say "help -r has no registers for cpu$cpu, where it crashed"
fi

# markers: MAGIC PFN NONCE
if [ -s "$out/marker-pfns" ]; then
	bad=0 n=0
	while read -r pfn; do
		n=$((n + 1))
		read -r _ w0 w1 _ <"$out/marker-$pfn.txt" 2>/dev/null || true
		w2=$(sed -n '2{s/^[^:]*: *//;s/ .*//;p}' "$out/marker-$pfn.txt" 2>/dev/null)
		[ "$w0" = "$magic" ] && [ "$((0x${w1:-x}))" = "$((pfn))" ] 2>/dev/null &&
			[ "$((0x${w2:-x}))" = "$((nonce))" ] 2>/dev/null || bad=$((bad + 1))
	done <"$out/marker-pfns"
	[ "$bad" = 0 ] || say "rd -p read $bad of $n marker pages wrong: $(head -n1 "$out/marker-$(head -n1 "$out/marker-pfns").txt")"
fi

# kmem -i: "TOTAL MEM  PAGES  SIZE  ..."
want=$(cat "$share/memtotal" 2>/dev/null || true)
if [ -n "$want" ]; then
	got=$(awk '$1 == "TOTAL" && $2 == "MEM" { print $3 }' "$out/kmem-i.txt")
	[ "$got" = "$((want / 4))" ] || say "kmem -i TOTAL MEM is ${got:-nothing} pages, MemTotal was $((want / 4))"
fi

# removed DIMMs: not in the dump's memory map
for f in "$out"/removed-*.txt; do
	[ -e "$f" ] || continue
	grep -q 'seek error' "$f" || say "rd -p reads the removed ${f##*/removed-}: $(head -n1 "$f" | tr -s ' ')"
done
exit 0
