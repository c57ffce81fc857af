/*
 * hp-reader - read sysfs files in a tight loop as an unprivileged user.
 *
 * Usage: hp-reader SECONDS FILE...
 *
 * Started as root, it first drops to uid and gid 65534 (nobody), so that
 * what it does is what any user can do.  Then, for SECONDS, it reads every
 * FILE in turn with pread() from offset 0, as fast as it can, and keeps
 * for each file a count of reads per distinct value (the first line of
 * what was read, at most 31 bytes, blanks and colons made '_') and per
 * errno of failed reads.  At the
 * end it prints one line per file:
 *
 *   FILE reads N VALUE:COUNT ... [E<errno>:COUNT ...]
 *
 * in the order of the arguments, values in the order first seen.  Exit 0,
 * or 2 on bad usage or when a file cannot be opened or privileges cannot
 * be dropped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILES	8
#define MAX_VALUES	16
#define VALUE_LEN	32

struct value {
	char text[VALUE_LEN];	/* "E<errno>" for a failed read */
	unsigned long count;
};

struct file {
	const char *path;
	int fd;
	unsigned long reads;
	unsigned int nr_values;
	unsigned long other;	/* reads of a value beyond MAX_VALUES */
	struct value values[MAX_VALUES];
};

static void count(struct file *f, const char *text)
{
	unsigned int i;

	for (i = 0; i < f->nr_values; i++) {
		if (!strcmp(f->values[i].text, text)) {
			f->values[i].count++;
			return;
		}
	}
	if (f->nr_values == MAX_VALUES) {
		f->other++;
		return;
	}
	snprintf(f->values[i].text, VALUE_LEN, "%s", text);
	f->values[i].count = 1;
	f->nr_values++;
}

static void read_once(struct file *f)
{
	char buf[VALUE_LEN], *nl;
	ssize_t n;

	f->reads++;
	n = pread(f->fd, buf, sizeof(buf) - 1, 0);
	if (n < 0) {
		snprintf(buf, sizeof(buf), "E%d", errno);
		count(f, buf);
		return;
	}
	buf[n] = '\0';
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	for (nl = buf; *nl; nl++)
		if (*nl == ' ' || *nl == '\t' || *nl == ':')
			*nl = '_';
	count(f, buf);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct file files[MAX_FILES];
	double end;
	int i, nr, k;
	char *p;

	if (argc < 3 || argc - 2 > MAX_FILES) {
		fprintf(stderr, "usage: hp-reader SECONDS FILE... (at most %d files)\n",
			MAX_FILES);
		return 2;
	}
	end = strtod(argv[1], &p);
	if (*p || end <= 0) {
		fprintf(stderr, "hp-reader: bad SECONDS '%s'\n", argv[1]);
		return 2;
	}
	if (geteuid() == 0 && (setgroups(0, NULL) || setgid(65534) || setuid(65534))) {
		perror("hp-reader: cannot drop to uid 65534");
		return 2;
	}
	nr = argc - 2;
	memset(files, 0, sizeof(files));
	for (i = 0; i < nr; i++) {
		files[i].path = argv[i + 2];
		files[i].fd = open(files[i].path, O_RDONLY);
		if (files[i].fd < 0) {
			fprintf(stderr, "hp-reader: %s: %s\n", files[i].path,
				strerror(errno));
			return 2;
		}
	}
	end += now();
	do {
		/* a few rounds between looks at the clock */
		for (k = 0; k < 64; k++)
			for (i = 0; i < nr; i++)
				read_once(&files[i]);
	} while (now() < end);

	for (i = 0; i < nr; i++) {
		struct file *f = &files[i];
		unsigned int v;

		printf("%s reads %lu", f->path, f->reads);
		for (v = 0; v < f->nr_values; v++)
			printf(" %s:%lu", f->values[v].text, f->values[v].count);
		if (f->other)
			printf(" other:%lu", f->other);
		printf("\n");
	}
	return 0;
}
