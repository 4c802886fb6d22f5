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
                                          uint64_t str_lo, uint64_t str_hi, uint64_t total)
{
	uint32_t kind = ENT32(p, kind);
	uint32_t name_off = ENT32(p, name_off), name_len = ENT32(p, name_len);
	uint32_t code_len = ENT32(p, code_len), src_len = ENT32(p, src_len);
	uint64_t code_off = le64(p + offsetof(struct sl_archive_entry, code_off));

	if (ENT32(p, flags) != 0 || ENT32(p, reserved) != 0)
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
		/* marshal never writes an empty code object */
		if (code_len == 0)
			return SL_ARCHIVE_CORRUPT;
		break;
	case SL_KIND_DATA:
		if (src_len != 0)
			return SL_ARCHIVE_CORRUPT;
		break;
	case SL_KIND_NAMESPACE:
	case SL_KIND_EXTENSION:
		if (code_len != 0 || src_len != 0)
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
	uint32_t check, count, mode, i;
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
	if (mode > SL_MAIN_MODULE || HDR32(b, optimize) > 2)
		return SL_ARCHIVE_CORRUPT;
	if (!string_ok(b, str_lo, str_hi, HDR32(b, main_off), HDR32(b, main_len)) ||
	    (mode != SL_MAIN_NONE && HDR32(b, main_len) == 0))
		return SL_ARCHIVE_CORRUPT;
	if (!string_ok(b, str_lo, str_hi, HDR32(b, root_off), HDR32(b, root_len)))
		return SL_ARCHIVE_CORRUPT;

	for (i = 0; i < count; i++) {
		const unsigned char *p = b + ents_lo + (uint64_t)i * SL_ARCHIVE_ENTRY_SIZE;

		st = check_entry(b, p, str_lo, str_hi, total);
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
	uint32_t crc = sl_crc32(0, e->code, e->code_len);

	crc = sl_crc32(crc, e->src, e->src_len);
	return crc == e->crc ? SL_ARCHIVE_OK : SL_ARCHIVE_BAD_CRC;
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

/* The CRC-32 of every byte value, for the reflected polynomial 0xedb88320:
 * a constant, so there is nothing to initialise and no race at start-up. */
static const uint32_t crc_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f,
	0xe963a535, 0x9e6495a3, 0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91, 0x1db71064, 0x6ab020f2,
	0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9,
	0xfa0f3d63, 0x8d080df5, 0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b, 0x35b5a8fa, 0x42b2986c,
	0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423,
	0xcfba9599, 0xb8bda50f, 0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d, 0x76dc4190, 0x01db7106,
	0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d,
	0x91646c97, 0xe6635c01, 0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457, 0x65b0d9c6, 0x12b7e950,
	0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7,
	0xa4d1c46d, 0xd3d6f4fb, 0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9, 0x5005713c, 0x270241aa,
	0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81,
	0xb7bd5c3b, 0xc0ba6cad, 0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683, 0xe3630b12, 0x94643b84,
	0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb,
	0x196c3671, 0x6e6b06e7, 0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5, 0xd6d6a3e8, 0xa1d1937e,
	0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55,
	0x316e8eef, 0x4669be79, 0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f, 0xc5ba3bbe, 0xb2bd0b28,
	0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f,
	0x72076785, 0x05005713, 0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21, 0x86d3d2d4, 0xf1d4e242,
	0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69,
	0x616bffd3, 0x166ccf45, 0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db, 0xaed16a4a, 0xd9d65adc,
	0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693,
	0x54de5729, 0x23d967bf, 0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

uint32_t sl_crc32(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	crc = ~crc;
	while (len-- > 0)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ crc >> 8;
	return ~crc;
}
