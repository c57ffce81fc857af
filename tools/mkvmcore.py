#!/usr/bin/env python3
"""mkvmcore.py - write a small synthetic ELF64 vmcore for testing vmcore-check.

Usage: mkvmcore.py OUT [--load START-END[:FILESZ]]... [--pids 1,2] [options]

Layout: ELF header, program headers, note data, then the PT_LOAD data
(page aligned, written sparse so large ranges stay cheap).  All numbers
are hex except --pids, --pagesize and --truncate.
"""
import argparse
import struct

MAGIC = 0x4B444D41524B4552
MULT = 0x9E3779B97F4A7C15
M64 = (1 << 64) - 1
PN_XNUM = 0xFFFF


def marker_page(pfn, nonce, pagesize, fmt):
    words = [MAGIC, pfn, nonce] + [
        MAGIC ^ ((pfn * MULT) & M64) ^ ((nonce + i) & M64)
        for i in range(3, pagesize // 8)]
    return struct.pack(fmt + "%dQ" % len(words), *words)


def note(fmt, name, ntype, desc, descsz=None):
    n = name.encode() + b"\0" if name else b""
    hdr = struct.pack(fmt + "III", len(n), len(desc) if descsz is None
                      else descsz, ntype)
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return hdr + pad(n) + pad(desc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--load", action="append", default=[],
                    help="START-END[:FILESZ] physical range, hex")
    ap.add_argument("--pids", default="", help="comma list, one NT_PRSTATUS each")
    ap.add_argument("--no-vmcoreinfo", action="store_true")
    ap.add_argument("--big-endian", action="store_true")
    ap.add_argument("--xnum", action="store_true", help="use PN_XNUM")
    ap.add_argument("--split-notes", action="store_true",
                    help="one PT_NOTE per note")
    ap.add_argument("--note-overrun", action="store_true",
                    help="last note claims a desc past the segment end")
    ap.add_argument("--pagesize", type=int, default=4096)
    ap.add_argument("--nonce", default="0")
    ap.add_argument("--mark", default="", help="comma list of PFNs to stamp")
    ap.add_argument("--corrupt", default="", help="comma list of PFNs to damage")
    ap.add_argument("--truncate", type=int, help="cut the file to N bytes")
    a = ap.parse_args()

    fmt = ">" if a.big_endian else "<"
    hexlist = lambda s: [int(x, 16) for x in s.split(",") if x]
    nonce = int(a.nonce, 16)

    notes = []
    for pid in [int(x) for x in a.pids.split(",") if x]:
        desc = bytearray(336)           # x86_64 sizeof(struct elf_prstatus)
        desc[32:36] = struct.pack(fmt + "i", pid)
        notes.append(note(fmt, "CORE", 1, bytes(desc)))
    if not a.no_vmcoreinfo:
        notes.append(note(fmt, "VMCOREINFO", 0,
                          b"OSRELEASE=6.1.0\nPAGESIZE=%d\n" % a.pagesize))
    if a.note_overrun:
        notes.append(note(fmt, "CORE", 1, b"\0" * 16, descsz=4096))
    segs = notes if a.split_notes else [b"".join(notes)]

    loads = []
    for spec in a.load:
        rng, _, fsz = spec.partition(":")
        s, e = (int(x, 16) for x in rng.split("-"))
        loads.append((s, e, int(fsz, 16) if fsz else e - s))

    nph = len(segs) + len(loads)
    phoff = 64
    notes_off = phoff + 56 * nph
    shoff = notes_off + sum(len(x) for x in segs) if a.xnum else 0
    data_off = ((shoff or notes_off + sum(len(x) for x in segs)) + 64
                + 4095) & ~4095

    phdrs, off = [], notes_off
    for seg in segs:
        phdrs.append(struct.pack(fmt + "IIQQQQQQ", 4, 0, off, 0, 0,
                                 len(seg), 0, 0))
        off += len(seg)
    off, load_offs = data_off, []
    for s, e, fsz in loads:
        load_offs.append(off)
        phdrs.append(struct.pack(fmt + "IIQQQQQQ", 1, 7, off,
                                 0xFFFF800000000000 + s, s, fsz, e - s, 4096))
        off += (fsz + 4095) & ~4095
    total = off

    ident = b"\x7fELF" + bytes([2, 2 if a.big_endian else 1, 1]) + b"\0" * 9
    ehdr = ident + struct.pack(fmt + "HHIQQQIHHHHHH", 4, 62, 1, 0, phoff,
                               shoff, 0, 64, 56,
                               PN_XNUM if a.xnum else nph,
                               64 if a.xnum else 0, 1 if a.xnum else 0, 0)
    with open(a.out, "wb") as f:
        f.write(ehdr + b"".join(phdrs) + b"".join(segs))
        if a.xnum:   # section header 0: sh_info = real phnum
            f.write(struct.pack(fmt + "IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0,
                                nph, 0, 0))
        f.truncate(total)
        ps = a.pagesize
        for pfn in hexlist(a.mark):
            pa = pfn * ps
            for (s, e, fsz), lo in zip(loads, load_offs):
                if s <= pa and pa + ps <= s + fsz:
                    page = bytearray(marker_page(pfn, nonce, ps, fmt))
                    if pfn in hexlist(a.corrupt):
                        page[ps // 2] ^= 0x01
                    f.seek(lo + pa - s)
                    f.write(page)
        if a.truncate is not None:
            f.truncate(a.truncate)


if __name__ == "__main__":
    main()
