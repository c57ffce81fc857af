/*
 * vmcore-util.h - small helpers for vmcore-check: error exit, allocation,
 * exact pread(), [start, end) range sets and a line/token reader for the
 * --expect and --markers input files.  Header-only (static functions).
 */
#ifndef KD_VMCORE_UTIL_H
#define KD_VMCORE_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

struct rng { uint64_t s, e; };
struct rset { struct rng *r; size_t n, cap; };

/* Print `error <reason>` to stderr and exit 2 (cannot read/parse). */
__attribute__((format(printf, 1, 2), noreturn))
static void fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("error ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}


static void *xalloc(void *old, size_t n, size_t sz)
{
	void *p = n > SIZE_MAX / sz ? NULL : realloc(old, n ? n * sz : 1);

	if (!p)
		fatal("out of memory");
	return p;
}

/* pread exactly LEN bytes at OFF; 0 on success, -1 on error or EOF. */
static int pread_full(int f, void *buf, size_t len, uint64_t off)
{
	unsigned char *b = buf;

	if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off) {
		errno = EOVERFLOW;
		return -1;
	}
	while (len) {
		ssize_t n = pread(f, b, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENODATA;   /* file too short */
			return -1;
		}
		b += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/* ---- range sets: [s, e) intervals ---- */

static void rset_add(struct rset *s, uint64_t start, uint64_t end)
{
	if (start >= end)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->r = xalloc(s->r, s->cap, sizeof(*s->r));
	}
	s->r[s->n].s = start;
	s->r[s->n++].e = end;
}

static int rng_cmp(const void *a, const void *b)
{
	const struct rng *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/* Sort, merge overlapping or adjacent ranges, then drop what is below CLIP. */
static void rset_merge(struct rset *s, uint64_t clip)
{
	size_t i, n = 0;

	if (s->n)
		qsort(s->r, s->n, sizeof(*s->r), rng_cmp);
	for (i = 0; i < s->n; i++) {
		struct rng r = s->r[i];

		if (r.e <= clip)
			continue;
		if (r.s < clip)
			r.s = clip;
		if (n && r.s <= s->r[n - 1].e) {
			if (r.e > s->r[n - 1].e)
				s->r[n - 1].e = r.e;
		} else {
			s->r[n++] = r;
		}
	}
	s->n = n;
}

/* ---- line-oriented input files (--expect, --markers) ---- */

/* Read the next non-empty line of F split into up to 3 tokens. */
static int next_line(FILE *f, const char *path, unsigned *ln, char **tok,
		     int *ntok)
{
	static char line[512];
	char *p, *save;

	while (fgets(line, sizeof(line), f)) {
		++*ln;
		if (!strchr(line, '\n') && !feof(f))
			fatal("%s:%u: line too long", path, *ln);
		if ((p = strchr(line, '#')))
			*p = '\0';
		*ntok = 0;
		for (p = strtok_r(line, " \t\r\n", &save); p;
		     p = strtok_r(NULL, " \t\r\n", &save)) {
			if (*ntok == 3)
				fatal("%s:%u: too many fields", path, *ln);
			tok[(*ntok)++] = p;
		}
		if (*ntok)
			return 1;
	}
	if (ferror(f))
		fatal("%s: read error", path);
	return 0;
}

/* Parse a whole token as an unsigned number (base 16 accepts 0x). */
static uint64_t num(const char *s, int base, const char *path, unsigned ln)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, base);
	if (*s == '-' || *s == '+' || errno || end == s || *end)
		fatal("%s:%u: bad number '%s'", path, ln, s);
	return v;
}

static FILE *open_input(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		fatal("cannot open %s: %s", path, strerror(errno));
	return f;
}

#endif /* KD_VMCORE_UTIL_H */
