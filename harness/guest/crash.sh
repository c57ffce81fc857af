# Crash kernel: the verdict's facts come from /proc/vmcore only.
: >/host/crash-up
log "crash kernel up, checking /proc/vmcore"
set -- --expect /host/expect.txt --save-head /host/vmcore-head
[ ! -s /host/markers.txt ] || set -- "$@" --markers /host/markers.txt
vmcore-check "$@" /proc/vmcore >/host/check.txt 2>&1
echo $? >/host/check.rc
log "saving the dump with makedumpfile -l -d 31"
makedumpfile -l -d 31 /proc/vmcore /host/dump.kdump >/host/makedumpfile.log 2>&1
echo $? >/host/makedumpfile.rc
log "crash kernel done"
