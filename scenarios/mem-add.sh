# kdtest: needs=dimm-add
# A DIMM plugged after kdump was loaded must be in the dump, with the
# marker pages written into it at their physical addresses.
scenario() {
	kdump_load
	dimm_add d1 512
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on 0
}
