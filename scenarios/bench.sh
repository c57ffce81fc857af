# kdtest: needs=cpu-add,dimm-add
# The benchmark's guest side (bench/run.sh), not a test: it does not
# crash. Every time comes from one trace buffer: the kernel's
# crash_hotplug_update events and our marks (trace_marker), on one clock.
# For each mode, bursts of k memory blocks go online back to back
# (kdtest.ks=, default 1,8,32,128), then a CPU is plugged (not in none):
#   none    no crash kernel loaded, no udevd yet: the hotplug operation's
#           own time
#   kernel  kexec -s -p: the kernel updates the image (no udevd yet either)
#   udev    kexec -p (not loaded for hotplug): udev runs kdump-config
#           try-reload for each event, as Debian's kdump-tools does today
# Then the cost curve: with the image loaded (kexec -s -p), every other
# block of the first kdtest.curve= (default 16) goes online, one at a time,
# so that each update writes one more PT_LOAD. The loads use
# /host/bench-kernel and /host/bench-initrd.
# Output: /host/trace.txt, then the guest powers off.
T=/sys/kernel/debug/tracing/instances/kdtest

# bench_load HOW: load the benchmark's crash kernel with kdtest.load= HOW,
# and leave the same settings for kdump-config's reloads
bench_load() {
	echo "LOAD=$1 KDUMP_KERNEL=/tmp/bench-kernel KDUMP_INITRD=/tmp/bench-initrd" >/run/kdump.conf
	. /run/kdump.conf
	kdump_load
}

# set_blocks STATE N: bring the first N blocks of the DIMM to STATE
set_blocks() {
	_i=0
	for b in $_blocks; do
		[ $_i -lt "$2" ] || break
		_i=$((_i + 1))
		_try=0
		until [ "$(cat $b/state)" = "${1%_movable}" ]; do
			echo "$1" >$b/state 2>/dev/null && break
			_try=$((_try + 1))
			[ $_try -lt 20 ] || die "cannot $1 ${b##*/}"
			sleep 1
		done
	done
}

# burst MODE K: K blocks online back to back, wait for udev, then offline
# again with nothing loaded (kdump-config then returns at once, and the
# kernel has no image to update)
burst() {
	mark "burst $1 $2 start"
	_i=0
	for b in $_blocks; do
		[ $_i -lt "$2" ] || break
		echo online_movable >$b/state || die "cannot online ${b##*/}"
		[ $_i != 0 ] || mark "burst $1 $2 first"
		_i=$((_i + 1))
	done
	mark "burst $1 $2 onlined"
	udevadm settle -t 3600 || die "udevadm settle timed out"
	mark "burst $1 $2 settled"
	[ "$1" = none ] || kdump_unload
	set_blocks offline "$2"
	udevadm settle -t 3600
	[ "$1" = none ] || kdump_load >/dev/null
}

scenario() {
	_ks=$(param kdtest.ks | tr ',' ' ')
	_ks=${_ks:-1 8 32 128}
	_curve=$(param kdtest.curve)
	_curve=${_curve:-16}
	_max=$_curve
	for k in $_ks; do [ "$k" -le $_max ] || _max=$k; done
	dimm_add bench $((_max * BLOCK >> 20))
	_blocks=$(blocks $DIMM_bench)
	set_blocks offline $_max
	mkdir -p $T || die "no tracing (CONFIG_FTRACE)"
	echo 16384 >$T/buffer_size_kb
	# one clock for the kernel's timestamps, duration_ns and our marks,
	# whichever CPU they come from
	echo mono >$T/trace_clock || die "no mono trace clock"
	echo 1 >$T/events/crash_hotplug/enable 2>/dev/null ||
		log "no crash_hotplug trace event: this kernel has no crash hotplug"
	cp /host/bench-kernel /host/bench-initrd /tmp/
	_c=0
	for mode in none kernel udev; do
		# udevd only for the udev mode: none and kernel time the
		# kernel alone, without and with its update (the udev scenario
		# tests that the rule skips); and without the harness's rule that
		# lists events, which would fork a shell per event
		if [ $mode = udev ]; then
			rm -f /etc/udev/rules.d/99-kdtest-seen.rules
			udev_start
		fi
		case $mode in
		kernel) bench_load file ;;
		udev) bench_load legacy ;;
		esac
		log "bench: $mode, crash_hotplug reads $(cat $MEM/crash_hotplug 2>/dev/null || echo nothing)"
		for k in $_ks; do burst $mode "$k"; done
		[ $mode != none ] || continue
		_c=$((_c + 1))
		mark "cpu $mode start"
		cpu_add c$_c
		mark "cpu $mode online"
		udevadm settle -t 3600
		mark "cpu $mode settled"
		kdump_unload
	done
	bench_load file
	mark "curve start"
	_i=0
	for b in $_blocks; do
		[ $_i -lt $_curve ] || break
		[ $((_i % 2)) = 1 ] || echo online_movable >$b/state || die "cannot online ${b##*/}"
		_i=$((_i + 1))
	done
	mark "curve end"
	udevadm settle -t 3600
	echo 0 >$T/tracing_on
	cp $T/trace /host/trace.txt
	log "bench done: $(grep -c crash_hotplug_update /host/trace.txt) updates, $(wc -l </run/kdump-reloads) reloads"
	: >/host/bench-done
	poweroff -f
}
