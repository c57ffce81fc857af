#!/usr/bin/env bash
# The guest arches, one a line (arch/*.conf):
#   scripts/arches.sh [KEY=VALUE]   only those whose facts say so
# (each read by scripts/arch.sh, so a fact is read one way everywhere).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
for c in "$top"/arch/*.conf; do
	a=$(basename "$c" .conf)
	[ $# = 0 ] || (. "$top/scripts/arch.sh" "$a"; k=${1%%=*}; [ "${!k:-}" = "${1#*=}" ]) || continue
	echo "$a"
done
