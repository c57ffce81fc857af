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
	udev_saw "$CPU_c1"
	_n=$(wc -l </run/kdump-reloads)
	[ "$_n" = 0 ] || die "udev reloaded kdump $_n times ($(head -n1 /run/kdump-reloads), ...)"
	log "no reload for the memory and CPU events"
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on "$CPU_c1"
}
