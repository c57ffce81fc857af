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
 * Prints one line per case ("ok NAME: ERRNO" or "BAD NAME: ..."), then
 * "N refused as expected, N not"; exits 1 if any case was not refused
 * with its errno. A case the kernel accepts loads garbage: the dump that
 * follows tells.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEXEC_ON_CRASH			0x00000001
#define KEXEC_UPDATE_ELFCOREHDR		0x00000004
#define KEXEC_CRASH_HOTPLUG_SUPPORT	0x00000008
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

/* 64 KiB of data: an ELF core header, a device tree or zeroes */
static unsigned char core[65536], fdt[65536], zero[65536];

static void result(const char *name, long rc, int err, int want)
{
	if (rc == 0) {
		printf("BAD %s: accepted (wanted %s)\n", name, strerrorname_np(want));
		bad++;
	} else if (err != want) {
		printf("BAD %s: %s (wanted %s)\n", name, strerrorname_np(err),
		       strerrorname_np(want));
		bad++;
	} else {
		printf("ok %s: %s\n", name, strerrorname_np(err));
		good++;
	}
	fflush(stdout);
}

/* load: kexec_load() of N segments S with FLAGS (and KEXEC_ON_CRASH) */
static void load(const char *name, int want, unsigned long flags, int n,
		 const struct seg *s)
{
	long rc = syscall(SYS_kexec_load, start, (unsigned long)n, s,
			  flags | KEXEC_ON_CRASH);

	result(name, rc, errno, want);
}

/*
 * file_load: kexec_file_load() of the file PATH with COMMAND LINE (LEN
 * bytes, NUL included or not) and FLAGS (and KEXEC_FILE_ON_CRASH); an
 * initrd only if FLAGS lacks KEXEC_FILE_NO_INITRAMFS, and then fd -1
 */
static void file_load(const char *name, int want, const char *path,
		      const char *cmdline, unsigned long len, unsigned long flags)
{
	int fd = open(path, O_RDONLY);
	long rc;

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	rc = syscall(SYS_kexec_file_load, fd, -1, len, cmdline,
		     flags | KEXEC_FILE_ON_CRASH);
	result(name, rc, errno, want);
	close(fd);
}

static struct seg at(const void *buf, size_t bufsz, unsigned long off,
		     size_t memsz)
{
	struct seg s = { buf, bufsz, start + off, memsz };

	return s;
}

int main(int argc, char **argv)
{
	struct seg s[4];
	unsigned long hdrsz = 0;
	FILE *f;

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
	f = fopen("/sys/kernel/crash_elfcorehdr_size", "r");
	if (f) {
		if (fscanf(f, "%lu", &hdrsz) != 1)
			hdrsz = 0;
		fclose(f);
	}

	/* an ELF64 core header of this machine's byte order, no phdrs */
	memcpy(core, ELFMAG, SELFMAG);
	core[EI_CLASS] = ELFCLASS64;
	core[EI_DATA] = *(unsigned char *)&(int){ 1 } ? ELFDATA2LSB : ELFDATA2MSB;
	core[EI_VERSION] = EV_CURRENT;
	((Elf64_Ehdr *)core)->e_type = ET_CORE;
	((Elf64_Ehdr *)core)->e_version = EV_CURRENT;
	((Elf64_Ehdr *)core)->e_ehsize = sizeof(Elf64_Ehdr);
	((Elf64_Ehdr *)core)->e_phentsize = sizeof(Elf64_Phdr);
	memcpy(fdt, FDT_MAGIC_BE, 4);

	/* the segment list itself */
	s[0] = at(zero, page, 0, page);
	s[0].mem = start - 16 * page;
	load("a segment below the crash region", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, page, end - start - page, 2 * page);
	load("a segment past the end of the crash region", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, page, 1, page);
	load("a segment not page aligned", EADDRNOTAVAIL, 0, 1, s);
	s[0] = at(zero, 2 * page, 0, page);
	load("a segment with memsz below bufsz", EINVAL, 0, 1, s);
	s[0] = at(zero, page, 0, 2 * page);
	s[1] = at(zero, page, page, page);
	load("two segments that overlap", EINVAL, 0, 2, s);

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
	s[0] = at(zero, page, 0, page);
	load("0x4: no segment holds an ELF core header", EINVAL,
	     KEXEC_UPDATE_ELFCOREHDR, 1, s);
	load("0x8: no segment holds an ELF core header", EINVAL,
	     KEXEC_CRASH_HOTPLUG_SUPPORT, 1, s);
	s[0] = at(core, page, 0, 16 * page);
	s[1] = at(core, page, 16 * page, 16 * page);
	load("0x4: two segments hold an ELF core header", EINVAL,
	     KEXEC_UPDATE_ELFCOREHDR, 2, s);
	if (hdrsz > page) {
		s[0] = at(core, page, 0, page);
		load("0x4: the ELF core header segment is smaller than crash_elfcorehdr_size",
		     EINVAL, KEXEC_UPDATE_ELFCOREHDR, 1, s);
	}
#ifdef __powerpc64__
	unsigned long big;

	/* powerpc updates the device tree too: 0x8 needs one, whole */
	big = (hdrsz + page - 1) & ~(page - 1);
	s[0] = at(core, page, 0, big > 64 * page ? big : 64 * page);
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
#endif

file:
	file_load("kexec_file_load of a file that is no kernel", ENOEXEC,
		  argv[3], "", 1, KEXEC_FILE_NO_INITRAMFS);
	/* a good kernel, then something else wrong: read and parsed first */
	file_load("kexec_file_load of a kernel with a command line not ending in NUL",
		  EINVAL, argv[4], "ro x", 4, KEXEC_FILE_NO_INITRAMFS);
	file_load("kexec_file_load of a kernel with an initrd fd that is not open",
		  EBADF, argv[4], "", 1, 0);

	printf("%d refused as expected, %d not\n", good, bad);
	return bad ? 1 : 0;
}
