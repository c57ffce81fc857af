# Sourced, not run: ". scripts/arch.sh ARCH" sets the facts of guest arch
# ARCH from arch/ARCH.conf, or stops: an unknown arch gets the list of the
# known ones, and a line that is neither a comment nor KEY=value (KEY in
# capitals) is refused, so the file stays data.
_archdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../arch" && pwd)
if [ ! -f "$_archdir/${1:-}.conf" ]; then
	echo "unknown arch '${1:-}': one of $(cd "$_archdir" && ls -- *.conf | sed 's/\.conf$//' | xargs)" >&2
	exit 1
fi
if _bad=$(grep -nvE '^[[:space:]]*(#.*)?$|^[A-Z][A-Z0-9_]*=[^;&|`$()]*$' "$_archdir/$1.conf"); then
	echo "arch/$1.conf: not a comment nor KEY=value: $_bad" >&2
	exit 1
fi
# shellcheck source=/dev/null
. "$_archdir/$1.conf"
unset _archdir _bad
