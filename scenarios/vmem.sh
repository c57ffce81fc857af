# kdtest: needs=virtio-mem vmem=1G mem=1G
# virtio-mem (x86_64 q35): the guest grows and shrinks in 2 MiB device
# blocks inside 128 MiB memory blocks, the way cloud autoscalers size a VM
# (a block is added or removed whole, the rest of a part plugged block is
# logically offline). Named vmem-CASE[-nodriver]. CASE: grow (after the
# load, in steps, to a size that is not a multiple of a memory block),
# shrink (grown before the load, shrunk after it: whole blocks go and one
# is left part plugged), churn (many steps either way after the load,
# ending on a grow: a shrink may stop 2 MiB short, see vm.py).
# Markers in the plugged memory at the end. -nodriver: the crash kernel
# without its virtio-mem driver (initcall_blacklist), the one that tells
# /proc/vmcore which pages are unplugged. The crash kernel reads all of
# /proc/vmcore (/host/read-all), as a plain copy of the dump would; the
# host checks from the device's backing file that no unplugged memory was
# read (scripts/judge.sh).
scenario() {
	set -- $(echo "$SCENARIO_ARGS" | tr - ' ')
	_case=${1:-} _driver=${2:-driver}
	case "$_driver" in
	driver) ;;
	nodriver) CRASH_APPEND="$CRASH_APPEND initcall_blacklist=virtio_mem_driver_init" ;;
	*) die "vmem: bad option '$_driver'" ;;
	esac
	: >/host/read-all
	case "$_case" in
	grow)
		kdump_load
		for _m in 128 300 556; do vmem_resize $_m; done
		;;
	shrink)
		vmem_resize 556
		kdump_load
		vmem_resize 172
		;;
	churn)
		kdump_load
		for _m in 256 90 400 130 600 20 300 44 512 172 300; do vmem_resize $_m; done
		;;
	*) die "vmem: bad case '$_case'" ;;
	esac
	set -- $VMEM
	markers "$1" "$2" 128
	crash_on 0
}
