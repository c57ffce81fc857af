#!/usr/bin/env python3
"""Boot one guest in QEMU and serve its hotplug requests over QMP.

  vm.py --arch ARCH --share DIR --append "ARGS" [--timeout S] [--kvm]
        [--mem SIZE] [--maxmem SIZE] [--virtio-mem SIZE] [--maxcpus N]

DIR is shared with the guest over virtio-9p (mount tag "host") and must
hold "kernel" and "initrd". The guest asks for hotplug actions by writing
DIR/ctl/req.N (one line: VERB ARGS); this script performs them over QMP and
answers in DIR/ctl/ack.N ("ok [details]" or "error REASON"). The serial
console goes to DIR/console.log. QEMU is killed on every exit path,
including this script being killed (PR_SET_PDEATHSIG).
The guest marks its crash by writing "crash_pid" into DIR/expect.txt and
the crash kernel's arrival by creating DIR/crash-up: a crash kernel that
has not arrived --crash-timeout seconds after the crash never booted.
--virtio-mem SIZE: a virtio-mem-pci device "vmem0" of up to SIZE, 2 MiB
blocks, nothing plugged at boot; its memory is a file on the host's tmpfs
(/dev/shm), where reading a hole allocates a page. When QEMU is gone, the
parts of the file that hold data (SEEK_DATA) are the device memory somebody
wrote or read since it was last plugged: DIR/vmem-touched.txt lists them
as guest physical ranges ("touched 0xSTART 0xEND"), then the file goes.
--maxcpus N: room for N CPUs (the arch's -smp with maxcpus=N; where it
names cores, as many cores as that makes). "cpu-add DEV last" plugs the
CPU into the last free slot instead of the first.
Exit status: QEMU's, 124 on timeout, 3 if the crash kernel never came up,
125 if QEMU died of a signal.
"""
import argparse
import ctypes
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

ARCH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "arch")
# the grammar of arch/ARCH.conf, as scripts/arch.sh reads it
CONF_LINE = re.compile(r'([A-Z][A-Z0-9_]*)=(?:"([^"$`\\]*)"|([^\s"\'$`\\;&|()<>#]*))(\s+#.*)?')


def arch_facts(arch):
    """The KEY=value facts of arch/ARCH.conf; SystemExit for an unknown
    arch (naming the known ones) or a line that is not KEY=value."""
    path = os.path.join(ARCH_DIR, arch + ".conf")
    if not os.path.isfile(path):
        known = sorted(f[:-5] for f in os.listdir(ARCH_DIR) if f.endswith(".conf"))
        sys.exit(f"vm: unknown arch '{arch}': one of {' '.join(known)}")
    facts = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if re.fullmatch(r"\s*(#.*)?", line):
                continue
            m = CONF_LINE.fullmatch(line)
            if not m:
                sys.exit(f"vm: arch/{arch}.conf:{n}: not a comment nor KEY=value")
            facts[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(3)
    return facts


class QMP:
    """A minimal QMP client: one command at a time, other messages skipped."""

    def __init__(self, path, proc):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if proc.poll() is not None:
                    raise EOFError("QEMU exited before QMP was up")
                time.sleep(0.05)
        # a QEMU whose main loop hangs must not hang us
        self.sock.settimeout(120)
        self.buf = b""
        while "QMP" not in self._read():  # the greeting
            pass
        self.cmd("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = json.dumps({"execute": name, "arguments": args}) + "\n"
        self.sock.sendall(msg.encode())
        while True:  # the reply is the next "return" or "error"
            msg = self._read()
            if "return" in msg:
                return msg["return"]
            if "error" in msg:
                raise RuntimeError(f"{name}: {msg['error']['desc']}")
            if "event" not in msg:
                print(f"vm: unexpected QMP message {msg}", file=sys.stderr)

    def present(self, dev):
        """Is device DEV (a DIMM or a CPU we plugged) still in the machine?"""
        path = "/machine/peripheral/" + dev
        return (any(c.get("qom-path") == path
                    for c in self.cmd("query-hotpluggable-cpus"))
                or any(d["data"].get("id") == dev
                       for d in self.cmd("query-memory-devices")))

    def wait_gone(self, dev, timeout):
        """Poll until DEV is gone. QEMU 7.2 sends DEVICE_DELETED for an x86
        CPU's lapic child but not for the CPU, so events are not used."""
        end = time.time() + timeout
        while self.present(dev):
            if time.time() > end:
                return False
            time.sleep(0.2)
        return True


USED_SLOTS = []
VMEM = "/machine/peripheral/vmem0"


def vmem_resize(qmp, mib):
    """Ask the virtio-mem device for MIB MiB plugged and wait until the
    guest's driver has (un)plugged that much: "ADDR SIZE" of the device.
    A guest that stops short (pages it cannot migrate away: its driver
    would retry only after 50 s or more) is left where it stopped, as an
    autoscaler leaves a guest that cannot give memory back: the request
    becomes what is plugged, and the answer says "short"."""
    want = int(mib) << 20
    qmp.cmd("qom-set", path=VMEM, property="requested-size", value=want)
    last, since, end = None, time.time(), time.time() + 120
    while True:
        got = qmp.cmd("qom-get", path=VMEM, property="size")
        if got == want:
            break
        if got != last:
            last, since = got, time.time()
        elif time.time() > since + 10 or time.time() > end:
            qmp.cmd("qom-set", path=VMEM, property="requested-size", value=got)
            break
        time.sleep(0.2)
    addr = qmp.cmd("qom-get", path=VMEM, property="memaddr")
    return f"{addr:#x} {got:#x}" + ("" if got == want else f" short {want:#x}")


def touched_ranges(path, base):
    """The data extents of file PATH (a tmpfs file: holes are memory nobody
    touched), as (start, end) guest physical addresses from BASE."""
    out = []
    with open(path, "rb") as f:
        fd, pos, size = f.fileno(), 0, os.fstat(f.fileno()).st_size
        while pos < size:
            try:
                start = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError:  # ENXIO: no data after pos
                break
            pos = os.lseek(fd, start, os.SEEK_HOLE)
            out.append((base + start, base + pos))
    return out


def with_maxcpus(args, n):
    """ARGS with -smp's maxcpus=N, and cores= to match where it is named."""
    i = args.index("-smp") + 1
    spec = dict(kv.split("=") if "=" in kv else ("cpus", kv)
                for kv in args[i].split(","))
    spec["maxcpus"] = str(n)
    if "cores" in spec:
        per_core = int(spec.get("threads", 1)) * int(spec.get("sockets", 1))
        spec["cores"] = str(n // per_core)
    args[i] = ",".join(v if k == "cpus" else f"{k}={v}" for k, v in spec.items())
    return args


def serve(qmp, verb, args):
    """Perform one guest request; return the answer line."""
    if verb == "dimm-add":
        dev, mib = args
        # reserve=False (MAP_NORESERVE): a DIMM larger than the host's
        # memory (the benchmark's) is backed only where the guest writes
        qmp.cmd("object-add", **{"qom-type": "memory-backend-ram",
                                 "id": "mem-" + dev, "size": int(mib) << 20,
                                 "reserve": False})
        qmp.cmd("device_add", driver="pc-dimm", id=dev, memdev="mem-" + dev)
        for d in qmp.cmd("query-memory-devices"):
            if d["data"].get("id") == dev:
                return f"ok {d['data']['addr']:#x} {d['data']['size']:#x}"
        return "error DIMM not listed after device_add"
    if verb == "cpu-add":
        dev, where = (args + ["first"])[:2]
        # Never reuse a slot: QEMU 7.2 (TCG, x86) segfaults when a CPU is
        # plugged into a slot whose CPU was unplugged in the same run.
        free = [c for c in qmp.cmd("query-hotpluggable-cpus")
                if "qom-path" not in c and c["props"] not in USED_SLOTS]
        if not free:
            return "error no free CPU slot"
        pick = max if where == "last" else min
        slot = pick(free, key=lambda c: sorted(c["props"].items()))
        USED_SLOTS.append(slot["props"])
        qmp.cmd("device_add", driver=slot["type"], id=dev, **slot["props"])
        return "ok " + " ".join(f"{k}={v}" for k, v in slot["props"].items())
    if verb == "vmem-resize":
        (mib,) = args
        return "ok " + vmem_resize(qmp, mib)
    if verb in ("dimm-del", "cpu-del"):
        (dev,) = args
        qmp.cmd("device_del", id=dev)
        if not qmp.wait_gone(dev, 120):
            return f"error {dev} was not released by the guest"
        if verb == "dimm-del":
            qmp.cmd("object-del", id="mem-" + dev)
        return "ok"
    return f"error unknown request {verb}"


def crash_started(share):
    try:
        with open(os.path.join(share, "expect.txt")) as f:
            return "crash_pid" in f.read()
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", required=True, help="a name of arch/NAME.conf")
    ap.add_argument("--share", required=True)
    ap.add_argument("--append", default="")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--crash-timeout", type=float, default=120)
    ap.add_argument("--kvm", action="store_true")
    ap.add_argument("--mem", default="2G", help="boot memory (QEMU -m)")
    ap.add_argument("--maxmem", default="8G", help="room for DIMMs (QEMU -m maxmem=)")
    ap.add_argument("--maxcpus", type=int, metavar="N",
                    help="room for N CPUs (rewrites the arch's -smp)")
    ap.add_argument("--virtio-mem", metavar="SIZE",
                    help="a virtio-mem device of up to SIZE (QEMU size, e.g. 1G)")
    o = ap.parse_args()

    share = os.path.abspath(o.share)
    ctl = os.path.join(share, "ctl")
    os.makedirs(ctl, exist_ok=True)
    qmp_path = os.path.join(share, "qmp.sock")
    facts = arch_facts(o.arch)
    qemu_args = shlex.split(facts["QEMU_ARGS"])
    if o.maxcpus:
        qemu_args = with_maxcpus(qemu_args, o.maxcpus)
    cmd = [facts["QEMU"]] + qemu_args + [
        "-m", f"{o.mem},slots=4,maxmem={o.maxmem}",
        "-accel", "kvm" if o.kvm else os.environ.get("KDTEST_TCG", "tcg"),
        "-kernel", os.path.join(share, "kernel"),
        "-initrd", os.path.join(share, "initrd"),
        "-append", o.append,
        "-display", "none", "-monitor", "none", "-nic", "none",
        "-no-reboot",
        "-chardev", f"file,id=con,path={share}/console.log",
        "-serial", "chardev:con",
        "-qmp", f"unix:{qmp_path},server=on,wait=off",
        "-virtfs", f"local,path={share},mount_tag=host,security_model=none,id=host",
    ]
    vmem_file = None
    if o.virtio_mem:
        vmem_file = f"/dev/shm/kdtest-vmem-{os.getpid()}"
        cmd += ["-object", f"memory-backend-file,id=vmem0mem,mem-path={vmem_file},"
                f"size={o.virtio_mem},share=on",
                "-device", "virtio-mem-pci,id=vmem0,memdev=vmem0mem,"
                "block-size=2M,requested-size=0"]
    # the exact command, shell-quoted, next to the console log
    with open(os.path.join(share, "qemu.cmd"), "w") as f:
        f.write(shlex.join(cmd) + "\n")
    libc = ctypes.CDLL(None, use_errno=True)

    def child_setup():
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

    deadline = time.time() + o.timeout
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: go when the runner goes
    with open(os.path.join(share, "qemu.log"), "w") as qlog:
        proc = subprocess.Popen(cmd, stdout=qlog, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=child_setup)
    vmem_base = None
    try:
        qmp = QMP(qmp_path, proc)
        if vmem_file:
            vmem_base = qmp.cmd("qom-get", path=VMEM, property="memaddr")
        n = 1
        crashed = None
        while proc.poll() is None:
            if time.time() > deadline:
                print(f"vm: timeout after {o.timeout:.0f} s", file=sys.stderr)
                return 124
            if crashed is None and crash_started(share):
                crashed = time.time()
            if (crashed and time.time() > crashed + o.crash_timeout
                    and not os.path.exists(os.path.join(share, "crash-up"))):
                print(f"vm: no crash kernel {o.crash_timeout:.0f} s after "
                      "the crash", file=sys.stderr)
                return 3
            req = os.path.join(ctl, f"req.{n}")
            if not os.path.exists(req):
                time.sleep(0.05)
                continue
            with open(req) as f:
                words = f.read().split()
            try:
                answer = serve(qmp, words[0], words[1:])
            except (RuntimeError, ValueError, IndexError) as e:
                answer = f"error {e}"
            with open(os.path.join(share, "host.log"), "a") as f:
                f.write(f"{time.time() - deadline + o.timeout:7.2f} "
                        f"{' '.join(words)} -> {answer}\n")
            tmp = os.path.join(ctl, f".ack.{n}")
            with open(tmp, "w") as f:
                f.write(answer + "\n")
            os.rename(tmp, os.path.join(ctl, f"ack.{n}"))
            n += 1
    except (EOFError, ConnectionError):  # QEMU went away
        proc.wait(timeout=10)
    except TimeoutError:
        print("vm: QEMU stopped answering QMP", file=sys.stderr)
        return 124
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if vmem_file and os.path.exists(vmem_file):
            if vmem_base is not None:
                with open(os.path.join(share, "vmem-touched.txt"), "w") as f:
                    for s, e in touched_ranges(vmem_file, vmem_base):
                        f.write(f"touched {s:#x} {e:#x}\n")
            os.unlink(vmem_file)
    if proc.returncode < 0:
        print(f"vm: QEMU died with signal {-proc.returncode}", file=sys.stderr)
        return 125
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
