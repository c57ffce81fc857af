# kdtest: needs=dimm-add
# Loads the kernel must refuse, tried while a crash kernel is loaded
# (tools/kexec-bad.c: a segment outside the crash region, unaligned,
# overlapping, memsz below bufsz; the crash hotplug opt-in with no ELF
# core header, two of them or one smaller than crash_elfcorehdr_size; on
# powerpc a device tree missing, larger than its segment or doubled;
# kexec_file_load of a file that is no kernel, or of a kernel with a
# command line not ending in NUL or with no open initrd), each refused
# with its errno. The loaded crash kernel must stay loaded and current: a
# DIMM is plugged after the refusals, and the dump must hold it, with its
# markers.
scenario() {
	kdump_load
	set -- $(crash_region)
	head -c 65536 /dev/zero | tr '\0' x >/tmp/not-a-kernel
	kexec-bad "$1" "$2" /tmp/not-a-kernel "${KDUMP_KERNEL:-/host/kernel}" || die "kexec-bad: a load was not refused with its errno"
	log "kexec_crash_loaded after the refused loads: $(cat /sys/kernel/kexec_crash_loaded)"
	dimm_add d1 512
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on 0
}
