# Loading and unloading the crash kernel, shared by first.sh and the guest's
# kdump-config (what the udev rules run to reload).
# KDUMP_KERNEL, KDUMP_INITRD: what to load (default: the guest's own kernel
# and initramfs). LOAD (kdtest.load=): file (kexec -s -p: kexec_file_load),
# legacy (kexec -p: kexec_load, kexec-tools 2.0.25), hotplug (kexec
# --kexec-syscall --hotplug -p: kexec_load with the crash hotplug flag,
# kexec-tools 2.0.29 built static from Debian's source by
# scripts/kexec-tools.sh; 2.0.29 tries kexec_file_load first unless told
# --kexec-syscall, so without it this mode would not test kexec_load).

# kdump_kexec: the kexec command for LOAD, without -p
kdump_kexec() {
	case "$LOAD" in
	file) echo kexec -s ;;
	legacy) echo kexec ;;
	hotplug) echo kexec-2.0.29 --kexec-syscall --hotplug ;;
	*) die "unknown kdtest.load=$LOAD" ;;
	esac
}

# kdump_try_load: the load of kdump_load, its exit status returned (a
# load replaces a loaded crash kernel)
kdump_try_load() {
	# the crash kernel's command line is the arch's (arch/ARCH.conf)
	_app="console=$CONSOLE $CRASH_APPEND"
	$(kdump_kexec) -p "${KDUMP_KERNEL:-/host/kernel}" --initrd="${KDUMP_INITRD:-/host/initrd}" \
		--append="$_app panic=1"
}

# kdump_load: load the crash kernel.
kdump_load() {
	set -- $(kdump_kexec) -p
	kdump_try_load || die "$* failed"
	mark "kdump loaded"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || die "kdump not loaded"
	log "kdump loaded with $* ($($1 --version 2>&1 | head -n1))"
}

# kdump_unload: unload the crash kernel with the tool that loaded it.
kdump_unload() {
	$(kdump_kexec) -p -u || die "unload failed"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ] || die "kdump still loaded"
}
