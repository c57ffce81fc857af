# kdtest: needs=dimm-add,dimm-remove
# A DIMM that was in the machine when kdump was loaded, then offlined and
# unplugged, must not be in the dump.
scenario() {
	dimm_add d1 512
	kdump_load
	dimm_remove d1
	crash_on 0
}
