# kdtest: needs=cpu-add,dimm-add
# udev for real: systemd-udevd runs the shipped rules
# (udev/50-kdump-tools.rules), whose reload is Debian's "kdump-config
# try-reload". A burst of memory and CPU hotplug must trigger no reload on
# a kernel that keeps the crash image current (crash_hotplug reads 1), and
# the dump must still hold the new memory and CPU. A kernel without crash
# hotplug gets one reload per event: that fails the scenario.
scenario() {
	udev_start
	kdump_load
	dimm_add d1 512
	cpu_add c1
	udevadm settle -t 120 || die "udevadm settle timed out"
	# settle does not fail when udevd is gone; and udevd must have seen
	# the events, or no reload would prove nothing (the CPU: "add" and
	# "online" on x86; only "online" on powerpc, which registers a device
	# for every possible CPU at boot)
	udevadm control --ping || die "systemd-udevd is gone"
	grep -q '^online .*/memory/memory' /run/kdtest-events &&
		grep -q " /devices/system/cpu/cpu$CPU_c1\$" /run/kdtest-events ||
		die "udev did not see the events: $(tr '\n' ';' </run/kdtest-events)"
	_n=$(wc -l </run/kdump-reloads)
	[ "$_n" = 0 ] || die "udev reloaded kdump $_n times ($(head -n1 /run/kdump-reloads), ...)"
	log "no reload for the memory and CPU events"
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on "$CPU_c1"
}
