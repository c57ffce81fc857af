# Several events of each kind after the load: DIMMs in and out, CPUs in and
# out; crash on a CPU added after the load, with markers in the DIMMs added
# after the load. (The CPU unplug comes last: on pseries QEMU 7.2 segfaults
# on a DIMM plug that follows a core unplug.)
scenario() {
	dimm_add d1 512
	kdump_load
	cpu_add c1
	dimm_add d2 512
	cpu_add c2
	dimm_remove d1
	dimm_add d3 256
	set -- $DIMM_d2 $DIMM_d3
	[ "$1" -lt "$3" ] || set -- "$3" "$4" "$1" "$2"
	markers "$1" "$(($2 > $4 ? $2 : $4))" 128
	cpu_remove c1
	crash_on "$CPU_c2"
}
