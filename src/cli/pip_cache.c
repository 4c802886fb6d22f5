/* The cache of `slither pip install --target` builds (see pip_cache.h).
 * Entries live in <cache>/pip-builds/<group>/, where the group is the key
 * of the inputs but slither's own code, so that a new slither's build replaces
 * the old one's instead of piling up: key (the full key, which a restore
 * must match), tree/ (the target directory as pip left it) and
 * archives.txt ("<sha256> <path>" of each static archive the shim linked).
 * An entry appears by a rename when complete; a restore touches it, and
 * entries no install used for CACHE_UNUSED_DAYS go when another is stored. */
#include "cli/pip_cache.h"
#include "cli/pip_inputs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "lib/sha256.h"

/* Bump when the cache's layout changes. */
#define PIP_CACHE_FORMAT "slither pip cache 1"

extern char **environ;

/* A build may read any environment variable (compilers and flags,
 * PKG_CONFIG_PATH, or one of its own, as lxml's STATIC_DEPS), so the whole
 * environment is part of the key, but for these: the terminal session's,
 * which no build reads.  A name ending in '*' is a prefix. */
static const char *const session_env[] = {
	"PWD",	  "OLDPWD",    "SHLVL",	  "_",	      "TERM",	 "TERMCAP", "COLORTERM",
	"COLUMNS", "LINES",    "DISPLAY", "XAUTHORITY", "WINDOWID", "TMUX", "TMUX_PANE",
	"STY",	  "SSH_*",     "LS_COLORS", "MAIL",    "PS1",	 "PS2",	    "PS4",
	"HISTFILE", "HISTSIZE", "LESS",	  "PAGER",   "EDITOR",	 "VISUAL",  "TMPDIR",
	"SLITHER_CACHE",
};

static int session_var(const char *entry)
{
	size_t i, n = strcspn(entry, "=");

	for (i = 0; i < LEN(session_env); i++) {
		const char *v = session_env[i];
		size_t k = strlen(v);
		if (v[k - 1] == '*' ? n >= k - 1 && !strncmp(entry, v, k - 1)
				    : n == k && !strncmp(entry, v, k))
			return 1;
	}
	return 0;
}

/* Options of `pip install` that take the next argument as their value and
 * leave the key meaningful. */
static const char *const value_options[] = {
	"--target", "-t", "--platform", "--python-version", "--implementation", "--abi",
	"--no-binary", "--only-binary", "--progress-bar", "--root-user-action",
	"--global-option", "--config-settings", "-C", "--upgrade-strategy", "--exists-action",
};

/* Options that bring in inputs the key cannot see: not cacheable. */
static const char *const foreign_options[] = {
	"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-f", "--find-links",
	"-i", "--index-url", "--extra-index-url", "--prefix", "--root", "--user", "--src",
};

static int in_list(const char *const *list, size_t n, const char *a)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		k = strlen(list[i]);
		if (!strcmp(a, list[i]) || (!strncmp(a, list[i], k) && a[k] == '='))
			return 1;
	}
	return 0;
}

/* Hash lines for the tree at `dir`/`rel` into `b`: each entry by name
 * order, files with their content's hash and executable bit. */
static int hash_tree(const char *dir, const char *rel, struct buf *b)
{
	char *path = *rel ? xasprintf("%s/%s", dir, rel) : xstrdup(dir);
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (!d) {
		free(path);
		return -1;
	}
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		size_t len = strlen(nm);
		if (!strcmp(nm, ".") || !strcmp(nm, "..") || !strcmp(nm, "__pycache__") ||
		    (len > 9 && !strcmp(nm + len - 9, ".egg-info")) || (!*rel && !strcmp(nm, "build")))
			continue;	/* what a build leaves in its source tree */
		argv_push(&names, &n, nm);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), strp_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		char *r = *rel ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		char *p = xasprintf("%s/%s", path, names[i]);
		struct stat st;
		char hex[65], target[4096];
		ssize_t tl;

		if (lstat(p, &st) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			buf_printf(b, "d %s\n", r);
			rc = hash_tree(dir, r, b);
		} else if (S_ISLNK(st.st_mode) && (tl = readlink(p, target, sizeof(target) - 1)) >= 0) {
			buf_printf(b, "l %s %.*s\n", r, (int)tl, target);
		} else if (S_ISREG(st.st_mode) && sha256_file(p, hex) == 0) {
			buf_printf(b, "f %s %c %s\n", r, st.st_mode & 0111 ? 'x' : '-', hex);
		} else {
			rc = -1;
		}
		free(r);
		free(p);
	}
	argv_free(names);
	free(path);
	return rc;
}

/* Is `dir` absent or an empty directory? */
static int absent_or_empty(const char *dir)
{
	DIR *d;
	struct dirent *de;
	int empty = 1;

	if (!path_exists(dir))
		return 1;
	if (!(d = opendir(dir)))
		return 0;
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	return empty;
}

char *pip_cache_key(const struct toolchain *tc, const char *options, int argc, char **argv,
                    char **target)
{
	struct buf k = {0};
	char hex[65], *dir = NULL;
	int i, no_index = 0, sources = 0;
	size_t e;

	if (argc < 1 || strcmp(argv[0], "install"))
		return NULL;
	buf_puts(&k, PIP_CACHE_FORMAT "\n");
	buf_printf(&k, "toolchain %s\noptions %s\n", tc->prefix, options);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (in_list(foreign_options, LEN(foreign_options), a))
			goto no;
		if (!strcmp(a, "--no-index"))
			no_index = 1;
		if (!strcmp(a, "--target") || !strcmp(a, "-t") || !strncmp(a, "--target=", 9) ||
		    (!strncmp(a, "-t", 2) && a[2])) {
			const char *v = a[1] == 't' ? (a[2] ? a + 2 : NULL)
				      : a[8] == '=' ? a + 9 : NULL;
			if (!v && i + 1 < argc)
				v = argv[++i];
			if (!v || dir)
				goto no;
			dir = abspath(v);
			buf_puts(&k, "arg --target\n");
		} else if (a[0] == '-') {
			buf_printf(&k, "arg %s\n", a);
			if (in_list(value_options, LEN(value_options), a) && !strchr(a, '=') &&
			    i + 1 < argc)
				buf_printf(&k, "value %s\n", argv[++i]);
		} else if (is_dir(a)) {
			struct buf tree = {0};
			int rc = hash_tree(a, "", &tree);
			sha256_hex(tree.data ? tree.data : "", tree.len, hex);
			buf_release(&tree);
			if (rc < 0)
				goto no;
			buf_printf(&k, "source-tree %s\n", hex);
			sources++;
		} else if (path_exists(a) && sha256_file(a, hex) == 0) {
			buf_printf(&k, "source-file %s\n", hex);
			sources++;
		} else {
			goto no;	/* a requirement to look up: not a local input */
		}
	}
	if (!no_index || !dir || !sources || !absent_or_empty(dir))
		goto no;
	{
		char **env = NULL;
		size_t ne = 0;
		for (e = 0; environ && environ[e]; e++)
			if (!session_var(environ[e]))
				argv_push(&env, &ne, environ[e]);
		if (ne)
			qsort(env, ne, sizeof(char *), strp_cmp);
		for (e = 0; e < ne; e++)
			buf_printf(&k, "env %zu %s\n", strlen(env[e]), env[e]);
		argv_free(env);
	}
	/* "GROUP-KEY": one entry per group, the inputs but for slither's own
	 * code, so that a new slither replaces its predecessor's entries.  Of
	 * that code, the part a pip build runs (the Makefile's PIP_INPUTS): a
	 * change to the runtime or the scanner keeps the builds. */
	{
		char group[65];
		sha256_hex(k.data, k.len, group);
		buf_printf(&k, "slither %s\n", PIP_INPUTS_SHA256);
		sha256_hex(k.data, k.len, hex);
		buf_release(&k);
		*target = dir;
		return xasprintf("%s-%s", group, hex);
	}
no:
	buf_release(&k);
	free(dir);
	return NULL;
}

static char *entry_dir(const char *key)
{
	char *cache = cache_dir();
	char *d = xasprintf("%s/pip-builds/%.64s", cache, key);

	free(cache);
	return d;
}

/* Copy the contents of directory `from` into `to` (created), keeping
 * modes and times; 0 on success. */
static int copy_tree(const char *from, const char *to)
{
	char *src = xasprintf("%s/.", from);
	char *argv[] = {"cp", "-a", src, (char *)to, NULL};
	int rc;

	if (mkdir_p(to) < 0) {
		free(src);
		return -1;
	}
	rc = run(argv, NULL, NULL, NULL);
	free(src);
	return rc == 0 ? 0 : -1;
}

int pip_cache_restore(const char *key, const char *target)
{
	char *entry = entry_dir(key), *list = xasprintf("%s/archives.txt", entry);
	char *tree = xasprintf("%s/tree", entry), *keyfile = xasprintf("%s/key", entry);
	struct buf b = {0}, kb = {0};
	char *line, *save = NULL;
	int ok = 0;

	if (!is_dir(tree) || read_file(keyfile, &kb) < 0 || strcmp(kb.data ? kb.data : "", key) ||
	    read_file(list, &b) < 0)
		goto out;
	for (line = strtok_r(b.data ? b.data : "", "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char hex[65];
		const char *path = strchr(line, ' ');
		if (!path || path - line != 64)
			goto out;
		path++;
		if (sha256_file(path, hex) < 0 || strncmp(hex, line, 64)) {
			info("the cached build (%.12s) linked %s, which has changed since; building "
			     "again",
			     key + 65, path);
			goto out;
		}
	}
	if (copy_tree(tree, target) < 0) {
		warn("cannot copy the cached build %s to %s; building again", tree, target);
		rm_rf(target);
		goto out;
	}
	utimensat(AT_FDCWD, entry, NULL, 0);	/* used: kept CACHE_UNUSED_DAYS more */
	info("restored from slither's cache (key %.12s: the same sources, toolchain, "
	     "arguments, environment and static libraries): %s",
	     key + 65, target);
	ok = 1;
out:
	buf_release(&b);
	buf_release(&kb);
	free(keyfile);
	free(tree);
	free(list);
	free(entry);
	return ok;
}

/* Entries no install used for CACHE_UNUSED_DAYS, and left-over temporaries. */
static void prune_entries(void)
{
	char *cache = cache_dir(), *dir = xasprintf("%s/pip-builds", cache);

	{
		struct prune_rule r = {.days = CACHE_UNUSED_DAYS};
		cache_prune(dir, &r);
	}
	free(dir);
	free(cache);
}

void pip_cache_store(const char *key, const char *target, const char *inputs)
{
	char *entry = entry_dir(key);
	char *tmp = xasprintf("%s.tmp.%ld", entry, (long)getpid());
	char *tree = xasprintf("%s/tree", tmp), *list = xasprintf("%s/archives.txt", tmp);
	char *keyfile = xasprintf("%s/key", tmp);
	struct buf out = {0};
	char **paths = NULL, *line, *save = NULL, *in = xstrdup(inputs ? inputs : "");
	size_t n = 0, i;

	rm_rf(tmp);
	for (line = strtok_r(in, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "archive ", 8))
			argv_push(&paths, &n, line + 8);
	if (n)
		qsort(paths, n, sizeof(char *), strp_cmp);
	for (i = 0; i < n; i++) {
		char hex[65];
		if (i && !strcmp(paths[i], paths[i - 1]))
			continue;
		if (sha256_file(paths[i], hex) < 0) {
			warn("cannot hash %s; the build is not cached:", paths[i]);
			goto out;
		}
		buf_printf(&out, "%s %s\n", hex, paths[i]);
	}
	if (copy_tree(target, tree) < 0 ||
	    write_file_atomic(list, out.data ? out.data : "", out.len) < 0 ||
	    write_file_atomic(keyfile, key, strlen(key)) < 0) {
		warn("cannot store the build in slither's cache %s:", tmp);
		goto out;
	}
	rm_rf(entry);
	if (rename(tmp, entry) < 0) {
		warn("cannot store the build in slither's cache %s:", entry);
		goto out;
	}
	info("stored in slither's cache (key %.12s)", key + 65);
out:
	rm_rf(tmp);
	prune_entries();
	argv_free(paths);
	free(in);
	buf_release(&out);
	free(keyfile);
	free(list);
	free(tree);
	free(tmp);
	free(entry);
}
