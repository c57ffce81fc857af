# kdtest: needs=cpu-add,dimm-add
# Races: CPU offline/online and memory offline/online loops run while the
# crash kernel is loaded and unloaded over and over. An update asked for
# while a load or unload holds the kexec lock must not be lost: the last
# memory event is made to land during the last load. The dump must then
# hold exactly the memory online and the CPUs up at crash time, and the
# kernel must have logged no warning, lockdep or KASAN splat.
# kdtest.rounds= on the kernel command line (default 8): loads (make
# stress-debug ROUNDS=N sets it).
scenario() {
	# pseries boots with one CPU: plug a second one for the CPU loop
	cpulist "$(cat $CPUS/present)" | grep -qx 1 || cpu_add c1
	dimm_add d1 512
	set -- $(blocks $DIMM_d1)
	_b1=$1 _b2=$2 _b3=$3
	rm -f /tmp/stop
	(while [ ! -e /tmp/stop ]; do
		echo 0 >$CPUS/cpu1/online; echo 1 >$CPUS/cpu1/online
	done) 2>/dev/null &
	_cpu_loop=$!
	(while [ ! -e /tmp/stop ]; do
		for b in $_b1 $_b2 $_b3; do
			echo offline >$b/state; echo online_movable >$b/state
		done
	done) 2>/dev/null &
	_mem_loop=$!
	_n=0
	while [ $_n -lt "${ROUNDS:-8}" ]; do
		kdump_load >/dev/null
		kdump_unload
		_n=$((_n + 1))
	done
	touch /tmp/stop
	wait $_cpu_loop $_mem_loop
	for b in $_b1 $_b2 $_b3; do
		[ "$(cat $b/state)" = online ] || echo online_movable >$b/state ||
			die "cannot online $b again"
	done
	[ "$(cat $CPUS/cpu1/online)" = 1 ] || echo 1 >$CPUS/cpu1/online
	# The last load, with a block going offline while it runs
	kdump_load &
	_load=$!
	echo offline >$_b2/state || die "cannot offline $_b2"
	wait $_load || die "the last load failed"
	log "$_n loads and unloads raced CPU and memory loops; ${_b2##*/} offline"
	no_splat
	crash_on 1
}
