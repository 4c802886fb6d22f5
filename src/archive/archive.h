/* The slither archive format: the single definition of the bytes that
 * `slither build` writes, the runtime uses in place, and `slither inspect`
 * and the fuzzer read.  One reader (archive_read.c, symbols prefixed sl_
 * since it lands in users' binaries) serves all three; the writer
 * (archive_write.c, archive_write.h) is used by the CLI only.  In an
 * executable the archive is the whole of the section SL_ARCHIVE_SECTION.
 *
 * Layout.  All integers are little-endian; every offset is from the start
 * of the archive; every region lies inside [0, total_size).
 *
 *   header      struct sl_archive_header, SL_ARCHIVE_HEADER_SIZE bytes
 *   entries     entry_count * struct sl_archive_entry, sorted by name
 *               (bytewise, memcmp order, no duplicates)
 *   strings     names, virtual paths, root and main name; each is followed
 *               by a NUL that is not counted in its length
 *   blobs       marshalled code and optional source, each 8-byte aligned
 *
 * What sl_archive_open() insists on, beyond every region lying in bounds in
 * that order: names non-empty, strictly increasing and, like every string,
 * free of NULs; flags 0 but SL_ENTRY_FROZEN on a module or package; header
 * flags 0 but SL_ARCHIVE_NO_SOURCE, and then no entry with source; the
 * reserved field 0; optimize 0-2; a main name whenever main_mode is not SL_MAIN_NONE;
 * modules and packages have code, unless SL_ENTRY_FROZEN says it is
 * deep-frozen into the executable instead (then they have none); data has
 * no source; namespaces and extensions have no bytes at all (their code_off
 * still points into the blobs region, at 0 bytes).  The writer zeroes every
 * gap, so the same inputs always give the same bytes.
 *
 * The header carries test values (as Lua's luac header does) so that a file
 * written for another byte order, format version or CPython build is told
 * apart from a corrupted one; sl_archive_open() checks all of it but the
 * CPython build, which is sl_archive_check_python()'s job.
 * Each entry has a CRC-32 of its code, checked by sl_archive_entry_verify()
 * when the module is loaded, and one of its source, checked by
 * sl_archive_source_verify() when the source is read (tracebacks), so that
 * loading pays only for the code; a damaged blob is an
 * error and never handed to marshal.
 *
 * Any change to these bytes' meaning bumps SL_ARCHIVE_VERSION: the reader
 * reads its own version only, and a binary always carries the reader of
 * its archive.  Version 2 added the header's flags (SL_ARCHIVE_NO_SOURCE).
 */
#ifndef SL_ARCHIVE_H
#define SL_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#define SL_ARCHIVE_MAGIC "\177SLITHER"	/* 8 bytes, no NUL stored */
#define SL_ARCHIVE_MAGIC_SIZE 8
#define SL_ARCHIVE_VERSION 2
#define SL_ARCHIVE_CHECK_INT 0x01020304u	/* byte-order test value */
#define SL_ARCHIVE_HEADER_SIZE 88
#define SL_ARCHIVE_ENTRY_SIZE 48
#define SL_ARCHIVE_ALIGN 8
#define SL_ARCHIVE_SECTION ".slither"	/* the ELF section that holds it */

/* What an entry holds. */
enum sl_kind {
	SL_KIND_MODULE = 1,	/* a .py module: code, optional source */
	SL_KIND_PACKAGE = 2,	/* a package's __init__: code, optional source */
	SL_KIND_NAMESPACE = 3,	/* a namespace package: no code */
	SL_KIND_DATA = 4,	/* a data file; name is its path without the root, as
				   "app/pkg/rel/file"; bytes in code */
	SL_KIND_EXTENSION = 5,	/* a statically linked C extension: no code */
};

/* Entry flags. */
#define SL_ENTRY_FROZEN 1u	/* a module or package whose byte-code is not here but
				   deep-frozen into the executable (slither build's
				   frozen table); its code is empty, its source stays */

/* Archive flags, in the header. */
#define SL_ARCHIVE_NO_SOURCE 1u	/* built without source text (slither build --no-source):
				   no entry has any, so an entry without source says
				   nothing; otherwise one without is an empty file */

/* How the binary starts. */
enum sl_main_mode {
	SL_MAIN_NONE = 0,	/* no entry point: a python-like interpreter */
	SL_MAIN_SCRIPT = 1,	/* run module `main_name` as __main__, like `python3 app.py` */
	SL_MAIN_MODULE = 2,	/* run module `main_name` like `python3 -m main_name` */
};

/* On-disk header, SL_ARCHIVE_HEADER_SIZE bytes; field order is the byte order. */
struct sl_archive_header {
	char magic[SL_ARCHIVE_MAGIC_SIZE];
	uint32_t version;	/* SL_ARCHIVE_VERSION */
	uint32_t check_int;	/* SL_ARCHIVE_CHECK_INT */
	uint32_t header_size;	/* SL_ARCHIVE_HEADER_SIZE */
	uint32_t entry_size;	/* SL_ARCHIVE_ENTRY_SIZE */
	uint64_t total_size;	/* bytes in the whole archive */
	uint32_t pyc_magic;	/* importlib.util.MAGIC_NUMBER read as a LE u32 */
	uint32_t py_version;	/* PY_VERSION_HEX of the interpreter that compiled the code */
	uint32_t optimize;	/* compile() optimize level: 0, 1 or 2 */
	uint32_t main_mode;	/* enum sl_main_mode */
	uint32_t main_off, main_len;	/* main module name (string) */
	uint32_t root_off, root_len;	/* virtual root of every path, e.g. "/slither" */
	uint32_t entry_count;
	uint32_t entries_off;
	uint32_t strings_off, strings_size;
	uint32_t flags;		/* SL_ARCHIVE_NO_SOURCE or 0 */
	uint32_t reserved;	/* 0 */
};

/* On-disk entry, SL_ARCHIVE_ENTRY_SIZE bytes. */
struct sl_archive_entry {
	uint32_t kind;		/* enum sl_kind */
	uint32_t flags;		/* SL_ENTRY_FROZEN or 0 */
	uint32_t name_off, name_len;	/* dotted module name (string) */
	uint32_t path_off, path_len;	/* virtual __file__ (string), may be empty */
	uint64_t code_off;	/* marshalled code object (or data bytes) */
	uint32_t code_len;
	uint32_t src_len;	/* source text follows the code at code_off+code_len, 0 if none */
	uint32_t crc;		/* CRC-32 (IEEE) of the code, checked on every load */
	uint32_t src_crc;	/* CRC-32 of the source, checked when it is read */
};

/* Result of a check: turned into text by sl_archive_strerror() only. */
enum sl_archive_status {
	SL_ARCHIVE_OK = 0,
	SL_ARCHIVE_TRUNCATED,	/* shorter than its header or total_size says */
	SL_ARCHIVE_NOT_ARCHIVE,	/* no magic: not a slither archive at all */
	SL_ARCHIVE_BAD_VERSION,	/* magic fine, format version differs */
	SL_ARCHIVE_BAD_BYTEORDER,	/* check_int differs: another byte order */
	SL_ARCHIVE_CORRUPT,	/* an offset, length, kind or ordering is impossible */
	SL_ARCHIVE_BAD_CRC,	/* an entry's bytes do not match its CRC */
	SL_ARCHIVE_BAD_PYTHON,	/* compiled by another CPython (magic or version) */
};

/* A decoded, checked view of an archive that stays in the caller's memory. */
struct sl_archive {
	const unsigned char *base;
	size_t size;		/* total_size: any bytes after it are not the archive's */
	uint32_t version, pyc_magic, py_version, optimize, main_mode;
	uint32_t flags;		/* SL_ARCHIVE_NO_SOURCE or 0 */
	const char *main_name;	/* NUL-terminated, points into base */
	size_t main_len;
	const char *root;
	size_t root_len;
	uint32_t count;
	const unsigned char *entries;	/* raw entry table, use sl_archive_get() */
};

/* A decoded entry; pointers point into the archive. */
struct sl_entry {
	enum sl_kind kind;
	const char *name;	/* NUL-terminated */
	size_t name_len;
	const char *path;	/* NUL-terminated, "" if none */
	size_t path_len;
	const unsigned char *code;
	size_t code_len;
	const unsigned char *src;	/* NULL if no source */
	size_t src_len;
	uint32_t crc, src_crc;
	int frozen;		/* SL_ENTRY_FROZEN: the code is in the executable */
};

/* Check the header and every entry of the `size` bytes at `base` and fill
 * `a`.  Never reads outside [base, base+size).  Returns SL_ARCHIVE_OK or the
 * first problem found; `a` is only valid on SL_ARCHIVE_OK. */
enum sl_archive_status sl_archive_open(struct sl_archive *a, const void *base, size_t size);

/* Decode entry `i` (< a->count) of an opened archive into `e`. */
void sl_archive_get(const struct sl_archive *a, uint32_t i, struct sl_entry *e);

/* Find `name` (`len` bytes) by binary search; returns its index or -1. */
long sl_archive_find(const struct sl_archive *a, const char *name, size_t len);

/* Check an entry's code (or data) against its CRC; SL_ARCHIVE_OK or
 * SL_ARCHIVE_BAD_CRC. */
enum sl_archive_status sl_archive_entry_verify(const struct sl_entry *e);

/* Check an entry's source against its CRC (OK when it has none). */
enum sl_archive_status sl_archive_source_verify(const struct sl_entry *e);

/* Check that the archive was compiled by this interpreter: `pyc_magic` and
 * the major.minor of `py_version` must match. */
enum sl_archive_status sl_archive_check_python(const struct sl_archive *a, uint32_t pyc_magic,
                                               uint32_t py_version);

/* A static English sentence for a status, for messages of the form
 * "<file>: <sentence>". */
const char *sl_archive_strerror(enum sl_archive_status st);

/* The name of a kind ("module", "package", ...), or "?" if unknown. */
const char *sl_archive_kind_name(uint32_t kind);

/* CRC-32 (IEEE 802.3, as zlib's crc32), continuing from `crc` (0 to start). */
uint32_t sl_crc32(uint32_t crc, const void *buf, size_t len);

#endif
