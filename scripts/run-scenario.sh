#!/usr/bin/env bash
# Run one end-to-end scenario and print its verdict on the last line:
#   scripts/run-scenario.sh ARCH VARIANT SCENARIO [LOAD]
# LOAD: file (kexec -s -p, default) | hotplug | legacy. SCENARIO names
# scenarios/NAME.sh, or NAME-ARGS (fault-copy-park). The scenario's
# settings (its "# kdtest:" lines: needs=, timeout=, append=, vmem=SIZE: a
# virtio-mem device of up to SIZE, mem=SIZE: boot memory, maxcpus=N: room
# for N CPUs, maxmem=SIZE: room for DIMMs) apply; a
# scenario that needs a hotplug kind the arch lacks (arch/ARCH.conf's
# HOTPLUG) is skipped: "SKIP ...: reason", exit 4.
# Boots with scripts/boot.sh into work/results/ARCH-VARIANT-SCENARIO-LOAD,
# then judges that directory with scripts/judge.sh: the verdict is built
# from the dump only (the crash kernel's vmcore-check of /proc/vmcore,
# the host's own vmcore-check of the ELF header and notes it saved, and
# makedumpfile's saved dump). Exit: 0 PASS, 1 FAIL, 4 SKIP.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?arch} variant=${2:?variant} scenario=${3:?scenario} load=${4:-file}
. "$top/scripts/arch.sh" "$arch"
build=$top/work/build/$arch-$variant
res=$top/work/results/$arch-$variant-$scenario-$load

# scenario_settings SCENARIO: its "# kdtest: KEY=VALUE ..." lines, one
# KEY=VALUE a line (NAME-ARGS: the settings of NAME)
file=$scenario
while [ ! -f "$top/scenarios/$file.sh" ] && [ "$file" != "${file%-*}" ]; do file=${file%-*}; done
[ -f "$top/scenarios/$file.sh" ] ||
	{ echo "FAIL $arch $variant $scenario $load: no scenarios/$file.sh"; exit 1; }
needs= stimeout=0 sappend= vmopts=()
while read -r kv; do
	case "$kv" in
	needs=*) needs=${kv#*=} ;;
	timeout=*) stimeout=${kv#*=} ;;
	append=*) sappend="$sappend ${kv#*=}" ;;
	vmem=*) vmopts+=(--virtio-mem "${kv#*=}") ;;
	mem=*) vmopts+=(--mem "${kv#*=}") ;;
	maxmem=*) vmopts+=(--maxmem "${kv#*=}") ;;
	maxcpus=*) vmopts+=(--maxcpus "${kv#*=}") ;;
	*) echo "FAIL $arch $variant $scenario $load: scenarios/$file.sh: unknown setting $kv"; exit 1 ;;
	esac
done < <(sed -n 's/^# kdtest: //p' "$top/scenarios/$file.sh" | tr ' ' '\n' | grep .)
for k in ${needs//,/ }; do
	case " $HOTPLUG " in
	*" $k "*) ;;
	*) echo "SKIP $arch $variant $scenario $load: needs $k, which $arch cannot do (arch/$arch.conf)"; exit 4 ;;
	esac
done
[ -e "$build/image" ] || { echo "FAIL $arch $variant $scenario $load: no kernel (build it)"; exit 1; }
# the host's checker of the saved dump (incremental: nothing to do when built)
make -s -C "$top/tools" host O="$top/work/tools" >/dev/null

rm -rf "$res"
mkdir -p "$res"
printf 'ARCH=%s\nVARIANT=%s\nSCENARIO=%s\nLOAD=%s\n' "$arch" "$variant" "$scenario" "$load" >"$res/row.env"
timeout=${KDTEST_TIMEOUT:-$TIMEOUT}
[ "$stimeout" -le "$timeout" ] || timeout=$stimeout
bash "$top/scripts/boot.sh" "$arch" "$build/image" "$res" \
	"memhp_default_state=online_movable panic=1 kdtest.scenario=$scenario kdtest.load=$load$sappend" \
	--timeout "$timeout" "${vmopts[@]}"
exec bash "$top/scripts/judge.sh" "$res"
