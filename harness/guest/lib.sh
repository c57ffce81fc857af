# Shared by the first kernel and the crash kernel (sourced by /init).

# the arch's facts (arch/ARCH.conf of the host, KEY=value lines)
. /host/arch.conf

# param NAME: value of NAME= on the kernel command line
param() {
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1="*) echo "${w#*=}"; return ;; esac
	done
}

log() {
	echo "kdtest: $*"
	echo "$*" >>/host/guest.log
}

# die MSG: record why the run cannot go on, and stop the machine.
die() {
	log "ERROR: $*"
	echo "$*" >>/host/error
	poweroff -f
	sleep 60
}

# wait_until 'COMMAND' WHAT [SECONDS]: poll COMMAND every 0.1 s.
wait_until() {
	_n=$((${3:-120} * 10))
	while ! eval "$1"; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || die "timed out waiting for $2"
		usleep 100000
	done
}

# cpulist LIST: expand "0-2,5" into one number a line
cpulist() {
	echo "$1" | tr ',' '\n' | while IFS=- read -r a b; do
		[ -n "$a" ] && seq "$a" "${b:-$a}"
	done
}

hex() { printf '0x%x' "$1"; }

# mark TEXT: a line in the trace buffer, timestamped by the kernel's trace
# clock like the kernel's own entries, once the benchmark has set tracing
# up (scenarios/bench.sh creates /run/kdtest-trace); nothing otherwise
mark() {
	[ ! -e /run/kdtest-trace ] || echo "$*" >/sys/kernel/debug/tracing/trace_marker
}
