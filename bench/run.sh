#!/usr/bin/env bash
# The benchmark (make bench): the kernels side by side, each measured the
# same way, in one run: one guest per kernel and crash region size
# (scenarios/bench.sh says what the guest does), on the arch whose
# arch/ARCH.conf says BENCH=yes (BENCH_ARCH overrides; udev's reloads load
# Debian's own kernel of that arch).
#   bench/run.sh [KERNEL...]   default: the unpatched, mainline and patched
#                              kernels of the arch (work/build/ARCH-*/image)
# What is measured on a kernel, and how, is data: bench/kernels, by the
# variant its directory is named after (ARCH-VARIANT; an unknown name is
# measured as patched). The times come from the function graph tracer on
# each kernel's own notifiers, so any kernel built from configs/common.config
# can be measured, with or without the series.
# BENCH_CRASH: crash region sizes (default "256M 1G"); a kernel whose modes
#   have no "kernel" pass (udev only) runs with the first size alone;
# BENCH_KS: burst sizes in memory blocks (default "1 8 32 128");
# BENCH_CURVE: blocks for the cost curve, every other one onlined (default
#   512: up to 256 more ranges of RAM; its memmap takes 1 GiB of the guest's 4);
# BENCH_MODES: the passes for every kernel, instead of bench/kernels';
# BENCH_SMOKE=1: CI's short run: the patched kernel, the arch's own crash
#   region (arch/ARCH.conf CRASHKERNEL) unless BENCH_CRASH says, the
#   modes none,kernel,udev, bursts "1 8", a curve of 16 blocks, a 4 MiB initrd.
# udev's reloads load Debian's own 6.1 kernel image and a 30 MiB initrd of
# random bytes (a compressed initrd does not compress either).
# Output: work/bench/NAME-SIZE/{trace.txt,bench.csv,curve.csv} per guest
# (bench/report.sh prints each one's table), then bench/compare.sh: the
# kernels side by side with ratios, work/bench/summary.csv, summary.png.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${BENCH_ARCH:-$(bash "$top/scripts/arches.sh" BENCH=yes | head -n1)}
[ -n "$arch" ] || { echo "bench: no arch/*.conf says BENCH=yes" >&2; exit 1; }
. "$top/scripts/arch.sh" "$arch"
ks=${BENCH_KS:-1 8 32 128} curve=${BENCH_CURVE:-512} mib=30 sizes=${BENCH_CRASH:-256M 1G}
modes_all=${BENCH_MODES:-}
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	ks="1 8" curve=16 mib=4 sizes=${BENCH_CRASH:-$CRASHKERNEL} modes_all=${modes_all:-none,kernel,udev}
	[ $# -gt 0 ] || set -- "$top/work/build/$arch-patched/image"
fi
[ $# -gt 0 ] || set -- "$top"/work/build/"$arch"-{unpatched,mainline,patched}/image
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

runs=()
for kernel in "$@"; do
	[ -s "$kernel" ] || { echo "bench: no kernel $kernel (make kernel ARCH=$arch VARIANT=...)" >&2; exit 1; }
	name=$(basename "$(dirname "$kernel")")
	variant=${name##*-}
	line=$(awk -v v="$variant" '!/^#/ && $1 == v' "$top/bench/kernels")
	[ -n "$line" ] || line=$(awk '!/^#/ && $1 == "patched"' "$top/bench/kernels")
	read -r _ modes cpu functions <<<"$line"
	modes=${modes_all:-$modes}
	for size in $sizes; do
		run=$out/$name-$size
		rm -rf "$run"
		mkdir -p "$run/share"
		cp "$out/vmlinuz-debian" "$run/share/bench-kernel"
		cp "$out/initrd-${mib}M" "$run/share/bench-initrd"
		echo "$functions" >"$run/share/bench-functions"
		printf 'KERNEL=%s\nVARIANT=%s\nCRASH=%s\nMODES=%s\n' "$name" "$variant" "$size" "$modes" >"$run/meta"
		echo "bench: $name, crashkernel=$size: $modes; bursts of $ks blocks, curve over $curve," \
			"reloads of $(du -m "$out/vmlinuz-debian" | cut -f1) MiB + initrd $mib MiB"
		start=$(date +%s)
		bash "$top/scripts/boot.sh" "$arch" "$kernel" "$run" "memhp_default_state=online_movable \
crashkernel=$size kdtest.scenario=bench kdtest.load=file kdtest.ks=$(echo $ks | tr ' ' ,) \
kdtest.curve=$curve kdtest.modes=$modes kdtest.cpu=$cpu" \
			--mem 4G --maxmem $((4 + curve / 8 + 1))G --timeout "${BENCH_TIMEOUT:-3600}"
		[ -e "$run/share/bench-done" ] || {
			echo "bench: $name: the guest did not finish: $(tail -n1 "$run/share/error" 2>/dev/null)" \
				"(console: $run/share/console.log)" >&2
			exit 1
		}
		echo "bench: $name, crashkernel=$size: guest run took $(($(date +%s) - start)) s (TCG)"
		cp "$run/share/trace.txt" "$run/"
		bash "$top/bench/report.sh" "$run"
		runs+=("$run")
		case ",$modes," in *,kernel,*) ;; *) break ;; esac
	done
done
bash "$top/bench/compare.sh" "${runs[@]}"
