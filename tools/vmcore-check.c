/*
 * vmcore-check - inspect an ELF64 crash dump and compare it to expectations.
 *
 * Usage: vmcore-check [--expect FILE] [--markers FILE] [--save-head OUT] VMCORE
 *
 * VMCORE is /proc/vmcore (in the crash kernel) or a saved copy; it is only
 * read with pread().  Facts go to stdout, one per line:
 *   load 0x<paddr> 0x<paddr+memsz> off 0x<offset>   each PT_LOAD, file order
 *   merged 0x<start> 0x<end>                        PT_LOADs sorted + merged
 *   note <name> type <n> descsz <n>                 each note of each PT_NOTE
 *   prstatus pid <pid>                              after each CORE/NT_PRSTATUS
 *   prstatus_count <n>   /   vmcoreinfo <0|1>
 *   marker 0x<pfn> ok|missing|corrupt  /  markers <ok>/<total>  (--markers)
 * --markers FILE: `pagesize N`, `nonce 0xHEX`, `marker 0xPFN` lines as written
 *   by marker-write; each page is looked up in the PT_LOAD file data.
 * --expect FILE: `ram 0xS 0xE` (any order, merged), `optional 0xS 0xE` (may
 *   be in the dump or not: firmware areas a loader may dump, rounded to its
 *   taste), `ignore_below 0xA`, `cpus N` (or `cpus A-B`), `crash_pid P`
 *   (`any`: not checked); blank lines and # comments allowed.  Prints
 *   `FAIL missing|stale 0xS 0xE (x.y MiB)` for the set differences between
 *   expected RAM and the PT_LOADs (both clipped at ignore_below), `FAIL cpus
 *   expected N got M`, `FAIL crash_pid P has no NT_PRSTATUS`, `FAIL
 *   vmcoreinfo missing`.  Checked without --expect too: `FAIL markers
 *   <ok>/<total>` or `FAIL markers none to check`, `FAIL note errors N` (after
 *   `error note overrun` lines), `FAIL save-head OUT`.
 * --save-head OUT: copy bytes [0, N) of VMCORE to OUT, N = max(end of the
 *   program header table, end of each PT_NOTE's data, and with PN_XNUM end
 *   of section header 0), so --expect can be re-run on OUT.
 * Last line: `verdict PASS` or `verdict FAIL`.
 * Exit: 0 PASS, 1 FAIL, 2 cannot read/parse (`error <reason>` on stderr).
 */
#define _GNU_SOURCE
#include <inttypes.h>

#include "marker.h"
#include "vmcore-util.h"

#define PT_LOAD      1
#define PT_NOTE      4
#define ET_CORE      4
#define PN_XNUM      0xffff
#define NT_PRSTATUS  1
#define EHDR_SIZE    64
#define PHDR_SIZE    56
#define SHDR_SIZE    64
#define MAX_PHNUM    (1U << 22)
#define MAX_NOTESEG  (256U << 20)
#define MAX_MARKERS  (1U << 20)

struct phdr { uint32_t type; uint64_t offset, paddr, filesz, memsz; };
static const char usage[] =
	"usage: vmcore-check [--expect FILE] [--markers FILE] "
	"[--save-head OUT] VMCORE\n";

/* The dump: ELF header fields and program headers. */
static int fd = -1, msb, xnum;
static uint64_t phoff, shoff;
static unsigned phentsize, shentsize;
static uint32_t phnum;
static struct phdr *ph;

/* Note scan results and expectations. */
static unsigned nprstatus, note_errors, fails;
static int have_vmcoreinfo, crash_pid_seen;
static long long want_cpus = -1, want_cpus_max = -1, want_pid = -1;
static uint64_t ignore_below;
static struct rset loads, ram, allowed;	/* allowed = ram + optional */

/* Print a `FAIL ...` line and count it. */
__attribute__((format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fails++;
}

/* Read an unsigned LEN-byte field in the dump's byte order. */
static uint64_t get(const unsigned char *p, unsigned len)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < len; i++)
		v |= (uint64_t)p[i] << (msb ? 8 * (len - 1 - i) : 8 * i);
	return v;
}

/* Report every range of A - B (both merged) as `FAIL WHAT ...`. */
static void rset_diff_report(const struct rset *a, const struct rset *b,
			     const char *what)
{
	size_t i, j = 0, k;

	for (i = 0; i < a->n; i++) {
		uint64_t cur = a->r[i].s, e = a->r[i].e;

		while (j < b->n && b->r[j].e <= cur)
			j++;
		for (k = j; k < b->n && b->r[k].s < e && cur < e; k++) {
			if (b->r[k].s > cur)
				fail("%s 0x%" PRIx64 " 0x%" PRIx64 " (%.1f MiB)",
				     what, cur, b->r[k].s,
				     (double)(b->r[k].s - cur) / 1048576.0);
			if (b->r[k].e > cur)
				cur = b->r[k].e;
		}
		if (cur < e)
			fail("%s 0x%" PRIx64 " 0x%" PRIx64 " (%.1f MiB)", what,
			     cur, e, (double)(e - cur) / 1048576.0);
	}
}

/* ---- ELF headers ---- */

static void read_headers(void)
{
	unsigned char e[EHDR_SIZE], p[PHDR_SIZE], sh[SHDR_SIZE];
	uint32_t i;

	if (pread_full(fd, e, sizeof(e), 0))
		fatal("cannot read ELF header: %s", strerror(errno));
	if (memcmp(e, "\177ELF", 4))
		fatal("not an ELF file");
	if (e[4] != 2)
		fatal("not ELFCLASS64");
	if (e[5] != 1 && e[5] != 2)
		fatal("bad EI_DATA %u", e[5]);
	msb = e[5] == 2;
	if (get(e + 16, 2) != ET_CORE)
		fatal("not ET_CORE (e_type %u)", (unsigned)get(e + 16, 2));
	phoff = get(e + 32, 8);
	shoff = get(e + 40, 8);
	phentsize = (unsigned)get(e + 54, 2);
	phnum = (uint32_t)get(e + 56, 2);
	shentsize = (unsigned)get(e + 58, 2);
	if (phnum == PN_XNUM) {   /* real count is in section header 0 */
		xnum = 1;
		if (!shoff || shentsize < SHDR_SIZE)
			fatal("PN_XNUM without a usable section header");
		if (pread_full(fd, sh, sizeof(sh), shoff))
			fatal("cannot read section header 0: %s", strerror(errno));
		phnum = (uint32_t)get(sh + 44, 4);   /* sh_info */
	}
	if (phnum > MAX_PHNUM)
		fatal("too many program headers (%" PRIu32 ")", phnum);
	if (phnum && (phentsize < PHDR_SIZE || !phoff ||
		      phoff > (uint64_t)INT64_MAX - (uint64_t)phnum * phentsize))
		fatal("bad e_phoff/e_phentsize");

	ph = xalloc(NULL, phnum, sizeof(*ph));
	for (i = 0; i < phnum; i++) {
		struct phdr *h = &ph[i];

		if (pread_full(fd, p, sizeof(p), phoff + (uint64_t)i * phentsize))
			fatal("cannot read program header %" PRIu32 ": %s", i,
			      strerror(errno));
		h->type = (uint32_t)get(p, 4);
		h->offset = get(p + 8, 8);
		h->paddr = get(p + 24, 8);
		h->filesz = get(p + 32, 8);
		h->memsz = get(p + 40, 8);
		if (h->type != PT_LOAD && h->type != PT_NOTE)
			continue;
		if (h->offset > (uint64_t)INT64_MAX ||
		    h->filesz > (uint64_t)INT64_MAX - h->offset)
			fatal("program header %" PRIu32 ": offset+filesz overflow", i);
		if (h->type == PT_LOAD &&
		    (h->paddr > UINT64_MAX - h->memsz || h->filesz > h->memsz))
			fatal("program header %" PRIu32 ": bad paddr/memsz/filesz", i);
	}
}

/* ---- notes ---- */

/* NAME/NAMESZ equals WANT (namesz normally includes the NUL). */
static int name_is(const unsigned char *name, uint64_t namesz, const char *want)
{
	size_t n = strlen(want);

	return (namesz == n || (namesz == n + 1 && !name[n])) &&
	       !memcmp(name, want, n);
}

static void scan_note_segment(const unsigned char *buf, uint64_t size)
{
	uint64_t pos = 0, i;

	while (pos < size) {
		uint64_t left = size - pos, namesz, descsz, type, nal, dal;
		const unsigned char *name, *desc;

		if (left < 12) {   /* tolerate zero padding at the end */
			while (pos < size && !buf[pos])
				pos++;
			if (pos < size)
				goto overrun;
			return;
		}
		namesz = get(buf + pos, 4);
		descsz = get(buf + pos + 4, 4);
		type = get(buf + pos + 8, 4);
		if (!namesz && !descsz)
			return;
		nal = (namesz + 3) & ~3ULL;
		dal = (descsz + 3) & ~3ULL;
		if (nal > left - 12 || descsz > left - 12 - nal)
			goto overrun;
		name = buf + pos + 12;
		desc = name + nal;

		fputs("note ", stdout);   /* name sanitized: no spaces */
		if (!namesz || !name[0])
			fputc('-', stdout);
		for (i = 0; i < namesz && name[i]; i++)
			fputc(name[i] > ' ' && name[i] < 127 ? name[i] : '?',
			      stdout);
		printf(" type %" PRIu64 " descsz %" PRIu64 "\n", type, descsz);

		if (type == NT_PRSTATUS && name_is(name, namesz, "CORE")) {
			if (descsz < 36) {
				printf("error prstatus too short\n");
				note_errors++;
			} else {
				int32_t pid = (int32_t)(uint32_t)get(desc + 32, 4);

				printf("prstatus pid %" PRId32 "\n", pid);
				nprstatus++;
				crash_pid_seen |= pid == want_pid;
			}
		}
		if (name_is(name, namesz, "VMCOREINFO"))
			have_vmcoreinfo = 1;
		/* A final desc may lack its padding: then the loop ends. */
		pos += 12 + nal + (dal <= left - 12 - nal ? dal : descsz);
	}
	return;
overrun:
	printf("error note overrun\n");
	note_errors++;
}

static void scan_notes(void)
{
	unsigned char *buf;
	uint32_t i;

	for (i = 0; i < phnum; i++) {
		if (ph[i].type != PT_NOTE || !ph[i].filesz)
			continue;
		if (ph[i].filesz > MAX_NOTESEG)
			fatal("PT_NOTE %" PRIu32 " too large", i);
		buf = xalloc(NULL, (size_t)ph[i].filesz, 1);
		if (pread_full(fd, buf, (size_t)ph[i].filesz, ph[i].offset))
			fatal("cannot read PT_NOTE %" PRIu32 ": %s", i,
			      strerror(errno));
		scan_note_segment(buf, ph[i].filesz);
		free(buf);
	}
}

/* ---- save-head ---- */

static int save_head(const char *out)
{
	static unsigned char buf[1 << 20];
	uint64_t n = EHDR_SIZE, done = 0;
	uint32_t i;
	int ofd;

	if (phnum && phoff + (uint64_t)phnum * phentsize > n)
		n = phoff + (uint64_t)phnum * phentsize;
	for (i = 0; i < phnum; i++)
		if (ph[i].type == PT_NOTE && ph[i].offset + ph[i].filesz > n)
			n = ph[i].offset + ph[i].filesz;
	if (xnum && shoff + shentsize > n)   /* holds the real phnum */
		n = shoff + shentsize;
	ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (ofd < 0)
		goto fail;
	while (done < n) {
		size_t len = n - done < sizeof(buf) ? (size_t)(n - done)
						    : sizeof(buf);

		if (pread_full(fd, buf, len, done) ||
		    pwrite(ofd, buf, len, (off_t)done) != (ssize_t)len)
			goto fail_close;
		done += len;
	}
	if (fsync(ofd) == 0 && close(ofd) == 0)
		return 0;
	goto fail;
fail_close:
	close(ofd);
fail:
	fprintf(stderr, "error save-head %s: %s\n", out, strerror(errno));
	return -1;
}

static void read_expect(const char *path)
{
	FILE *f = open_input(path);
	unsigned ln = 0;
	char *tok[3];
	int nt;

	while (next_line(f, path, &ln, tok, &nt)) {
		if ((!strcmp(tok[0], "ram") || !strcmp(tok[0], "optional")) &&
		    nt == 3) {
			uint64_t s = num(tok[1], 16, path, ln);
			uint64_t e = num(tok[2], 16, path, ln);

			if (e < s)
				fatal("%s:%u: range end below start", path, ln);
			if (!strcmp(tok[0], "ram"))
				rset_add(&ram, s, e);
			rset_add(&allowed, s, e);
		} else if (!strcmp(tok[0], "ignore_below") && nt == 2) {
			ignore_below = num(tok[1], 16, path, ln);
		} else if (!strcmp(tok[0], "cpus") && nt == 2) {
			char *dash = strchr(tok[1], '-');

			/* A-B: a CPU in flight may have saved its note or not */
			if (dash)
				*dash = '\0';
			want_cpus = (long long)num(tok[1], 10, path, ln);
			want_cpus_max = dash ? (long long)num(dash + 1, 10, path, ln) :
					       want_cpus;
			if (want_cpus_max > 1000000 || want_cpus_max < want_cpus)
				fatal("%s:%u: bad cpus", path, ln);
		} else if (!strcmp(tok[0], "crash_pid") && nt == 2 &&
			   !strcmp(tok[1], "any")) {
			want_pid = -1;	/* a kernel thread the scenario cannot name */
		} else if (!strcmp(tok[0], "crash_pid") && nt == 2) {
			want_pid = (long long)num(tok[1], 10, path, ln);
			if (want_pid > INT32_MAX)
				fatal("%s:%u: bad crash_pid", path, ln);
		} else {
			fatal("%s:%u: unknown or malformed line", path, ln);
		}
	}
	fclose(f);
}

/* ---- markers ---- */

/* Look a page up in the PT_LOAD file data: 0 ok, 1 missing, 2 corrupt. */
static int check_page(uint64_t pfn, uint64_t ps, uint64_t nonce,
		      unsigned char *buf)
{
	uint64_t pa;
	uint32_t i;
	int st = 1;

	if (pfn > UINT64_MAX / ps || pfn * ps > UINT64_MAX - ps)
		return 1;
	pa = pfn * ps;
	for (i = 0; i < phnum; i++) {
		const struct phdr *h = &ph[i];

		/* only [paddr, paddr + filesz) has data in the file */
		if (h->type != PT_LOAD || pa < h->paddr ||
		    pa + ps > h->paddr + h->filesz)
			continue;
		if (pread_full(fd, buf, (size_t)ps, h->offset + (pa - h->paddr)))
			continue;
		if (marker_check(buf, (size_t)ps, pfn, nonce, msb))
			return 0;
		st = 2;
	}
	return st;
}

static unsigned markers_ok, markers_total;

static void check_markers(const char *path)
{
	static const char *const verdicts[] = { "ok", "missing", "corrupt" };
	FILE *f = open_input(path);
	uint64_t ps = 0, nonce = 0, pfn;
	unsigned ln = 0, ok = 0, total = 0;
	unsigned char *buf = NULL;
	int nt, have_nonce = 0, st;
	char *tok[3];

	while (next_line(f, path, &ln, tok, &nt)) {
		if (nt != 2)
			fatal("%s:%u: expected 2 fields", path, ln);
		if (!strcmp(tok[0], "pagesize")) {
			ps = num(tok[1], 10, path, ln);
			if (ps < 64 || ps > (16U << 20) || (ps & (ps - 1)) || buf)
				fatal("%s:%u: bad or late pagesize", path, ln);
		} else if (!strcmp(tok[0], "nonce")) {
			nonce = num(tok[1], 16, path, ln);
			have_nonce = 1;
		} else if (!strcmp(tok[0], "marker")) {
			pfn = num(tok[1], 16, path, ln);
			if (!ps || !have_nonce)
				fatal("%s:%u: marker before pagesize/nonce", path, ln);
			if (total >= MAX_MARKERS)
				fatal("%s: too many markers", path);
			if (!buf)
				buf = xalloc(NULL, (size_t)ps, 1);
			st = check_page(pfn, ps, nonce, buf);
			printf("marker 0x%" PRIx64 " %s\n", pfn, verdicts[st]);
			total++;
			ok += st == 0;
		} else {
			fatal("%s:%u: unknown keyword '%s'", path, ln, tok[0]);
		}
	}
	fclose(f);
	free(buf);
	printf("markers %u/%u\n", ok, total);
	markers_ok = ok;
	markers_total = total;
}

int main(int argc, char **argv)
{
	const char *expect = NULL, *markers = NULL, *head = NULL, *core = NULL;
	const char **dst;
	uint32_t i;
	int a, head_failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		dst = !strcmp(argv[a], "--expect")    ? &expect :
		      !strcmp(argv[a], "--markers")   ? &markers :
		      !strcmp(argv[a], "--save-head") ? &head : NULL;
		if (dst && a + 1 < argc)
			*dst = argv[++a];
		else if (!dst && argv[a][0] != '-' && !core)
			core = argv[a];
		else
			break;
	}
	if (a < argc || !core) {
		fputs(usage, stderr);
		fatal("bad arguments");
	}
	if (expect)   /* parse before touching the dump: fail early */
		read_expect(expect);
	fd = open(core, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fatal("cannot open %s: %s", core, strerror(errno));
	read_headers();

	for (i = 0; i < phnum; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		printf("load 0x%" PRIx64 " 0x%" PRIx64 " off 0x%" PRIx64 "\n",
		       ph[i].paddr, ph[i].paddr + ph[i].memsz, ph[i].offset);
		rset_add(&loads, ph[i].paddr, ph[i].paddr + ph[i].memsz);
	}
	rset_merge(&loads, 0);
	for (i = 0; i < loads.n; i++)
		printf("merged 0x%" PRIx64 " 0x%" PRIx64 "\n", loads.r[i].s,
		       loads.r[i].e);
	scan_notes();
	printf("prstatus_count %u\nvmcoreinfo %d\n", nprstatus, have_vmcoreinfo);

	/* Save before reading PT_LOAD data, which may hang on a bad dump. */
	if (head)
		head_failed = save_head(head);
	if (markers)
		check_markers(markers);
	if (expect) {
		rset_merge(&loads, ignore_below);
		rset_merge(&ram, ignore_below);
		rset_merge(&allowed, ignore_below);
		rset_diff_report(&ram, &loads, "missing");
		rset_diff_report(&loads, &allowed, "stale");
		if (want_cpus >= 0 && want_cpus == want_cpus_max &&
		    want_cpus != (long long)nprstatus)
			fail("cpus expected %lld got %u", want_cpus, nprstatus);
		else if (want_cpus >= 0 && ((long long)nprstatus < want_cpus ||
					    (long long)nprstatus > want_cpus_max))
			fail("cpus expected %lld-%lld got %u", want_cpus,
			     want_cpus_max, nprstatus);
		if (want_pid >= 0 && !crash_pid_seen)
			fail("crash_pid %lld has no NT_PRSTATUS", want_pid);
		if (!have_vmcoreinfo)
			fail("vmcoreinfo missing");
	}
	if (markers && markers_total == 0)
		fail("markers none to check");
	else if (markers && markers_ok != markers_total)
		fail("markers %u/%u", markers_ok, markers_total);
	if (note_errors)
		fail("note errors %u", note_errors);
	if (head_failed)
		fail("save-head %s", head);
	printf("verdict %s\n", fails ? "FAIL" : "PASS");
	free(ph);
	free(loads.r);
	free(ram.r);
	close(fd);
	return fails ? 1 : 0;
}
