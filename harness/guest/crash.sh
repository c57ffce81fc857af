# Crash kernel: the verdict's facts come from /proc/vmcore only.
: >/host/crash-up
log "crash kernel up, checking /proc/vmcore"
# check EXPECT: judge /proc/vmcore against EXPECT (check.txt, check.rc)
check() {
	set -- --expect "$1" --save-head /host/vmcore-head
	[ ! -s /host/markers.txt ] || set -- "$@" --markers /host/markers.txt
	vmcore-check "$@" /proc/vmcore >/host/check.txt 2>&1
	echo $? >/host/check.rc
}
check /host/expect.txt
# A crash during an event (expect-before.txt: the state before it) may
# leave either state, complete: the reasons given are those of the state
# after it if neither matches.
if [ "$(cat /host/check.rc)" != 0 ] && [ -s /host/expect-before.txt ]; then
	mv /host/check.txt /host/check-after.txt
	cp /host/check.rc /host/check-after.rc
	check /host/expect-before.txt
	if [ "$(cat /host/check.rc)" = 0 ]; then
		echo before >/host/matched
	else
		mv /host/check.txt /host/check-before.txt
		mv /host/check-after.txt /host/check.txt
		mv /host/check-after.rc /host/check.rc
	fi
fi
log "saving the dump with makedumpfile -l -d 31"
makedumpfile -l -d 31 /proc/vmcore /host/dump.kdump >/host/makedumpfile.log 2>&1
echo $? >/host/makedumpfile.rc
log "crash kernel done"
