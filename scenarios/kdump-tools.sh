# kdtest: needs=cpu-add,dimm-add
# Debian's kdump-tools 1.8.1, the package's own kdump-config (mounted over
# the harness's stand-in), configured the way an admin does it in
# /etc/default/kdump-tools (the package's defaults: /var/lib/kdump's links
# to the kernel and its crash initramfs), loads the crash kernel with bookworm's kexec
# (2.0.25): KDUMP_KEXEC_ARGS="-s" (kexec_file_load) with LOAD=file, none
# (kexec_load, which 2.0.25 cannot opt in to crash hotplug) with
# LOAD=legacy. Then systemd-udevd with our udev/50-kdump-tools.rules over
# the package's rule, as in the udev scenario: a DIMM and a CPU added must
# trigger no "kdump-config try-reload" on a kernel that keeps the image
# current (crash_hotplug reads 1 after the load), and the dump must hold
# them. The reloads are counted from kdump-tools' own syslog lines
# ("unloaded kdump kernel", busybox syslogd).
scenario() {
	case "$LOAD" in
	file) _args=-s ;;
	legacy) _args= ;;
	*) die "kdump-tools: no kdump-tools configuration for LOAD=$LOAD" ;;
	esac
	mount --bind /usr/sbin/kdump-config.kdump-tools /usr/sbin/kdump-config ||
		die "cannot put kdump-tools' kdump-config in place"
	mkdir -p /etc/default /var/lib/kdump /var/crash /var/log
	cat >/etc/default/kdump-tools <<-CONF
	USE_KDUMP=1
	KDUMP_KERNEL=/var/lib/kdump/vmlinuz
	KDUMP_INITRD=/var/lib/kdump/initrd.img
	KDUMP_KEXEC_ARGS="$_args"
	KDUMP_CMDLINE="console=$CONSOLE panic=1"
	KDUMP_CMDLINE_APPEND="$CRASH_APPEND"
	CONF
	[ -s /etc/default/kdump-tools ] || die "cannot write /etc/default/kdump-tools"
	# as installed: the kernel in /boot, and the crash kernel's initramfs
	# that the package's kernel hook makes with mkinitramfs (here: the
	# harness's own);
	# kdump-config links /var/lib/kdump/{vmlinuz,initrd.img} to them
	mkdir -p /boot
	ln -sf /host/kernel "/boot/vmlinuz-$(uname -r)"
	ln -sf /host/initrd "/var/lib/kdump/initrd.img-$(uname -r)"
	# and the hook's record of the sysctls that initramfs was made with
	# (without it, kdump-config deletes the initramfs to have it remade)
	cp /etc/kdump/sysctl.conf "/var/lib/kdump/latest_sysctls-$(uname -r)"
	syslogd -O /var/log/messages || die "syslogd did not start"
	kdump-config load >/host/kdump-tools-load.log 2>&1 ||
		die "kdump-config load failed: $(tail -n1 /host/kdump-tools-load.log)"
	kdump-config status >/host/kdump-tools-status.log 2>&1
	grep -q 'current state *: ready to kdump' /host/kdump-tools-status.log ||
		die "kdump-config status: $(tail -n1 /host/kdump-tools-status.log)"
	log "kdump-config load: $(cat /var/crash/kexec_cmd); crash_hotplug reads $(cat $MEM/crash_hotplug 2>/dev/null || echo none)"
	udev_start
	dimm_add d1 512
	cpu_add c1
	udev_saw "$CPU_c1"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || die "kdump is not loaded after the events"
	_n=$(grep -c 'kdump-config: unloaded kdump kernel' /var/log/messages || true)
	[ "$_n" = 0 ] || die "kdump-tools reloaded kdump $_n times"
	log "no reload for the memory and CPU events"
	set -- $DIMM_d1
	markers "$1" "$2" 64
	crash_on "$CPU_c1"
}
