# KTAP output for shell runners (sourced): the format of the kernel's own
# tests (Documentation/dev-tools/ktap.rst), so that one parser reads every
# runner of this project, nested.
#   ktap_begin N          "KTAP version 1" and the plan "1..N"
#   ktap_ok DESC [# DIRECTIVE REASON]   a passed test (XFAIL: failed for
#                         exactly the expected reason; SKIP: not run)
#   ktap_not_ok DESC [# DIRECTIVE REASON]
#   ktap_diag TEXT        a "# TEXT" line (the details of the next result)
#   ktap_nest CMD...      run a runner that prints KTAP, its lines indented
#                         as subtests; its top-level results are counted as
#                         this runner's (returns its exit status)
#   ktap_group DESC CMD...  ktap_nest, then one result line for the group
#   ktap_end              "# N skipped" if any, then "N passed, N failed";
#                         returns 1 if any failed
# A description holds no "#" (KTAP's directive separator): it is replaced.
# KTAP_INDENT: the indentation of this runner's lines (set by ktap_nest).
ktap_n=0 ktap_pass=0 ktap_fail=0 ktap_skip=0
ktap_begin() {
	echo "${KTAP_INDENT:-}KTAP version 1"
	echo "${KTAP_INDENT:-}1..$1"
}
ktap_diag() { echo "${KTAP_INDENT:-}# $*"; }
# _ktap_line ok|not ok DESC [DIRECTIVE...]
_ktap_line() {
	local st=$1 desc=${2//#/no.} dir=${3:-}
	ktap_n=$((ktap_n + 1))
	echo "${KTAP_INDENT:-}$st $ktap_n $desc${dir:+ # $dir}"
}
ktap_ok() {
	case "${2:-}" in
	SKIP*) ktap_skip=$((ktap_skip + 1)) ;;
	*) ktap_pass=$((ktap_pass + 1)) ;;
	esac
	_ktap_line ok "$1" "${2:-}"
}
ktap_not_ok() {
	ktap_fail=$((ktap_fail + 1))
	_ktap_line "not ok" "$1" "${2:-}"
}
ktap_nest() {
	local rcf line rc
	rcf=$(mktemp)
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP"*) ktap_skip=$((ktap_skip + 1)) ;;
		"ok "*) ktap_pass=$((ktap_pass + 1)) ;;
		"not ok "*) ktap_fail=$((ktap_fail + 1)) ;;
		[0-9]*" passed, "[0-9]*" failed") continue ;; # its own closing line
		esac
		echo "${KTAP_INDENT:-}    $line"
	done < <(
		rc=0
		KTAP_INDENT= "$@" || rc=$?
		echo "$rc" >"$rcf"
	)
	rc=$(cat "$rcf")
	rm -f "$rcf"
	return "$rc"
}
# ktap_group DESC CMD...: ktap_nest CMD, then this runner's result line
# for the group (not counted: its subtests are)
ktap_group() {
	local desc=$1 f=$ktap_fail rc=0 t0
	shift
	t0=$(date +%s)
	ktap_nest "$@" || rc=$?
	ktap_diag "$desc: $(($(date +%s) - t0)) s"
	if [ "$rc" = 0 ] && [ "$ktap_fail" = "$f" ]; then
		_ktap_line ok "$desc"
	else
		[ "$ktap_fail" != "$f" ] || ktap_fail=$((ktap_fail + 1)) # failed with no failed subtest
		_ktap_line "not ok" "$desc"
	fi
}
ktap_end() {
	[ "$ktap_skip" = 0 ] || echo "${KTAP_INDENT:-}# $ktap_skip skipped"
	echo "$ktap_pass passed, $ktap_fail failed"
	[ "$ktap_fail" = 0 ]
}
