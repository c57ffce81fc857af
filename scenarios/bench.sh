# kdtest: needs=cpu-add,dimm-add
# The benchmark's guest side (bench/run.sh), not a test: it does not
# crash. Every time comes from one trace buffer on one clock: the function
# graph tracer's entries and durations of the functions bench/run.sh lists
# for this kernel (/host/bench-functions, ROLE:FUNCTION words from
# bench/kernels: whatever the kernel, its own notifiers are timed, no
# tracepoint of ours is needed) and our marks (trace_marker).
# For each mode of kdtest.modes= (default none,kernel,udev), bursts of k
# memory blocks go online back to back (kdtest.ks=, default 1,8,32,128),
# then, unless kdtest.cpu=no, a CPU is plugged (not in none):
#   none    no crash kernel loaded, no udevd yet: the hotplug operation's
#           own time
#   kernel  kexec -s -p: the kernel updates the image (no udevd yet either)
#   udev    kexec -p (not loaded for hotplug): udev runs kdump-config
#           try-reload for each event, as Debian's kdump-tools does today
# Then, if kernel is among the modes, the cost curve: with the image loaded
# (kexec -s -p), every other block of the first kdtest.curve= (default 16)
# goes online, one at a time, so that each update describes one more range
# of RAM. The loads use /host/bench-kernel and /host/bench-initrd.
# Output: /host/trace.txt, then the guest powers off.
T=/sys/kernel/debug/tracing

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
	mark "burst $1 $2 settled hp=$(cat $MEM/crash_hotplug 2>/dev/null || echo -)"
	[ "$1" = none ] || kdump_unload
	set_blocks offline "$2"
	udevadm settle -t 3600
	[ "$1" = none ] || kdump_load >/dev/null
}

# trace_setup: the function graph tracer on this kernel's functions that
# exist (the others are logged and left out), absolute timestamps on the
# mono clock, which trace_marker shares; with none, no tracer, marks only
trace_setup() {
	[ -d $T ] || die "no tracing (CONFIG_FTRACE)"
	echo 0 >$T/tracing_on
	echo 16384 >$T/buffer_size_kb
	echo mono >$T/trace_clock || die "no mono trace clock"
	_traced=
	_depth=$(param kdtest.profile)
	for rf in $(cat /host/bench-functions); do
		# kdtest.profile=DEPTH: everything the event functions call, to
		# DEPTH levels (bench/profile.sh), instead of the listed functions
		[ -z "$_depth" ] || case $rf in event:*) ;; *) continue ;; esac
		# the function, or the compiler's clone of it (.constprop.0)
		_fn=$(grep -E -x -m1 "${rf#*:}(\.(constprop|isra|part)\.[0-9]+)*" \
			$T/available_filter_functions 2>/dev/null)
		if [ -n "$_fn" ]; then
			if [ -n "$_depth" ]; then
				echo "$_fn" >>$T/set_graph_function
			else
				echo "$_fn" >>$T/set_ftrace_filter
			fi || die "cannot trace $_fn"
			_traced="$_traced ${rf%%:*}:$_fn"
		else
			log "bench: ${rf#*:} cannot be traced on this kernel (absent or inlined)"
		fi
	done
	[ -z "$_depth" ] || echo "$_depth" >$T/max_graph_depth
	if [ -n "$_traced" ]; then
		echo function_graph >$T/current_tracer || die "no function_graph tracer"
		for o in funcgraph-abstime funcgraph-tail; do echo 1 >$T/options/$o; done
		for o in funcgraph-overhead funcgraph-irqs; do echo 0 >$T/options/$o; done
	fi
	log "bench: tracing$_traced"
	echo 1 >$T/tracing_on
	: >/run/kdtest-trace
	mark "traced$_traced"
}

scenario() {
	_ks=$(param kdtest.ks | tr ',' ' ')
	_ks=${_ks:-1 8 32 128}
	_curve=$(param kdtest.curve)
	_curve=${_curve:-16}
	_modes=$(param kdtest.modes | tr ',' ' ')
	_modes=${_modes:-none kernel udev}
	_max=$_curve
	for k in $_ks; do [ "$k" -le $_max ] || _max=$k; done
	dimm_add bench $((_max * BLOCK >> 20))
	_blocks=$(blocks $DIMM_bench)
	set_blocks offline $_max
	trace_setup
	mark "crash region $(crash_region)"
	cp /host/bench-kernel /host/bench-initrd /tmp/
	_c=0
	for mode in $_modes; do
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
		if [ "$(param kdtest.cpu)" != no ]; then
			_c=$((_c + 1))
			mark "cpu $mode start"
			cpu_add c$_c
			mark "cpu $mode online"
			udevadm settle -t 3600
			mark "cpu $mode settled"
		fi
		kdump_unload
	done
	case " $_modes " in
	*" kernel "*)
		bench_load file
		mark "curve start $(grep -c 'System RAM' /proc/iomem)"
		_i=0
		for b in $_blocks; do
			[ $_i -lt $_curve ] || break
			[ $((_i % 2)) = 1 ] || echo online_movable >$b/state || die "cannot online ${b##*/}"
			_i=$((_i + 1))
		done
		mark "curve end"
		;;
	esac
	udevadm settle -t 3600
	echo 0 >$T/tracing_on
	cp $T/trace /host/trace.txt
	log "bench done: $(wc -l </host/trace.txt) trace lines, $(wc -l </run/kdump-reloads 2>/dev/null || echo 0) reloads"
	: >/host/bench-done
	poweroff -f
}
