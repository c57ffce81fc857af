/*
 * page-offline - list the logically offline pages of a physical range.
 *
 * Usage: page-offline START END
 *
 * Runs as root inside the guest.  Reads the flags of every page frame in
 * [START, END) (hex, 0x optional, page aligned) from /proc/kpageflags and
 * prints each maximal run of pages with KPF_OFFLINE set, one per line:
 *
 *   offline 0x<start> 0x<end>
 *
 * virtio-mem marks the unplugged parts of a memory block it keeps online
 * this way (PageOffline): they stay inside "System RAM (virtio_mem)", so
 * the dump's program headers may cover them, but their contents are gone
 * and the crash kernel must not read them.
 * Exit: 0, or 2 on bad usage or a read error (a message on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KPF_OFFLINE 23
#define CHUNK       4096	/* page frames read at a time */

static uint64_t parse_hex(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 16);
	if (errno || end == s || *end) {
		fprintf(stderr, "page-offline: not a hex address: '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static uint64_t flags[CHUNK];
	uint64_t page, start, end, pfn, run = 0;
	int in_run = 0, fd;

	if (argc != 3) {
		fputs("usage: page-offline START END\n", stderr);
		return 2;
	}
	page = (uint64_t)sysconf(_SC_PAGESIZE);
	start = parse_hex(argv[1]);
	end = parse_hex(argv[2]);
	if (start % page || end % page || end < start) {
		fprintf(stderr, "page-offline: %s-%s is not a page aligned range\n",
			argv[1], argv[2]);
		return 2;
	}
	fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "page-offline: /proc/kpageflags: %s\n", strerror(errno));
		return 2;
	}
	for (pfn = start / page; pfn < end / page;) {
		uint64_t n = end / page - pfn, i;
		ssize_t got;

		if (n > CHUNK)
			n = CHUNK;
		got = pread(fd, flags, n * 8, (off_t)(pfn * 8));
		if (got <= 0 || got % 8) {
			fprintf(stderr, "page-offline: /proc/kpageflags at pfn 0x%" PRIx64 ": %s\n",
				pfn, got < 0 ? strerror(errno) : "short read");
			return 2;
		}
		for (i = 0; i < (uint64_t)got / 8; i++, pfn++) {
			int off = (flags[i] >> KPF_OFFLINE) & 1;

			if (off && !in_run)
				run = pfn;
			else if (!off && in_run)
				printf("offline 0x%" PRIx64 " 0x%" PRIx64 "\n", run * page, pfn * page);
			in_run = off;
		}
	}
	if (in_run)
		printf("offline 0x%" PRIx64 " 0x%" PRIx64 "\n", run * page, pfn * page);
	return fflush(stdout) ? 2 : 0;
}
