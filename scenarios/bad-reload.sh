# kdtest: needs=dimm-add
# Loads the kernel must refuse, tried while a crash kernel is loaded
# (tools/kexec-bad.c, 45 inputs on x86_64, 54 on powerpc): 6.1's checks of
# the segment list (outside the crash region, unaligned, wrapping,
# overlapping, memsz below bufsz or above half the memory, too many
# segments, the entry outside, unknown flags or another arch's, an
# unreadable list); the crash hotplug opt-in, with each of its flags 0x4
# and 0x8, with no ELF core header, two, one smaller than
# crash_elfcorehdr_size, of the other byte order, of no ELF class, with
# e_phnum PN_XNUM or past the data, e_phoff past it or inside the ELF
# header, e_phentsize wrong, cut short, unreadable; on powerpc a device
# tree missing, larger than its segment, doubled, invalid, cut short,
# without /cpus, without the header reserved, without room for a core;
# kexec_file_load with an unknown flag, of a file that is no kernel, or of
# a kernel with a command line not ending in NUL, unreadable or of 1 MiB,
# with no open initrd, a directory for one, or one as large as the crash
# region. Each must be refused with its errno and, but the unreadable
# ones, say why in the kernel log: each kexec_load case in exactly one
# line, each kexec_file_load case in one or more (powerpc's loader adds a
# line of its own to a command line too long); else the inputs that were
# not are the reason. The loaded crash kernel
# must stay loaded and current: a DIMM is plugged after the refusals, and
# the dump must hold it, with its markers. The kernel must log no splat
# (make fuzz runs this on the lockdep + KASAN build).
scenario() {
	kdump_load
	set -- $(crash_region)
	head -c 65536 /dev/zero | tr '\0' x >/tmp/not-a-kernel
	_rc=0
	kexec-bad "$1" "$2" /tmp/not-a-kernel "${KDUMP_KERNEL:-/host/kernel}" >/tmp/bad.out 2>&1 || _rc=$?
	cat /tmp/bad.out
	_loaded=$(cat /sys/kernel/kexec_crash_loaded)
	[ $_rc = 0 ] || die "kexec-bad: $(tail -n1 /tmp/bad.out): $(sed -n 's/^BAD \(.*\): accepted (wanted .*/\1/p
		s/^BAD \(.*\): \(E[A-Z0-9]*\) (wanted \(.*\))$/\1 (\2, wanted \3)/p
		s/^BAD \(.*\): \(E[A-Z0-9]*\), logged \([0-9]*\) lines.*/\1 (\2, \3 log lines)/p' /tmp/bad.out |
		tr '\n' ';')kexec_crash_loaded $_loaded after them"
	log "kexec_crash_loaded after the refused loads: $_loaded"
	no_splat
	dimm_add d1 512
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on 0
}
