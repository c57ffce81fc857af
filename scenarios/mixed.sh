# Several events of each kind after the load: DIMMs in and out, CPUs in and
# out; crash on the last CPU added, with markers in the last DIMM.
scenario() {
	dimm_add d1 512
	kdump_load
	cpu_add c1
	dimm_add d2 512
	dimm_remove d1
	cpu_add c2
	cpu_remove c1
	dimm_add d3 256
	set -- $DIMM_d3
	markers "$1" "$2" 32
	crash_on "$CPU_c2"
}
