/*
 * marker.h - page marker pattern shared by marker-write and vmcore-check.
 *
 * A page at page frame number PFN, stamped with nonce NONCE, is an array
 * of 64-bit words (stored in the writer's native byte order; both target
 * arches, x86_64 and ppc64le, are little-endian):
 *
 *   word[0] = MARKER_MAGIC            ("KDMARKER")
 *   word[1] = PFN
 *   word[2] = NONCE
 *   word[i] = MARKER_MAGIC ^ (PFN * MARKER_MULT) ^ (NONCE + i)   for i >= 3
 *
 * (all arithmetic modulo 2^64), so a hexdump of a page is self-describing.
 */
#ifndef KD_MARKER_H
#define KD_MARKER_H

#include <stddef.h>
#include <stdint.h>

#define MARKER_MAGIC 0x4b444d41524b4552ULL /* "KDMARKER" */
#define MARKER_MULT  0x9e3779b97f4a7c15ULL

/* Expected value of 64-bit word IDX of the page at PFN. */
static inline uint64_t marker_word(uint64_t pfn, uint64_t nonce, uint64_t idx)
{
	switch (idx) {
	case 0: return MARKER_MAGIC;
	case 1: return pfn;
	case 2: return nonce;
	default: return MARKER_MAGIC ^ (pfn * MARKER_MULT) ^ (nonce + idx);
	}
}

/* Stamp PAGE (PAGESIZE bytes, 8-byte aligned) in native byte order. */
static inline void marker_fill(void *page, size_t pagesize, uint64_t pfn,
			       uint64_t nonce)
{
	uint64_t *w = page;
	size_t i, n = pagesize / sizeof(uint64_t);

	for (i = 0; i < n; i++)
		w[i] = marker_word(pfn, nonce, i);
}

/*
 * Verify a page image read from a dump.  BIG_ENDIAN_DATA selects the byte
 * order of the stored words (that of the dumped machine, i.e. the core
 * file's EI_DATA).  Returns 1 if the whole page matches, 0 otherwise.
 */
static inline int marker_check(const unsigned char *page, size_t pagesize,
			       uint64_t pfn, uint64_t nonce, int big_endian_data)
{
	size_t i, j, n = pagesize / sizeof(uint64_t);

	for (i = 0; i < n; i++) {
		const unsigned char *p = page + i * 8;
		uint64_t v = 0;

		for (j = 0; j < 8; j++) {
			unsigned shift = big_endian_data ? (unsigned)(56 - 8 * j)
							 : (unsigned)(8 * j);
			v |= (uint64_t)p[j] << shift;
		}
		if (v != marker_word(pfn, nonce, i))
			return 0;
	}
	return 1;
}

#endif /* KD_MARKER_H */
