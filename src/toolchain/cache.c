/* The toolchain cache: where toolchains live (<cache>/toolchains/cpython-
 * VERSION-KEY), which is the default, reading a finished one's recipe,
 * marking one used, and forgetting those no build uses. */
#include "toolchain/toolchain.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "toolchain/internal.h"

char *toolchain_dir(void)
{
	char *c = cache_dir(), *d = xasprintf("%s/toolchains", c);

	free(c);
	return d;
}

int toolchain_finished(const char *prefix)
{
	char *s = xasprintf("%s/%s", prefix, STAMP);
	int ok = path_exists(s);

	free(s);
	return ok;
}

/* The file naming the default toolchain for these options. */
static char *default_file(int optimize)
{
	char *d = toolchain_dir(), *f = xasprintf("%s/default%s", d, optimize ? "-optimized" : "");

	free(d);
	return f;
}

char *toolchain_default(int optimize)
{
	char *f = default_file(optimize);
	struct buf b = {0};
	char *p = NULL;

	if (read_file(f, &b) == 0) {
		b.data[strcspn(b.data, "\n")] = '\0';
		if (*b.data && toolchain_finished(b.data))
			p = xstrdup(b.data);
	}
	buf_release(&b);
	free(f);
	return p;
}

void toolchain_set_default(int optimize, const char *prefix)
{
	char *f = default_file(optimize);
	char *txt = xasprintf("%s\n", prefix);

	if (write_file_atomic(f, txt, strlen(txt)) < 0)
		die("cannot write %s:", f);
	free(f);
	free(txt);
}

void toolchain_use(struct toolchain *t, const char *given)
{
	char *prefix;

	if (given) {
		prefix = abspath(given);
	} else if (!(prefix = toolchain_default(0))) {
		struct tc_options to = {0};
		info("no toolchain yet: building the default one first");
		prefix = toolchain_build(&to);
	}
	toolchain_load(t, prefix);
	toolchain_mark_used(prefix);
	free(prefix);
}

void toolchain_mark_used(const char *prefix)
{
	char *f = xasprintf("%s/%s", prefix, USED);
	int fd = open(f, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

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
	char *dir = toolchain_dir(), *defaults[2] = {toolchain_default(0), toolchain_default(1)};
	char *keep[3] = {NULL};
	struct prune_rule r = {
		.prefix = "cpython-", .days = days, .last_used = prune_last_used,
		.keep = keep, .what = "toolchain", .dead_writers = 1,
	};
	size_t i, k = 0;
	int removed;

	for (i = 0; i < LEN(defaults); i++)	/* the defaults are never removed */
		if (defaults[i])
			keep[k++] = defaults[i];
	removed = cache_prune(dir, &r);
	free(dir);
	free(defaults[0]);
	free(defaults[1]);
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

void toolchain_load(struct toolchain *t, const char *prefix)
{
	char *f = xasprintf("%s/%s", prefix, INFO);
	struct buf b = {0};
	char *line, *save = NULL;

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
	}
	if (!t->cc)
		t->cc = xstrdup("cc");
	if (!t->ldflags)
		t->ldflags = xstrdup("-static");
	free(f);
}
