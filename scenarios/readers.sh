# kdtest: needs=dimm-add
# Unprivileged readers: users that are not root (hp-reader drops to
# nobody), one per file, all at once, read the files that say how big the crash region is and
# whether the loaded image is kept current (kexec_crash_size, both
# crash_hotplug files, crash_elfcorehdr_size) in a tight loop while the
# blocks of a DIMM go offline and online. First with the image loaded
# throughout: crash_hotplug must read 1 every time (a 0 makes the udev
# rule reload for nothing; and a reader that holds the kexec lock while
# an update is pending keeps a panic from saving a dump), and no read may
# fail. Then loads and unloads join the churn (crash_hotplug may read 0
# during a load): kexec_crash_size must still never fail, and no load or
# unload may fail because a reader is busy. The dump of a crash at the
# end must hold exactly what was online.
# kdtest.rounds= on the kernel command line (default 4): loads in the
# second part.

# readers SECONDS: one hp-reader per file, all at once, for SECONDS (one
# reader could not see another file change while it reads the first);
# their output in /tmp/readers
readers() {
	_pids= _i=0
	for _f in /sys/kernel/kexec_crash_size $MEM/crash_hotplug \
		$CPUS/crash_hotplug /sys/kernel/crash_elfcorehdr_size; do
		hp-reader "$1" $_f >/tmp/readers.$_i &
		_pids="$_pids $!" _i=$((_i + 1))
	done
	for _p in $_pids; do wait $_p || die "hp-reader failed"; done
	cat /tmp/readers.* >/tmp/readers
	rm -f /tmp/readers.*
	log "readers: $(tr '\n' ';' </tmp/readers)"
}

# bad_reads FILE-REGEX GOOD: "FILE read V in N of M reads;" for every value
# V that does not match the shell pattern GOOD (errors are E<errno>), of
# the files matching FILE-REGEX
bad_reads() {
	grep -E "^$1 " /tmp/readers | while read -r _f _r _n _vals; do
		for _v in $_vals; do
			# shellcheck disable=SC2254
			case "${_v%:*}" in
			$2) ;;
			*) printf '%s read %s in %s of %s reads;' "${_f#/sys/}" "${_v%:*}" "${_v##*:}" "$_n" ;;
			esac
		done
	done
}

# churn BLOCK...: offline and online the blocks until /tmp/stop exists;
# the number of rounds done is in /tmp/churns
churn() {
	rm -f /tmp/stop
	echo 0 >/tmp/churns
	(_n=0
	while [ ! -e /tmp/stop ]; do
		for b in "$@"; do
			echo offline >$b/state
			echo online_movable >$b/state
		done
		_n=$((_n + 1))
		echo $_n >/tmp/churns
	done) 2>/dev/null &
	_churn=$!
}

# churn_stop BLOCK...: stop churn, check it ran, online the blocks again
churn_stop() {
	touch /tmp/stop
	wait $_churn
	[ "$(cat /tmp/churns)" -gt 0 ] || die "the blocks never went offline and online"
	for b in "$@"; do
		[ "$(cat $b/state)" = online ] || echo online_movable >$b/state ||
			die "cannot online $b again"
	done
}

scenario() {
	for f in /sys/kernel/kexec_crash_size $MEM/crash_hotplug \
		$CPUS/crash_hotplug /sys/kernel/crash_elfcorehdr_size; do
		[ -e $f ] || die "no $f"
	done
	dimm_add d1 512
	kdump_load
	set -- $(blocks $DIMM_d1)

	churn "$@"
	readers 12
	churn_stop "$@"
	_bad=$(bad_reads '.*/crash_hotplug' 1)$(bad_reads '.*/kexec_crash_size' '[0-9]*')
	log "loaded throughout: $(cat /tmp/churns) churn rounds; ${_bad:-no bad read}"

	# loads and unloads that fail (the kexec lock busy: a reader holds
	# it) are counted, and reported with the reads
	churn "$@"
	readers 20 &
	_readers=$!
	_n=0 _kfail=0
	: >/tmp/kexec.err
	while [ $_n -lt "${ROUNDS:-4}" ]; do
		# a step fails when kexec does, or when it leaves the wrong state
		$(kdump_kexec) -p -u 2>>/tmp/kexec.err &&
			[ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ] || _kfail=$((_kfail + 1))
		kdump_try_load >/dev/null 2>>/tmp/kexec.err &&
			[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || _kfail=$((_kfail + 1))
		_n=$((_n + 1))
	done
	wait $_readers
	churn_stop "$@"
	[ $_kfail = 0 ] ||
		_bad="$_bad $_kfail of $((2 * _n)) unloads and loads failed ($(tail -n1 /tmp/kexec.err));"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || _bad="$_bad no crash kernel loaded after the loads;"
	# a value (any number) is fine; an error is not
	for _e in $(grep -E '^/sys/kernel/kexec_crash_size ' /tmp/readers | grep -oE ' E[0-9]+:[0-9]+'); do
		_bad="$_bad kexec_crash_size read ${_e%:*} (an errno) in ${_e#*:} reads during loads;"
	done
	log "with $_n loads and unloads: $(cat /tmp/churns) churn rounds"
	[ -z "$_bad" ] || die "$(echo "$_bad" | sed 's/^ *//; s/;$//')"
	crash_on 0
}
