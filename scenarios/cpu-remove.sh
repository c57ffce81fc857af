# kdtest: needs=cpu-add,cpu-remove
# A CPU present when kdump was loaded goes away (pseries: unplugged; x86:
# offline, see cpu_remove), then a CPU is plugged in another slot and the
# crash runs on it: the dump must hold exactly the CPUs online at the crash.
# (A removal alone never makes a 6.1 dump wrong: the removed CPU's note is
# empty and the crash kernel drops empty notes.)
scenario() {
	cpu_add c1
	kdump_load
	cpu_remove c1
	cpu_add c2
	crash_on "$CPU_c2"
}
