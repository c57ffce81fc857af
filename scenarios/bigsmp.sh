# kdtest: needs=cpu-add maxcpus=240
# A big machine: room for 240 CPUs (QEMU -smp maxcpus=240, possible CPUs
# 240), few present. The load must reserve a header that fits a note for
# every possible CPU besides the memory ranges: crash_elfcorehdr_size
# must be a whole ELF header plus program headers, at least one per
# possible CPU, and the load (kexec_file_load, or kexec-tools 2.0.29
# --hotplug, which sizes the segment from that file) must succeed. Then
# CPUs are plugged into the last free slots (APIC IDs / core IDs at the
# top of the range), a DIMM too, and the guest crashes on cpu0: the dump
# must hold every online CPU's note, the top ones' included, and the
# DIMM. (Not on a top CPU itself: on x86_64 q35 under QEMU 7.2 TCG, the
# crash kernel started on the CPU with APIC ID 238 reaches /init and
# then hangs, before its first line of output; not investigated.)
scenario() {
	_p=$(cpulist "$(cat $CPUS/possible)" | wc -l)
	[ "$_p" -ge 240 ] || die "only $_p possible CPUs, wanted 240 (CONFIG_NR_CPUS?)"
	_sz=$(cat /sys/kernel/crash_elfcorehdr_size) || die "no crash_elfcorehdr_size"
	# Elf64_Ehdr 64 bytes, Elf64_Phdr 56; a note per possible CPU, one
	# for vmcoreinfo, one for the kernel text, and at least 32 ranges
	# (CONFIG_CRASH_MAX_MEMORY_RANGES), rounded up to a page
	_ph=$(((_sz - 64) / 56))
	[ "$_ph" -ge $((_p + 2 + 32)) ] ||
		die "crash_elfcorehdr_size $_sz has room for $_ph program headers, fewer than the $_p possible CPUs need with the memory"
	log "$_p possible CPUs: crash_elfcorehdr_size $_sz, room for $_ph program headers, $((_ph - _p - 2)) for memory ranges"
	kdump_load
	cpu_add c1 last
	_ack=$REPLY
	cpu_add c2 last
	log "plugged into the last free slots: $_ack; $REPLY"
	dimm_add d1 512
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on 0
}
