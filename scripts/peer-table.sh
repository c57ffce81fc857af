#!/usr/bin/env bash
# The side-by-side table of one arch after a make peer run:
#   scripts/peer-table.sh ROWS LOGS ARCH
# ROWS: the rows file the run used (row N is its Nth row), LOGS: the
# directory of its row-N.log files. Prints, per load and scenario, the
# verdict on each kernel (unpatched, nohp, mainline, patched; "-" where no
# row ran), whether it met the row's expectation and whether makedumpfile
# was among the reasons, then every verdict line of that arch (facts for a
# PASS, reasons for a FAIL).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:?rows} logs=${2:?logs} arch=${3:?arch}
. "$top/scripts/expect.sh"
cols=(unpatched nohp mainline patched)
declare -A cell=()
keys=() lines=()
i=0
while read -r a v s l want; do
	i=$((i + 1))
	[ "$a" = "$arch" ] || continue
	k="$l $s"
	case " ${keys[*]} " in *" $k "*) ;; *) keys+=("$k") ;; esac
	line=$(tail -n1 "$logs/row-$i.log" 2>/dev/null || true)
	res=$(row_result "$want" "$line")
	word=$(echo "${line%% *}" | tr '[:upper:]' '[:lower:]')
	# the dump filter failed (a reason of its own, next to the checker's)
	case "$line" in *"makedumpfile failed"*) word="$word*" ;; esac
	case "$res" in pass | xfail | skip) ;; *) word="${word:-none}!" ;; esac
	cell[$k $v]=${word:-none}
	lines+=("$line")
done < <(grep -vE '^\s*(#|$)' "$rows")
mainline=$(cat "$top/work/linux-mainline/.debian-version" 2>/dev/null || echo '?')
echo "# make peer on $arch, $(date -u +%Y-%m-%d)"
echo "# unpatched: Debian's linux-source-6.1 ($(git -C "$top/work/linux" log -1 --format=%s base 2>/dev/null | sed 's/ (Debian.*//'));"
echo "# nohp, patched: the same with patches/series, CONFIG_CRASH_HOTPLUG=n and =y;"
echo "# mainline: Debian's linux-source-6.12 $mainline, CONFIG_CRASH_HOTPLUG=y."
echo "# Same config fragments, guests, scenarios and checks. A cell is the"
echo "# verdict; \"!\" marks one that did not meet its row's expectation"
echo "# (tests/expected, tests/peer); \"*\" one where makedumpfile failed to"
echo "# save the dump (one of its reasons; the others are the checker's)."
echo
{
	printf '%-8s %-11s' load scenario
	printf ' %-10s' "${cols[@]}"
	echo
	for k in "${keys[@]}"; do
		# shellcheck disable=SC2086
		printf '%-8s %-11s' $k
		for c in "${cols[@]}"; do printf ' %-10s' "${cell[$k $c]:--}"; done
		echo
	done
} | sed 's/ *$//'
echo
echo "# verdicts"
printf '%s\n' "${lines[@]}"
