/* The headers cached objects were compiled against (see headers.h).
 *
 * A manifest is
 *     "slither-headers 1\n"
 *     for each header: "PATH\n" (absolute, sorted, once each)
 * The content of each header is not kept: headers_state() hashes it each
 * build (a stat and a read of each: a few milliseconds for the runtime's
 * ~150), and that goes into the objects' key, so objects compiled against
 * other headers are simply other entries, found again if the headers come
 * back. */
#include "link/headers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "lib/sha256.h"

#define MAGIC "slither-headers 1\n"

/* What, besides its options, tells gcc where headers are. */
static const char *const search_env[] = {"CPATH", "C_INCLUDE_PATH"};


const char *cc_version(const char *cc)
{
	static char *asked, *version;
	char *av[] = {(char *)cc, "--version", NULL};
	struct buf out = {0};
	char *nl;

	if (asked && !strcmp(asked, cc))
		return version;
	if (run_capture(av, NULL, NULL, "/dev/null", &out) != 0 || !out.data)
		die("%s --version failed: is the toolchain's compiler installed?", cc);
	if ((nl = strchr(out.data, '\n')))
		*nl = '\0';
	free(asked);
	free(version);
	asked = xstrdup(cc);
	version = out.data;
	return version;
}

char *headers_manifest(const char *kind, const char *key)
{
	return cache_entry(kind, key, NULL, ".headers");
}

char *headers_state(const char *path)
{
	struct buf m = {0}, k = {0};
	char *p, *nl;
	size_t i;

	if (read_file(path, &m) < 0) {
		if (errno != ENOENT)
			die("cannot read %s:", path);
		return NULL;
	}
	if (m.len < sizeof(MAGIC) - 1 || memcmp(m.data, MAGIC, sizeof(MAGIC) - 1) ||
	    m.data[m.len - 1] != '\n')
		goto gone;	/* not one: compiled again, written anew */
	buf_puts(&k, "headers\n");
	for (i = 0; i < LEN(search_env); i++) {
		const char *v = getenv(search_env[i]);
		if (v)
			buf_printf(&k, "env %s=%s\n", search_env[i], v);
	}
	for (p = m.data + sizeof(MAGIC) - 1; p < m.data + m.len; p = nl + 1) {
		char hex[65];

		nl = strchr(p, '\n');
		*nl = '\0';
		if (sha256_file(p, hex) < 0)
			goto gone;
		buf_printf(&k, "%s %s\n", p, hex);
	}
	/* used now: pruning goes by the time of last use */
	utimensat(AT_FDCWD, path, NULL, 0);
	buf_release(&m);
	/* one digest: it joins the key of each of hundreds of frozen objects */
	{
		char hex[65];
		sha256_hex(k.data, k.len, hex);
		buf_release(&k);
		return xasprintf("headers %s\n", hex);
	}
gone:
	buf_release(&m);
	buf_release(&k);
	return NULL;
}

void headers_argv(char ***av, size_t *n, const char *obj)
{
	argv_push(av, n, "-MD");
	argv_push(av, n, "-MF");
	argv_push_fmt(av, n, "%s.d", obj);
}

/* Push on `list` the absolute paths the make rule in `d` names after its
 * target and its source (gcc names the source first; the key covers it by
 * content): words parted by blanks and backslash-newlines, "\ " a blank
 * inside a name, "\#" a '#', "$$" a '$' (as gcc writes them). */
static void parse_deps(char *d, char ***list, size_t *n)
{
	struct buf w = {0};
	char *p = strstr(d, ": ");
	int source = 1;

	if (!p)
		return;
	for (p += 1;; p++) {
		if (*p == '\\' && (p[1] == ' ' || p[1] == '#')) {
			buf_put(&w, ++p, 1);
			continue;
		}
		if (*p == '$' && p[1] == '$') {
			buf_put(&w, ++p, 1);
			continue;
		}
		if (*p && *p != ' ' && *p != '\t' && *p != '\n' && !(*p == '\\' && p[1] == '\n')) {
			buf_put(&w, p, 1);
			continue;
		}
		if (w.len) {
			buf_put(&w, "", 1);
			if (w.data[0] == '/' && !source)
				argv_push(list, n, w.data);
			source = 0;
			w.len = 0;
		}
		if (!*p)
			break;
		if (*p == '\\')
			p++;
	}
	buf_release(&w);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void headers_record(const char *path, const char *dir, char *const *objs, size_t n)
{
	struct buf m = {0}, d = {0};
	char **list = NULL, *mdir;
	size_t nl = 0, i;
	struct prune_rule r = {.suffix = ".headers", .days = CACHE_UNUSED_DAYS};

	for (i = 0; i < n; i++) {
		char *p = dir ? xasprintf("%s/%s.d", dir, objs[i]) : xasprintf("%s.d", objs[i]);
		d.len = 0;
		if (read_file(p, &d) < 0)
			die("cannot read %s, the headers the compiler read:", p);
		buf_put(&d, "", 1);
		parse_deps(d.data, &list, &nl);
		free(p);
	}
	if (nl)
		qsort(list, nl, sizeof(*list), by_name);
	buf_puts(&m, MAGIC);
	for (i = 0; i < nl; i++)
		if (!i || strcmp(list[i], list[i - 1]))
			buf_printf(&m, "%s\n", list[i]);
	if (write_file_atomic(path, m.data, m.len) < 0)
		die("cannot store %s in the cache:", path);
	mdir = xstrdup(path);
	*strrchr(mdir, '/') = '\0';
	cache_prune(mdir, &r);
	free(mdir);
	argv_free(list);
	buf_release(&d);
	buf_release(&m);
}
