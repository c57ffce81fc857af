#!/usr/bin/env bash
# Where an update's time goes, per kernel: the function graph of each
# kernel's crash hotplug notifiers (bench/kernels' event functions) to
# BENCH_DEPTH levels (default 4), over bursts of memory blocks with the
# image loaded (kexec -s -p), then the mean time per update of every
# function called, by depth. Not a benchmark (tracing every function
# slows them all, the small ones most): a breakdown.
#   bench/profile.sh [KERNEL...]   default: the patched kernel of the arch
# Output: work/bench/profile-NAME/{trace.txt,profile.txt}, and the tables.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${BENCH_ARCH:-$(bash "$top/scripts/arches.sh" BENCH=yes | head -n1)}
. "$top/scripts/arch.sh" "$arch"
depth=${BENCH_DEPTH:-4} size=${BENCH_CRASH:-$CRASHKERNEL}
# One TCG thread for all vCPUs: with every callee traced, the function
# graph tracer patches calls live, and under multi-threaded TCG a guest
# oopsed on a half-patched call at boot (raw_spin_rq_unlock, 2026-12-06)
export KDTEST_TCG=${KDTEST_TCG:-tcg,thread=single}
[ $# -gt 0 ] || set -- "$top/work/build/$arch-patched/image"
for kernel in "$@"; do
	name=$(basename "$(dirname "$kernel")")
	variant=${name##*-}
	run=$top/work/bench/profile-$name
	rm -rf "$run"
	mkdir -p "$run/share"
	# the crash kernel: the kernel itself, with the arch's initramfs
	cp -L "$kernel" "$run/share/bench-kernel"
	cp "$top/work/initramfs-$arch.cpio.gz" "$run/share/bench-initrd"
	awk -v v="$variant" '!/^#/ && $1 == v { for (i = 4; i <= NF; i++) print $i }' \
		"$top/bench/kernels" >"$run/share/bench-functions"
	bash "$top/scripts/boot.sh" "$arch" "$kernel" "$run" "memhp_default_state=online_movable \
crashkernel=$size kdtest.scenario=bench kdtest.load=file kdtest.ks=${BENCH_KS:-16} kdtest.curve=0 \
kdtest.modes=kernel kdtest.cpu=no kdtest.profile=$depth" --mem 4G --maxmem 8G --timeout 1200
	[ -e "$run/share/bench-done" ] || { echo "profile: $name: the guest did not finish (console: $run/share/console.log)" >&2; exit 1; }
	cp "$run/share/trace.txt" "$run/"
	awk -v name="$name" -v size="$size" '
	/^ *[0-9]+\.[0-9]+ \| / {
		np = split($0, p, "|")
		cpu = p[2]; sub(/\).*/, "", cpu); cpu += 0
		dur = ""
		if (match(p[2], /[0-9.]+ us/)) dur = substr(p[2], RSTART, RLENGTH - 3) + 0
		text = p[3]
		match(text, /^ */); d = (RLENGTH - 2) / 2
		gsub(/^ +| +$/, "", text)
		if (text ~ /^\/\*/) next
		if (text ~ /\(\) \{$/) {
			fn = substr(text, 1, index(text, "(") - 1)
			if (d == 0) { nb[cpu] = 0; upd[cpu] = 0 }
			else if (!((d, fn) in seen)) { seen[d, fn] = 1; order[++no] = d SUBSEP fn }
			next
		}
		if (text ~ /\(\);$/) fn = substr(text, 1, index(text, "(") - 1)
		else if (text ~ /^\} \/\* /) { fn = text; sub(/^\} \/\* /, "", fn); sub(/ \*\/$/, "", fn) }
		else next
		if (fn == "arch_crash_handle_hotplug_event") upd[cpu] = 1
		if (d > 0) { b[cpu, ++nb[cpu]] = d SUBSEP fn SUBSEP dur; next }
		# an event: keep its calls if it updated the image
		if (!upd[cpu] || dur == "") next
		nev++; tot += dur
		for (i = 1; i <= nb[cpu]; i++) {
			split(b[cpu, i], f, SUBSEP)
			k = f[1] SUBSEP f[2]
			if (!(k in seen)) { seen[k] = 1; order[++no] = k }
			sum[k] += f[3]; calls[k]++
		}
	}
	END {
		if (!nev) { print name ": no update traced"; exit 1 }
		printf "%s, crashkernel=%s: %d updates, mean %.1f us each (traced to depth of the graph)\n", name, size, nev, tot / nev
		printf "%-5s %-44s %8s %10s %6s\n", "depth", "function", "calls/ev", "us/ev", "share"
		for (i = 1; i <= no; i++) {
			split(order[i], f, SUBSEP)
			printf "%-5d %-44s %8.1f %10.1f %5.1f%%\n", f[1], substr("          ", 1, 2 * (f[1] - 1)) f[2], calls[order[i]] / nev, sum[order[i]] / nev, 100 * sum[order[i]] / tot
		}
	}' "$run/trace.txt" | tee "$run/profile.txt"
done
