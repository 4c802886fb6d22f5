/* The one archive reader: checks an archive once, then hands out entries that
 * point into it.  It lands in every binary slither builds, so it uses only
 * libc's memory functions: no allocation, no stdio, no exit. */
#include "archive/archive.h"

#include <string.h>

/* The structs in archive.h document the layout; these keep them honest.  The
 * reader still decodes bytes one by one, since the archive may sit at any
 * address (in the fuzzer, say) and the host may be of either byte order. */
_Static_assert(sizeof(struct sl_archive_header) == SL_ARCHIVE_HEADER_SIZE, "header layout");
_Static_assert(sizeof(struct sl_archive_entry) == SL_ARCHIVE_ENTRY_SIZE, "entry layout");
_Static_assert(offsetof(struct sl_archive_header, total_size) == 24, "header layout");
_Static_assert(offsetof(struct sl_archive_entry, code_off) == 24, "entry layout");

#define STR_(x) #x
#define STR(x) STR_(x)

#define HDR32(b, f) le32((b) + offsetof(struct sl_archive_header, f))
#define ENT32(p, f) le32((p) + offsetof(struct sl_archive_entry, f))

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Bytewise order with a proper prefix first: the order the writer sorts by. */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Whether the string at [off, off+len) lies in the strings region [lo, hi)
 * together with the NUL after it, and holds no NUL of its own (consumers use
 * it as a C string). */
static int string_ok(const unsigned char *b, uint64_t lo, uint64_t hi, uint32_t off, uint32_t len)
{
	if (off < lo || off >= hi || len >= hi - off)
		return 0;
	/* in 64 bits: two 32-bit values may sum past 2^32 */
	return b[(uint64_t)off + len] == '\0' && !memchr(b + off, '\0', len);
}

/* Check one entry table slot against the regions already checked. */
static enum sl_archive_status check_entry(const unsigned char *b, const unsigned char *p,
                                          uint64_t str_lo, uint64_t str_hi, uint64_t total,
                                          uint32_t archive_flags)
{
	uint32_t kind = ENT32(p, kind);
	uint32_t name_off = ENT32(p, name_off), name_len = ENT32(p, name_len);
	uint32_t code_len = ENT32(p, code_len), src_len = ENT32(p, src_len);
	uint64_t code_off = le64(p + offsetof(struct sl_archive_entry, code_off));
	uint32_t flags = ENT32(p, flags);

	if (flags & ~SL_ENTRY_FROZEN)
		return SL_ARCHIVE_CORRUPT;
	if ((archive_flags & SL_ARCHIVE_NO_SOURCE) && src_len != 0)
		return SL_ARCHIVE_CORRUPT;
	if (name_len == 0 || !string_ok(b, str_lo, str_hi, name_off, name_len))
		return SL_ARCHIVE_CORRUPT;
	if (!string_ok(b, str_lo, str_hi, ENT32(p, path_off), ENT32(p, path_len)))
		return SL_ARCHIVE_CORRUPT;
	/* Blobs follow the strings; both lengths are 32-bit, so their sum
	 * cannot overflow 64 bits. */
	if (code_off % SL_ARCHIVE_ALIGN != 0 || code_off < str_hi || code_off > total ||
	    (uint64_t)code_len + src_len > total - code_off)
		return SL_ARCHIVE_CORRUPT;
	switch (kind) {
	case SL_KIND_MODULE:
	case SL_KIND_PACKAGE:
		/* marshal never writes an empty code object; a frozen entry
		 * has none here */
		if ((code_len == 0) != (flags == SL_ENTRY_FROZEN))
			return SL_ARCHIVE_CORRUPT;
		break;
	case SL_KIND_DATA:
		if (flags != 0 || src_len != 0)
			return SL_ARCHIVE_CORRUPT;
		break;
	case SL_KIND_NAMESPACE:
	case SL_KIND_EXTENSION:
		if (flags != 0 || code_len != 0 || src_len != 0)
			return SL_ARCHIVE_CORRUPT;
		break;
	default:
		return SL_ARCHIVE_CORRUPT;
	}
	return SL_ARCHIVE_OK;
}

enum sl_archive_status sl_archive_open(struct sl_archive *a, const void *base, size_t size)
{
	static const uint32_t swapped = (SL_ARCHIVE_CHECK_INT & 0xffu) << 24 |
	                                (SL_ARCHIVE_CHECK_INT & 0xff00u) << 8 |
	                                (SL_ARCHIVE_CHECK_INT & 0xff0000u) >> 8 |
	                                SL_ARCHIVE_CHECK_INT >> 24;
	const unsigned char *b = base;
	const unsigned char *prev = NULL;
	uint64_t total, ents_lo, ents_hi, str_lo, str_hi;
	uint32_t check, count, mode, flags, i;
	enum sl_archive_status st;

	if (size < SL_ARCHIVE_MAGIC_SIZE) {
		/* a cut-off magic is a truncated archive, anything else is not one */
		if (size > 0 && memcmp(b, SL_ARCHIVE_MAGIC, size) == 0)
			return SL_ARCHIVE_TRUNCATED;
		return SL_ARCHIVE_NOT_ARCHIVE;
	}
	if (memcmp(b, SL_ARCHIVE_MAGIC, SL_ARCHIVE_MAGIC_SIZE) != 0)
		return SL_ARCHIVE_NOT_ARCHIVE;
	if (size < SL_ARCHIVE_HEADER_SIZE)
		return SL_ARCHIVE_TRUNCATED;

	/* The byte order first: in a swapped archive the version is swapped too,
	 * and "version mismatch" would send the user the wrong way.  Then the
	 * version, before anything whose meaning a later version may change. */
	check = HDR32(b, check_int);
	if (check == swapped)
		return SL_ARCHIVE_BAD_BYTEORDER;
	if (HDR32(b, version) != SL_ARCHIVE_VERSION)
		return SL_ARCHIVE_BAD_VERSION;
	if (check != SL_ARCHIVE_CHECK_INT || HDR32(b, header_size) != SL_ARCHIVE_HEADER_SIZE ||
	    HDR32(b, entry_size) != SL_ARCHIVE_ENTRY_SIZE)
		return SL_ARCHIVE_CORRUPT;

	total = le64(b + offsetof(struct sl_archive_header, total_size));
	if (total < SL_ARCHIVE_HEADER_SIZE)
		return SL_ARCHIVE_CORRUPT;
	if (total > size)
		return SL_ARCHIVE_TRUNCATED;

	/* Regions in the order the format lays them out.  All sums are of
	 * 32-bit values in 64 bits, so none can overflow. */
	count = HDR32(b, entry_count);
	ents_lo = HDR32(b, entries_off);
	ents_hi = ents_lo + (uint64_t)count * SL_ARCHIVE_ENTRY_SIZE;
	str_lo = HDR32(b, strings_off);
	str_hi = str_lo + HDR32(b, strings_size);
	if (ents_lo < SL_ARCHIVE_HEADER_SIZE || ents_hi > str_lo || str_hi > total)
		return SL_ARCHIVE_CORRUPT;

	mode = HDR32(b, main_mode);
	flags = HDR32(b, flags);
	if (mode > SL_MAIN_MODULE || HDR32(b, optimize) > 2)
		return SL_ARCHIVE_CORRUPT;
	if ((flags & ~SL_ARCHIVE_NO_SOURCE) || HDR32(b, reserved) != 0)
		return SL_ARCHIVE_CORRUPT;
	if (!string_ok(b, str_lo, str_hi, HDR32(b, main_off), HDR32(b, main_len)) ||
	    (mode != SL_MAIN_NONE && HDR32(b, main_len) == 0))
		return SL_ARCHIVE_CORRUPT;
	if (!string_ok(b, str_lo, str_hi, HDR32(b, root_off), HDR32(b, root_len)))
		return SL_ARCHIVE_CORRUPT;

	for (i = 0; i < count; i++) {
		const unsigned char *p = b + ents_lo + (uint64_t)i * SL_ARCHIVE_ENTRY_SIZE;

		st = check_entry(b, p, str_lo, str_hi, total, flags);
		if (st != SL_ARCHIVE_OK)
			return st;
		/* strictly increasing names make binary search exact and rule
		 * out duplicates */
		if (prev && name_cmp((const char *)b + ENT32(prev, name_off), ENT32(prev, name_len),
		                     (const char *)b + ENT32(p, name_off), ENT32(p, name_len)) >= 0)
			return SL_ARCHIVE_CORRUPT;
		prev = p;
	}

	a->base = b;
	a->size = (size_t)total;
	a->version = SL_ARCHIVE_VERSION;
	a->pyc_magic = HDR32(b, pyc_magic);
	a->py_version = HDR32(b, py_version);
	a->optimize = HDR32(b, optimize);
	a->main_mode = mode;
	a->flags = flags;
	a->main_name = (const char *)b + HDR32(b, main_off);
	a->main_len = HDR32(b, main_len);
	a->root = (const char *)b + HDR32(b, root_off);
	a->root_len = HDR32(b, root_len);
	a->count = count;
	a->entries = b + ents_lo;
	return SL_ARCHIVE_OK;
}

void sl_archive_get(const struct sl_archive *a, uint32_t i, struct sl_entry *e)
{
	const unsigned char *p = a->entries + (size_t)i * SL_ARCHIVE_ENTRY_SIZE;
	uint64_t code_off = le64(p + offsetof(struct sl_archive_entry, code_off));

	e->kind = (enum sl_kind)ENT32(p, kind);
	e->name = (const char *)a->base + ENT32(p, name_off);
	e->name_len = ENT32(p, name_len);
	e->path = (const char *)a->base + ENT32(p, path_off);
	e->path_len = ENT32(p, path_len);
	e->code = a->base + code_off;
	e->code_len = ENT32(p, code_len);
	e->src_len = ENT32(p, src_len);
	e->src = e->src_len ? e->code + e->code_len : NULL;
	e->crc = ENT32(p, crc);
	e->src_crc = ENT32(p, src_crc);
	e->frozen = (ENT32(p, flags) & SL_ENTRY_FROZEN) != 0;
}

long sl_archive_find(const struct sl_archive *a, const char *name, size_t len)
{
	uint32_t lo = 0, hi = a->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *p = a->entries + (size_t)mid * SL_ARCHIVE_ENTRY_SIZE;
		int c = name_cmp(name, len, (const char *)a->base + ENT32(p, name_off),
		                 ENT32(p, name_len));

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

enum sl_archive_status sl_archive_entry_verify(const struct sl_entry *e)
{
	return sl_crc32(0, e->code, e->code_len) == e->crc ? SL_ARCHIVE_OK : SL_ARCHIVE_BAD_CRC;
}

enum sl_archive_status sl_archive_source_verify(const struct sl_entry *e)
{
	return sl_crc32(0, e->src, e->src_len) == e->src_crc ? SL_ARCHIVE_OK : SL_ARCHIVE_BAD_CRC;
}

enum sl_archive_status sl_archive_check_python(const struct sl_archive *a, uint32_t pyc_magic,
                                               uint32_t py_version)
{
	/* the micro version and release level never change the byte-code */
	if (a->pyc_magic != pyc_magic || a->py_version >> 16 != py_version >> 16)
		return SL_ARCHIVE_BAD_PYTHON;
	return SL_ARCHIVE_OK;
}

const char *sl_archive_strerror(enum sl_archive_status st)
{
	switch (st) {
	case SL_ARCHIVE_OK:
		return "no error";
	case SL_ARCHIVE_TRUNCATED:
		return "truncated archive";
	case SL_ARCHIVE_NOT_ARCHIVE:
		return "not a slither archive (no magic number)";
	case SL_ARCHIVE_BAD_VERSION:
		return "archive format version mismatch: this runtime reads version "
		       STR(SL_ARCHIVE_VERSION);
	case SL_ARCHIVE_BAD_BYTEORDER:
		return "archive written for another byte order";
	case SL_ARCHIVE_CORRUPT:
		return "corrupted archive";
	case SL_ARCHIVE_BAD_CRC:
		return "corrupted archive: a module's bytes do not match their checksum";
	case SL_ARCHIVE_BAD_PYTHON:
		return "byte-code compiled by another CPython version";
	}
	return "unknown archive error";
}

const char *sl_archive_kind_name(uint32_t kind)
{
	switch (kind) {
	case SL_KIND_MODULE:
		return "module";
	case SL_KIND_PACKAGE:
		return "package";
	case SL_KIND_NAMESPACE:
		return "namespace";
	case SL_KIND_DATA:
		return "data";
	case SL_KIND_EXTENSION:
		return "extension";
	}
	return "?";
}

/* CRC-32 by slicing-by-8 (eight bytes a step, several times faster than a
 * byte at a time, which matters: every module is checked as it is loaded).
 * The tables are constants, so there is nothing to initialise and no race. */
#include "archive/crc32_tables.h"

uint32_t sl_crc32(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	crc = ~crc;
	while (len >= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
				     (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
			      (uint32_t)p[7] << 24;
		crc = crc_tables[7][lo & 0xff] ^ crc_tables[6][(lo >> 8) & 0xff] ^
		      crc_tables[5][(lo >> 16) & 0xff] ^ crc_tables[4][lo >> 24] ^
		      crc_tables[3][hi & 0xff] ^ crc_tables[2][(hi >> 8) & 0xff] ^
		      crc_tables[1][(hi >> 16) & 0xff] ^ crc_tables[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		crc = crc_tables[0][(crc ^ *p++) & 0xff] ^ crc >> 8;
	return ~crc;
}
