# Sourced, not run: ". scripts/arch.sh ARCH" sets the facts of guest arch
# ARCH from arch/ARCH.conf, or stops. An unknown arch gets the list of the
# known ones. Each line is a comment, blank, or KEY=VALUE with an optional
# "# comment" after it: KEY in capitals, VALUE a word or "words" with no $,
# backquote, backslash or quote inside (harness/vm.py reads the same
# grammar, and the guest sources the file as it is).
_archdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../arch" && pwd)
if [ ! -f "$_archdir/${1:-}.conf" ]; then
	echo "unknown arch '${1:-}': one of $(cd "$_archdir" && ls -- *.conf | sed 's/\.conf$//' | xargs)" >&2
	exit 1
fi
_re='^([A-Z][A-Z0-9_]*)=("([^"$`\\]*)"|([^[:space:]"'\''$`\\;&|()<>#]*))([[:space:]]+#.*)?$'
_n=0
while IFS= read -r _line || [ -n "$_line" ]; do
	_n=$((_n + 1))
	[[ $_line =~ ^[[:space:]]*(#.*)?$ ]] && continue
	if [[ ! $_line =~ $_re ]]; then
		echo "arch/$1.conf:$_n: not a comment nor KEY=value: $_line" >&2
		exit 1
	fi
	printf -v "${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[3]}${BASH_REMATCH[4]}"
done <"$_archdir/$1.conf"
ARCH_CONF=$_archdir/$1.conf
unset _archdir _re _n _line
