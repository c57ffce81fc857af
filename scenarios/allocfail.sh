# kdtest: needs=cpu-add,dimm-add
# Allocation failures injected into updates (CONFIG_FAIL_CRASH_HOTPLUG:
# the fault attribute /sys/kernel/debug/fail_crash_hotplug makes the
# allocations only updates make fail: the mapping of the segment, the
# memory ranges, the new header, on powerpc the new device tree, the copy
# of what a publication overwrites) while the blocks of a hot-added DIMM
# go offline and online, a hot-added CPU goes offline and online and a
# second CPU is added. After each event, read from the kernel: either
# crash_hotplug reads 1 and the loaded header's memory inside the DIMM
# (/sys/kernel/debug/crash_hotplug/memory) is what is online there, or it
# reads 0 and the header is the one before the event, byte for byte (on
# powerpc, where the kernel has fail_crash_hotplug_fdt, a failure of the
# device tree part alone publishes the header: then it must be the
# current one). Then one event fails for sure and a
# load must bring crash_hotplug back to 1; at the end the injection stops,
# the next event must bring it back to 1 too, and the dump of a crash
# after it must be exact. A run with no failure or no success proves
# nothing and fails, and so does a kernel splat in the log (make fuzz runs
# this on the lockdep + KASAN build). kdtest.rounds= (default 4): rounds
# of events.
_fi=/sys/kernel/debug/fail_crash_hotplug
_hdr=/sys/kernel/debug/crash_hotplug/elfcorehdr

# dimm_cov: the loaded header's memory inside the DIMM, "S-E" (E
# exclusive, decimal) a range, merged; dimm_online: the DIMM's online
# blocks, alike; hdr_sum: the loaded header's checksum
dimm_cov() {
	cat /sys/kernel/debug/crash_hotplug/memory >/tmp/hdrmem ||
		die "cannot read the loaded header's memory"
	sed 's/-/ /' /tmp/hdrmem | while read -r s e; do
		s=$((0x$s)) e=$((0x$e + 1))
		[ $s -ge $_ds ] || s=$_ds
		[ $e -le $_de ] || e=$_de
		[ $s -lt $e ] && echo "$s $e"
	done | sort -n | merge_ranges
}
dimm_online() {
	for b in $(blocks $_ds $_de); do
		[ "$(cat $b/state)" = online ] || continue
		echo "$((${b##*/memory} * BLOCK)) $((${b##*/memory} * BLOCK + BLOCK))"
	done | merge_ranges
}
hdr_sum() {
	cat $_hdr >/tmp/hdr || die "cannot read the loaded header"
	sha1sum </tmp/hdr
}
merge_ranges() {
	awk 'NR > 1 && $1 <= e { if ($2 > e) e = $2; next }
	     NR > 1 { printf "%d-%d ", s, e }
	     { s = $1; e = $2 }
	     END { if (NR) printf "%d-%d", s, e }'
}

# event WHAT COMMAND: do it (in this shell), then check what the kernel
# says and holds
event() {
	_h0=$(hdr_sum)
	eval "$2" || die "cannot do: $1"
	_st=$(cat $MEM/crash_hotplug)
	_cov=$(dimm_cov) _on=$(dimm_online)
	if [ "$_st" = 1 ]; then
		[ "$_cov" = "$_on" ] ||
			die "crash_hotplug reads 1 after $1, but the header has '$_cov' of the DIMM, online is '$_on'"
		_ok=$((_ok + 1))
	elif [ "$(hdr_sum)" = "$_h0" ]; then
		_kept=$((_kept + 1))
	elif [ -d ${_fi}_fdt ] && [ "$_cov" = "$_on" ]; then
		_hdronly=$((_hdronly + 1))
	else
		die "an update that failed ($1, crash_hotplug 0) changed the header: it has '$_cov' of the DIMM, online is '$_on'"
	fi
}

scenario() {
	dimm_add d1 $((4 * BLOCK >> 20))
	set -- $DIMM_d1
	_ds=$1 _de=$2
	cpu_add c1
	_cpu=$CPU_c1
	kdump_load
	[ -d $_fi ] || die "no $_fi (CONFIG_FAIL_CRASH_HOTPLUG)"
	[ "$(cat $MEM/crash_hotplug)" = 1 ] || die "crash_hotplug reads 0 after the load"
	_ok=0 _kept=0 _hdronly=0
	_inj0=$(dmesg | grep -c 'crash hotplug: failure injected')
	echo 0 >$_fi/verbose
	echo -1 >$_fi/times
	echo 1 >$_fi/interval
	echo 30 >$_fi/probability
	_r=0
	while [ $_r -lt "${ROUNDS:-4}" ]; do
		for b in $(blocks $_ds $_de); do
			event "${b##*/} offline" "echo offline >$b/state"
			event "${b##*/} online" "echo online_movable >$b/state"
		done
		event "cpu$_cpu offline" "echo 0 >$CPUS/cpu$_cpu/online"
		event "cpu$_cpu online" "echo 1 >$CPUS/cpu$_cpu/online"
		_r=$((_r + 1))
	done
	event "a CPU added" "cpu_add c2"
	# every allocation fails: the update fails, then a load must make the
	# image current again
	echo 100 >$_fi/probability
	set -- $(blocks $_ds $_de)
	event "${1##*/} offline (every allocation failing)" "echo offline >$1/state"
	[ "$(cat $MEM/crash_hotplug)" = 0 ] || die "crash_hotplug reads 1 after an update whose allocations all failed"
	echo 0 >$_fi/probability
	kdump_load
	[ "$(cat $MEM/crash_hotplug)" = 1 ] || die "crash_hotplug reads 0 after a load that followed a failed update"
	event "${1##*/} online" "echo online_movable >$1/state"
	# one failure more, then the next event must bring it back
	echo 100 >$_fi/probability
	event "${2##*/} offline (every allocation failing)" "echo offline >$2/state"
	echo 0 >$_fi/probability
	event "${2##*/} online" "echo online_movable >$2/state"
	[ "$(cat $MEM/crash_hotplug)" = 1 ] || die "crash_hotplug reads 0 after a good update that followed a failed one"
	_inj=$(($(dmesg | grep -c 'crash hotplug: failure injected') - _inj0))
	log "allocation failures injected: $_inj ($(dmesg | sed -n 's/.*crash hotplug: failure injected at \(.*\)/\1/p' | sort | uniq -c | awk '{printf "%s %s; ", $2, $1}'))"
	log "events: $_ok updated, $_kept failed with the header kept, $_hdronly failed in the device tree with the header published"
	[ $_ok -gt 0 ] && [ $_kept -gt 0 ] || die "no update both failed and succeeded ($_ok updated, $_kept kept): proves nothing"
	no_splat
	markers $_ds $_de 128
	crash_on "$CPU_c2"
}
