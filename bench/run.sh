#!/usr/bin/env bash
# The benchmark (make bench): in-kernel crash hotplug against the udev
# reload that distributions do today, side by side, in one guest run per
# kernel (scenarios/bench.sh says what the guest does), on the arch whose
# arch/ARCH.conf says BENCH=yes (BENCH_ARCH overrides; the reloads load
# Debian's own kernel of that arch).
#   bench/run.sh [KERNEL...]   default: work/build/ARCH-patched/image
# Any kernel built from configs/common.config can be measured (it
# needs tracing for the clock; without crash hotplug its "kernel" rows say
# "never": nothing updated the image). NAME is the kernel's directory name.
# BENCH_KS: burst sizes in memory blocks (default "1 8 32 128");
# BENCH_CURVE: blocks for the cost curve, every other one onlined (default
# 512: up to 256 PT_LOADs of RAM; its memmap takes 1 GiB of the guest's 4);
# BENCH_SMOKE=1: "1 8", a curve of 16 blocks and a 4 MiB initrd (CI's short run).
# The reloads load Debian's own 6.1 kernel image and a 30 MiB initrd of
# random bytes (a compressed initrd does not compress either).
# Output: work/bench/NAME/{trace.txt,bench.csv,curve.csv,bench.png} and the
# table on stdout (bench/report.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${BENCH_ARCH:-$(bash "$top/scripts/arches.sh" BENCH=yes | head -n1)}
[ -n "$arch" ] || { echo "bench: no arch/*.conf says BENCH=yes" >&2; exit 1; }
. "$top/scripts/arch.sh" "$arch"
ks=${BENCH_KS:-1 8 32 128} curve=${BENCH_CURVE:-512} mib=30
[ "${BENCH_SMOKE:-0}" != 1 ] || ks="1 8" curve=16 mib=4
[ $# -gt 0 ] || set -- "$top/work/build/$arch-patched/image"
out=$top/work/bench
mkdir -p "$out/debs"

# Debian's kernel image (linux-image-DEBARCH's current dependency)
if [ ! -s "$out/vmlinuz-debian" ]; then
	pkg=$(apt-cache depends "linux-image-$DEBARCH" | awk '/Depends: linux-image-/ { print $2; exit }')
	case "$pkg" in
	linux-image-6.1.*) ;;
	*) echo "bench: linux-image-$DEBARCH is '$pkg', not a 6.1 kernel (a Debian 12 host is needed)" >&2; exit 1 ;;
	esac
	(cd "$out/debs" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
		(apt-get update -q && cd "$out/debs" && apt-get download -q "$pkg")
	dpkg-deb --fsys-tarfile "$out"/debs/"$pkg"_*.deb |
		tar -xO --wildcards './boot/vmlinuz-*' >"$out/vmlinuz-debian.tmp"
	mv "$out/vmlinuz-debian.tmp" "$out/vmlinuz-debian"
fi
[ -s "$out/initrd-${mib}M" ] || head -c ${mib}M /dev/urandom >"$out/initrd-${mib}M"

for kernel in "$@"; do
	[ -s "$kernel" ] || { echo "bench: no kernel $kernel" >&2; exit 1; }
	name=$(basename "$(dirname "$kernel")")
	run=$out/$name
	rm -rf "$run"
	mkdir -p "$run/share"
	cp "$out/vmlinuz-debian" "$run/share/bench-kernel"
	cp "$out/initrd-${mib}M" "$run/share/bench-initrd"
	echo "bench: $name: bursts of $ks blocks, curve over $curve, crash kernel $(du -m "$out/vmlinuz-debian" | cut -f1) MiB + initrd $mib MiB"
	start=$(date +%s)
	bash "$top/scripts/boot.sh" "$arch" "$kernel" "$run" "memhp_default_state=online_movable \
kdtest.scenario=bench kdtest.load=file kdtest.ks=$(echo $ks | tr ' ' ,) kdtest.curve=$curve" \
		--mem 4G --maxmem $((4 + curve / 8 + 1))G --timeout "${BENCH_TIMEOUT:-3600}"
	[ -e "$run/share/bench-done" ] || {
		echo "bench: $name: the guest did not finish: $(tail -n1 "$run/share/error" 2>/dev/null)" \
			"(console: $run/share/console.log)" >&2
		exit 1
	}
	echo "bench: $name: guest run took $(($(date +%s) - start)) s (TCG)"
	cp "$run/share/trace.txt" "$run/"
	bash "$top/bench/report.sh" "$run"
done
