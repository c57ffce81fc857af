/*
 * fdt-rsvmap - print the memory reserve map of a flattened device tree.
 *
 * Usage: fdt-rsvmap FILE
 *
 * Runs in the crash kernel on /sys/firmware/fdt, the device tree it booted
 * with: the first kernel (or kexec-tools) wrote its reserve map, and what
 * it reserves is all the crash kernel keeps out of its own allocations
 * inside the crash region, the ELF core header included.  Prints one
 * entry per line, in the map's order, up to its terminating empty entry:
 *
 *   rsv 0x<address> 0x<size>
 *
 * Exit: 0, or 2 on bad usage, a read error or a tree that is not a valid
 * flattened device tree or whose map runs past its end (a message on
 * stderr).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FDT_MAGIC  0xd00dfeedu
#define FDT_MAX    (64u << 20)	/* no device tree is larger */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

int main(int argc, char **argv)
{
	static unsigned char buf[FDT_MAX];
	uint32_t total, off;
	size_t len;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: fdt-rsvmap FILE\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "fdt-rsvmap: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	if (ferror(f)) {
		fprintf(stderr, "fdt-rsvmap: %s: read error\n", argv[1]);
		return 2;
	}
	fclose(f);
	if (len < 40 || be32(buf) != FDT_MAGIC) {
		fprintf(stderr, "fdt-rsvmap: %s: not a flattened device tree\n", argv[1]);
		return 2;
	}
	total = be32(buf + 4);
	off = be32(buf + 16);
	if (total > len || total < 40 || off % 8) {
		fprintf(stderr, "fdt-rsvmap: %s: totalsize %" PRIu32 " of %zu bytes read, reserve map at %" PRIu32 "\n",
			argv[1], total, len, off);
		return 2;
	}
	for (;; off += 16) {
		uint64_t addr, size;

		if (off > total - 16) {
			fprintf(stderr, "fdt-rsvmap: %s: the reserve map runs past the tree's end\n", argv[1]);
			return 2;
		}
		addr = be64(buf + off);
		size = be64(buf + off + 8);
		if (!addr && !size)
			return 0;
		printf("rsv 0x%" PRIx64 " 0x%" PRIx64 "\n", addr, size);
	}
}
