/* Bundles of compiled objects in slither's cache (see objcache.h).
 *
 * A bundle is
 *     "slither-objects 1\n"
 *     for each object: "NAME SIZE\n" and SIZE bytes
 *     "sha256 HEX\n"    the SHA-256 of everything before this line
 * A bundle is checked whole (its hash, then each header against the names
 * asked for) before any object leaves it: a truncated or altered file is
 * removed and rebuilt, never linked. */
#include "link/objcache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/sha256.h"

#define MAGIC "slither-objects 1\n"
#define TRAILER_LEN (sizeof("sha256 ") - 1 + 64 + 1)

char *objcache_path(const char *kind, const char *key, const char *headers)
{
	return cache_entry(kind, key, headers, ".objs");
}

static void prune(const char *path)
{
	char *dir = xstrdup(path);
	struct prune_rule r = {.suffix = ".objs", .days = CACHE_UNUSED_DAYS};

	*strrchr(dir, '/') = '\0';
	cache_prune(dir, &r);
	free(dir);
}

/* Check the bundle `b` against names[0..n); on success `at[i]`, `len[i]`
 * locate each object.  Returns NULL, or what is wrong (static text). */
static const char *check(const struct buf *b, char *const *names, size_t n, size_t *at,
			 size_t *len)
{
	size_t body, pos = sizeof(MAGIC) - 1, i;
	char hex[65];

	if (b->len < pos + TRAILER_LEN || memcmp(b->data, MAGIC, pos))
		return "not a bundle of objects";
	body = b->len - TRAILER_LEN;
	if (memcmp(b->data + body, "sha256 ", 7) || b->data[b->len - 1] != '\n')
		return "truncated";
	sha256_hex(b->data, body, hex);
	if (memcmp(b->data + body + 7, hex, 64))
		return "its checksum does not match its content";
	for (i = 0; i < n; i++) {
		size_t k = strlen(names[i]);
		char *end;
		unsigned long long size;

		if (body - pos < k + 3 || memcmp(b->data + pos, names[i], k) || b->data[pos + k] != ' ')
			return "it holds other objects than this build's";
		errno = 0;
		size = strtoull(b->data + pos + k + 1, &end, 10);
		if (errno || *end != '\n' || end == b->data + pos + k + 1)
			return "a malformed header";
		pos = (size_t)(end + 1 - b->data);
		if (size > body - pos)
			return "an object runs past its end";
		at[i] = pos;
		len[i] = (size_t)size;
		pos += (size_t)size;
	}
	return pos == body ? NULL : "it holds more objects than this build's";
}

enum objcache_status objcache_restore(const char *path, const char *dir, char *const *names,
				      size_t n, char **why)
{
	struct buf b = {0};
	size_t *at = xcalloc(n ? n : 1, sizeof(*at)), *len = xcalloc(n ? n : 1, sizeof(*len));
	const char *bad;
	enum objcache_status st = OBJCACHE_RESTORED;
	size_t i;

	if (read_file(path, &b) < 0) {
		if (errno != ENOENT)
			die("cannot read %s:", path);
		st = OBJCACHE_ABSENT;
		goto out;
	}
	if ((bad = check(&b, names, n, at, len))) {
		if (why)
			*why = xasprintf("%s: %s", path, bad);
		if (unlink(path) < 0 && errno != ENOENT)
			die("cannot remove the damaged %s:", path);
		st = OBJCACHE_DAMAGED;
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* into the scratch directory: no rename, no fsync needed */
		char *p = xasprintf("%s/%s", dir, names[i]);
		FILE *f = fopen(p, "wb");
		if (!f || fwrite(b.data + at[i], 1, len[i], f) != len[i] || fclose(f) != 0)
			die("cannot write %s:", p);
		free(p);
	}
	/* used now: pruning goes by the time of last use */
	utimensat(AT_FDCWD, path, NULL, 0);
	prune(path);
out:
	buf_release(&b);
	free(at);
	free(len);
	return st;
}

void objcache_store(const char *path, const char *dir, char *const *names, size_t n)
{
	struct buf b = {0}, o = {0};
	char hex[65];
	size_t i;

	buf_puts(&b, MAGIC);
	for (i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		o.len = 0;
		if (read_file(p, &o) < 0)
			die("cannot read %s:", p);
		buf_printf(&b, "%s %zu\n", names[i], o.len);
		buf_put(&b, o.data, o.len);
		free(p);
	}
	sha256_hex(b.data, b.len, hex);
	buf_printf(&b, "sha256 %s\n", hex);
	if (write_file_atomic(path, b.data, b.len) < 0)
		die("cannot store %s in the cache:", path);
	prune(path);
	buf_release(&o);
	buf_release(&b);
}
