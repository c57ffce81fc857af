# Sourced, not run: ". scripts/arch.sh ARCH" sets the facts of guest arch
# ARCH from harness/arch/ARCH.conf (DEBARCH, TRIPLET, CROSS), or stops
# with the list of arches there.
_archdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../harness/arch" && pwd)
if [ ! -f "$_archdir/${1:-}.conf" ]; then
	echo "unknown arch '${1:-}': one of $(cd "$_archdir" && ls -- *.conf | sed 's/\.conf$//' | xargs)" >&2
	exit 1
fi
# shellcheck source=/dev/null
. "$_archdir/$1.conf"
unset _archdir
