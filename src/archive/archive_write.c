/* The archive writer (see archive_write.h): copies entries in, then lays
 * them out in the one deterministic order the reader checks for. */
#include "archive/archive_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wentry {
	uint32_t kind;
	char *name;		/* name, NUL, path, NUL: one allocation */
	const char *path;
	size_t name_len, path_len;
	unsigned char *bytes;	/* code then source, as in the archive; may be NULL */
	size_t code_len, src_len;
	uint32_t flags;		/* SL_ENTRY_FROZEN after sl_writer_freeze() */
};

struct sl_writer {
	uint32_t pyc_magic, py_version, optimize, main_mode, flags;
	char *main_name, *root;
	struct wentry *ents;
	size_t count, cap;
	/* An open-addressing set of names, so duplicates are refused when they
	 * are added, with the caller still in context to name the culprit:
	 * slots hold an entry index + 1, 0 is empty, the size is a power of 2. */
	size_t *slots;
	size_t nslots;
	char err[512];
};

static int fail(struct sl_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct sl_writer *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->err, sizeof(w->err), fmt, ap);
	va_end(ap);
	return -1;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* FNV-1a: tiny, and good enough for dotted names. */
static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3u;
	return h;
}

/* The slot holding `name`, or the empty slot where it would go. */
static size_t *slot_for(struct sl_writer *w, const char *name, size_t len)
{
	size_t i = (size_t)hash(name, len) & (w->nslots - 1);

	for (;; i = (i + 1) & (w->nslots - 1)) {
		const struct wentry *e;

		if (!w->slots[i])
			return &w->slots[i];
		e = &w->ents[w->slots[i] - 1];
		if (e->name_len == len && !memcmp(e->name, name, len))
			return &w->slots[i];
	}
}

/* Keep the set at most half full. */
static int grow_slots(struct sl_writer *w)
{
	size_t *old = w->slots, n = w->nslots ? w->nslots * 2 : 64, i;

	if (w->count + 1 <= w->nslots / 2)
		return 0;
	if (n > SIZE_MAX / sizeof(*old) || !(w->slots = calloc(n, sizeof(*old)))) {
		w->slots = old;
		return -1;
	}
	w->nslots = n;
	for (i = 0; i < w->count; i++)
		*slot_for(w, w->ents[i].name, w->ents[i].name_len) = i + 1;
	free(old);
	return 0;
}

struct sl_writer *sl_writer_new(uint32_t pyc_magic, uint32_t py_version, uint32_t optimize,
                                uint32_t main_mode, const char *main_name, const char *root)
{
	struct sl_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->pyc_magic = pyc_magic;
	w->py_version = py_version;
	w->optimize = optimize;
	w->main_mode = main_mode;
	w->main_name = dupstr(main_name ? main_name : "");
	w->root = dupstr(root ? root : "");
	if (!w->main_name || !w->root) {
		sl_writer_free(w);
		return NULL;
	}
	return w;
}

int sl_writer_add(struct sl_writer *w, enum sl_kind kind, const char *name, const char *path,
                  const void *code, size_t code_len, const void *src, size_t src_len)
{
	const char *what = sl_archive_kind_name(kind);
	struct wentry e = {0};
	size_t *slot;

	if (!name || !*name)
		return fail(w, "an entry (a %s) has an empty name", what);
	if (!path)
		path = "";
	e.name_len = strlen(name);
	e.path_len = strlen(path);
	/* the finer limit, on the total, is checked by sl_writer_finish() */
	if (e.name_len >= UINT32_MAX || e.path_len >= UINT32_MAX ||
	    (uint64_t)code_len > UINT32_MAX || (uint64_t)src_len > UINT32_MAX)
		return fail(w, "'%s' is too large for the archive format (4 GiB at most)", name);
	/* only a 32-bit host could get here, with two huge strings */
	if (e.path_len > SIZE_MAX - e.name_len - 2 || code_len > SIZE_MAX - src_len)
		return fail(w, "'%s' is too large for memory", name);
	if ((code_len && !code) || (src_len && !src))
		return fail(w, "'%s': a length without bytes", name);
	switch (kind) {
	case SL_KIND_MODULE:
	case SL_KIND_PACKAGE:
		if (code_len == 0)
			return fail(w, "%s '%s' has no byte-code", what, name);
		break;
	case SL_KIND_DATA:
		if (src_len != 0)
			return fail(w, "data file '%s' cannot have source", name);
		break;
	case SL_KIND_NAMESPACE:
	case SL_KIND_EXTENSION:
		if (code_len != 0 || src_len != 0)
			return fail(w, "%s '%s' cannot hold bytes", what, name);
		break;
	default:
		return fail(w, "'%s' has an unknown kind (%d)", name, (int)kind);
	}

	if (grow_slots(w) < 0)
		return fail(w, "out of memory");
	slot = slot_for(w, name, e.name_len);
	if (*slot)
		return fail(w, "'%s' is already in the archive (as a %s)", name,
		            sl_archive_kind_name(w->ents[*slot - 1].kind));
	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct wentry *p = cap > SIZE_MAX / sizeof(*p) ? NULL : realloc(w->ents, cap * sizeof(*p));

		if (!p)
			return fail(w, "out of memory");
		w->ents = p;
		w->cap = cap;
	}

	e.kind = kind;
	e.code_len = code_len;
	e.src_len = src_len;
	e.name = malloc(e.name_len + e.path_len + 2);
	if (code_len + src_len > 0)
		e.bytes = malloc(code_len + src_len);
	if (!e.name || (code_len + src_len > 0 && !e.bytes)) {
		free(e.name);
		free(e.bytes);
		return fail(w, "out of memory");
	}
	memcpy(e.name, name, e.name_len + 1);
	memcpy(e.name + e.name_len + 1, path, e.path_len + 1);
	e.path = e.name + e.name_len + 1;
	if (code_len)
		memcpy(e.bytes, code, code_len);
	if (src_len)
		memcpy(e.bytes + code_len, src, src_len);
	w->ents[w->count++] = e;
	*slot = w->count;
	return 0;
}

void sl_writer_set_flags(struct sl_writer *w, uint32_t flags)
{
	w->flags = flags;
}

int sl_writer_freeze(struct sl_writer *w, const char *name)
{
	size_t *slot = w->nslots ? slot_for(w, name, strlen(name)) : NULL;
	struct wentry *e = slot && *slot ? &w->ents[*slot - 1] : NULL;

	if (!e)
		return fail(w, "'%s' is not in the archive", name);
	if ((e->kind != SL_KIND_MODULE && e->kind != SL_KIND_PACKAGE) || e->flags)
		return fail(w, "'%s' is a %s%s, not a module with byte-code", name,
		            e->flags ? "frozen " : "", sl_archive_kind_name(e->kind));
	/* the source moves to the front: the code goes, the source stays */
	memmove(e->bytes, e->bytes + e->code_len, e->src_len);
	e->code_len = 0;
	e->flags = SL_ENTRY_FROZEN;
	return 0;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct wentry *a = *(const struct wentry *const *)pa;
	const struct wentry *b = *(const struct wentry *const *)pb;
	int c = memcmp(a->name, b->name, a->name_len < b->name_len ? a->name_len : b->name_len);

	if (c)
		return c;
	return a->name_len < b->name_len ? -1 : a->name_len > b->name_len;
}

static void put32(unsigned char *p, uint64_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static uint64_t align(uint64_t n)
{
	return (n + SL_ARCHIVE_ALIGN - 1) & ~(uint64_t)(SL_ARCHIVE_ALIGN - 1);
}

/* Copy a string and its NUL to the strings cursor, storing where it went. */
static void put_string(unsigned char *buf, uint64_t *cur, unsigned char *off_len,
                       const char *s, size_t len)
{
	put32(off_len, *cur);
	put32(off_len + 4, len);
	memcpy(buf + *cur, s, len + 1);
	*cur += len + 1;
}

#define HDR(f) (buf + offsetof(struct sl_archive_header, f))
#define ENT(p, f) ((p) + offsetof(struct sl_archive_entry, f))

int sl_writer_finish(struct sl_writer *w, void **out, size_t *out_len)
{
	const struct wentry **order;
	unsigned char *buf;
	uint64_t strings_off, strings_end, total, cur, blob;
	size_t main_len = strlen(w->main_name), root_len = strlen(w->root), i;
	struct sl_archive check;
	enum sl_archive_status st;

	if (w->main_mode > SL_MAIN_MODULE)
		return fail(w, "unknown main mode %u", (unsigned)w->main_mode);
	if (w->main_mode != SL_MAIN_NONE && main_len == 0)
		return fail(w, "an entry point needs the name of its main module");
	if (w->optimize > 2)
		return fail(w, "optimize level %u is not 0, 1 or 2", (unsigned)w->optimize);
	if (w->flags & ~SL_ARCHIVE_NO_SOURCE)
		return fail(w, "unknown archive flags 0x%x", (unsigned)w->flags);
	for (i = 0; (w->flags & SL_ARCHIVE_NO_SOURCE) && i < w->count; i++)
		if (w->ents[i].src_len)
			return fail(w, "'%s' has source in an archive marked without source",
			            w->ents[i].name);

	/* Sizes in 64 bits, each count and length already below 2^32 or
	 * bounded by memory, so the sums cannot overflow; then check that
	 * every string offset fits the format's 32 bits. */
	if (w->count > (UINT32_MAX - SL_ARCHIVE_HEADER_SIZE) / SL_ARCHIVE_ENTRY_SIZE)
		return fail(w, "too many entries for the archive format (%zu)", w->count);
	strings_off = SL_ARCHIVE_HEADER_SIZE + (uint64_t)w->count * SL_ARCHIVE_ENTRY_SIZE;
	strings_end = strings_off + main_len + 1 + root_len + 1;
	for (i = 0; i < w->count; i++)
		strings_end += w->ents[i].name_len + 1 + w->ents[i].path_len + 1;
	if (strings_end > UINT32_MAX)
		return fail(w, "too many names for the archive format (over 4 GiB)");
	total = align(strings_end);
	for (i = 0; i < w->count; i++)
		total = align(total + w->ents[i].code_len + w->ents[i].src_len);
	if (total > SIZE_MAX)
		return fail(w, "the archive would be too large for memory (%llu bytes)",
		            (unsigned long long)total);

	order = malloc((w->count ? w->count : 1) * sizeof(*order));
	buf = calloc(1, (size_t)total);	/* every gap and reserved field zero */
	if (!order || !buf) {
		free(order);
		free(buf);
		return fail(w, "out of memory (for an archive of %llu bytes)",
		            (unsigned long long)total);
	}
	for (i = 0; i < w->count; i++)
		order[i] = &w->ents[i];
	/* names are unique, so an unstable sort still has one outcome */
	if (w->count > 1)
		qsort(order, w->count, sizeof(*order), entry_cmp);

	memcpy(HDR(magic), SL_ARCHIVE_MAGIC, SL_ARCHIVE_MAGIC_SIZE);
	put32(HDR(version), SL_ARCHIVE_VERSION);
	put32(HDR(check_int), SL_ARCHIVE_CHECK_INT);
	put32(HDR(header_size), SL_ARCHIVE_HEADER_SIZE);
	put32(HDR(entry_size), SL_ARCHIVE_ENTRY_SIZE);
	put64(HDR(total_size), total);
	put32(HDR(pyc_magic), w->pyc_magic);
	put32(HDR(py_version), w->py_version);
	put32(HDR(optimize), w->optimize);
	put32(HDR(main_mode), w->main_mode);
	put32(HDR(entry_count), w->count);
	put32(HDR(entries_off), SL_ARCHIVE_HEADER_SIZE);
	put32(HDR(strings_off), strings_off);
	put32(HDR(strings_size), strings_end - strings_off);
	put32(HDR(flags), w->flags);

	cur = strings_off;
	put_string(buf, &cur, HDR(main_off), w->main_name, main_len);
	put_string(buf, &cur, HDR(root_off), w->root, root_len);
	blob = align(strings_end);
	for (i = 0; i < w->count; i++) {
		const struct wentry *e = order[i];
		unsigned char *p = buf + SL_ARCHIVE_HEADER_SIZE + i * SL_ARCHIVE_ENTRY_SIZE;
		size_t n = e->code_len + e->src_len;

		put32(ENT(p, kind), e->kind);
		put32(ENT(p, flags), e->flags);
		put_string(buf, &cur, ENT(p, name_off), e->name, e->name_len);
		put_string(buf, &cur, ENT(p, path_off), e->path, e->path_len);
		put64(ENT(p, code_off), blob);
		put32(ENT(p, code_len), e->code_len);
		put32(ENT(p, src_len), e->src_len);
		put32(ENT(p, crc), sl_crc32(0, e->bytes, e->code_len));
		put32(ENT(p, src_crc), sl_crc32(0, e->bytes + e->code_len, e->src_len));
		if (n)
			memcpy(buf + blob, e->bytes, n);
		blob = align(blob + n);
	}
	free(order);

	/* The reader is the definition of a good archive: a writer bug must
	 * stop the build here, not the user's program at start-up. */
	st = sl_archive_open(&check, buf, (size_t)total);
	if (st != SL_ARCHIVE_OK) {
		free(buf);
		return fail(w, "the archive written does not read back: %s (a slither bug)",
		            sl_archive_strerror(st));
	}
	*out = buf;
	*out_len = (size_t)total;
	return 0;
}

const char *sl_writer_error(const struct sl_writer *w)
{
	return w->err[0] ? w->err : "no error";
}

void sl_writer_free(struct sl_writer *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->count; i++) {
		free(w->ents[i].name);
		free(w->ents[i].bytes);
	}
	free(w->ents);
	free(w->slots);
	free(w->main_name);
	free(w->root);
	free(w);
}
