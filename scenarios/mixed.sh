# kdtest: needs=cpu-add,cpu-remove,dimm-add,dimm-remove
# Several events of each kind after the load: DIMMs in and out, CPUs in and
# out; crash on a CPU added after the load, with markers in the DIMMs added
# after the load. (The core unplug comes after the last DIMM plug, and a
# core plug after it: pseries QEMU 7.2 dies on a DIMM plug, or on a crash
# kernel boot, that directly follows a core unplug, on any kernel.)
scenario() {
	dimm_add d1 512
	kdump_load
	cpu_add c1
	dimm_add d2 512
	dimm_remove d1
	dimm_add d3 256
	set -- $DIMM_d2 $DIMM_d3
	[ "$1" -lt "$3" ] || set -- "$3" "$4" "$1" "$2"
	markers "$1" "$(($2 > $4 ? $2 : $4))" 128
	cpu_remove c1
	cpu_add c2
	crash_on "$CPU_c2"
}
