/* `slither toolchain build|path|list|deps`: static CPython toolchains. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/help.h"
#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/cache.h"
#include "lib/msg.h"
#include "toolchain/target.h"
#include "toolchain/toolchain.h"

/* the usage, from the one table of the command line (help.c) */
#define usage_text help_text("toolchain")

static int need_arg(int argc, char **argv, int i)
{
	if (i + 1 >= argc)
		die("%s needs a value\n%s", argv[i], usage_text);
	return i + 1;
}

static int tc_build(int argc, char **argv)
{
	struct tc_options o = {0};
	int i;
	char *prefix;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--python-src"))
			o.python_src = argv[i = need_arg(argc, argv, i)];
		else if (!strcmp(argv[i], "--python"))
			o.python = argv[i = need_arg(argc, argv, i)];
		else if (!strcmp(argv[i], "--prefix"))
			o.prefix = argv[i = need_arg(argc, argv, i)];
		else if (!strcmp(argv[i], "-j"))
			o.jobs = atoi(argv[i = need_arg(argc, argv, i)]);
		else if (!strncmp(argv[i], "-j", 2) && argv[i][2])
			o.jobs = atoi(argv[i] + 2);
		else if (!strcmp(argv[i], "--optimize"))
			o.optimize = 1;
		else if (!strcmp(argv[i], "--host"))
			o.host = argv[i = need_arg(argc, argv, i)];
		else
			die("toolchain build: unknown argument '%s'\n%s", argv[i], usage_text);
	}
	if (o.python)
		toolchain_check_version(o.python);
	prefix = toolchain_build(&o);
	toolchain_mark_used(prefix);
	if (!o.prefix)
		toolchain_prune(CACHE_UNUSED_DAYS);
	printf("%s\n", prefix);
	free(prefix);
	return 0;
}

static int tc_path(int argc, char **argv)
{
	const char *xy = NULL, *host = NULL;
	int optimize = 0, i;
	char *p, *missing;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--optimize"))
			optimize = 1;
		else if (!strcmp(argv[i], "--python"))
			toolchain_check_version(xy = argv[i = need_arg(argc, argv, i)]);
		else if (!strcmp(argv[i], "--host"))
			host = target_get(argv[i = need_arg(argc, argv, i)])->triple;
		else
			die("toolchain path: unknown argument '%s'\n%s", argv[i], usage_text);
	}
	if (!xy)
		xy = toolchain_default_version();
	p = toolchain_default(xy, optimize, host);
	if (!p && !host && !strcmp(xy, toolchain_default_version()) &&
	    (missing = toolchain_store_missing(optimize))) {
		fprintf(stderr, "slither: %s\n", missing);
		free(missing);
		return 1;
	}
	if (!p) {
		fprintf(stderr, "slither: no CPython %s toolchain%s%s%s has been built yet; run 'slither "
				"toolchain build --python %s%s%s%s'\n",
			xy, host ? " for " : "", host ? host : "", optimize ? " with --optimize" : "", xy,
			host ? " --host " : "", host ? host : "", optimize ? " --optimize" : "");
		return 1;
	}
	printf("%s\n", p);
	free(p);
	return 0;
}

/* The toolchains of `dir`, `def` and `defo` its defaults; how many. */
static size_t list_dir(const char *dir, const char *def, const char *defo, const char *where)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "cpython-", 8) || strstr(de->d_name, ".tmp."))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), strp_cmp);
	for (i = 0; i < n; i++) {
		struct toolchain t;
		char *tgt;
		int is_def = (def && !strcmp(def, names[i])) || (defo && !strcmp(defo, names[i]));
		if (!toolchain_finished(names[i])) {
			printf("%-8s %s (unfinished)%s\n", "?", names[i], where);
			continue;
		}
		toolchain_load(&t, names[i]);
		/* the target: a cross toolchain's triple, after the version */
		tgt = t.host ? xasprintf(" %s", t.host) : xstrdup("");
		if (t.host || (!is_def && (def || defo))) {
			/* the default of its own version and target (toolchain
			 * path --python X.Y [--host TRIPLE]) */
			char *vd = toolchain_default(t.xy, 0, t.host), *vdo = toolchain_default(t.xy, 1, t.host);
			if ((vd && !strcmp(vd, names[i])) || (vdo && !strcmp(vdo, names[i])))
				printf("%-8s %s (default for --python %s%s%s)%s\n", t.version, names[i],
				       t.xy, t.host ? " --host" : "", tgt, where);
			else
				printf("%-8s %s%s\n", t.version, names[i], where);
			free(vd);
			free(vdo);
			free(tgt);
			continue;
		}
		printf("%-8s %s%s%s\n", t.version, names[i], is_def ? " (default)" : "", where);
		free(tgt);
	}
	if (n == 0)
		fprintf(stderr, "slither: no toolchains in %s\n", dir);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

/* The store's toolchains (with a store), then the user's cache's. */
static int tc_list(void)
{
	char *store = toolchain_store(), *cache = toolchain_cache_dir();
	char *def = toolchain_default(NULL, 0, NULL), *defo = toolchain_default(NULL, 1, NULL);

	if (store)
		list_dir(store, def, defo, " (store)");
	list_dir(cache, store ? NULL : def, store ? NULL : defo, "");
	free(store);
	free(cache);
	free(def);
	free(defo);
	return 0;
}

static int tc_prune(int argc, char **argv)
{
	int days = CACHE_UNUSED_DAYS, n;
	char *end;

	if (argc == 3 && !strcmp(argv[1], "--days")) {
		days = (int)strtol(argv[2], &end, 10);
		if (*end || end == argv[2] || days < 0)
			die("toolchain prune: --days needs a number of days, not '%s'", argv[2]);
	} else if (argc != 1) {
		die("toolchain prune: unknown argument '%s'\n%s", argv[1], usage_text);
	}
	n = toolchain_prune(days);
	fprintf(stderr, "slither: %d toolchain%s removed\n", n, n == 1 ? "" : "s");
	return 0;
}

int cmd_toolchain(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "build"))
		return tc_build(argc - 1, argv + 1);
	if (!strcmp(argv[1], "path"))
		return tc_path(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return tc_list();
	if (!strcmp(argv[1], "prune"))
		return tc_prune(argc - 1, argv + 1);
	if (!strcmp(argv[1], "deps")) {
		if (argc == 4 && !strcmp(argv[2], "--host"))
			toolchain_print_deps(target_get(argv[3])->triple);
		else if (argc == 2)
			toolchain_print_deps(NULL);
		else
			die("toolchain deps: unknown argument '%s'\n%s", argv[2], usage_text);
		return 0;
	}
	die("toolchain: unknown subcommand '%s'\n%s", argv[1], usage_text);
}
