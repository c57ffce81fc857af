# kdtest: needs=dimm-add maxmem=16G
# An ELF core header that grows past the size it was loaded with. A DIMM
# of 6.5 GiB added after the load, then every other memory block of it
# taken offline, leaves 13 ranges of it online on powerpc (26 on x86):
# more program headers than kexec-tools 2.0.29 gives the header it loads
# with --hotplug (it counts the ranges of the moment; the segment is
# larger, sized from /sys/kernel/crash_elfcorehdr_size). The dump must
# hold exactly the blocks left online; where the crash kernel boots with
# a device tree, its reserve map must keep all of the header as it grew
# (scripts/judge.sh), or the crash kernel may allocate over its tail.
scenario() {
	kdump_load
	dimm_add d1 6656
	set -- $DIMM_d1
	_n=0
	for b in $(blocks "$1" "$2"); do
		_n=$((_n + 1))
		[ $((_n % 2)) = 0 ] || continue
		echo offline >"$b/state" || die "cannot offline $b"
	done
	log "$((_n / 2)) of the $_n blocks of the DIMM offline"
	markers "$1" $(($1 + BLOCK)) 16
	crash_on 0
}
