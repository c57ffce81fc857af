// SPDX-License-Identifier: GPL-2.0
/*
 * kexec-bad: try crash kernel loads the kernel must refuse, each with the
 * errno it must refuse it with, while a good crash kernel is loaded.
 *
 *   kexec-bad START END NOT-A-KERNEL KERNEL
 *
 * START END: the reserved crash region, [START, END) in bytes (what the
 * guest's crash_region prints). NOT-A-KERNEL: a file that is not a
 * kernel, KERNEL: one that is, both for kexec_file_load(). Every case is
 * built so that only its one fault can make the load fail: segments page
 * aligned, inside the region and apart, the entry inside the region,
 * unless the case is about one of those.
 * Prints one line per case ("ok NAME: ERRNO; LOG" or "BAD NAME: ..."),
 * where LOG is what the kernel logged at warning level or above while the
 * case ran (/dev/kmsg): every kexec_load() case must log exactly one
 * line (the series names the reason of each refusal), but those whose
 * data cannot be read (EFAULT); every kexec_file_load() case one or more.
 * Then "N refused as expected, N not"; exits 1 if any case was not
 * refused with its errno (or without the log lines it must have). A
 * case the kernel accepts loads garbage: the dump that follows tells.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEXEC_ON_CRASH			0x00000001
#define KEXEC_UPDATE_ELFCOREHDR		0x00000004
#define KEXEC_CRASH_HOTPLUG_SUPPORT	0x00000008
#define KEXEC_ARCH_S390			(22 << 16)
#define KEXEC_ARCH_X86_64		(62 << 16)
#define KEXEC_SEGMENT_MAX		16
#define KEXEC_FILE_ON_CRASH		0x00000002
#define KEXEC_FILE_NO_INITRAMFS		0x00000004
#define FDT_MAGIC_BE			"\xd0\x0d\xfe\xed"

struct seg {
	const void *buf;
	size_t bufsz;
	unsigned long mem;
	size_t memsz;
};

static unsigned long start, end;
static unsigned long page;
static int good, bad;
static int kmsg = -1;

/* 64 KiB of data: an ELF core header, a device tree or zeroes */
static unsigned char core[65536], fdt[65536], zero[65536];
#ifdef __powerpc64__
/* room for a device tree of up to 128 KiB */
static unsigned char tree[131072];
#endif

/* kmsg_skip: forget what the kernel logged so far */
static void kmsg_skip(void)
{
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
}

/*
 * kmsg_lines: how many records of level warning or above the kernel
 * logged since kmsg_skip(); the first one's text in FIRST
 */
static int kmsg_lines(char *first, size_t len)
{
	char rec[2048], *text;
	int n = 0;
	ssize_t r;

	first[0] = '\0';
	while (kmsg >= 0 && (r = read(kmsg, rec, sizeof(rec) - 1)) > 0) {
		rec[r] = '\0';
		text = strchr(rec, ';');
		if (!text || (atoi(rec) & 7) > 4)
			continue;
		text++;
		text[strcspn(text, "\n")] = '\0';
		if (!n++)
			snprintf(first, len, "%s", text);
	}
	return n;
}

/*
 * result: a case's outcome; LINES: how many lines of the log must say
 * why: ONE (the series' own checks: exactly one), SOME (one or more:
 * an architecture's kexec_file_load() loader may add its own, as
 * powerpc's does to a command line too long) or ANY (not checked)
 */
enum lines { ANY, ONE, SOME };

static void result(const char *name, long rc, int err, int want,
		   enum lines lines)
{
	char line[256];
	int n = kmsg_lines(line, sizeof(line));

	if (rc == 0) {
		printf("BAD %s: accepted (wanted %s)\n", name, strerrorname_np(want));
		bad++;
	} else if (err != want) {
		printf("BAD %s: %s (wanted %s)\n", name, strerrorname_np(err),
		       strerrorname_np(want));
		bad++;
	} else if ((lines == ONE && n != 1) || (lines == SOME && !n)) {
		printf("BAD %s: %s, logged %d lines (wanted %s)%s%s\n", name,
		       strerrorname_np(err), n, lines == ONE ? "1" : "1 or more",
		       n ? ": " : "", line);
		bad++;
	} else {
		printf("ok %s: %s; log: %s\n", name, strerrorname_np(err),
		       n ? line : "nothing");
		good++;
	}
	fflush(stdout);
}

static char cpus_possible[256], cpus_present[256];

/* read_line: the first line of PATH into BUF (256 bytes), "" if none */
static void read_line(const char *path, char *buf)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, 256, f))
			buf[0] = '\0';
		fclose(f);
	}
}

/* load: kexec_load() of N segments S with FLAGS (and KEXEC_ON_CRASH) */
static void load_at(const char *name, int want, unsigned long entry,
		    unsigned long flags, int n, const struct seg *s)
{
	long rc;

	kmsg_skip();
	rc = syscall(SYS_kexec_load, entry, (unsigned long)n, s,
		     flags | KEXEC_ON_CRASH);
	/* a fault reading user memory is reported by its errno alone */
	result(name, rc, errno, want, want != EFAULT ? ONE : ANY);
}

static void load(const char *name, int want, unsigned long flags, int n,
		 const struct seg *s)
{
	load_at(name, want, start, flags, n, s);
}

/*
 * file_load: kexec_file_load() of the file PATH with the initrd INITRD (a
 * file descriptor, used only if FLAGS lacks KEXEC_FILE_NO_INITRAMFS),
 * COMMAND LINE (LEN bytes, NUL included or not) and FLAGS (and
 * KEXEC_FILE_ON_CRASH)
 */
static void file_load(const char *name, int want, const char *path, int initrd,
		      const char *cmdline, unsigned long len, unsigned long flags)
{
	int fd = open(path, O_RDONLY);
	long rc;

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	kmsg_skip();
	rc = syscall(SYS_kexec_file_load, fd, initrd, len, cmdline,
		     flags | KEXEC_FILE_ON_CRASH);
	/* a fault reading user memory is reported by its errno alone */
	result(name, rc, errno, want, want != EFAULT ? SOME : ANY);
	close(fd);
}

/*
 * zeroes: a read-only file descriptor of a file of SIZE bytes of zeroes
 * that takes no memory (a hole in a memfd: the kernel reads the zero
 * page). Read-only, as kexec_file_load() refuses a file open for writing.
 */
static int zeroes(unsigned long size)
{
	char path[64];
	int fd = memfd_create("kexec-bad", 0), ro;

	if (fd < 0 || ftruncate(fd, size)) {
		perror("memfd");
		exit(2);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY);
	if (ro < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
	return ro;
}

static struct seg at(const void *buf, size_t bufsz, unsigned long off,
		     size_t memsz)
{
	struct seg s = { buf, bufsz, start + off, memsz };

	return s;
}

#ifdef __powerpc64__
/* big-endian words into a device tree being built */
static unsigned int be(unsigned int v)
{
	return __builtin_bswap32(v);
}

static size_t put(unsigned char *t, size_t off, unsigned int v)
{
	v = be(v);
	memcpy(t + off, &v, 4);
	return off + 4;
}

static size_t put_name(unsigned char *t, size_t off, const char *name)
{
	size_t n = strlen(name) + 1;

	memcpy(t + off, name, n);
	return (off + n + 3) & ~3UL;
}

/*
 * mkfdt: a device tree in tree[]: / with a property "pad" of PAD bytes
 * and, if CPUS, /cpus/cpu@0 (device_type "cpu"); a reserve map of the
 * segment RSV (none if it is NULL). Returns its size (totalsize).
 */
static size_t mkfdt(int cpus, size_t pad, const struct seg *rsv)
{
	const size_t map = 40, st = map + 32;
	static const char strs[] = "device_type\0pad";
	size_t o = st, ss;

	memset(tree, 0, sizeof(tree));
	if (rsv) {
		put(tree, map, (unsigned long)rsv->mem >> 32);
		put(tree, map + 4, (unsigned long)rsv->mem);
		put(tree, map + 8, (unsigned long)rsv->memsz >> 32);
		put(tree, map + 12, (unsigned long)rsv->memsz);
	}
	o = put(tree, o, 1);			/* FDT_BEGIN_NODE / */
	o = put_name(tree, o, "");
	o = put(tree, o, 3);			/* FDT_PROP pad */
	o = put(tree, o, pad);
	o = put(tree, o, 12);
	o = (o + pad + 3) & ~3UL;
	if (cpus) {
		o = put(tree, o, 1);
		o = put_name(tree, o, "cpus");
		o = put(tree, o, 1);
		o = put_name(tree, o, "cpu@0");
		o = put(tree, o, 3);		/* FDT_PROP device_type */
		o = put(tree, o, 4);
		o = put(tree, o, 0);
		memcpy(tree + o, "cpu", 4);
		o += 4;
		o = put(tree, o, 2);		/* FDT_END_NODE cpu@0 */
		o = put(tree, o, 2);		/* FDT_END_NODE cpus */
	}
	o = put(tree, o, 2);			/* FDT_END_NODE / */
	o = put(tree, o, 9);			/* FDT_END */
	ss = o;
	memcpy(tree + ss, strs, sizeof(strs));
	o = ss + sizeof(strs);
	put(tree, 0, 0xd00dfeed);
	put(tree, 4, o);			/* totalsize */
	put(tree, 8, st);			/* off_dt_struct */
	put(tree, 12, ss);			/* off_dt_strings */
	put(tree, 16, map);			/* off_mem_rsvmap */
	put(tree, 20, 17);			/* version */
	put(tree, 24, 16);			/* last_comp_version */
	put(tree, 32, sizeof(strs));		/* size_dt_strings */
	put(tree, 36, ss - st);			/* size_dt_struct */
	return o;
}
#endif

/* a copy of the ELF core header template, changed by CHANGE */
#define EHDR(change) do {						\
	memcpy(hdr, core, sizeof(core));				\
	{ Elf64_Ehdr *e = (Elf64_Ehdr *)hdr; (void)e; change; }	\
} while (0)

int main(int argc, char **argv)
{
	static const unsigned long hpflags[] = {
		KEXEC_UPDATE_ELFCOREHDR, KEXEC_CRASH_HOTPLUG_SUPPORT
	};
	static unsigned char hdr[65536];
	unsigned long hdrsz = 0, big, f;
	long rc;
	struct seg s[KEXEC_SEGMENT_MAX + 1];
	char name[160], *huge;
	unsigned int i;
	FILE *f_sz;
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: kexec-bad START END NOT-A-KERNEL KERNEL\n");
		return 2;
	}
	start = strtoul(argv[1], NULL, 0);
	end = strtoul(argv[2], NULL, 0);
	page = sysconf(_SC_PAGESIZE);
	if (end <= start || end - start < 64UL << 20) {
		fprintf(stderr, "kexec-bad: a crash region of 64 MiB or more, please\n");
		return 2;
	}
	f_sz = fopen("/sys/kernel/crash_elfcorehdr_size", "r");
	if (f_sz) {
		if (fscanf(f_sz, "%lu", &hdrsz) != 1)
			hdrsz = 0;
		fclose(f_sz);
	}
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	read_line("/sys/devices/system/cpu/possible", cpus_possible);
	read_line("/sys/devices/system/cpu/present", cpus_present);

	/* an ELF64 core header of this machine's byte order, no phdrs */
	memcpy(core, ELFMAG, SELFMAG);
	core[EI_CLASS] = ELFCLASS64;
	core[EI_DATA] = *(unsigned char *)&(int){ 1 } ? ELFDATA2LSB : ELFDATA2MSB;
	core[EI_VERSION] = EV_CURRENT;
	((Elf64_Ehdr *)core)->e_type = ET_CORE;
	((Elf64_Ehdr *)core)->e_version = EV_CURRENT;
	((Elf64_Ehdr *)core)->e_ehsize = sizeof(Elf64_Ehdr);
	((Elf64_Ehdr *)core)->e_phentsize = sizeof(Elf64_Phdr);
	((Elf64_Ehdr *)core)->e_phoff = sizeof(Elf64_Ehdr);
	memcpy(fdt, FDT_MAGIC_BE, 4);

	/* the segment list itself: 6.1's own checks */
	s[0] = at(zero, page, 0, page);
	s[0].mem = start - 16 * page;
	load("a segment below the crash region", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, page, end - start - page, 2 * page);
	load("a segment past the end of the crash region", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, page, 1, page);
	load("a segment not page aligned", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, page, 0, page + 8);
	load("a segment whose memsz is not page aligned", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, page, 0, -start);
	load("a segment that wraps around the address space", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, 2 * page, 0, page);
	load("a segment with memsz below bufsz", EINVAL, 0, 1, s);
	s[0] = at(zero, page, 0, 2 * page);
	s[1] = at(zero, page, page, page);
	load("two segments that overlap", EINVAL, 0, 2, s);
	s[0] = at(zero, page, 0, 1UL << 40);
	load("a segment larger than half of the memory", EINVAL, 0, 1, s);
	for (i = 0; i <= KEXEC_SEGMENT_MAX; i++)
		s[i] = at(zero, page, i * page, page);
	load("more segments than KEXEC_SEGMENT_MAX", EINVAL, 0, KEXEC_SEGMENT_MAX + 1, s);
	s[0] = at(zero, page, 0, page);
	load_at("an entry point below the crash region", EADDRNOTAVAIL,
		start - page, 0, 1, s);
	load("an unknown flag (0x10)", EINVAL, 0x10, 1, s);
	load("the flags of another architecture", EINVAL,
#ifdef __s390x__
	     KEXEC_ARCH_X86_64,
#else
	     KEXEC_ARCH_S390,
#endif
	     1, s);
	kmsg_skip();
	rc = syscall(SYS_kexec_load, start, 1UL, (void *)16,
		     (unsigned long)KEXEC_ON_CRASH);
	result("a segment list that cannot be read", rc, errno, EFAULT, ANY);

	/*
	 * the crash hotplug opt-in (kexec-tools --hotplug); a kernel without
	 * /sys/kernel/crash_elfcorehdr_size keeps no image current, and
	 * either refuses the flags (6.1) or ignores them (CONFIG_CRASH_HOTPLUG
	 * off, as mainline does): such a load would be a good one
	 */
	if (!hdrsz) {
		printf("skip the 0x4 and 0x8 cases: no /sys/kernel/crash_elfcorehdr_size\n");
		goto file;
	}
	/* room for the header: every case has one fault only */
	big = (hdrsz + page - 1) & ~(page - 1);
	if (big < 64 * page)
		big = 64 * page;
	for (i = 0; i < 2; i++) {
		f = hpflags[i];
#define HP(what, want, n)						\
		do {							\
			snprintf(name, sizeof(name), "0x%lx: %s", f, what); \
			load(name, want, f, n, s);			\
		} while (0)
		s[0] = at(zero, page, 0, page);
		HP("no segment holds an ELF core header", EINVAL, 1);
		s[0] = at(core, page, 0, big);
		s[1] = at(core, page, big, big);
		HP("two segments hold an ELF core header", EINVAL, 2);
		if (hdrsz > page) {
			s[0] = at(core, page, 0, page);
			HP("the ELF core header segment is smaller than crash_elfcorehdr_size",
			   EINVAL, 1);
		}
		s[0] = at(hdr, page, 0, big);
		EHDR(hdr[EI_DATA] = hdr[EI_DATA] == ELFDATA2LSB ? ELFDATA2MSB : ELFDATA2LSB;
		     e->e_type = __builtin_bswap16(ET_CORE));
		HP("the ELF core header is of the other byte order", EINVAL, 1);
		EHDR(hdr[EI_CLASS] = ELFCLASSNONE);
		HP("the ELF core header is of no ELF class", EINVAL, 1);
		EHDR(e->e_phnum = PN_XNUM);
		HP("the ELF core header counts its program headers in PN_XNUM", EINVAL, 1);
		EHDR(e->e_phnum = (page - sizeof(*e)) / sizeof(Elf64_Phdr) + 1);
		HP("e_phnum goes past the data of the segment", EINVAL, 1);
		EHDR(e->e_phoff = page + 8);
		HP("e_phoff is past the data of the segment", EINVAL, 1);
		EHDR(e->e_phoff = 8);
		HP("e_phoff points into the ELF header", EINVAL, 1);
		EHDR(e->e_phentsize = 32);
		HP("e_phentsize is not that of a 64-bit program header", EINVAL, 1);
		EHDR();
		s[0] = at(hdr, 40, 0, big);
		HP("the ELF core header is cut short (40 bytes of data)", EINVAL, 1);
		s[0] = at((void *)16, page, 0, big);
		HP("a segment whose data cannot be read", EFAULT, 1);
	}
#ifdef __powerpc64__
	/* powerpc updates the device tree too: 0x8 needs one, whole */
	s[0] = at(core, page, 0, big);
	s[1] = at(zero, page, 128 * page, page);
	load("0x8: no segment holds a device tree", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	/* a device tree header that says it is larger than its segment */
	((unsigned int *)fdt)[1] = __builtin_bswap32(1U << 20);
	s[1] = at(fdt, page, 128 * page, page);
	load("0x8: the device tree is larger than its segment", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	s[2] = at(fdt, page, 256 * page, 1U << 20);
	load("0x8: two segments hold a device tree", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 3, s);
	/* device trees that updates could not rebuild */
	s[1] = at(tree, 0, 128 * page, page);
	s[1].bufsz = mkfdt(1, 16, &s[0]);
	put(tree, 8, 1U << 20);
	load("0x8: the device tree's structure block is outside it", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	s[1].bufsz = mkfdt(1, 16, &s[0]) - 8;
	load("0x8: the device tree is cut short", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	s[1].bufsz = mkfdt(0, 16, &s[0]);
	load("0x8: the device tree has no /cpus", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	/* the crash kernel could allocate over the header */
	s[1].bufsz = mkfdt(1, 16, NULL);
	load("0x8: the device tree does not reserve the ELF core header", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	if (strcmp(cpus_possible, cpus_present)) {
		/* totalsize 8 bytes short of the segment: no room */
		s[1].bufsz = mkfdt(1, page - mkfdt(1, 0, &s[0]) - 8, &s[0]);
		load("0x8: the device tree has no room for another cpu node", EINVAL,
		     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
	} else {
		printf("skip the device tree without room: no CPU can be added\n");
	}
	/* a good device tree: the ELF core header is what is wrong */
	s[1].bufsz = mkfdt(1, 16, &s[0]);
	load("0x8: the ELF core header has no backup region", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 2, s);
#endif

file:
	file_load("kexec_file_load with an unknown flag (0x100)", EINVAL,
		  argv[4], -1, "", 1, KEXEC_FILE_NO_INITRAMFS | 0x100);
	file_load("kexec_file_load of a file that is no kernel", ENOEXEC,
		  argv[3], -1, "", 1, KEXEC_FILE_NO_INITRAMFS);
	/* a good kernel, then something else wrong: read and parsed first */
	file_load("kexec_file_load of a kernel with a command line not ending in NUL",
		  EINVAL, argv[4], -1, "ro x", 4, KEXEC_FILE_NO_INITRAMFS);
	file_load("kexec_file_load of a kernel with a command line that cannot be read",
		  EFAULT, argv[4], -1, (const char *)16, 8, KEXEC_FILE_NO_INITRAMFS);
	file_load("kexec_file_load of a kernel with an initrd fd that is not open",
		  EBADF, argv[4], -1, "", 1, 0);
	fd = open("/", O_RDONLY);
	file_load("kexec_file_load of a kernel with an initrd that is a directory",
		  EINVAL, argv[4], fd, "", 1, 0);
	close(fd);
	/*
	 * The initrd is data to the kernel, whatever it holds: garbage is
	 * loaded (and the crash kernel fails). What the kernel can refuse
	 * is an initrd too large for the crash region, kdump's usual
	 * failure when a distribution's initrd grows past crashkernel=.
	 */
	fd = zeroes(end - start);
	file_load("kexec_file_load of a kernel with an initrd as large as the crash region",
		  EADDRNOTAVAIL, argv[4], fd, "", 1, 0);
	close(fd);
	huge = malloc(1 << 20);
	if (!huge) {
		perror("malloc");
		return 2;
	}
	memset(huge, 'a', (1 << 20) - 1);
	huge[(1 << 20) - 1] = '\0';
	file_load("kexec_file_load of a kernel with a 1 MiB command line", EINVAL,
		  argv[4], -1, huge, 1 << 20, KEXEC_FILE_NO_INITRAMFS);

	printf("%d refused as expected, %d not\n", good, bad);
	return bad ? 1 : 0;
}
