# A CPU present when kdump was loaded is unplugged, another one is plugged
# in a different slot, and the crash runs on the new one: the dump must
# hold exactly the online CPUs, the crashing one included.
scenario() {
	cpu_add c1
	kdump_load
	cpu_remove c1
	cpu_add c2
	crash_on "$CPU_c2"
}
