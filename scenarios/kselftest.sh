# kdtest: needs=cpu-add,dimm-add
# The series' kselftest (tools/testing/selftests/kexec/test_crash_hotplug.sh)
# in the guest: sysfs files, CPU and memory offline/online with a crash
# kernel it loads itself; a movable DIMM gives it memory that can go
# offline. Then kdump as usual, and the dump must match.
scenario() {
	# pseries boots with one CPU: plug a second one that can go offline
	cpulist "$(cat $CPUS/present)" | grep -qx 1 || cpu_add c1
	dimm_add d1 256
	command -v test_crash_hotplug.sh >/dev/null || die "no test_crash_hotplug.sh in the initramfs"
	KEXEC_KERNEL=/host/kernel KEXEC_INITRD=/host/initrd \
		test_crash_hotplug.sh >/tmp/kselftest.log 2>&1 || _rc=$?
	while read -r l; do log "kselftest: $l"; done </tmp/kselftest.log
	[ "${_rc:-0}" = 0 ] || die "kselftest exit ${_rc}: $(grep -c '^not ok' /tmp/kselftest.log) failed"
	# its TAP plan names as many tests as it reported
	grep -qx "1\.\.$(grep -cE '^(not )?ok ' /tmp/kselftest.log)" /tmp/kselftest.log ||
		die "kselftest: no plan, or a plan that does not count its results"
	kdump_load
	crash_on 0
}
