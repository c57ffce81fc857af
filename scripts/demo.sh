#!/usr/bin/env bash
# The README's demo command (make demo [ARCH=ppc64le]): build the kernel
# with and without the series, boot each in QEMU, load kdump, hot-add
# memory and a CPU, crash, and show what the dump holds next to what the
# machine had.
#   scripts/demo.sh ARCH   (make demo: the host's own arch by default)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
. "$top/scripts/arch.sh" "$arch"

variants=unpatched
if grep -qvE '^\s*(#|$)' "$top/patches/series"; then
	variants="unpatched patched"
else
	echo "demo: patches/series is empty, so only the unpatched kernel is shown"
fi
# shellcheck disable=SC2086
bash "$top/scripts/prepare.sh" "$arch" $variants

# ranges FILE KEY: the "KEY start end" lines of FILE (hex), merged, from
# 1 MiB up, as start-end
ranges() {
	local s e cs= ce= out=
	while read -r s e; do
		[ "$e" -gt $((1 << 20)) ] || continue
		[ "$s" -ge $((1 << 20)) ] || s=$((1 << 20))
		if [ -n "$cs" ] && [ "$s" -le "$ce" ]; then
			[ "$e" -le "$ce" ] || ce=$e
			continue
		fi
		[ -z "$cs" ] || out+=$(printf '%#x-%#x ' "$cs" "$ce")
		cs=$s ce=$e
	done < <(awk -v k="$2" '$1 == k { print $2, $3 }' "$1" |
		while read -r a b; do echo $((a)) $((b)); done | sort -n)
	[ -z "$cs" ] || out+=$(printf '%#x-%#x' "$cs" "$ce")
	echo "$out"
}
for s in mem-add cpu-add mem-remove; do
	echo
	echo "=== $s: $(grep -v '^# kdtest:' "$top/scenarios/$s.sh" | sed -n 's/^# //p' | paste -sd' ')"
	for v in $variants; do
		line=$(bash "$top/scripts/run-scenario.sh" "$arch" "$v" "$s" | tail -n1) || true
		d=$top/work/results/$arch-$v-$s-file/share
		echo "--- $v kernel: ${line%%:*}"
		echo "    ${line#*: }"
		[ -s "$d/check.txt" ] || continue
		echo "    RAM online at the crash: $(ranges "$d/expect.txt" ram)"
		echo "    RAM in the dump:         $(ranges "$d/check.txt" merged)"
		echo "    CPUs online: $(sed -n 's/^cpus //p' "$d/expect.txt"), CPU notes in the dump: $(sed -n 's/^prstatus_count //p' "$d/check.txt")"
	done
done
