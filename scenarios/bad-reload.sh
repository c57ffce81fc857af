# kdtest: needs=dimm-add
# Loads the kernel must refuse, tried while a crash kernel is loaded
# (tools/kexec-bad.c: a segment outside the crash region, unaligned,
# overlapping, memsz below bufsz; the crash hotplug opt-in with no ELF
# core header, two of them or one smaller than crash_elfcorehdr_size; on
# powerpc a device tree missing, larger than its segment or doubled;
# kexec_file_load of a file that is no kernel, or of a kernel with a
# command line not ending in NUL or with no open initrd), each refused
# with its errno (else the inputs that were accepted are the reason). The
# loaded crash kernel must stay loaded and current: a
# DIMM is plugged after the refusals, and the dump must hold it, with its
# markers.
scenario() {
	kdump_load
	set -- $(crash_region)
	head -c 65536 /dev/zero | tr '\0' x >/tmp/not-a-kernel
	_rc=0
	kexec-bad "$1" "$2" /tmp/not-a-kernel "${KDUMP_KERNEL:-/host/kernel}" >/tmp/bad.out 2>&1 || _rc=$?
	cat /tmp/bad.out
	_loaded=$(cat /sys/kernel/kexec_crash_loaded)
	[ $_rc = 0 ] || die "kexec-bad: $(tail -n1 /tmp/bad.out): $(sed -n 's/^BAD \(.*\): accepted (wanted .*/\1/p
		s/^BAD \(.*\): \(E[A-Z0-9]*\) (wanted \(.*\))$/\1 (\2, wanted \3)/p' /tmp/bad.out |
		tr '\n' ';')kexec_crash_loaded $_loaded after them"
	log "kexec_crash_loaded after the refused loads: $_loaded"
	dimm_add d1 512
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on 0
}
