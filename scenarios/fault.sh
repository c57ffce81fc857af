# kdtest: needs=cpu-add,dimm-add
# A crash at one step of an update of the loaded image, made to happen by
# the debug knob /sys/kernel/debug/crash_hotplug/fault
# (CONFIG_CRASH_HOTPLUG_FAULT_INJECT, the series' last patch). Named
# fault-POINT-MODE[-cpu]. POINT: build, built, copy (all of the header
# but its last program header copied), copied, or replay
# (crash_hotplug_work has pinned the image). MODE: panic (the CPU running
# the update panics at POINT) or park (the update stops at POINT, holding
# what it holds, while another CPU crashes; one is hot-added if cpu0 is
# alone). The event, on cpu0: the middle memory block of a hot-added DIMM
# going offline, or with -cpu a hot-added CPU going online (on powerpc
# the device tree is published with the header). For replay the event
# happens while the knob holds the image pinned, and crash_hotplug_work
# replays it when the knob lets go. The dump must hold exactly the state
# before the event or exactly the state after it; the verdict says which.
scenario() {
	set -- $(echo "$SCENARIO_ARGS" | tr - ' ')
	_point=$1 _mode=$2 _event=${3:-mem} _knob=/sys/kernel/debug/crash_hotplug/fault
	case "$_point" in build | built | copy | copied | replay) ;; *) die "fault: bad point '$_point'" ;; esac
	case "$_mode" in panic | park) ;; *) die "fault: bad mode '$_mode'" ;; esac
	case "$_event" in mem | cpu) ;; *) die "fault: bad event '$_event'" ;; esac
	# three blocks: the middle one going offline splits the DIMM's range,
	# so the header after has one PT_LOAD more and differs from the one
	# before from its first bytes (e_phnum) to its last
	dimm_add d1 $((3 * BLOCK >> 20))
	# a CPU other than cpu0 to crash on (pseries boots with one: add one)
	_other=$(cpulist "$(cat $CPUS/online)" | grep -vx 0 | head -n1)
	if [ -z "$_other" ]; then
		cpu_add c1
		_other=$NEWCPU
	fi
	if [ "$_event" = cpu ]; then
		# a CPU added, then offline: the event is its going online
		cpu_add c9
		_cpu=$NEWCPU
		echo 0 >$CPUS/cpu$_cpu/online || die "cannot offline cpu$_cpu"
	fi
	kdump_load
	[ -w $_knob ] || die "no $_knob (CONFIG_CRASH_HOTPLUG_FAULT_INJECT)"
	eval "set -- \$DIMM_d1"
	_blk=$(blocks "$1" "$2" | sed -n 2p)
	(expect) >/host/expect-before.txt || die "cannot compute the state before"
	if [ "$_event" = cpu ]; then
		# the header (and on powerpc the device tree) change; the CPU
		# in flight may save its note or not (pseries stops offline
		# CPUs with a system reset too)
		_n=$(sed -n 's/^cpus //p' /host/expect-before.txt)
		{ grep -v '^cpus ' /host/expect-before.txt; echo "cpus $_n-$((_n + 1))"; } \
			>/host/expect.txt
		_do="echo 1 >$CPUS/cpu$_cpu/online" _what="cpu$_cpu going online"
	else
		(EXPECT_OFFLINE=$_blk expect) >/host/expect.tmp ||
			die "cannot compute the state after"
		mv /host/expect.tmp /host/expect.txt
		_do="echo offline >$_blk/state" _what="${_blk##*/} going offline"
	fi
	log "crash injected at '$_point' ($_mode), $_what on cpu0"
	if [ "$_point" = replay ]; then
		echo hold >$_knob || die "the knob cannot hold the image"
		taskset -c 0 sh -c "$_do" || die "cannot do: $_do"
		_go="echo release >$_knob"
	else
		_go=$_do
	fi
	echo "$_point $_mode" >$_knob || die "the knob refused '$_point $_mode'"
	if [ "$_mode" = panic ]; then
		# the panic comes from the task doing the event, or from the
		# kworker that replays it
		if [ "$_point" = replay ]; then
			echo "crash_pid any" | tee -a /host/expect-before.txt >>/host/expect.txt
			taskset -c 0 sh -c "$_go"
			sleep 10
		else
			taskset -c 0 sh -c "echo crash_pid \$\$ | tee -a /host/expect-before.txt \
				>>/host/expect.txt; $_go"
		fi
		die "still alive after the crash injected at '$_point'"
	fi
	# park: from here on nothing waits for the host or the console (cpu0
	# may have interrupts off); the other CPU crashes once it is parked
	taskset -c "$_other" sh -c "echo crash_pid \$\$ | tee -a /host/expect-before.txt >>/host/expect.txt
		taskset -c 0 sh -c '$_go' &
		n=0
		while read -r s <$_knob; do
			case \"\$s\" in *parked*) break ;; esac
			n=\$((n + 1))
			[ \$n -lt 100000 ] || break
		done
		echo c >/proc/sysrq-trigger"
	die "still alive after the crash on cpu$_other"
}
