# kdtest: needs=cpu-add,dimm-add
# Torture (make torture, not in make test): a memory block of a DIMM and
# a CPU go offline and online in a loop on cpu0, with the kdump image
# loaded, and another CPU crashes after a random delay (0.2 to 3 s): a
# crash at a random moment of the churn, often inside an update. The dump
# must hold exactly the stable memory and CPUs; the block and the CPU in
# flight may be in either state ("optional" range, "cpus A-B").
scenario() {
	dimm_add d1 $((2 * BLOCK >> 20))
	# three CPUs online: cpu0 churns, one is churned, one crashes
	while [ "$(cpulist "$(cat $CPUS/online)" | wc -l)" -lt 3 ]; do
		cpu_add "c$(cpulist "$(cat $CPUS/online)" | wc -l)"
	done
	set -- $(cpulist "$(cat $CPUS/online)" | grep -vx 0)
	_churn=$1 _crash=$2
	eval "set -- \$DIMM_d1"
	_blk=$(blocks "$1" "$2" | sed -n 2p)
	_bs=$((${_blk##*/memory} * BLOCK))
	kdump_load
	{
		EXPECT_OFFLINE=$_blk expect | grep -v '^cpus '
		echo "optional $(hex $_bs) $(hex $((_bs + BLOCK)))"
		_n=$(cpulist "$(cat $CPUS/online)" | wc -l)
		echo "cpus $((_n - 1))-$_n"
	} >/host/expect.tmp || die "cannot compute what the dump must hold"
	mv /host/expect.tmp /host/expect.txt
	_us=$((200000 + $(od -An -N2 -tu2 /dev/urandom) * 43))
	log "churning ${_blk##*/} and cpu$_churn on cpu0; crash on cpu$_crash in $_us us"
	taskset -c 0 sh -c "while :; do
		echo offline >$_blk/state; echo online_movable >$_blk/state
		echo 0 >$CPUS/cpu$_churn/online; echo 1 >$CPUS/cpu$_churn/online
	done 2>/dev/null" &
	taskset -c "$_crash" sh -c "echo crash_pid \$\$ >>/host/expect.txt
		usleep $_us; echo c >/proc/sysrq-trigger"
	die "still alive after the crash on cpu$_crash"
}
