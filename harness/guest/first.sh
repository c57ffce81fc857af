# First kernel: verbs for scenarios, then run the scenario named on the
# command line. A scenario is scenarios/NAME.sh defining scenario().

ARCH=$(uname -m)
SCENARIO=$(param kdtest.scenario)
LOAD=$(param kdtest.load)
ROUNDS=$(param kdtest.rounds)
MEM=/sys/devices/system/memory
CPUS=/sys/devices/system/cpu
BLOCK=$((0x$(cat $MEM/block_size_bytes)))
mkdir -p /host/ctl
echo 0 >/proc/sys/vm/compact_unevictable_allowed 2>/dev/null || true

. /lib/kdtest/kdump.sh

# host VERB ARGS...: ask the host to do a QMP action; its answer (after
# "ok") is left in REPLY. Requests and answers are files on the 9p share.
REQ=0
host() {
	REQ=$((REQ + 1))
	echo "$*" >/host/ctl/.req.$REQ
	mv /host/ctl/.req.$REQ /host/ctl/req.$REQ
	wait_until "[ -e /host/ctl/ack.$REQ ]" "the host to do '$*'" 180
	read -r REPLY </host/ctl/ack.$REQ
	case "$REPLY" in
	ok*) REPLY=${REPLY#ok} REPLY=${REPLY# } ;;
	*) die "host could not do '$*': $REPLY" ;;
	esac
}

# blocks START END: memory block directories covering [START, END)
blocks() {
	_b=$(($1 / BLOCK))
	while [ "$_b" -lt $(($2 / BLOCK)) ]; do
		echo $MEM/memory$_b
		_b=$((_b + 1))
	done
}

# dimm_add ID MIB: plug a DIMM, wait until all its blocks are online.
# Sets DIMM_ID="START END".
dimm_add() {
	host dimm-add "$1" "$2"
	set -- "$1" $REPLY
	eval "DIMM_$1=\"$(($2)) $(($2 + $3))\""
	for b in $(blocks $(($2)) $(($2 + $3))); do
		wait_until "[ -e $b/state ]" "$b to appear"
		# the kernel may be onlining it itself (memhp_default_state)
		[ "$(cat $b/state)" = online ] ||
			echo online_movable >$b/state 2>/dev/null ||
			[ "$(cat $b/state)" = online ] || die "cannot online $b"
	done
	log "DIMM $1 online at $(hex $(($2)))-$(hex $(($2 + $3)))"
}

# dimm_remove ID: offline the DIMM's blocks, unplug it, wait until gone.
dimm_remove() {
	eval "set -- $1 \$DIMM_$1"
	for b in $(blocks "$2" "$3"); do
		_try=0
		until [ "$(cat $b/state)" = offline ]; do
			echo offline >$b/state 2>/dev/null && break
			_try=$((_try + 1))
			[ $_try -lt 20 ] || die "cannot offline $b"
			sleep 1
		done
	done
	host dimm-del "$1"
	for b in $(blocks "$2" "$3"); do
		wait_until "[ ! -e $b ]" "$b to go away"
	done
	# a range that must not be in the dump's memory map (crash-check.sh)
	echo "removed $(hex "$2") $(hex "$3")" >>/host/removed.txt
	log "DIMM $1 removed"
}

# cpu_add ID [last]: plug a CPU (into the first free slot, or the last),
# online it. Sets CPU_ID and NEWCPU to its number, REPLY to the slot.
cpu_add() {
	_before=$(cat $CPUS/present)
	host cpu-add "$@"
	wait_until "[ \"\$(cat $CPUS/present)\" != '$_before' ]" "CPU $1 to appear"
	NEWCPU=$(cpulist "$(cat $CPUS/present)" | grep -vxF "$(cpulist "$_before")" | head -n1)
	wait_until "[ -e $CPUS/cpu$NEWCPU/online ]" "cpu$NEWCPU in sysfs"
	[ "$(cat $CPUS/cpu$NEWCPU/online)" = 1 ] || echo 1 >$CPUS/cpu$NEWCPU/online ||
		die "cannot online cpu$NEWCPU"
	eval "CPU_$1=$NEWCPU"
	log "CPU $1 online as cpu$NEWCPU"
}

# cpu_remove ID: unplug a CPU added by cpu_add, or only take it offline
# (the same CPU hotplug teardown in the kernel) where the arch's
# CPU_REMOVE=offline says the machine cannot unplug it (arch/ARCH.conf).
cpu_remove() {
	eval "_cpu=\$CPU_$1"
	if [ "$CPU_REMOVE" = offline ]; then
		echo 0 >$CPUS/cpu$_cpu/online || die "cannot offline cpu$_cpu"
		log "CPU $1 (cpu$_cpu) offline ($ARCH: no vCPU unplug under TCG)"
		return
	fi
	host cpu-del "$1"
	wait_until "! cpulist \"\$(cat $CPUS/present)\" | grep -qx $_cpu" "cpu$_cpu to go away"
	log "CPU $1 (cpu$_cpu) removed"
}

# vmem_ranges: "START END" (hex, END inclusive) of virtio-mem's memory
# blocks, "System RAM (virtio_mem)" under the device's own resource
vmem_ranges() {
	grep ' : System RAM (virtio_mem)$' /proc/iomem | sed 's/^ *//' |
		cut -d' ' -f1 | tr '-' ' '
}

# vmem_settled BYTES: virtio-mem's driver has BYTES plugged, every memory
# block it added is online, and none is wholly unplugged (a block whose
# last part went is offlined and removed: that is still to come)
vmem_settled() {
	_plugged=0
	vmem_ranges >/tmp/vmem.settle
	while read -r _s _e; do
		_s=$((0x$_s)) _e=$((0x$_e + 1))
		for _b in $(blocks $_s $_e); do
			[ "$(cat $_b/state 2>/dev/null)" = online ] || return 1
		done
		page-offline "$(hex $_s)" "$(hex $_e)" >/tmp/vmem.off || return 1
		_plugged=$((_plugged + _e - _s))
		while read -r _ _os _oe; do
			_os=$((_os)) _oe=$((_oe))
			_plugged=$((_plugged - (_oe - _os)))
			_bs=$(((_os + BLOCK - 1) / BLOCK * BLOCK))
			[ $((_bs + BLOCK)) -gt $_oe ] || return 1
		done </tmp/vmem.off
	done </tmp/vmem.settle
	[ "$_plugged" = "$1" ]
}

# vmem_resize MIB: have MIB MiB plugged in the virtio-mem device (grow or
# shrink, in its 2 MiB blocks), wait until the guest's memory shows it.
# A shrink the guest cannot complete stops where it could (vm.py). Sets
# VMEM="START END" of the device's region (up to what is plugged).
vmem_resize() {
	host vmem-resize "$1"
	set -- $REPLY
	VMEM="$(($1)) $(($1 + $2))"
	wait_until "vmem_settled $(($2))" "virtio-mem to settle at $(($2 >> 20)) MiB"
	log "virtio-mem at $(($2 >> 20)) MiB${4:+ (asked for $(($4 >> 20)) MiB)}: $(vmem_ranges | tr '\n' ' ')"
}

# udev_start: run systemd-udevd with the shipped rules
# (/etc/udev/rules.d/50-kdump-tools.rules); it handles uevents from now on.
# A rule of the harness (99-kdtest-seen.rules) lists every CPU and memory
# event it processed in /run/kdtest-events.
udev_start() {
	mkdir -p /run/udev
	: >/run/kdump-reloads
	: >/run/kdtest-events
	/lib/systemd/systemd-udevd --daemon --resolve-names=never 2>/tmp/udevd.log ||
		die "systemd-udevd did not start: $(tail -n1 /tmp/udevd.log)"
	udevadm control --ping || die "systemd-udevd does not answer ($(tail -n1 /tmp/udevd.log))"
	udevadm settle -t 30 || die "udevadm settle failed"
	log "systemd-udevd $(udevadm --version) running"
}

# udev_saw CPU: wait until udevd has handled the events, and check that it
# saw a memory block going online and CPU number CPU (x86: "add" and
# "online"; powerpc only "online": it registers a device for every possible
# CPU at boot). No reload proves nothing if udevd saw no event.
udev_saw() {
	udevadm settle -t 120 || die "udevadm settle timed out"
	# settle does not fail when udevd is gone
	udevadm control --ping || die "systemd-udevd is gone"
	grep -q '^online .*/memory/memory' /run/kdtest-events &&
		grep -q " /devices/system/cpu/cpu$1\$" /run/kdtest-events ||
		die "udev did not see the events: $(tr '\n' ';' </run/kdtest-events)"
}

# markers START END [MIB]: stamp pages of a fresh allocation and keep those
# in [START, END) as markers the dump must contain.
markers() {
	rm -f /host/markers.txt
	marker-write --mib "${3:-64}" --nonce "$(hex $$$(date +%s))" \
		--out /host/markers.txt --range "$(hex "$1")-$(hex "$2")" &
	wait_until "[ -e /host/markers.txt ] || ! kill -0 $! 2>/dev/null" "marker-write"
	grep -q '^marker' /host/markers.txt 2>/dev/null ||
		die "no marker page landed in $(hex "$1")-$(hex "$2")"
	log "$(grep -c '^marker' /host/markers.txt) marker pages in $(hex "$1")-$(hex "$2")"
}

# dt_num FILE: a big-endian device tree number property, in decimal
dt_num() { echo $((0x$(od -An -tx1 "$1" | tr -d ' \n'))); }

# crash_region: "START END" of the reserved crash kernel region (x86:
# /proc/iomem; powerpc does not list it there but in the device tree)
crash_region() {
	_r=$(grep ' : Crash kernel$' /proc/iomem | head -n1 | tr -d ' ' | cut -d: -f1)
	if [ -n "$_r" ]; then
		echo "$((0x${_r%-*})) $((0x${_r#*-} + 1))"
	else
		_s=$(dt_num /proc/device-tree/chosen/linux,crashkernel-base)
		echo "$_s $((_s + $(dt_num /proc/device-tree/chosen/linux,crashkernel-size)))"
	fi
}

# expect: what the dump must hold now: System RAM of online memory blocks,
# less the crash region; the number of online CPUs. EXPECT_OFFLINE=BLOCK:
# as if the memory block directory BLOCK were offline.
expect() {
	set -- $(crash_region)
	_cs=$1 _ce=$2
	grep ' : System RAM$' /proc/iomem | grep -v '^ ' | cut -d' ' -f1 |
		tr '-' ' ' >/tmp/sysram
	# where the arch's /proc/iomem lists no System RAM (IOMEM_RAM=no,
	# pseries), every memory block is RAM
	if [ ! -s /tmp/sysram ]; then
		[ "$IOMEM_RAM" = no ] || die "no System RAM in /proc/iomem"
		echo "0 ffffffffffffff" >/tmp/sysram
	fi
	echo "ignore_below 0x100000"
	# virtio-mem's blocks (vmem_resize leaves them all online): the
	# unplugged parts of a block are logically offline pages that stay
	# inside its "System RAM (virtio_mem)". The header describes whole
	# resources, so the dump may cover them (optional), but they hold
	# nothing and nobody may read them: judge.sh checks, with the device's
	# backing file, that all device memory touched is "ram" here.
	vmem_ranges >/tmp/vmemram
	while read -r s e; do
		s=$((0x$s)) e=$((0x$e + 1))
		page-offline "$(hex $s)" "$(hex $e)" >/tmp/vmemoff || exit 1
		_p=$s
		while read -r _ os oe; do
			os=$((os)) oe=$((oe))
			[ $_p -ge $os ] || echo "ram $(hex $_p) $(hex $os)"
			echo "optional $(hex $os) $(hex $oe)"
			_p=$oe
		done </tmp/vmemoff
		[ $_p -ge $e ] || echo "ram $(hex $_p) $(hex $e)"
	done </tmp/vmemram
	for b in $MEM/memory[0-9]*; do
		[ "$(cat $b/state)" = online ] || continue
		# the state after an event still to come: that block offline
		[ "$b" != "${EXPECT_OFFLINE:-}" ] || continue
		_bs=$((${b##*/memory} * BLOCK)) _be=$((${b##*/memory} * BLOCK + BLOCK))
		while read -r s e; do
			s=$((0x$s)) e=$((0x$e + 1))
			[ $s -gt $_bs ] || s=$_bs
			[ $e -lt $_be ] || e=$_be
			[ $s -lt $e ] || continue
			# cut out the crash region
			if [ $_ce -le $s ] || [ $_cs -ge $e ]; then
				echo "ram $(hex $s) $(hex $e)"
			else
				[ $s -ge $_cs ] || echo "ram $(hex $s) $(hex $_cs)"
				[ $e -le $_ce ] || echo "ram $(hex $_ce) $(hex $e)"
			fi
		done </tmp/sysram
	done
	# powerpc loaders may dump the RTAS firmware area too, even inside the
	# crash region: kexec_file exactly, kexec-tools rounded up to its page
	_d=/proc/device-tree/rtas
	if [ -e $_d/linux,rtas-base ]; then
		_s=$(dt_num $_d/linux,rtas-base)
		_e=$((_s + $(dt_num $_d/rtas-size)))
		echo "optional $(hex $_s) $(hex $(((_e + 0xffff) & ~0xffff)))"
	fi
	echo "cpus $(cpulist "$(cat $CPUS/online)" | wc -l)"
}

# no_splat: die if the kernel logged a warning, a lockdep or KASAN report,
# a hung task or a sleep in atomic context (what the debug variant finds)
no_splat() {
	if dmesg | grep -E 'WARNING:|BUG:|KASAN:|INFO: task|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|sleeping function called' >/tmp/splat; then
		die "kernel splat: $(head -n1 /tmp/splat)"
	fi
	# with kmemleak (the debug variant): no leak allocated by crash or
	# kexec code (an object is reported once it is 5 s old)
	_kml=/sys/kernel/debug/kmemleak
	[ -w $_kml ] || return 0
	sleep 6
	echo scan >$_kml && echo scan >$_kml && cat $_kml >/tmp/kmemleak ||
		die "cannot read $_kml"
	awk '/^unreferenced object/ { o = $0; hit = 0 }
	     /^ *\[<[0-9a-f]*>\] .*(crash|kexec)/ && !hit { print o; hit = 1 }' \
		/tmp/kmemleak >/tmp/kml-ours
	log "kmemleak: $(grep -c '^unreferenced object' /tmp/kmemleak) unreferenced objects, $(wc -l </tmp/kml-ours) allocated by crash or kexec code"
	[ ! -s /tmp/kml-ours ] || die "kmemleak: $(head -n1 /tmp/kml-ours), allocated by crash or kexec code"
}

# crash_on CPU: record the expectation, then crash on CPU.
crash_on() {
	cpulist "$(cat $CPUS/online)" | grep -qx "$1" || die "cpu$1 is not online"
	# a subshell: an arithmetic error would end /init itself
	(expect) >/host/expect.tmp || die "cannot compute what the dump must hold"
	mv /host/expect.tmp /host/expect.txt
	# for crash(8) (scripts/crash-check.sh): the CPU, and what the kernel
	# counts as its memory (totalram pages, in kB)
	echo "$1" >/host/crash-cpu
	sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo >/host/memtotal
	# the size of the ELF core header as loaded now, where the kernel shows
	# it (debugfs): the crash kernel must keep all of it (scripts/judge.sh)
	_h=/sys/kernel/debug/crash_hotplug/elfcorehdr
	[ ! -r $_h ] || wc -c <$_h >/host/elfcorehdr-size 2>/dev/null ||
		rm -f /host/elfcorehdr-size
	log "crashing on cpu$1"
	taskset -c "$1" sh -c "echo crash_pid \$\$ >>/host/expect.txt
		echo c >/proc/sysrq-trigger"
	die "still alive after the crash"
}

# NAME-ARGS: scenarios/NAME.sh, with SCENARIO_ARGS=ARGS (fault-copy-park)
_file=$SCENARIO
while [ ! -f "/scenarios/$_file.sh" ] && [ "$_file" != "${_file%-*}" ]; do
	_file=${_file%-*}
done
SCENARIO_ARGS=${SCENARIO#"$_file"} SCENARIO_ARGS=${SCENARIO_ARGS#-}
[ -f "/scenarios/$_file.sh" ] || die "no scenario '$SCENARIO'"
. "/scenarios/$_file.sh"
log "scenario $SCENARIO on $ARCH, load=$LOAD"
scenario
die "scenario $SCENARIO returned without crashing"
