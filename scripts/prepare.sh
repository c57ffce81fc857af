#!/usr/bin/env bash
# Everything a run on ARCH needs, in one step (make test, demo, run,
# stress-debug, torture and bench all start here):
#   scripts/prepare.sh ARCH [VARIANT...]
# host packages (deps.sh), the workspace (work/linux = base + series), the
# host's vmcore checker, the kernels of ARCH for each VARIANT (patched
# first: the others start from a copy of its build directory), and the
# arch's initramfs. Each kernel's log is work/logs/build-ARCH-VARIANT.log;
# its last line (the build time) is printed. KDTEST_PREPARED=1 skips deps
# and workspace (a caller that did them already).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch}
shift
. "$top/scripts/arch.sh" "$arch"
mkdir -p "$top/work/logs"
if [ "${KDTEST_PREPARED:-0}" != 1 ]; then
	bash "$top/scripts/deps.sh"
	bash "$top/scripts/workspace.sh"
fi
make -s -C "$top/tools" host O="$top/work/tools"
variants=$(printf '%s\n' "$@" | awk 'NF { print ($1 == "patched" ? 0 : 1), $1 }' | sort -u | cut -d' ' -f2)
for v in $variants; do
	log=$top/work/logs/build-$arch-$v.log
	echo "prepare: building the $arch $v kernel (log: ${log#"$top"/})"
	bash "$top/scripts/build-kernel.sh" "$arch" "$v" >"$log" 2>&1 ||
		{ tail -n 20 "$log"; exit 1; }
	tail -n1 "$log"
done
bash "$top/scripts/initramfs.sh" "$arch"
