# kdtest: needs=dimm-add
# The ELF core header stays inside the digest that x86 purgatory checks:
# after a hot-added DIMM made the kernel update (and reseal) the loaded
# header, the debug knob /sys/kernel/debug/crash_hotplug/fault changes one
# byte of it without resealing ("corrupt": the length of the DIMM's
# PT_LOAD). Where purgatory checks the digest (kexec_file_load on x86),
# the crash kernel must not start; where nothing checks the header
# (kexec_load's purgatory leaves it out, powerpc's checks nothing), the
# dump is wrong by exactly that byte.
scenario() {
	kdump_load
	dimm_add d1 256
	_knob=/sys/kernel/debug/crash_hotplug/fault
	[ -w $_knob ] || die "no $_knob (CONFIG_CRASH_HOTPLUG_FAULT_INJECT)"
	echo ${SEAL_KNOB:-corrupt} >$_knob || die "the knob could not change the header"
	log "one byte of the loaded ELF core header changed: $(tr "\n" " " </sys/kernel/debug/crash_hotplug/memory)"
	crash_on 0
}
