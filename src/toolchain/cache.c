/* The toolchain cache: where toolchains live (<cache>/toolchains/cpython-
 * VERSION-KEY, or a site's store, SLITHER_TOOLCHAINS), which is the
 * default, reading a finished one's recipe, marking one used, and
 * forgetting those no build uses (in the user's cache only). */
#include "toolchain/toolchain.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "toolchain/internal.h"
#include "toolchain/modules.h"
#include "toolchain/target.h"

char *toolchain_cache_dir(void)
{
	char *c = cache_dir(), *d = xasprintf("%s/toolchains", c);

	free(c);
	return d;
}

char *toolchain_store(void)
{
	const char *s = getenv("SLITHER_TOOLCHAINS");

	return s && *s ? abspath(s) : NULL;
}

char *toolchain_dir(void)
{
	char *s = toolchain_store();

	return s ? s : toolchain_cache_dir();
}

int toolchain_finished(const char *prefix)
{
	char *s = xasprintf("%s/%s", prefix, STAMP);
	int ok = path_exists(s);

	free(s);
	return ok;
}

const char *toolchain_default_version(void)
{
	static char xy[16];

	if (!*xy) {
		const struct tc_modules *m = modules_default();
		snprintf(xy, sizeof(xy), "%d.%d", m->major, m->minor);
	}
	return xy;
}

void toolchain_check_version(const char *xy)
{
	if (!modules_get(xy))
		die("CPython '%s' is not a version slither builds; it builds %s (--python X.Y)", xy,
		    modules_supported());
}

/* The file naming the default toolchain of CPython `xy` (NULL: the default
 * version) for these options in `dir`: default-3.13, default-3.13-optimized;
 * a cross target's: default-3.11-aarch64-linux-gnu. */
static char *default_file(const char *dir, const char *xy, int optimize, const char *host)
{
	return xasprintf("%s/default-%s%s%s%s", dir, xy ? xy : toolchain_default_version(),
			 host ? "-" : "", host ? host : "", optimize ? "-optimized" : "");
}

/* The finished toolchain the mark `f` in `dir` (a cache's or a store's)
 * names, or NULL.  The mark names it by its absolute path (the cache's, as
 * every slither wrote it) or by its name in `dir` (a store's, which may be
 * mounted elsewhere than where it was built); an absolute path that is no
 * toolchain is looked for by its name in `dir` too. */
static char *mark_target(const char *dir, const char *f)
{
	struct buf b = {0};
	char *p = NULL;

	if (read_file(f, &b) == 0) {
		b.data[strcspn(b.data, "\n")] = '\0';
		if (*b.data && b.data[0] != '/')
			p = xasprintf("%s/%s", dir, b.data);
		else if (*b.data && !toolchain_finished(b.data) && strrchr(b.data, '/')[1])
			p = xasprintf("%s/%s", dir, strrchr(b.data, '/') + 1);
		else if (*b.data)
			p = xstrdup(b.data);
		if (p && !toolchain_finished(p)) {
			free(p);
			p = NULL;
		}
	}
	buf_release(&b);
	return p;
}

/* The default toolchain of CPython `xy` (NULL: the default version) in
 * `dir`, or NULL.  slither before versions kept one mark, "default": its
 * toolchain counts, if it is of this version (cpython-3.11.2-KEY). */
static char *default_in(const char *dir, const char *xy, int optimize, const char *host)
{
	char *f = default_file(dir, xy, optimize, host), *p = mark_target(dir, f);

	free(f);
	if (!p && !host) {
		char *want = xasprintf("cpython-%s.", xy ? xy : toolchain_default_version());
		f = xasprintf("%s/default%s", dir, optimize ? "-optimized" : "");
		p = mark_target(dir, f);
		if (p && strncmp(strrchr(p, '/') + 1, want, strlen(want))) {
			free(p);
			p = NULL;
		}
		free(f);
		free(want);
	}
	return p;
}

char *toolchain_default(const char *xy, int optimize, const char *host)
{
	char *d = toolchain_dir(), *p = default_in(d, xy, optimize, host);

	free(d);
	return p;
}

void toolchain_set_default(const char *xy, int optimize, const char *host, const char *prefix)
{
	char *d = toolchain_dir(), *store = toolchain_store();
	char *f = default_file(d, xy, optimize, host);
	const char *base = strrchr(prefix, '/') + 1;
	/* a store names its default relatively: it may be mounted elsewhere */
	char *txt = store && !strncmp(prefix, store, strlen(store)) && prefix[strlen(store)] == '/'
			    ? xasprintf("%s\n", base)
			    : xasprintf("%s\n", prefix);

	if (write_file_atomic(f, txt, strlen(txt)) < 0)
		die("cannot write %s:", f);
	free(f);
	free(d);
	free(store);
	free(txt);
}

int toolchain_in_store(const char *prefix)
{
	char *store = toolchain_store(), *rs, *rp;
	int in = 0;

	if (!store)
		return 0;
	rs = realpath(store, NULL);
	rp = realpath(prefix, NULL);
	if (rs && rp)
		in = !strncmp(rp, rs, strlen(rs)) && rp[strlen(rs)] == '/';
	free(rs);
	free(rp);
	free(store);
	return in;
}

/* How the staff fill the store `store`: a sentence for error messages. */
static char *how_staff_fill(const char *store, int optimize)
{
	char *c = toolchain_cache_dir();
	char *s = xasprintf("the site's staff fill it by running 'SLITHER_TOOLCHAINS=%s slither toolchain "
			    "build%s' as the store's owner; to build a toolchain of your own instead, "
			    "unset SLITHER_TOOLCHAINS (it goes to %s)",
			    store, optimize ? " --optimize" : "", c);

	free(c);
	return s;
}

char *toolchain_store_missing(int optimize)
{
	char *store = toolchain_store();
	char *how, *msg;

	if (!store)
		return NULL;
	how = how_staff_fill(store, optimize);
	msg = xasprintf("the toolchain store %s (SLITHER_TOOLCHAINS) holds no default toolchain%s "
			"for CPython %s (%s/default-%s%s names none); %s",
			store, optimize ? " built with --optimize" : "", toolchain_default_version(),
			store, toolchain_default_version(), optimize ? "-optimized" : "", how);
	free(how);
	free(store);
	return msg;
}

void toolchain_check_store_writable(const char *store)
{
	if (path_exists(store) && access(store, W_OK) != 0) {
		char *c = toolchain_cache_dir();
		die("cannot build into the toolchain store %s (SLITHER_TOOLCHAINS): it is not writable "
		    "by you.  Its toolchains are built by its owner, the site's staff, with "
		    "'SLITHER_TOOLCHAINS=%s slither toolchain build'; to build one of your own, unset "
		    "SLITHER_TOOLCHAINS (it goes to %s) or give --prefix DIR",
		    store, store, c);
	}
}

/* The prefix `given` with --toolchain: a directory, or with a store the
 * name of a toolchain in it. */
static char *resolve_given(const char *given)
{
	char *store = toolchain_store(), *p;

	if (path_exists(given) || !store || strchr(given, '/')) {
		free(store);
		return abspath(given);
	}
	p = xasprintf("%s/%s", store, given);
	if (!path_exists(p)) {
		char *how = how_staff_fill(store, 0);
		die("no toolchain '%s': it is neither a directory nor a toolchain in the store %s "
		    "(SLITHER_TOOLCHAINS; 'slither toolchain list' lists those there); %s",
		    given, store, how);
	}
	free(store);
	return p;
}

void toolchain_use(struct toolchain *t, const char *given)
{
	char *prefix, *missing;

	if (given) {
		prefix = resolve_given(given);
	} else if ((missing = toolchain_store_missing(0))) {
		/* with a store, its default or an error: a user's build never
		 * builds a toolchain of ~400 MB into a home directory's quota */
		if (!(prefix = toolchain_default(NULL, 0, NULL)))
			die("%s", missing);
		free(missing);
	} else if (!(prefix = toolchain_default(NULL, 0, NULL))) {
		struct tc_options to = {0};
		info("no CPython %s toolchain yet: building the default one first",
		     toolchain_default_version());
		prefix = toolchain_build(&to);
	}
	toolchain_load(t, prefix);
	toolchain_mark_used(prefix);
	/* a cross toolchain's build toolchain is used with it: never pruned
	 * while it is */
	if (t->build_toolchain)
		toolchain_mark_used(t->build_toolchain);
	free(prefix);
}

char **toolchain_python_env(const struct toolchain *t, char *const *base)
{
	char **v = xcalloc(1, sizeof(*v)), *const *p;
	size_t n = 0;

	for (p = base; p && *p; p++)
		argv_push(&v, &n, *p);
	for (p = t->python_env; p && *p; p++)
		argv_push(&v, &n, *p);
	return v;
}

void toolchain_mark_used(const char *prefix)
{
	char *f;
	int fd;

	/* the mark is for pruning, which only the user's cache knows: a
	 * store's toolchains are never marked (nor pruned), so nothing a user
	 * runs writes there, whatever its permissions */
	if (toolchain_in_store(prefix))
		return;
	f = xasprintf("%s/%s", prefix, USED);
	fd = open(f, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	/* a toolchain under a read-only --prefix is simply not marked */
	if (fd >= 0) {
		close(fd);
		utimensat(AT_FDCWD, f, NULL, 0);
	}
	free(f);
}

/* When a build last used the toolchain at `prefix`: its mark, or when it
 * was finished; 0 if neither can be read. */
static time_t last_used(const char *prefix)
{
	char *f = xasprintf("%s/%s", prefix, USED), *g = xasprintf("%s/%s", prefix, STAMP);
	struct stat st;
	time_t t = 0;

	if (stat(f, &st) == 0 || stat(g, &st) == 0)
		t = st.st_mtime;
	free(f);
	free(g);
	return t;
}

/* A toolchain's last use, for pruning: never one that is not finished
 * (its build or removal was cut short: a temporary). */
static time_t prune_last_used(const char *prefix)
{
	return toolchain_finished(prefix) ? last_used(prefix) : 0;
}

int toolchain_prune(int days)
{
	char *dir = toolchain_cache_dir();
	char **keep = xcalloc(1, sizeof(*keep));
	struct prune_rule r = {
		.prefix = "cpython-", .days = days, .last_used = prune_last_used,
		.what = "toolchain", .dead_writers = 1,
	};
	size_t i, k = 0;
	int removed;
	DIR *d = opendir(dir);
	struct dirent *de;

	/* the defaults, of every version (and the one mark of slither before
	 * versions, "default"), are never removed */
	while (d && (de = readdir(d))) {
		char *f, *p;

		if (strncmp(de->d_name, "default", 7) || strstr(de->d_name, ".tmp."))
			continue;
		f = xasprintf("%s/%s", dir, de->d_name);
		if ((p = mark_target(dir, f))) {
			keep = xrealloc(keep, (k + 2) * sizeof(*keep));
			keep[k++] = p;
			keep[k] = NULL;
		}
		free(f);
	}
	if (d)
		closedir(d);
	r.keep = keep;
	removed = cache_prune(dir, &r);
	free(dir);
	for (i = 0; i < k; i++)
		free(keep[i]);
	free(keep);
	return removed;
}

/* `v` with each "${prefix}" replaced by `prefix` (the recipe's paths are
 * relative to it, so a toolchain can move), newly allocated. */
static char *expand_prefix(const char *v, const char *prefix)
{
	struct buf b = {0};
	const char *p;

	buf_puts(&b, "");
	while ((p = strstr(v, "${prefix}"))) {
		buf_put(&b, v, (size_t)(p - v));
		buf_puts(&b, prefix);
		v = p + strlen("${prefix}");
	}
	buf_puts(&b, v);
	return b.data;
}

/* A cross toolchain's build machine side: its build toolchain's
 * interpreter, run as this toolchain's (PYTHONHOME: its stdlib and
 * site-packages; its sysconfig, as CPython's own cross build runs its
 * build python), and its module builder. */
static void load_build_side(struct toolchain *t, const char *build_tc, const char *f)
{
	struct toolchain n;
	size_t k = 0;

	if (!build_tc)
		die("%s: a cross toolchain without its build toolchain; rebuild it", f);
	toolchain_load(&n, build_tc);
	if (strcmp(n.version, t->version))
		die("%s: its build toolchain %s is CPython %s, not %s; rebuild it", f, build_tc,
		    n.version, t->version);
	free(t->python);
	t->python = xstrdup(n.python);
	t->build_toolchain = xstrdup(n.prefix);
	t->builder = n.builder ? xstrdup(n.builder) : NULL;
	t->builder_include = n.builder_include ? xstrdup(n.builder_include) : NULL;
	argv_push_fmt(&t->python_env, &k, "PYTHONHOME=%s", t->prefix);
	argv_push_fmt(&t->python_env, &k, "_PYTHON_HOST_PLATFORM=%s", t->target->platform);
	argv_push_fmt(&t->python_env, &k, "_PYTHON_SYSCONFIGDATA_NAME=%s", t->target->sysconfigdata);
	/* n's strings are left: a toolchain is loaded once per command */
}

void toolchain_load(struct toolchain *t, const char *prefix)
{
	char *f = xasprintf("%s/%s", prefix, INFO);
	struct buf b = {0};
	char *line, *save = NULL, *build_tc = NULL;

	memset(t, 0, sizeof(*t));
	if (!toolchain_finished(prefix) || read_file(f, &b) < 0)
		die("%s is not a finished slither toolchain (no %s); build one with 'slither toolchain "
		    "build'",
		    prefix, STAMP);
	t->prefix = xstrdup(prefix);
	for (line = strtok_r(b.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');
		const char *v = sp ? sp + 1 : "";
		char **dst = NULL;

		if (sp)
			*sp = '\0';
		if (!strcmp(line, "version"))
			dst = &t->version;
		else if (!strcmp(line, "cc"))
			dst = &t->cc;
		else if (!strcmp(line, "cflags"))
			dst = &t->cflags;
		else if (!strcmp(line, "libs"))
			dst = &t->libs;
		else if (!strcmp(line, "ldflags"))
			dst = &t->ldflags;
		else if (!strcmp(line, "key"))
			dst = &t->key;
		else if (!strcmp(line, "builder"))
			dst = &t->builder;
		else if (!strcmp(line, "builder-include"))
			dst = &t->builder_include;
		else if (!strcmp(line, "host"))
			dst = &t->host;
		else if (!strcmp(line, "build-toolchain"))
			dst = &build_tc;
		else if (!strcmp(line, "optimize"))
			t->optimize = atoi(v);
		if (dst) {
			free(*dst);
			*dst = expand_prefix(v, prefix);
		}
	}
	buf_release(&b);
	if (!t->version || !t->libs || !t->cflags || !t->key)
		die("%s: incomplete toolchain description; rebuild the toolchain", f);
	{
		int maj = 0, min = 0;
		sscanf(t->version, "%d.%d", &maj, &min);
		t->xy = xasprintf("%d.%d", maj, min);
		t->python = xasprintf("%s/bin/python%s", prefix, t->xy);
		t->target_python = xstrdup(t->python);
	}
	t->target = target_get(t->host);
	if (target_cross(t->target))
		load_build_side(t, build_tc, f);
	free(build_tc);
	if (!t->cc)
		t->cc = xstrdup("cc");
	if (!t->ldflags)
		t->ldflags = xstrdup("-static");
	free(f);
}
