# kdtest: needs=cpu-add
# A CPU plugged after kdump was loaded, crashing on it: the crash kernel
# must boot and the dump must hold its registers (NT_PRSTATUS).
scenario() {
	kdump_load
	cpu_add c1
	crash_on "$CPU_c1"
}
