# kdtest: needs=cpu-add,dimm-add
# powerpc: the device tree of the loaded image cannot take a hot-added
# core (the fault attribute /sys/kernel/debug/fail_crash_hotplug_fdt,
# CONFIG_FAIL_CRASH_HOTPLUG, makes every rebuild of it count as too large
# for its segment, as a load that left it too little room does). The
# update for the core fails and crash_hotplug reads 0, rightly: the crash
# kernel could not boot on that core. But a DIMM added next must still
# reach the ELF core header, or the dump goes stale until userspace
# reloads: the dump of a crash on cpu0 must hold the DIMM and its markers.
scenario() {
	kdump_load
	_fi=/sys/kernel/debug/fail_crash_hotplug_fdt
	[ -d $_fi ] || die "no $_fi (CONFIG_FAIL_CRASH_HOTPLUG)"
	echo -1 >$_fi/times
	echo 100 >$_fi/probability
	cpu_add c1
	[ "$(cat $CPUS/crash_hotplug)" = 0 ] ||
		die "crash_hotplug reads 1 after an update whose device tree did not fit"
	dimm_add d1 512
	[ "$(cat $MEM/crash_hotplug)" = 0 ] ||
		die "crash_hotplug reads 1 while the device tree still lacks cpu$CPU_c1"
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on 0
}
