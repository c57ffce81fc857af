#!/usr/bin/env python3
"""harness/vm.py against a fake QMP server on a Unix socket: the arch data
loader, the CPU slot choice (lowest free slot, never one used before in
the run) and the DIMM plug. Prints KTAP; exit 1 if anything failed."""
import json
import os
import socket
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "harness"))
import vm  # noqa: E402


class FakeQemu:
    """Answers QMP like QEMU 7.2 for the commands vm.py sends."""

    def __init__(self, path):
        self.log = []
        self.cpus = [{"type": "qemu64-x86_64-cpu", "props": {"socket-id": s, "core-id": 0, "thread-id": 0}}
                     for s in range(4)]
        for c in self.cpus[:2]:
            c["qom-path"] = "/machine/unattached/device[%d]" % c["props"]["socket-id"]
        self.dimms = []
        self.srv = socket.socket(socket.AF_UNIX)
        self.srv.bind(path)
        self.srv.listen(1)
        threading.Thread(target=self.run, daemon=True).start()

    def answer(self, cmd, args):
        self.log.append((cmd, args))
        if cmd == "query-hotpluggable-cpus":
            return self.cpus
        if cmd == "device_add" and args["driver"] == "pc-dimm":
            self.dimms.append({"type": "dimm", "data": {"id": args["id"], "addr": 0x100000000 + len(self.dimms) * 0x20000000, "size": 0x20000000}})
            return {}
        if cmd == "device_add":
            props = {k: v for k, v in args.items() if k not in ("driver", "id")}
            for c in self.cpus:
                if c["props"] == props:
                    c["qom-path"] = "/machine/peripheral/" + args["id"]
            return {}
        if cmd == "device_del":
            for c in self.cpus:
                if c.get("qom-path") == "/machine/peripheral/" + args["id"]:
                    del c["qom-path"]
            self.dimms = [d for d in self.dimms if d["data"]["id"] != args["id"]]
            return {}
        if cmd == "query-memory-devices":
            return self.dimms
        return {}

    def run(self):
        conn, _ = self.srv.accept()
        f = conn.makefile("rwb")
        f.write(b'{"QMP": {"version": {}, "capabilities": []}}\n')
        f.flush()
        for line in f:
            msg = json.loads(line)
            if msg["execute"] == "cpu-add-error":
                reply = {"error": {"desc": "no"}}
            else:
                # an event first: the client must skip it
                f.write(b'{"event": "SOMETHING", "data": {}}\n')
                reply = {"return": self.answer(msg["execute"], msg.get("arguments", {}))}
            f.write((json.dumps(reply) + "\n").encode())
            f.flush()


class Proc:
    def poll(self):
        return None


n = 0
failed = 0
lines = []


def check(name, ok, detail=""):
    global n, failed
    n += 1
    if not ok:
        failed += 1
        lines.append(f"# {name}: {detail}")
    lines.append(f"{'ok' if ok else 'not ok'} {n} {name}")


with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "qmp.sock")
    fake = FakeQemu(path)
    qmp = vm.QMP(path, Proc())
    a1 = vm.serve(qmp, "cpu-add", ["c1"])
    check("cpu-add takes the lowest free slot", a1 == "ok socket-id=2 core-id=0 thread-id=0", a1)
    a2 = vm.serve(qmp, "cpu-add", ["c2"])
    check("a second cpu-add takes the next slot", a2 == "ok socket-id=3 core-id=0 thread-id=0", a2)
    fake.cpus[2].pop("qom-path")  # c1 unplugged by the guest
    a3 = vm.serve(qmp, "cpu-add", ["c3"])
    check("a slot used before in the run is never taken again", a3 == "error no free CPU slot", a3)
    a4 = vm.serve(qmp, "dimm-add", ["d1", "512"])
    check("dimm-add answers the DIMM's address and size", a4 == "ok 0x100000000 0x20000000", a4)
    added = [a for c, a in fake.log if c == "object-add"]
    check("dimm-add makes a 512 MiB backend that reserves nothing",
          added == [{"qom-type": "memory-backend-ram", "id": "mem-d1", "size": 512 << 20, "reserve": False}], str(added))
    a5 = vm.serve(qmp, "dimm-del", ["d1"])
    check("dimm-del waits until the DIMM is gone, then drops its backend",
          a5 == "ok" and ("object-del", {"id": "mem-d1"}) in fake.log, a5)
    a6 = vm.serve(qmp, "frobnicate", [])
    check("an unknown request gets an error", a6.startswith("error unknown request"), a6)

facts = vm.arch_facts("x86_64")
check("arch_facts reads quoted values and comments", facts.get("QEMU_ARGS", "").startswith("-M q35") and facts.get("CROSS") == "", str(facts.get("QEMU_ARGS")))
try:
    vm.arch_facts("no-such-arch")
    check("an unknown arch is refused", False, "no error")
except SystemExit as e:
    check("an unknown arch is refused, naming the known ones", "x86_64" in str(e) and "ppc64le" in str(e), str(e))

print("KTAP version 1")
print(f"1..{n}")
print("\n".join(lines))
print(f"{n - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
