# No hotplug: the dump of the boot-time machine must be right on any kernel.
scenario() {
	kdump_load
	markers 0x100000 $((1 << 40)) 16
	crash_on 0
}
