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
# /host/read-all (scenarios/vmem.sh): read every byte of the dump, as a
# plain copy of it would (what reading may touch is the host's to judge)
if [ -e /host/read-all ]; then
	dd if=/proc/vmcore of=/dev/null bs=1M 2>/host/read-all.log
	echo $? >/host/read-all.rc
fi
# The device tree this kernel booted with, where it has one: its reserve
# map is what keeps the ELF core header out of this kernel's allocations
# (scripts/judge.sh holds it against the header's size at the crash)
if [ -r /sys/firmware/fdt ]; then
	cp /proc/cmdline /host/crash-cmdline
	fdt-rsvmap /sys/firmware/fdt >/host/fdt-rsvmap.txt 2>&1
	echo $? >/host/fdt-rsvmap.rc
fi
log "saving the dump with makedumpfile -l -d 31"
makedumpfile -l -d 31 /proc/vmcore /host/dump.kdump >/host/makedumpfile.log 2>&1
echo $? >/host/makedumpfile.rc
# for crash(8) on the host (make crash: /host/crash-check, scripts/boot.sh):
# a dump that keeps user pages (the markers are a process's), level 23
if [ -e /host/crash-check ]; then
	makedumpfile -l -d 23 /proc/vmcore /host/dump-user.kdump >/host/makedumpfile-user.log 2>&1
	echo $? >/host/makedumpfile-user.rc
fi
log "crash kernel done"
