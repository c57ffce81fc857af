# The rule of tests/expected (sourced): does a run's verdict line meet the
# row's expectation?
#   row_result WANT VERDICT_LINE   prints one of
#     pass          WANT pass, the run passed
#     xfail         WANT fail:REGEX, the run failed and REGEX matches the
#                   whole list of reasons (what follows the first ": ")
#     skip          the run was skipped (SKIP line)
#     unexpected    anything else: passed where a failure was expected,
#                   failed, failed for another reason, or no verdict
# WANT is "pass" or "fail:REGEX" (grep -E, anchored at both ends).
row_result() {
	local want=$1 line=$2 got why=
	got=${line%% *}
	case "$got" in PASS | FAIL | SKIP) ;; *) got= ;; esac
	case "$want" in fail:*) why=${want#fail:} want=FAIL ;; pass) want=PASS ;; esac
	if [ "$got" = SKIP ]; then
		echo skip
	elif [ "$got" = PASS ] && [ "$want" = PASS ]; then
		echo pass
	elif [ "$got" = FAIL ] && [ "$want" = FAIL ] && [ -n "$why" ] &&
		printf '%s\n' "${line#*: }" | grep -qxE -- "$why"; then
		echo xfail
	else
		echo unexpected
	fi
}
