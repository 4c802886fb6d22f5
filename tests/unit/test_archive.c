/* Unit tests for the archive format: the writer, the reader's checks of
 * every field, and the ELF section lookup.  `test_archive --write-corpus DIR`
 * writes the fuzzer's seed inputs instead. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/archive_write.h"
#include "archive/elf.h"

static int checks, failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		checks++;                                                      \
		if (!(cond)) {                                                 \
			failures++;                                            \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);  \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)

#define CHECK_ST(got, want, what)                                              \
	CHECK((got) == (want), "%s: got '%s', want '%s'", (what),              \
	      sl_archive_strerror(got), sl_archive_strerror(want))

#define PYC_MAGIC 0x0a0d0da7u	/* CPython 3.11's MAGIC_NUMBER as a LE u32 */
#define PY_VERSION 0x030b02f0u	/* 3.11.2 final */

/* A small app with one entry of every kind, names chosen to test the order:
 * '.' sorts before '/', and a name sorts before the names it prefixes. */
static const struct sample {
	enum sl_kind kind;
	const char *name, *path, *code, *src;
} samples[] = {
	{SL_KIND_MODULE, "app", "/slither/app.py", "\xe3" "code-of-app", "print('hi')\n"},
	{SL_KIND_PACKAGE, "pkg", "/slither/pkg/__init__.py", "\xe3" "code-of-pkg", NULL},
	{SL_KIND_MODULE, "pkg.mod", "/slither/pkg/mod.py", "\xe3mod", "x = 1\n"},
	{SL_KIND_EXTENSION, "pkg._speedups", NULL, NULL, NULL},
	{SL_KIND_NAMESPACE, "nsp", "/slither/nsp", NULL, NULL},
	{SL_KIND_DATA, "pkg/data.txt", "/slither/pkg/data.txt", "some data\n", NULL},
	{SL_KIND_DATA, "pkg/empty", "/slither/pkg/empty", NULL, NULL},
	{SL_KIND_MODULE, "a", "", "\xe3" "a", NULL},
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static size_t len_or_0(const char *s)
{
	return s ? strlen(s) : 0;
}

static struct sl_writer *new_writer(void)
{
	struct sl_writer *w = sl_writer_new(PYC_MAGIC, PY_VERSION, 0, SL_MAIN_SCRIPT, "app", "/slither");

	if (!w) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return w;
}

static int add_sample(struct sl_writer *w, const struct sample *s)
{
	return sl_writer_add(w, s->kind, s->name, s->path, s->code, len_or_0(s->code), s->src,
	                     len_or_0(s->src));
}

/* Write the samples in the order given by `order` (indices into samples);
 * returns a malloc'd archive, or NULL after reporting a failure. */
static unsigned char *build(const size_t *order, size_t n, size_t *len)
{
	struct sl_writer *w = new_writer();
	void *out = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (add_sample(w, &samples[order[i]]) < 0) {
			CHECK(0, "add %s: %s", samples[order[i]].name, sl_writer_error(w));
			sl_writer_free(w);
			return NULL;
		}
	if (sl_writer_finish(w, &out, len) < 0) {
		CHECK(0, "finish: %s", sl_writer_error(w));
		out = NULL;
	}
	sl_writer_free(w);
	return out;
}

static unsigned char *build_all(size_t *len)
{
	size_t order[NSAMPLES], i;

	for (i = 0; i < NSAMPLES; i++)
		order[i] = i;
	return build(order, NSAMPLES, len);
}

/* A copy in a block of exactly `len` bytes, so that ASan sees any read past
 * the end. */
static unsigned char *copy(const void *p, size_t len)
{
	unsigned char *q = malloc(len ? len : 1);

	if (!q) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (len)
		memcpy(q, p, len);
	return q;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void set32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void set64(unsigned char *p, uint64_t v)
{
	set32(p, (uint32_t)v);
	set32(p + 4, (uint32_t)(v >> 32));
}

#define HDR(buf, f) ((buf) + offsetof(struct sl_archive_header, f))
#define ENT(buf, i, f)                                                 \
	((buf) + SL_ARCHIVE_HEADER_SIZE + (i) * SL_ARCHIVE_ENTRY_SIZE + \
	 offsetof(struct sl_archive_entry, f))

/* Use everything an opened archive hands out, as the runtime would; any
 * read out of bounds is ASan's to catch.  Returns how many entries fail
 * their CRC. */
static int walk(const struct sl_archive *a)
{
	int bad = 0;
	uint32_t i;

	CHECK(strlen(a->main_name) == a->main_len, "main name length");
	CHECK(strlen(a->root) == a->root_len, "root length");
	for (i = 0; i < a->count; i++) {
		struct sl_entry e;

		sl_archive_get(a, i, &e);
		CHECK(e.name_len > 0 && strlen(e.name) == e.name_len, "entry %u: name length", i);
		CHECK(strlen(e.path) == e.path_len, "entry %u: path length", i);
		CHECK(e.code >= a->base && e.code + e.code_len + e.src_len <= a->base + a->size,
		      "entry %u: bytes outside the archive", i);
		CHECK(sl_archive_find(a, e.name, e.name_len) == (long)i, "entry %u: find '%s'", i, e.name);
		CHECK(strcmp(sl_archive_kind_name(e.kind), "?") != 0, "entry %u: kind %d", i, e.kind);
		if (sl_archive_entry_verify(&e) != SL_ARCHIVE_OK ||
		    sl_archive_source_verify(&e) != SL_ARCHIVE_OK)
			bad++;
	}
	return bad;
}

static void test_crc(void)
{
	const char *s = "123456789";

	CHECK(sl_crc32(0, s, 9) == 0xcbf43926u, "crc32 check value: %08x", sl_crc32(0, s, 9));
	CHECK(sl_crc32(sl_crc32(0, s, 4), s + 4, 5) == 0xcbf43926u, "crc32 in two parts");
	CHECK(sl_crc32(0, NULL, 0) == 0, "crc32 of nothing");
	CHECK(sl_crc32(0, "\0", 1) == 0xd202ef8du, "crc32 of one NUL: %08x", sl_crc32(0, "\0", 1));
	/* the eight-bytes-a-step path against a bit-at-a-time reference, for
	 * every length and alignment around the step */
	{
		unsigned char buf[300];
		size_t i, off, n;

		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)(i * 131 + 7);
		for (off = 0; off < 8; off++)
			for (n = 0; n + off <= sizeof(buf); n += 1 + n / 8) {
				uint32_t ref = ~0u;
				size_t j;
				int b;
				for (j = 0; j < n; j++) {
					ref ^= buf[off + j];
					for (b = 0; b < 8; b++)
						ref = ref & 1 ? (ref >> 1) ^ 0xedb88320u : ref >> 1;
				}
				CHECK(sl_crc32(0, buf + off, n) == ~ref, "crc32 of %zu bytes at +%zu", n, off);
			}
	}
}

static void test_round_trip(void)
{
	static const char *missing[] = {
		"", "ap", "appx", "pkg.", "pkg.mo", "pkg.modx", "zzz", "\x01", "nsp/",
	};
	size_t len, i;
	unsigned char *out = build_all(&len), *buf;
	struct sl_archive a;
	enum sl_archive_status st;

	if (!out)
		return;
	buf = copy(out, len);
	st = sl_archive_open(&a, buf, len);
	CHECK_ST(st, SL_ARCHIVE_OK, "open");
	if (st != SL_ARCHIVE_OK)
		goto done;
	CHECK(len % SL_ARCHIVE_ALIGN == 0, "total size %zu is not aligned", len);
	CHECK(a.size == len && a.count == NSAMPLES, "size %zu count %u", a.size, a.count);
	CHECK(a.version == SL_ARCHIVE_VERSION && a.pyc_magic == PYC_MAGIC && a.py_version == PY_VERSION &&
	              a.optimize == 0 && a.main_mode == SL_MAIN_SCRIPT && a.flags == 0,
	      "header values");
	CHECK(a.main_len == 3 && !strcmp(a.main_name, "app"), "main name '%s'", a.main_name);
	CHECK(a.root_len == 8 && !strcmp(a.root, "/slither"), "root '%s'", a.root);
	CHECK(walk(&a) == 0, "a fresh archive fails a CRC");

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		long k = sl_archive_find(&a, s->name, strlen(s->name));
		struct sl_entry e;

		CHECK(k >= 0, "find '%s'", s->name);
		if (k < 0)
			continue;
		sl_archive_get(&a, (uint32_t)k, &e);
		CHECK(e.kind == s->kind, "'%s': kind %d", s->name, e.kind);
		CHECK(!strcmp(e.name, s->name), "'%s': name '%s'", s->name, e.name);
		CHECK(!strcmp(e.path, s->path ? s->path : "") && e.path_len == len_or_0(s->path),
		      "'%s': path '%s'", s->name, e.path);
		CHECK(e.code_len == len_or_0(s->code) && !memcmp(e.code, s->code ? s->code : "", e.code_len),
		      "'%s': code", s->name);
		CHECK((size_t)(e.code - a.base) % SL_ARCHIVE_ALIGN == 0, "'%s': code not aligned", s->name);
		if (s->src)
			CHECK(e.src && e.src_len == strlen(s->src) && !memcmp(e.src, s->src, e.src_len),
			      "'%s': source", s->name);
		else
			CHECK(!e.src && e.src_len == 0, "'%s': source where there is none", s->name);
		CHECK_ST(sl_archive_entry_verify(&e), SL_ARCHIVE_OK, s->name);
	}
	/* the table is strictly sorted, shorter prefixes first */
	for (i = 1; i < a.count; i++) {
		struct sl_entry p, e;

		sl_archive_get(&a, (uint32_t)i - 1, &p);
		sl_archive_get(&a, (uint32_t)i, &e);
		CHECK(strcmp(p.name, e.name) < 0, "order: '%s' before '%s'", p.name, e.name);
	}
	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		CHECK(sl_archive_find(&a, missing[i], strlen(missing[i])) == -1, "found missing '%s'",
		      missing[i]);
	/* a name with a NUL inside never matches a stored one */
	CHECK(sl_archive_find(&a, "pkg\0mod", 7) == -1, "found a name with a NUL");
	CHECK(sl_archive_find(&a, "pkg.mod", 3) >= 0, "find by length: 'pkg'");

	CHECK_ST(sl_archive_check_python(&a, PYC_MAGIC, PY_VERSION), SL_ARCHIVE_OK, "same python");
	CHECK_ST(sl_archive_check_python(&a, PYC_MAGIC, 0x030b05f0u), SL_ARCHIVE_OK, "another micro");
	CHECK_ST(sl_archive_check_python(&a, PYC_MAGIC, 0x030c00f0u), SL_ARCHIVE_BAD_PYTHON,
	         "another minor");
	CHECK_ST(sl_archive_check_python(&a, PYC_MAGIC + 1, PY_VERSION), SL_ARCHIVE_BAD_PYTHON,
	         "another magic");
done:
	free(buf);
	free(out);
}

/* Same inputs in any order: the same bytes. */
static void test_deterministic(void)
{
	size_t fwd[NSAMPLES], rev[NSAMPLES], mix[NSAMPLES], i, l1, l2, l3, l4;
	unsigned char *a, *b, *c, *d;

	for (i = 0; i < NSAMPLES; i++) {
		fwd[i] = i;
		rev[i] = NSAMPLES - 1 - i;
		mix[i] = (i * 5 + 3) % NSAMPLES;	/* 5 is prime to 8: a permutation */
	}
	a = build(fwd, NSAMPLES, &l1);
	b = build(rev, NSAMPLES, &l2);
	c = build(mix, NSAMPLES, &l3);
	d = build(fwd, NSAMPLES, &l4);
	if (a && b && c && d) {
		CHECK(l1 == l2 && !memcmp(a, b, l1), "reverse order gives other bytes");
		CHECK(l1 == l3 && !memcmp(a, c, l1), "mixed order gives other bytes");
		CHECK(l1 == l4 && !memcmp(a, d, l1), "a second run gives other bytes");
	}
	free(a);
	free(b);
	free(c);
	free(d);
}

/* The fuzzer hands the reader buffers at any address. */
static void test_unaligned(void)
{
	size_t len;
	unsigned char *out = build_all(&len), *block;
	struct sl_archive a;

	if (!out)
		return;
	block = malloc(len + 1);
	if (!block)
		exit(2);
	memcpy(block + 1, out, len);
	CHECK_ST(sl_archive_open(&a, block + 1, len), SL_ARCHIVE_OK, "open at an odd address");
	if (a.count)
		CHECK(walk(&a) == 0, "CRC failure at an odd address");
	free(block);
	free(out);
}

/* Every prefix of an archive is refused, and says it is truncated. */
static void test_truncated(void)
{
	size_t len, n;
	unsigned char *out = build_all(&len);
	struct sl_archive a;

	if (!out)
		return;
	for (n = 0; n < len; n++) {
		unsigned char *buf = copy(out, n);
		enum sl_archive_status st = sl_archive_open(&a, buf, n);

		CHECK(st == (n == 0 ? SL_ARCHIVE_NOT_ARCHIVE : SL_ARCHIVE_TRUNCATED),
		      "prefix of %zu bytes: '%s'", n, sl_archive_strerror(st));
		free(buf);
	}
	/* bytes after the archive are not part of it */
	{
		unsigned char *buf = malloc(len + 16);

		if (!buf)
			exit(2);
		memcpy(buf, out, len);
		memset(buf + len, 0xaa, 16);
		CHECK_ST(sl_archive_open(&a, buf, len + 16), SL_ARCHIVE_OK, "trailing bytes");
		CHECK(a.size == len, "size with trailing bytes: %zu", a.size);
		free(buf);
	}
	free(out);
}

/* One damaged field at a time; `edit` changes a fresh copy. */
struct damage {
	const char *what;
	enum sl_archive_status want;
	void (*edit)(unsigned char *buf, size_t len);
};

static long index_of(const unsigned char *buf, size_t len, const char *name)
{
	struct sl_archive a;

	if (sl_archive_open(&a, buf, len) != SL_ARCHIVE_OK)
		return -1;
	return sl_archive_find(&a, name, strlen(name));
}

static void bad_magic(unsigned char *b, size_t n) { b[1] = 's'; }
/* the format before the header's flags, and the next one */
static void old_version(unsigned char *b, size_t n) { set32(HDR(b, version), 1); }
static void next_version(unsigned char *b, size_t n)
{
	set32(HDR(b, version), SL_ARCHIVE_VERSION + 1);
}
static void zero_version(unsigned char *b, size_t n) { set32(HDR(b, version), 0); }
static void big_endian(unsigned char *b, size_t n)
{
	/* what a big-endian writer would have put in the first fields */
	set32(HDR(b, version), (uint32_t)SL_ARCHIVE_VERSION << 24);
	set32(HDR(b, check_int), 0x04030201u);
}
static void bad_check_int(unsigned char *b, size_t n) { set32(HDR(b, check_int), 0x01020305u); }
static void bad_header_size(unsigned char *b, size_t n) { set32(HDR(b, header_size), 80); }
static void bad_entry_size(unsigned char *b, size_t n) { set32(HDR(b, entry_size), 40); }
static void total_too_big(unsigned char *b, size_t n) { set64(HDR(b, total_size), n + 8); }
static void total_huge(unsigned char *b, size_t n) { set64(HDR(b, total_size), UINT64_MAX); }
static void total_too_small(unsigned char *b, size_t n) { set64(HDR(b, total_size), 8); }
static void total_cuts_blobs(unsigned char *b, size_t n) { set64(HDR(b, total_size), n - 8); }
static void bad_optimize(unsigned char *b, size_t n) { set32(HDR(b, optimize), 3); }
static void bad_main_mode(unsigned char *b, size_t n) { set32(HDR(b, main_mode), 3); }
static void unknown_archive_flag(unsigned char *b, size_t n) { set32(HDR(b, flags), 2); }
static void reserved_set(unsigned char *b, size_t n) { set32(HDR(b, reserved), 1); }
/* marked without source, but "app" has some */
static void source_despite_flag(unsigned char *b, size_t n)
{
	set32(HDR(b, flags), SL_ARCHIVE_NO_SOURCE);
}
static void main_no_name(unsigned char *b, size_t n) { set32(HDR(b, main_len), 0); }
static void main_unterminated(unsigned char *b, size_t n) { set32(HDR(b, main_len), 4); }
static void main_outside(unsigned char *b, size_t n) { set32(HDR(b, main_off), 0xfffffff0u); }
static void root_in_header(unsigned char *b, size_t n) { set32(HDR(b, root_off), 0); }
static void count_huge(unsigned char *b, size_t n) { set32(HDR(b, entry_count), 0xffffffffu); }
static void count_plus_one(unsigned char *b, size_t n)
{
	set32(HDR(b, entry_count), get32(HDR(b, entry_count)) + 1);
}
static void entries_huge(unsigned char *b, size_t n) { set32(HDR(b, entries_off), 0xffffffc0u); }
static void entries_in_header(unsigned char *b, size_t n) { set32(HDR(b, entries_off), 8); }
static void strings_huge(unsigned char *b, size_t n) { set32(HDR(b, strings_size), 0xffffffffu); }
static void strings_short(unsigned char *b, size_t n)
{
	/* the last string's NUL falls just outside the region */
	set32(HDR(b, strings_size), get32(HDR(b, strings_size)) - 1);
}
static void strings_off_huge(unsigned char *b, size_t n)
{
	set32(HDR(b, strings_off), 0xffffffffu);
}
static void swap_entries(unsigned char *b, size_t n)
{
	unsigned char t[SL_ARCHIVE_ENTRY_SIZE];

	memcpy(t, ENT(b, 1, kind), sizeof(t));
	memcpy(ENT(b, 1, kind), ENT(b, 2, kind), sizeof(t));
	memcpy(ENT(b, 2, kind), t, sizeof(t));
}
static void duplicate_entry(unsigned char *b, size_t n)
{
	memcpy(ENT(b, 2, kind), ENT(b, 1, kind), SL_ARCHIVE_ENTRY_SIZE);
}
static void bad_kind_0(unsigned char *b, size_t n) { set32(ENT(b, 0, kind), 0); }
static void bad_kind_6(unsigned char *b, size_t n) { set32(ENT(b, 0, kind), 6); }
static void set_flags(unsigned char *b, size_t n) { set32(ENT(b, 0, flags), 1); }
static void unknown_flag(unsigned char *b, size_t n) { set32(ENT(b, 0, flags), 2); }
static void frozen_data(unsigned char *b, size_t n)
{
	long i = index_of(b, n, "pkg/empty");	/* no bytes, as a frozen module */

	set32(ENT(b, i, flags), SL_ENTRY_FROZEN);
}
static void frozen_namespace(unsigned char *b, size_t n)
{
	set32(ENT(b, index_of(b, n, "nsp"), flags), SL_ENTRY_FROZEN);
}
static void empty_name(unsigned char *b, size_t n) { set32(ENT(b, 0, name_len), 0); }
static void name_unterminated(unsigned char *b, size_t n)
{
	b[get32(ENT(b, 0, name_off)) + get32(ENT(b, 0, name_len))] = 'x';
}
static void name_with_nul(unsigned char *b, size_t n) { b[get32(ENT(b, 3, name_off)) + 1] = '\0'; }
static void name_outside(unsigned char *b, size_t n) { set32(ENT(b, 0, name_off), (uint32_t)n); }
static void name_in_entries(unsigned char *b, size_t n)
{
	set32(ENT(b, 0, name_off), SL_ARCHIVE_HEADER_SIZE);
}
static void name_len_huge(unsigned char *b, size_t n) { set32(ENT(b, 0, name_len), 0xffffffffu); }
static void path_outside(unsigned char *b, size_t n) { set32(ENT(b, 0, path_off), 0xffffffffu); }
static void path_unterminated(unsigned char *b, size_t n)
{
	set32(ENT(b, 0, path_len), get32(ENT(b, 0, path_len)) + 1);
}
static void code_misaligned(unsigned char *b, size_t n)
{
	set64(ENT(b, 0, code_off), get32(ENT(b, 0, code_off)) + 1);
}
static void code_off_huge(unsigned char *b, size_t n)
{
	set64(ENT(b, 0, code_off), UINT64_MAX - 7);
}
static void code_in_strings(unsigned char *b, size_t n)
{
	set64(ENT(b, 0, code_off), get32(HDR(b, strings_off)) & ~7u);
}
static void code_len_huge(unsigned char *b, size_t n) { set32(ENT(b, 0, code_len), 0xffffffffu); }
static void data_past_end(unsigned char *b, size_t n)
{
	/* the last blob, empty, at the very end */
	set32(ENT(b, index_of(b, n, "pkg/empty"), code_len), 1);
}
static void src_len_huge(unsigned char *b, size_t n) { set32(ENT(b, 0, src_len), 0xfffffff0u); }
static void module_no_code(unsigned char *b, size_t n)
{
	long i = index_of(b, n, "app");

	set32(ENT(b, i, src_len), get32(ENT(b, i, src_len)) + get32(ENT(b, i, code_len)));
	set32(ENT(b, i, code_len), 0);
}
static void namespace_with_code(unsigned char *b, size_t n)
{
	set32(ENT(b, index_of(b, n, "nsp"), code_len), 1);
}
static void extension_with_src(unsigned char *b, size_t n)
{
	set32(ENT(b, index_of(b, n, "pkg._speedups"), src_len), 1);
}
static void data_with_src(unsigned char *b, size_t n)
{
	set32(ENT(b, index_of(b, n, "pkg/data.txt"), src_len), 1);
}

static const struct damage damages[] = {
	{"bad magic", SL_ARCHIVE_NOT_ARCHIVE, bad_magic},
	{"version 1", SL_ARCHIVE_BAD_VERSION, old_version},
	{"next version", SL_ARCHIVE_BAD_VERSION, next_version},
	{"version 0", SL_ARCHIVE_BAD_VERSION, zero_version},
	{"big-endian header", SL_ARCHIVE_BAD_BYTEORDER, big_endian},
	{"bad check_int", SL_ARCHIVE_CORRUPT, bad_check_int},
	{"bad header_size", SL_ARCHIVE_CORRUPT, bad_header_size},
	{"unknown archive flag", SL_ARCHIVE_CORRUPT, unknown_archive_flag},
	{"reserved header field set", SL_ARCHIVE_CORRUPT, reserved_set},
	{"source in an archive without", SL_ARCHIVE_CORRUPT, source_despite_flag},
	{"bad entry_size", SL_ARCHIVE_CORRUPT, bad_entry_size},
	{"total_size past the buffer", SL_ARCHIVE_TRUNCATED, total_too_big},
	{"total_size 2^64-1", SL_ARCHIVE_TRUNCATED, total_huge},
	{"total_size inside the header", SL_ARCHIVE_CORRUPT, total_too_small},
	{"total_size cuts the blobs", SL_ARCHIVE_CORRUPT, total_cuts_blobs},
	{"optimize 3", SL_ARCHIVE_CORRUPT, bad_optimize},
	{"main mode 3", SL_ARCHIVE_CORRUPT, bad_main_mode},
	{"main mode without a name", SL_ARCHIVE_CORRUPT, main_no_name},
	{"main name without its NUL", SL_ARCHIVE_CORRUPT, main_unterminated},
	{"main name outside", SL_ARCHIVE_CORRUPT, main_outside},
	{"root in the header", SL_ARCHIVE_CORRUPT, root_in_header},
	{"entry_count 2^32-1", SL_ARCHIVE_CORRUPT, count_huge},
	{"entry_count + 1", SL_ARCHIVE_CORRUPT, count_plus_one},
	{"entries_off huge", SL_ARCHIVE_CORRUPT, entries_huge},
	{"entries in the header", SL_ARCHIVE_CORRUPT, entries_in_header},
	{"strings_size huge", SL_ARCHIVE_CORRUPT, strings_huge},
	{"strings_off huge", SL_ARCHIVE_CORRUPT, strings_off_huge},
	{"strings_size one short", SL_ARCHIVE_CORRUPT, strings_short},
	{"unsorted entries", SL_ARCHIVE_CORRUPT, swap_entries},
	{"duplicate entries", SL_ARCHIVE_CORRUPT, duplicate_entry},
	{"kind 0", SL_ARCHIVE_CORRUPT, bad_kind_0},
	{"kind 6", SL_ARCHIVE_CORRUPT, bad_kind_6},
	{"flags set (frozen, with code)", SL_ARCHIVE_CORRUPT, set_flags},
	{"an unknown flag", SL_ARCHIVE_CORRUPT, unknown_flag},
	{"a frozen data file", SL_ARCHIVE_CORRUPT, frozen_data},
	{"a frozen namespace", SL_ARCHIVE_CORRUPT, frozen_namespace},
	{"empty name", SL_ARCHIVE_CORRUPT, empty_name},
	{"name without its NUL", SL_ARCHIVE_CORRUPT, name_unterminated},
	{"name with a NUL inside", SL_ARCHIVE_CORRUPT, name_with_nul},
	{"name past the end", SL_ARCHIVE_CORRUPT, name_outside},
	{"name in the entry table", SL_ARCHIVE_CORRUPT, name_in_entries},
	{"name_len 2^32-1", SL_ARCHIVE_CORRUPT, name_len_huge},
	{"path outside", SL_ARCHIVE_CORRUPT, path_outside},
	{"path without its NUL", SL_ARCHIVE_CORRUPT, path_unterminated},
	{"code_off misaligned", SL_ARCHIVE_CORRUPT, code_misaligned},
	{"code_off huge", SL_ARCHIVE_CORRUPT, code_off_huge},
	{"code in the strings", SL_ARCHIVE_CORRUPT, code_in_strings},
	{"code_len huge", SL_ARCHIVE_CORRUPT, code_len_huge},
	{"data past the end", SL_ARCHIVE_CORRUPT, data_past_end},
	{"src_len huge", SL_ARCHIVE_CORRUPT, src_len_huge},
	{"module without code", SL_ARCHIVE_CORRUPT, module_no_code},
	{"namespace with code", SL_ARCHIVE_CORRUPT, namespace_with_code},
	{"extension with source", SL_ARCHIVE_CORRUPT, extension_with_src},
	{"data with source", SL_ARCHIVE_CORRUPT, data_with_src},
};

static void test_damage(void)
{
	size_t len, i;
	unsigned char *out = build_all(&len);

	if (!out)
		return;
	for (i = 0; i < sizeof(damages) / sizeof(damages[0]); i++) {
		unsigned char *buf = copy(out, len);
		struct sl_archive a;

		damages[i].edit(buf, len);
		CHECK_ST(sl_archive_open(&a, buf, len), damages[i].want, damages[i].what);
		free(buf);
	}
	free(out);
}

/* Damaged bytes under a CRC open fine but fail sl_archive_entry_verify(). */
static void test_bad_crc(void)
{
	static const struct {
		const char *name;
		int where;	/* 0: first code byte, 1: last source byte, 2: the crc field */
	} cases[] = {{"app", 0}, {"app", 1}, {"pkg/data.txt", 0}, {"pkg.mod", 2}, {"pkg/empty", 2}};
	size_t len, i;
	unsigned char *out = build_all(&len);

	if (!out)
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *buf = copy(out, len);
		long k = index_of(buf, len, cases[i].name);
		struct sl_archive a;
		struct sl_entry e;
		uint64_t off = get32(ENT(buf, k, code_off));

		if (cases[i].where == 0)
			buf[off] ^= 0x20;
		else if (cases[i].where == 1)
			buf[off + get32(ENT(buf, k, code_len)) + get32(ENT(buf, k, src_len)) - 1] ^= 0x01;
		else
			set32(ENT(buf, k, crc), get32(ENT(buf, k, crc)) ^ 0x80000000u);
		CHECK_ST(sl_archive_open(&a, buf, len), SL_ARCHIVE_OK, "open with a bad blob");
		sl_archive_get(&a, (uint32_t)k, &e);
		if (cases[i].where == 1) {
			CHECK_ST(sl_archive_entry_verify(&e), SL_ARCHIVE_OK, "code fine, source damaged");
			CHECK_ST(sl_archive_source_verify(&e), SL_ARCHIVE_BAD_CRC, cases[i].name);
		} else {
			CHECK_ST(sl_archive_entry_verify(&e), SL_ARCHIVE_BAD_CRC, cases[i].name);
		}
		CHECK(walk(&a) == 1, "%s: other entries fail their CRC too", cases[i].name);
		free(buf);
	}
	free(out);
}

/* Flip each byte in turn: the reader either refuses the archive or hands
 * out only what lies inside it (ASan watches), and a flip under a CRC is
 * always caught. */
static void test_flips(void)
{
	static const unsigned char masks[] = {0x01, 0x80, 0xff};
	size_t len, i, m, refused = 0, caught = 0, unseen = 0;
	unsigned char *out = build_all(&len), *covered;
	struct sl_archive a;
	uint32_t k;

	if (!out)
		return;
	/* which bytes a CRC covers */
	covered = calloc(1, len);
	if (!covered || sl_archive_open(&a, out, len) != SL_ARCHIVE_OK)
		exit(2);
	for (k = 0; k < a.count; k++) {
		struct sl_entry e;

		sl_archive_get(&a, k, &e);
		memset(covered + (e.code - a.base), 1, e.code_len + e.src_len);
		memset(ENT(covered, k, crc), 1, 8);	/* crc and src_crc */
	}
	for (i = 0; i < len; i++)
		for (m = 0; m < sizeof(masks); m++) {
			unsigned char *buf = copy(out, len);
			int bad;

			buf[i] ^= masks[m];
			if (sl_archive_open(&a, buf, len) != SL_ARCHIVE_OK) {
				refused++;
				CHECK(!covered[i], "byte %zu ^ %02x: a flip under a CRC stops open()", i, masks[m]);
			} else if ((bad = walk(&a)) > 0) {
				caught++;
			} else {
				unseen++;
				CHECK(!covered[i], "byte %zu ^ %02x: a flip under a CRC went unseen", i, masks[m]);
			}
			free(buf);
		}
	printf("flips: %zu bytes x %zu masks: %zu refused, %zu failed a CRC, %zu harmless\n", len,
	       sizeof(masks), refused, caught, unseen);
	free(covered);
	free(out);
}

static void test_writer_errors(void)
{
	struct sl_writer *w = new_writer();
	void *out;
	size_t len;
	struct sl_archive a;

	CHECK(add_sample(w, &samples[2]) == 0, "add: %s", sl_writer_error(w));
	CHECK(add_sample(w, &samples[2]) < 0, "duplicate accepted");
	CHECK(strstr(sl_writer_error(w), "'pkg.mod'") != NULL, "duplicate error: %s", sl_writer_error(w));
	CHECK(sl_writer_add(w, SL_KIND_PACKAGE, "pkg.mod", "", "x", 1, NULL, 0) < 0,
	      "duplicate of another kind accepted");
	CHECK(sl_writer_add(w, SL_KIND_MODULE, "", "", "x", 1, NULL, 0) < 0, "empty name accepted");
	CHECK(sl_writer_add(w, SL_KIND_MODULE, NULL, "", "x", 1, NULL, 0) < 0, "NULL name accepted");
	CHECK(sl_writer_add(w, SL_KIND_MODULE, "m", "", NULL, 0, NULL, 0) < 0, "module without code");
	CHECK(strstr(sl_writer_error(w), "'m'") != NULL, "error without the name: %s", sl_writer_error(w));
	CHECK(sl_writer_add(w, SL_KIND_NAMESPACE, "n", "", "x", 1, NULL, 0) < 0, "namespace with code");
	CHECK(sl_writer_add(w, SL_KIND_EXTENSION, "e", "", NULL, 0, "x", 1) < 0, "extension with source");
	CHECK(sl_writer_add(w, SL_KIND_DATA, "d", "", "x", 1, "y", 1) < 0, "data with source accepted");
	CHECK(sl_writer_add(w, (enum sl_kind)0, "k", "", "x", 1, NULL, 0) < 0, "kind 0 accepted");
	CHECK(sl_writer_add(w, (enum sl_kind)6, "k", "", "x", 1, NULL, 0) < 0, "kind 6 accepted");
	CHECK(sl_writer_add(w, SL_KIND_MODULE, "k", "", NULL, 5, NULL, 0) < 0, "length without bytes");
	/* refusals leave the writer as it was */
	CHECK(sl_writer_finish(w, &out, &len) == 0, "finish after refusals: %s", sl_writer_error(w));
	CHECK_ST(sl_archive_open(&a, out, len), SL_ARCHIVE_OK, "open after refusals");
	CHECK(a.count == 1, "count after refusals: %u", a.count);
	free(out);
	/* and finish may be called again after more entries */
	CHECK(add_sample(w, &samples[0]) == 0, "add after finish: %s", sl_writer_error(w));
	CHECK(sl_writer_finish(w, &out, &len) == 0, "second finish: %s", sl_writer_error(w));
	CHECK(sl_archive_open(&a, out, len) == SL_ARCHIVE_OK && a.count == 2, "second finish");
	free(out);
	sl_writer_free(w);

	w = sl_writer_new(PYC_MAGIC, PY_VERSION, 0, 7, "app", "/");
	CHECK(w && sl_writer_finish(w, &out, &len) < 0, "main mode 7 accepted");
	sl_writer_free(w);
	w = sl_writer_new(PYC_MAGIC, PY_VERSION, 0, SL_MAIN_MODULE, "", "/");
	CHECK(w && sl_writer_finish(w, &out, &len) < 0, "main module without a name accepted");
	sl_writer_free(w);
	w = sl_writer_new(PYC_MAGIC, PY_VERSION, 3, SL_MAIN_NONE, NULL, NULL);
	CHECK(w && sl_writer_finish(w, &out, &len) < 0, "optimize 3 accepted");
	sl_writer_free(w);
	sl_writer_free(NULL);

	/* an empty archive is a valid one */
	w = sl_writer_new(PYC_MAGIC, PY_VERSION, 2, SL_MAIN_NONE, NULL, NULL);
	CHECK(w && sl_writer_finish(w, &out, &len) == 0, "empty archive: %s", w ? sl_writer_error(w) : "");
	if (w && out) {
		unsigned char *buf = copy(out, len);

		CHECK_ST(sl_archive_open(&a, buf, len), SL_ARCHIVE_OK, "open an empty archive");
		CHECK(a.count == 0 && a.main_len == 0 && a.root_len == 0 && a.optimize == 2,
		      "empty archive values");
		CHECK(sl_archive_find(&a, "x", 1) == -1 && sl_archive_find(&a, "", 0) == -1, "find in nothing");
		free(buf);
		free(out);
	}
	sl_writer_free(w);
}

/* An archive built without source (slither build --no-source) says so in
 * its header, and then holds no source at all. */
static void test_no_source(void)
{
	struct sl_writer *w = new_writer();
	struct sl_archive a;
	unsigned char *buf;
	void *out;
	size_t len;

	if (!w)
		return;
	sl_writer_set_flags(w, SL_ARCHIVE_NO_SOURCE);
	CHECK(sl_writer_add(w, SL_KIND_MODULE, "m", "/slither/m.py", "\xe3m", 2, NULL, 0) == 0,
	      "add without source: %s", sl_writer_error(w));
	CHECK(sl_writer_finish(w, &out, &len) == 0, "finish without source: %s", sl_writer_error(w));
	if (out) {
		buf = copy(out, len);
		CHECK_ST(sl_archive_open(&a, buf, len), SL_ARCHIVE_OK, "open without source");
		CHECK(a.flags == SL_ARCHIVE_NO_SOURCE, "flags %#x", (unsigned)a.flags);
		free(buf);
		free(out);
	}
	CHECK(sl_writer_add(w, SL_KIND_MODULE, "s", "/slither/s.py", "\xe3s", 2, "x = 1\n", 6) == 0,
	      "add with source: %s", sl_writer_error(w));
	out = NULL;
	CHECK(sl_writer_finish(w, &out, &len) < 0 && !out, "source in an archive without accepted");
	CHECK(strstr(sl_writer_error(w), "'s'") != NULL, "the error names the module: %s",
	      sl_writer_error(w));
	sl_writer_free(w);
	w = new_writer();
	if (!w)
		return;
	sl_writer_set_flags(w, 4);
	CHECK(sl_writer_finish(w, &out, &len) < 0 && strstr(sl_writer_error(w), "flags"),
	      "unknown flag 4 accepted");
	sl_writer_free(w);
}

/* A module whose byte-code is deep-frozen into the executable: its entry
 * keeps the source and says SL_ENTRY_FROZEN; only a module or package with
 * code can become one, once. */
static void test_frozen(void)
{
	struct sl_writer *w = new_writer();
	void *out = NULL, *again = NULL;
	size_t len = 0, len2 = 0, i;
	struct sl_archive a;
	struct sl_entry e;
	long k;

	for (i = 0; i < NSAMPLES; i++)
		CHECK(add_sample(w, &samples[i]) == 0, "add %s: %s", samples[i].name, sl_writer_error(w));
	CHECK(sl_writer_freeze(w, "app") == 0, "freeze app: %s", sl_writer_error(w));
	CHECK(sl_writer_freeze(w, "pkg") == 0, "freeze pkg: %s", sl_writer_error(w));
	CHECK(sl_writer_freeze(w, "app") < 0 && strstr(sl_writer_error(w), "'app'"),
	      "app frozen twice: %s", sl_writer_error(w));
	CHECK(sl_writer_freeze(w, "pkg/data.txt") < 0, "a data file frozen");
	CHECK(sl_writer_freeze(w, "nsp") < 0, "a namespace frozen");
	CHECK(sl_writer_freeze(w, "pkg._speedups") < 0, "an extension frozen");
	CHECK(sl_writer_freeze(w, "nope") < 0 && strstr(sl_writer_error(w), "'nope'"),
	      "a missing module frozen: %s", sl_writer_error(w));
	CHECK(sl_writer_finish(w, &out, &len) == 0, "finish: %s", sl_writer_error(w));
	CHECK(sl_writer_finish(w, &again, &len2) == 0 && len == len2 && !memcmp(out, again, len),
	      "the same bytes twice");
	CHECK_ST(sl_archive_open(&a, out, len), SL_ARCHIVE_OK, "open with frozen entries");
	k = sl_archive_find(&a, "app", 3);
	CHECK(k >= 0, "app found");
	if (k >= 0) {
		sl_archive_get(&a, (uint32_t)k, &e);
		CHECK(e.frozen && e.code_len == 0, "app: frozen, no code");
		CHECK(e.src_len == strlen(samples[0].src) && !memcmp(e.src, samples[0].src, e.src_len),
		      "app keeps its source");
		CHECK_ST(sl_archive_entry_verify(&e), SL_ARCHIVE_OK, "app's empty code verifies");
		CHECK_ST(sl_archive_source_verify(&e), SL_ARCHIVE_OK, "app's source verifies");
	}
	k = sl_archive_find(&a, "pkg.mod", 7);
	if (k >= 0)
		sl_archive_get(&a, (uint32_t)k, &e);
	CHECK(k >= 0 && !e.frozen && e.code_len == strlen(samples[2].code), "pkg.mod untouched");
	free(out);
	free(again);
	sl_writer_free(w);
}

static void test_messages(void)
{
	static const enum sl_archive_status all[] = {
		SL_ARCHIVE_OK, SL_ARCHIVE_TRUNCATED, SL_ARCHIVE_NOT_ARCHIVE, SL_ARCHIVE_BAD_VERSION,
		SL_ARCHIVE_BAD_BYTEORDER, SL_ARCHIVE_CORRUPT, SL_ARCHIVE_BAD_CRC, SL_ARCHIVE_BAD_PYTHON,
	};
	size_t i, j, n = sizeof(all) / sizeof(all[0]);

	for (i = 0; i < n; i++) {
		CHECK(sl_archive_strerror(all[i]) && *sl_archive_strerror(all[i]), "status %d: no text", all[i]);
		for (j = 0; j < i; j++)
			CHECK(strcmp(sl_archive_strerror(all[i]), sl_archive_strerror(all[j])),
			      "statuses %d and %d read the same", all[i], all[j]);
	}
	CHECK(!strcmp(sl_archive_strerror(SL_ARCHIVE_NOT_ARCHIVE),
	              "not a slither archive (no magic number)"),
	      "not-archive text");
	CHECK(!strcmp(sl_archive_strerror(SL_ARCHIVE_BAD_VERSION),
	              "archive format version mismatch: this runtime reads version 2"),
	      "version text: %s", sl_archive_strerror(SL_ARCHIVE_BAD_VERSION));
	CHECK(sl_archive_strerror((enum sl_archive_status)99) != NULL, "unknown status");
	CHECK(!strcmp(sl_archive_kind_name(SL_KIND_MODULE), "module") &&
	              !strcmp(sl_archive_kind_name(SL_KIND_EXTENSION), "extension") &&
	              !strcmp(sl_archive_kind_name(0), "?") && !strcmp(sl_archive_kind_name(6), "?"),
	      "kind names");
	CHECK(sl_elf_strerror((enum sl_elf_status)99) != NULL, "unknown ELF status");
}

/* A minimal ELF-64 LE file: header, the section's bytes, a name table and
 * four section headers (null, .slither.x as a decoy, .slither, .shstrtab),
 * the way a linker lays out a relocatable object.  Returns its size. */
static const char elf_names[] = "\0.slither.x\0.slither\0.shstrtab";
enum { ELF_NAME_DECOY = 1, ELF_NAME_SLITHER = 12, ELF_NAME_SHSTRTAB = 21 };

static size_t elf_align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static unsigned char *make_elf(const void *sect, size_t sect_len, const char *name, size_t *len)
{
	size_t data_off = 64, names_off = elf_align16(data_off + sect_len);
	size_t sh_off = elf_align16(names_off + sizeof(elf_names)), total = sh_off + 4 * 64;
	unsigned char *b = calloc(1, total), *sh;

	if (!b)
		exit(2);
	memcpy(b, "\177ELF\2\1\1", 7);
	b[16] = 1;	/* ET_REL */
	b[18] = 62;	/* EM_X86_64 */
	set32(b + 20, 1);
	set64(b + 0x28, sh_off);
	b[0x34] = 64;	/* e_ehsize */
	b[0x3a] = 64;	/* e_shentsize */
	b[0x3c] = 4;	/* e_shnum */
	b[0x3e] = 3;	/* e_shstrndx */
	memcpy(b + data_off, sect, sect_len);
	memcpy(b + names_off, elf_names, sizeof(elf_names));
	sh = b + sh_off + 64;	/* the decoy: a near miss of a name, no bytes */
	set32(sh, ELF_NAME_DECOY);
	set32(sh + 4, 8);	/* SHT_NOBITS */
	sh += 64;
	set32(sh, name ? ELF_NAME_SLITHER : ELF_NAME_SHSTRTAB);
	set32(sh + 4, 1);	/* SHT_PROGBITS */
	set64(sh + 8, 2);	/* SHF_ALLOC */
	set64(sh + 24, data_off);
	set64(sh + 32, sect_len);
	set64(sh + 48, 16);
	sh += 64;
	set32(sh, ELF_NAME_SHSTRTAB);
	set32(sh + 4, 3);	/* SHT_STRTAB */
	set64(sh + 24, names_off);
	set64(sh + 32, sizeof(elf_names));
	*len = total;
	return b;
}

static enum sl_elf_status find(const unsigned char *buf, size_t len, const char *name)
{
	size_t off, n;

	return sl_elf_find_section(buf, len, name, &off, &n);
}

static void test_elf(void)
{
	size_t alen, elen, off, len, i, m;
	unsigned char *ar = build_all(&alen), *elf, *buf;
	struct sl_archive a;
	enum sl_elf_status st;

	if (!ar)
		return;
	elf = make_elf(ar, alen, ".slither", &elen);
	buf = copy(elf, elen);
	st = sl_elf_find_section(buf, elen, ".slither", &off, &len);
	CHECK(st == SL_ELF_OK, "find .slither: %s", sl_elf_strerror(st));
	if (st == SL_ELF_OK) {
		CHECK(off == 64 && len == alen, "section at %zu, %zu bytes", off, len);
		CHECK_ST(sl_archive_open(&a, buf + off, len), SL_ARCHIVE_OK, "open the section");
	}
	CHECK(find(buf, elen, ".slith") == SL_ELF_NO_SECTION, "a prefix matched");
	CHECK(find(buf, elen, ".slither.x.y") == SL_ELF_NO_SECTION, "a longer name matched");
	CHECK(find(buf, elen, ".slither.x") == SL_ELF_CORRUPT, "a NOBITS section has bytes");
	CHECK(sl_elf_is_elf(buf, elen) && !sl_elf_is_elf(ar, alen) && !sl_elf_is_elf(buf, 3), "is_elf");
	free(buf);

	/* every prefix fails: the section headers come last */
	for (i = 0; i < elen; i++) {
		buf = copy(elf, i);
		st = sl_elf_find_section(buf, i, ".slither", &off, &len);
		CHECK(st == (i < 4 ? SL_ELF_NOT_ELF : SL_ELF_CORRUPT), "ELF prefix of %zu bytes: %s", i,
		      sl_elf_strerror(st));
		free(buf);
	}
	/* every flip: a section found is inside the file */
	for (i = 0; i < elen; i++)
		for (m = 1; m < 256; m <<= 7) {
			buf = copy(elf, elen);
			buf[i] ^= (unsigned char)m;
			if (sl_elf_find_section(buf, elen, ".slither", &off, &len) == SL_ELF_OK) {
				CHECK(off <= elen && len <= elen - off, "flip %zu: section outside", i);
				if (sl_archive_open(&a, buf + off, len) == SL_ARCHIVE_OK)
					walk(&a);
			}
			free(buf);
		}

	buf = copy(elf, elen);
	buf[4] = 1;	/* ELFCLASS32 */
	CHECK(find(buf, elen, ".slither") == SL_ELF_UNSUPPORTED, "32-bit");
	buf[4] = 2;
	buf[5] = 2;	/* big-endian */
	CHECK(find(buf, elen, ".slither") == SL_ELF_UNSUPPORTED, "big-endian");
	buf[5] = 1;
	set64(buf + 0x28, 0);	/* stripped section table */
	CHECK(find(buf, elen, ".slither") == SL_ELF_NO_SECTION, "no table");
	set64(buf + 0x28, elen - 4 * 64);
	buf[0x3c] = 0;	/* extended numbering: the count is in section 0 */
	set64(buf + elen - 4 * 64 + 32, 4);
	CHECK(find(buf, elen, ".slither") == SL_ELF_OK, "extended numbering");
	buf[0x3e] = buf[0x3f] = 0xff;	/* SHN_XINDEX: the names' index is in section 0 too */
	set32(buf + elen - 4 * 64 + 40, 3);
	CHECK(find(buf, elen, ".slither") == SL_ELF_OK, "extended name table index");
	set32(buf + elen - 4 * 64 + 40, 4);
	CHECK(find(buf, elen, ".slither") == SL_ELF_CORRUPT, "name table index past the count");
	set64(buf + elen - 4 * 64 + 32, 5);
	CHECK(find(buf, elen, ".slither") == SL_ELF_CORRUPT, "count past the end");
	set64(buf + elen - 4 * 64 + 32, UINT64_MAX);
	CHECK(find(buf, elen, ".slither") == SL_ELF_CORRUPT, "count 2^64-1");
	free(buf);
	buf = copy(elf, elen);
	set64(buf + elen - 2 * 64 + 32, elen);	/* .slither's size */
	CHECK(find(buf, elen, ".slither") == SL_ELF_CORRUPT, "section past the end");
	set64(buf + elen - 2 * 64 + 24, UINT64_MAX);
	CHECK(find(buf, elen, ".slither") == SL_ELF_CORRUPT, "section offset 2^64-1");
	free(buf);
	free(elf);

	elf = make_elf(ar, alen, NULL, &elen);
	CHECK(find(elf, elen, ".slither") == SL_ELF_NO_SECTION, "no .slither");
	free(elf);
	free(ar);
}

static int write_one(const char *dir, const char *name, const void *p, size_t len)
{
	char path[4096];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		fprintf(stderr, "test_archive: %s/%s: path too long\n", dir, name);
		return -1;
	}
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "test_archive: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The fuzzer's seeds: valid archives of each shape, an executable-like ELF
 * holding one, and one of each kind of damage. */
static int write_corpus(const char *dir)
{
	static const size_t one[] = {2}, some[] = {0, 4, 3};
	size_t len, elen, i;
	unsigned char *full = build_all(&len), *p, *elf;
	int rc = 0;
	struct sl_writer *w;
	void *out;

	if (!full)
		return 1;
	rc |= write_one(dir, "valid-all-kinds", full, len);
	elf = make_elf(full, len, ".slither", &elen);
	rc |= write_one(dir, "valid-elf", elf, elen);
	free(elf);
	for (i = 0; i < sizeof(damages) / sizeof(damages[0]); i++) {
		char name[64];
		size_t j, k = 0;

		/* one seed per status is enough to start from */
		for (j = 0; j < i; j++)
			if (damages[j].want == damages[i].want)
				k++;
		if (k > 0)
			continue;
		p = copy(full, len);
		damages[i].edit(p, len);
		snprintf(name, sizeof(name), "broken-%s", damages[i].what);
		for (j = 0; name[j]; j++)
			if (!((name[j] >= 'a' && name[j] <= 'z') || (name[j] >= '0' && name[j] <= '9')))
				name[j] = '-';
		rc |= write_one(dir, name, p, len);
		free(p);
	}
	p = copy(full, len);
	p[get32(ENT(p, 0, code_off))] ^= 1;
	rc |= write_one(dir, "broken-crc", p, len);
	free(p);
	rc |= write_one(dir, "broken-truncated", full, len / 2);
	free(full);

	p = build(one, 1, &len);
	if (p)
		rc |= write_one(dir, "valid-one-module", p, len);
	free(p);
	p = build(some, 3, &len);
	if (p)
		rc |= write_one(dir, "valid-three", p, len);
	free(p);
	w = sl_writer_new(PYC_MAGIC, PY_VERSION, 0, SL_MAIN_NONE, NULL, "/slither");
	if (w && sl_writer_finish(w, &out, &len) == 0) {
		rc |= write_one(dir, "valid-empty", out, len);
		free(out);
	}
	sl_writer_free(w);
	/* built without source: the header's SL_ARCHIVE_NO_SOURCE */
	w = sl_writer_new(PYC_MAGIC, PY_VERSION, 0, SL_MAIN_SCRIPT, "app", "/slither");
	if (w) {
		sl_writer_set_flags(w, SL_ARCHIVE_NO_SOURCE);
		if (sl_writer_add(w, SL_KIND_MODULE, "app", "/slither/app.py", "\xe3" "a", 2, NULL,
		                  0) == 0 && sl_writer_finish(w, &out, &len) == 0) {
			rc |= write_one(dir, "valid-no-source", out, len);
			free(out);
		}
	}
	sl_writer_free(w);
	/* deep-frozen modules: entries with SL_ENTRY_FROZEN and no code */
	w = new_writer();
	for (i = 0; w && i < NSAMPLES; i++)
		add_sample(w, &samples[i]);
	if (w && sl_writer_freeze(w, "app") == 0 && sl_writer_freeze(w, "pkg") == 0 &&
	    sl_writer_finish(w, &out, &len) == 0) {
		rc |= write_one(dir, "valid-frozen", out, len);
		free(out);
	}
	sl_writer_free(w);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write-corpus"))
		return write_corpus(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: test_archive [--write-corpus DIR]\n");
		return 2;
	}
	test_crc();
	test_round_trip();
	test_deterministic();
	test_unaligned();
	test_truncated();
	test_damage();
	test_bad_crc();
	test_flips();
	test_writer_errors();
	test_frozen();
	test_no_source();
	test_messages();
	test_elf();
	printf("test_archive: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
