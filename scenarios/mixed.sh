# Several events of each kind after the load: DIMMs in and out, CPUs in and
# out; crash on a CPU added after the load, with markers in the DIMMs added
# after the load.
scenario() {
	dimm_add d1 512
	kdump_load
	cpu_add c1
	dimm_add d2 512
	cpu_add c2
	dimm_remove d1
	cpu_remove c1
	dimm_add d3 256
	set -- $DIMM_d2 $DIMM_d3
	[ "$1" -lt "$3" ] || set -- "$3" "$4" "$1" "$2"
	markers "$1" "$(($2 > $4 ? $2 : $4))" 128
	crash_on "$CPU_c2"
}
