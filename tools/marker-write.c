/*
 * marker-write - stamp physical pages with a known pattern before a crash.
 *
 * Usage: marker-write --mib N --nonce HEX --out FILE [--range START-END ...]
 *                     [--max K]
 *
 * Runs as root inside the guest.  Allocates N MiB of anonymous memory
 * (MAP_POPULATE, mlocked when possible), looks up every page's PFN in
 * /proc/self/pagemap and fills the page with the pattern from marker.h.
 * Pages whose PFN is unchanged after stamping and which lie entirely inside
 * one of the --range [START, END) physical ranges (hex, 0x optional; all
 * pages if no --range) qualify; up to K (default 256) of them, spread evenly,
 * are written atomically to FILE:
 *
 *   pagesize <decimal>
 *   nonce 0x<hex>
 *   marker 0x<pfn>        (one per chosen page)
 *
 * and one summary line goes to stdout.  The program then closes
 * stdin/stdout/stderr and sleeps forever holding the memory (run it in the
 * background and crash the machine).  If no page qualifies the file is still
 * written (without marker lines) and the exit status is 1.  Bad usage or a
 * system error exits 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "marker.h"

#define MAX_RANGES 64
#define MAX_MIB    (1UL << 20)     /* 1 TiB */
#define MAX_K      (1UL << 20)
#define PM_PRESENT (1ULL << 63)
#define PM_PFN     ((1ULL << 55) - 1)

struct range { uint64_t start, end; };

static const char usage[] =
	"usage: marker-write --mib N --nonce HEX --out FILE "
	"[--range START-END ...] [--max K]\n";

__attribute__((noreturn)) static void die(const char *what)
{
	fprintf(stderr, "marker-write: %s: %s\n", what, strerror(errno));
	exit(2);
}

__attribute__((noreturn))
static void bad_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "marker-write: %s%s%s\n%s", msg, arg ? ": " : "",
		arg ? arg : "", usage);
	exit(2);
}

/* Parse an unsigned number (whole string must be consumed). */
static int parse_u64(const char *s, int base, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_range(const char *s, struct range *r)
{
	char buf[128];
	char *dash;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (!dash)
		return -1;
	*dash = '\0';
	if (parse_u64(buf, 16, &r->start) || parse_u64(dash + 1, 16, &r->end))
		return -1;
	return r->start < r->end ? 0 : -1;
}

/* Read the pagemap entries for NPAGES pages starting at virtual address VA. */
static void read_pagemap(int fd, uintptr_t va, size_t pagesize, uint64_t *ent,
			 size_t npages)
{
	size_t done = 0;

	while (done < npages) {
		uint64_t vpn = (uint64_t)(va / pagesize) + done;
		size_t want = (npages - done) * sizeof(uint64_t);
		ssize_t n;

		if (want > (1U << 20))
			want = 1U << 20;
		n = pread(fd, ent + done, want, (off_t)(vpn * sizeof(uint64_t)));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("pread /proc/self/pagemap");
		if (n == 0 || n % (ssize_t)sizeof(uint64_t)) {
			errno = EIO;
			die("short read from /proc/self/pagemap");
		}
		done += (size_t)n / sizeof(uint64_t);
	}
}

static uint64_t pm_pfn(uint64_t e)
{
	return (e & PM_PRESENT) ? (e & PM_PFN) : 0;
}

static int in_ranges(uint64_t pfn, uint64_t pagesize, const struct range *r,
		     size_t nr)
{
	uint64_t pa;
	size_t i;

	if (pfn > UINT64_MAX / pagesize)
		return 0;
	pa = pfn * pagesize;
	if (pa > UINT64_MAX - pagesize)
		return 0;
	if (nr == 0)
		return 1;
	for (i = 0; i < nr; i++)
		if (pa >= r[i].start && pa + pagesize <= r[i].end)
			return 1;
	return 0;
}

static void write_all(int fd, const char *buf, size_t len, const char *path)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(path);
		buf += n;
		len -= (size_t)n;
	}
}

/* Write the marker file atomically: FILE.tmp, fsync, rename, fsync dir. */
static void write_file(const char *path, long pagesize, uint64_t nonce,
		       const uint64_t *pfns, size_t n)
{
	size_t plen = strlen(path), i;
	char *tmp = malloc(plen + 5), *dir, *slash;
	char line[64];
	int fd, len;

	if (!tmp)
		die("malloc");
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp", 5);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die(tmp);
	len = snprintf(line, sizeof(line), "pagesize %ld\nnonce 0x%" PRIx64 "\n",
		       pagesize, nonce);
	write_all(fd, line, (size_t)len, tmp);
	for (i = 0; i < n; i++) {
		len = snprintf(line, sizeof(line), "marker 0x%" PRIx64 "\n",
			       pfns[i]);
		write_all(fd, line, (size_t)len, tmp);
	}
	if (fsync(fd) || close(fd))
		die(tmp);
	if (rename(tmp, path))
		die("rename");
	free(tmp);

	/* Make the rename durable too (best effort). */
	dir = strdup(path);
	if (dir) {
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			(void)fsync(fd);
			close(fd);
		}
		free(dir);
	}
}

int main(int argc, char **argv)
{
	struct range ranges[MAX_RANGES];
	size_t nranges = 0, npages, i, nq = 0, nw, nzero = 0;
	uint64_t mib = 0, nonce = 0, maxk = 256;
	int have_mib = 0, have_nonce = 0, fd, a;
	const char *out = NULL;
	long pagesize;
	size_t len;
	unsigned char *mem;
	uint64_t *pfn1, *pfn2, *chosen;

	for (a = 1; a < argc; a++) {
		const char *opt = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;

		if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!val)
			bad_usage("missing argument or unknown option", opt);
		a++;
		if (!strcmp(opt, "--mib")) {
			if (parse_u64(val, 10, &mib) || mib == 0 || mib > MAX_MIB)
				bad_usage("bad --mib", val);
			have_mib = 1;
		} else if (!strcmp(opt, "--nonce")) {
			if (parse_u64(val, 16, &nonce))
				bad_usage("bad --nonce", val);
			have_nonce = 1;
		} else if (!strcmp(opt, "--out")) {
			if (!*val)
				bad_usage("empty --out", NULL);
			out = val;
		} else if (!strcmp(opt, "--range")) {
			if (nranges == MAX_RANGES)
				bad_usage("too many --range options", NULL);
			if (parse_range(val, &ranges[nranges]))
				bad_usage("bad --range (want START-END, hex, START<END)",
					  val);
			nranges++;
		} else if (!strcmp(opt, "--max")) {
			if (parse_u64(val, 10, &maxk) || maxk == 0 || maxk > MAX_K)
				bad_usage("bad --max", val);
		} else {
			bad_usage("unknown option", opt);
		}
	}
	if (!have_mib || !have_nonce || !out)
		bad_usage("--mib, --nonce and --out are required", NULL);

	pagesize = sysconf(_SC_PAGESIZE);
	if (pagesize < 64 || (pagesize & (pagesize - 1)))
		die("sysconf(_SC_PAGESIZE)");
	if (mib > SIZE_MAX / (1024 * 1024))
		bad_usage("--mib too large for this machine", NULL);
	len = (size_t)mib * 1024 * 1024;
	if (len < (size_t)pagesize)
		len = (size_t)pagesize;
	npages = len / (size_t)pagesize;
	len = npages * (size_t)pagesize;

	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	if (mlockall(MCL_CURRENT | MCL_FUTURE) && mlock(mem, len))
		fprintf(stderr, "marker-write: warning: cannot lock memory: %s\n",
			strerror(errno));

	pfn1 = calloc(npages, sizeof(uint64_t));
	pfn2 = calloc(npages, sizeof(uint64_t));
	if (!pfn1 || !pfn2)
		die("calloc");
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open /proc/self/pagemap");

	/* Touch, look up and stamp each page. */
	for (i = 0; i < npages; i++) {
		unsigned char *page = mem + i * (size_t)pagesize;
		uint64_t ent;

		*(volatile unsigned char *)page = 1;
		read_pagemap(fd, (uintptr_t)page, (size_t)pagesize, &ent, 1);
		pfn1[i] = pm_pfn(ent);
		nzero += pfn1[i] == 0;
		marker_fill(page, (size_t)pagesize, pfn1[i], nonce);
	}

	/* Re-read: keep pages that did not move and lie inside a range. */
	read_pagemap(fd, (uintptr_t)mem, (size_t)pagesize, pfn2, npages);
	close(fd);
	for (i = 0; i < npages; i++) {
		uint64_t p = pfn1[i];

		if (p != 0 && pm_pfn(pfn2[i]) == p &&
		    in_ranges(p, (uint64_t)pagesize, ranges, nranges))
			pfn1[nq++] = p;   /* compact qualifying PFNs in place */
	}
	free(pfn2);
	if (nzero == npages)
		fprintf(stderr, "marker-write: warning: pagemap shows no PFNs "
			"(not root?)\n");

	/* Choose up to K pages spread evenly over the qualifying ones. */
	nw = nq < maxk ? nq : (size_t)maxk;
	chosen = calloc(nw ? nw : 1, sizeof(uint64_t));
	if (!chosen)
		die("calloc");
	for (i = 0; i < nw; i++)
		chosen[i] = pfn1[(uint64_t)i * nq / nw];
	free(pfn1);

	write_file(out, pagesize, nonce, chosen, nw);
	free(chosen);
	printf("marker-write: %zu pages, %zu in range, %zu written to %s\n",
	       npages, nq, nw, out);
	if (fflush(stdout) == EOF)
		die("stdout");
	if (nw == 0)
		return 1;

	/* Hold the memory until the machine crashes. */
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	} else {
		close(0);
		close(1);
		close(2);
	}
	for (;;)
		pause();
}
