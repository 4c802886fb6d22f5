/* Build CPython from source into a fully static toolchain: every stdlib C
 * module built in through Modules/Setup.local, a static bin/python3.X with
 * pip and setuptools, a dynamic module builder of the same source, and a
 * link recipe.  toolchain_build() is the list of steps; what differs between
 * CPython versions is in their tables (modules.h), the cache of finished
 * toolchains in cache.c.  A toolchain is finished only once its stamp file
 * exists, and its prefix appears by a rename, so an interrupted build is
 * never mistaken for a finished one. */
#include "toolchain/toolchain.h"

#include <dirent.h>
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
#include "lib/embed.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "lib/progress.h"
#include "lib/sha256.h"
#include "toolchain/debsrc.h"
#include "toolchain/internal.h"
#include "toolchain/modules.h"
#include "toolchain/target.h"

/* The compiler: $CC, else gcc.  CPython's configure recognises gcc (and
 * clang) by the name in $CC and picks the PGO and LTO flags from it, so a
 * plain "cc" would silently build --optimize without either. */
const char *cc_name(void)
{
	const char *cc = getenv("CC");
	char *gcc;

	if (cc && *cc)
		return cc;
	gcc = which("gcc");
	free(gcc);
	return gcc ? "gcc" : "cc";
}

/* Source: a tarball or a directory; its hash; the version inside. */
struct source {
	char *path;		/* absolute */
	int is_dir;
	char hash[65];
	char version[32];	/* "3.11.2" */
	int major, minor;
};

/* slither's patch for CPython X.Y (src/toolchain/cpython-X.Y.patch, carried
 * inside ./slither), or NULL if it has none for that version.  Its changes
 * are for speed only (see the patch). */
static const struct embedded *cpython_patch(const struct source *s)
{
	char name[64];

	snprintf(name, sizeof(name), "src/toolchain/cpython-%d.%d.patch", s->major, s->minor);
	return embed_find(name);
}

/* A step's exit status: unless 0, the tail of the log and a message
 * naming the step and the log. */
static void step(int rc, const char *what, const char *log)
{
	if (rc == 0)
		return;
	progress_done();
	print_tail(log, 25);
	die("%s failed (exit %d); the full log is %s", what, rc, log);
}

/* Apply `p` to the unpacked source `srcdir`; a patch that does not apply
 * (another patch release) is left out with a warning: the toolchain is
 * built as CPython ships, only slower to create classes. */
static void apply_patch(const struct embedded *p, const char *srcdir, const char *work,
			const char *log)
{
	char *file = xasprintf("%s/cpython.patch", work);
	char *dry[] = {"patch", "-p1", "-N", "--batch", "--dry-run", "-i", file, NULL};
	char *real[] = {"patch", "-p1", "-N", "--batch", "-i", file, NULL};

	if (write_file_atomic(file, p->data, (size_t)(p->end - p->data)) < 0)
		die("cannot write %s:", file);
	if (run(dry, srcdir, NULL, log) != 0) {
		warn("%s does not apply to this source; building CPython unpatched (the log %s "
		     "says where it fails)", p->name, log);
	} else {
		step(run(real, srcdir, NULL, log), "applying slither's CPython patch", log);
	}
	free(file);
}

/* Collect the regular files below `dir` (relative names) into `list`. */
static void walk(const char *root, const char *rel, char ***list, size_t *n, size_t *cap)
{
	char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		die("cannot read %s:", dir);
	while ((de = readdir(d))) {
		struct stat st;
		char *sub, *full;

		if (de->d_name[0] == '.')
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		full = xasprintf("%s/%s", root, sub);
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(root, sub, list, n, cap);
			free(sub);
		} else if (S_ISREG(st.st_mode)) {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 1024;
				*list = xrealloc(*list, *cap * sizeof(**list));
			}
			(*list)[(*n)++] = sub;
		} else {
			free(sub);
		}
		free(full);
	}
	closedir(d);
	free(dir);
}

/* A directory's hash: SHA-256 over its sorted file names and their hashes. */
static void hash_dir(const char *dir, char hex[65])
{
	char **list = NULL;
	size_t n = 0, cap = 0, i;
	struct buf all = {0};

	walk(dir, "", &list, &n, &cap);
	qsort(list, n, sizeof(*list), strp_cmp);
	for (i = 0; i < n; i++) {
		char *full = xasprintf("%s/%s", dir, list[i]);
		char h[65];

		if (sha256_file(full, h) < 0)
			die("cannot read %s:", full);
		buf_printf(&all, "%s %s\n", h, list[i]);
		free(full);
		free(list[i]);
	}
	free(list);
	sha256_hex(all.data ? all.data : "", all.len, hex);
	buf_release(&all);
}

/* Read PY_VERSION out of Include/patchlevel.h text. */
static int parse_version(struct source *s, const char *text)
{
	const char *p = strstr(text, "#define PY_VERSION");
	const char *q;
	size_t n;

	if (!p || !(p = strchr(p, '"')) || !(q = strchr(p + 1, '"')))
		return -1;
	n = (size_t)(q - p - 1);
	if (n == 0 || n >= sizeof(s->version))
		return -1;
	memcpy(s->version, p + 1, n);
	s->version[n] = '\0';
	if (sscanf(s->version, "%d.%d", &s->major, &s->minor) != 2)
		return -1;
	return 0;
}

static void source_inspect(struct source *s)
{
	struct buf text = {0};

	if (s->is_dir) {
		char *ph = xasprintf("%s/Include/patchlevel.h", s->path);
		if (read_file(ph, &text) < 0)
			die("%s is not a CPython source directory (no Include/patchlevel.h); pass a "
			    "CPython source tree or tarball with --python-src",
			    s->path);
		free(ph);
		if (path_exists(xasprintf("%s/Makefile", s->path)))
			die("%s holds an in-tree CPython build (it has a Makefile); slither builds out of "
			    "tree, so run 'make distclean' there or pass the pristine tarball",
			    s->path);
		hash_dir(s->path, s->hash);
	} else {
		char *argv[] = {"tar", "-xOf", s->path, "--wildcards", "--no-anchored",
				"Include/patchlevel.h", NULL};
		if (run_capture(argv, NULL, NULL, "/dev/null", &text) != 0 || text.len == 0)
			die("%s is not a CPython source tarball (no Include/patchlevel.h inside); pass "
			    "a tarball from python.org or Debian's python3.X source package",
			    s->path);
		if (sha256_file(s->path, s->hash) < 0)
			die("cannot read %s:", s->path);
	}
	if (parse_version(s, text.data) < 0)
		die("%s: cannot read PY_VERSION from Include/patchlevel.h; is this CPython's source?",
		    s->path);
	buf_release(&text);
}
/* Count compiler invocations in the log since `*off`, for a progress
 * percentage. */
static size_t count_compiles(const char *log, size_t *off, size_t so_far)
{
	struct buf b = {0};
	const char *p;

	if (read_file(log, &b) < 0)
		return so_far;
	for (p = b.data + (*off < b.len ? *off : b.len); (p = strstr(p, " -c ")); p++)
		so_far++;
	*off = b.len;
	buf_release(&b);
	return so_far;
}

/* Number of C files a build compiles, roughly: for the percentage only. */
static size_t estimate_compiles(const char *src)
{
	static const char *dirs[] = {"Objects", "Python", "Parser", "Modules"};
	size_t n = 0, i, cap = 0, count = 0;
	char **list = NULL;

	for (i = 0; i < LEN(dirs); i++) {
		char *d = xasprintf("%s/%s", src, dirs[i]);
		if (is_dir(d))
			walk(d, "", &list, &count, &cap);
		free(d);
	}
	for (i = 0; i < count; i++) {
		size_t l = strlen(list[i]);
		if (l > 2 && !strcmp(list[i] + l - 2, ".c") && !strstr(list[i], "clinic/") &&
		    !strstr(list[i], "_test") && !strstr(list[i], "PC/"))
			n++;
		free(list[i]);
	}
	free(list);
	return n * 8 / 10;	/* not every .c file is built on Linux */
}

/* Run make with a percentage from its compile lines. */
static int run_make(char **argv, const char *cwd, const char *log, size_t expect)
{
	pid_t pid;
	int st;
	size_t off = 0, done = 0;

	pid = run_async(argv, cwd, NULL, log);
	if (pid < 0)
		die("cannot start make:");
	while ((st = proc_wait(pid, 0)) == -2) {
		done = count_compiles(log, &off, done);
		if (expect)
			progress_percent((int)(done * 100 / expect > 99 ? 99 : done * 100 / expect));
		usleep(500 * 1000);
	}
	return st;
}

/* Copy build-tree static libraries named in MODLIBS (libmpdec, libexpat)
 * into the prefix and rewrite the list to point at the copies. */
static char *install_local_libs(const char *modlibs, const char *build, const char *prefix)
{
	struct buf out = {0};
	char *copy = xstrdup(modlibs), *w, *save = NULL;

	buf_puts(&out, "");
	for (w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		size_t n = strlen(w);
		if (w[0] != '-' && n > 2 && !strcmp(w + n - 2, ".a")) {
			const char *base = strrchr(w, '/') ? strrchr(w, '/') + 1 : w;
			char *from = w[0] == '/' ? xstrdup(w) : xasprintf("%s/%s", build, w);
			char *to = xasprintf("%s/lib/slither/%s", prefix, base);
			char *argv[] = {"cp", from, to, NULL};
			if (run(argv, NULL, NULL, NULL) != 0)
				die("cannot copy %s into the toolchain", from);
			buf_printf(&out, "%s${prefix}/lib/slither/%s", out.len ? " " : "", base);
			free(from);
			free(to);
		} else {
			buf_printf(&out, "%s%s", out.len ? " " : "", w);
		}
	}
	free(copy);
	return out.data;
}

/* One build under way: what its steps share. */
struct build {
	const struct tc_options *o;
	char *dir;		/* the cache's toolchain directory */
	struct source s;
	const struct tc_target *t;	/* what it builds for (target.h) */
	char *cc;		/* the target's compiler: cc_name(), or the cross gcc */
	struct toolchain native;	/* a cross build's: the native toolchain of the same
					   version, whose python is the build python */
	char config_site_hash[65];	/* a cross build's CONFIG_SITE */
	const struct tc_modules *mods;	/* the tables of the source's version */
	const struct embedded *patch;	/* slither's patch for it, or NULL */
	char key[65];
	char *prefix;		/* where the toolchain goes; returned */
	char *logs, *log;	/* every step's output goes to the log */
	char *work;		/* dir/build-KEY.tmp.PID: the unpacked source, the build trees */
	char *stage;		/* prefix.tmp.PID: make install's DESTDIR */
	char *srcdir;		/* the source that is built */
	char *build;		/* work/build: the static interpreter's build tree */
	char *bbuild;		/* work/builder: the module builder's */
	char *nss_obj;		/* runtime/nss.c compiled, linked into python */
	char *linkfor;		/* LINKFORSHARED=... naming it */
	char jobs[32];		/* make's -jN */
	char *setuptools;	/* its source tarball, when ensurepip lacks it */
	char setuptools_hash[65];
};

/* The cache's toolchain directory exists, without the work directories
 * that killed builds left. */
static void open_cache(struct build *b)
{
	struct prune_rule stale = {.days = -1, .dead_writers = 1};

	if (mkdir_p(b->dir) < 0)
		die("cannot create %s:", b->dir);
	cache_prune(b->dir, &stale);
}

/* The version a build without --python-src asks for: --python, else the
 * default version's tables. */
static const struct tc_modules *wanted(const struct tc_options *o)
{
	if (!o->python)
		return modules_default();
	toolchain_check_version(o->python);
	return modules_get(o->python);
}

/* The source (--python-src, else Debian's source package of the version
 * asked for), its hash and version, and the tables it is built with. */
static void find_source(struct build *b)
{
	const struct tc_options *o = b->o;
	struct source *s = &b->s;

	if (o->python_src) {
		if (!path_exists(o->python_src))
			die("%s: no such file or directory (given with --python-src)", o->python_src);
		s->path = abspath(o->python_src);
		s->is_dir = is_dir(s->path);
	} else {
		const struct tc_modules *m = wanted(o);
		char *fallback = xasprintf("download a CPython %d.%d source tarball (from python.org) "
					   "and pass it with --python-src FILE",
					   m->major, m->minor);
		s->path = debsrc_fetch(m->debian_source, m->debian_suite, fallback);
		free(fallback);
	}
	progress_phase("checking the source");
	source_inspect(s);
	b->mods = modules_find(s->major, s->minor);
	if (!b->mods)
		die("%s: CPython %s is not supported; slither builds CPython %s", s->path, s->version,
		    modules_supported());
	if (o->python) {
		char *xy = xasprintf("%d.%d", s->major, s->minor);
		if (strcmp(xy, o->python))
			die("%s holds CPython %s, not the %s that --python asks for; leave out one of "
			    "--python and --python-src",
			    s->path, s->version, o->python);
		free(xy);
	}
	if (s->minor > b->mods->minor)
		warn("%s: CPython %s is newer than the tested %d.%d; the build may need changes",
		     s->path, s->version, b->mods->major, b->mods->minor);
	progress_done();
	/* setuptools, when ensurepip no longer brings it: its Debian source
	 * package's upstream tarball, part of the key */
	if (b->mods->setuptools_source) {
		b->setuptools = debsrc_fetch(b->mods->setuptools_source, b->mods->debian_suite,
					     "install setuptools into the toolchain yourself");
		if (sha256_file(b->setuptools, b->setuptools_hash) < 0)
			die("cannot read %s:", b->setuptools);
	}
}

/* A cross build's build machine side: the native toolchain of the same
 * CPython version (built first if there is none), whose interpreter is
 * configure's --with-build-python; and the hash of the CONFIG_SITE. */
static void find_native(struct build *b)
{
	const struct embedded *site = embed_find(b->t->config_site);
	char *xy = xasprintf("%d.%d", b->s.major, b->s.minor);
	char *native = toolchain_default(xy, 0, NULL);

	if (!site)
		die("internal: %s is not carried inside slither", b->t->config_site);
	sha256_hex(site->data, (size_t)(site->end - site->data), b->config_site_hash);
	if (!native) {
		struct tc_options no = {.python = xy, .jobs = b->o->jobs};
		info("a cross build runs the native CPython %s toolchain's interpreter: building it "
		     "first", xy);
		native = toolchain_build(&no);
	}
	toolchain_load(&b->native, native);
	if (strcmp(b->native.version, b->s.version))
		die("the native CPython %s toolchain %s is of CPython %s, not %s: a cross build's "
		    "build python must be the same version; build one from the same source with "
		    "'slither toolchain build --python-src %s'",
		    xy, native, b->native.version, b->s.version, b->s.path);
	free(native);
	free(xy);
}

/* The cache key: SHA-256 of the recipe's version, the source's hash, the
 * options, the compiler's version and slither's patch. */
static void make_key(struct build *b)
{
	char *argv[] = {b->cc, "--version", NULL};
	char ccver[256] = "", patch_hex[65];
	struct buf ccout = {0}, extra = {0};
	const char *const *arg;
	char *text;

	if (run_capture(argv, NULL, NULL, "/dev/null", &ccout) == 0)
		snprintf(ccver, sizeof(ccver), "%.*s", (int)strcspn(ccout.data, "\n"), ccout.data);
	buf_release(&ccout);
	/* a source directory is built as it is; an unpacked tarball gets
	 * slither's patch for its version, which is part of the key */
	b->patch = b->s.is_dir ? NULL : cpython_patch(&b->s);
	if (b->patch)
		sha256_hex(b->patch->data, (size_t)(b->patch->end - b->patch->data), patch_hex);
	/* what only some versions have is in the text only when present, so
	 * that the keys of 3.11's toolchains stay what they were */
	buf_puts(&extra, "");
	if (b->setuptools)
		buf_printf(&extra, "setuptools %s\n", b->setuptools_hash);
	for (arg = b->mods->configure_args; arg && *arg; arg++)
		buf_printf(&extra, "configure %s\n", *arg);
	/* a cross build's target, its run-time answers and its build python
	 * (a native toolchain's key stays what it was) */
	if (target_cross(b->t))
		buf_printf(&extra, "host %s\nconfig-site %s\nbuild-python %s\n", b->t->triple,
			   b->config_site_hash, b->native.key);
	text = xasprintf("slither toolchain recipe %s\nsource %s\noptimize %d\ncc %s\npatch %s\n%s",
			 RECIPE_VERSION, b->s.hash, b->o->optimize, ccver, b->patch ? patch_hex : "none",
			 extra.data);
	buf_release(&extra);
	sha256_hex(text, strlen(text), b->key);
	free(text);
}

/* The prefix (--prefix, else the cache's cpython-VERSION-KEY): returns 1
 * if it holds this very toolchain already; removes what an interrupted
 * build left there; dies if it holds anything else. */
static int prepare_prefix(struct build *b)
{
	const struct tc_options *o = b->o;

	if (o->prefix)
		b->prefix = abspath(o->prefix);
	else
		b->prefix = xasprintf("%s/cpython-%s-%s%s%.12s%s", b->dir, b->s.version,
				      target_cross(b->t) ? b->t->triple : "", target_cross(b->t) ? "-" : "",
				      b->key, o->optimize ? "-opt" : "");
	if (toolchain_finished(b->prefix)) {
		struct toolchain t;
		toolchain_load(&t, b->prefix);
		if (!strcmp(t.key, b->key)) {
			info("toolchain for CPython %s already built at %s (same source and options); "
			     "nothing to do",
			     b->s.version, b->prefix);
			return 1;
		}
		if (!o->prefix)
			die("internal: %s holds another key", b->prefix);
		die("%s holds a toolchain built from other inputs; remove it or choose another --prefix",
		    b->prefix);
	}
	if (path_exists(b->prefix)) {
		char *mine = xasprintf("%s/lib/slither", b->prefix);
		if (!is_dir(mine))
			die("%s exists and is not a slither toolchain; remove it or choose another --prefix",
			    b->prefix);
		info("removing the unfinished toolchain at %s (an earlier build was interrupted)",
		     b->prefix);
		if (rm_rf(b->prefix) < 0)
			die("cannot remove %s:", b->prefix);
		free(mine);
	}
	return 0;
}

/* The log, the work directory, the stage's name, make's -j; says what is
 * built. */
static void start(struct build *b)
{
	b->logs = xasprintf("%s/logs", b->dir);
	mkdir_p(b->logs);
	b->log = xasprintf("%s/cpython-%s-%.12s.log", b->logs, b->s.version, b->key);
	unlink(b->log);
	b->work = xasprintf("%s/build-%.12s.tmp.%ld", b->dir, b->key, (long)getpid());
	b->stage = xasprintf("%s.tmp.%ld", b->prefix, (long)getpid());
	if (mkdir_p(b->work) < 0)
		die("cannot create %s:", b->work);
	snprintf(b->jobs, sizeof(b->jobs), "-j%d",
		 b->o->jobs > 0 ? b->o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN));
	info("building a static CPython %s toolchain%s%s%s; log: %s", b->s.version,
	     target_cross(b->t) ? " for " : "", target_cross(b->t) ? b->t->triple : "",
	     b->o->optimize ? " with PGO and LTO (this takes long)" : "", b->log);
}

/* The source to build: a directory as it is; a tarball unpacked into the
 * work directory and patched. */
static void unpack(struct build *b)
{
	char *argv[] = {"tar", "-xf", b->s.path, "-C", b->work, NULL};
	struct dirent *de;
	DIR *d;

	if (b->s.is_dir) {
		b->srcdir = xstrdup(b->s.path);
		return;
	}
	progress_phase("unpack");
	step(run(argv, NULL, NULL, b->log), "unpacking the source", b->log);
	d = opendir(b->work);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			char *c = xasprintf("%s/%s/Include/patchlevel.h", b->work, de->d_name);
			if (path_exists(c)) {
				free(b->srcdir);
				b->srcdir = xasprintf("%s/%s", b->work, de->d_name);
			}
			free(c);
		}
	if (d)
		closedir(d);
	if (!b->srcdir)
		die("%s: no CPython source directory inside after unpacking", b->s.path);
	if (b->patch)
		apply_patch(b->patch, b->srcdir, b->work, b->log);
	else
		/* a version without a speed patch (a new one, until it gets
		 * its cpython-X.Y.patch) is built as CPython ships */
		info("note: slither has no speed patch for CPython %d.%d: building it as CPython "
		     "ships", b->s.major, b->s.minor);
}

/* A cross build's configure: CPython's own cross build (--build, --host,
 * --with-build-python: the native toolchain's interpreter of the same
 * version, which also compiles the stdlib's byte-code and deep-freezes
 * its start-up modules), configure's run-time answers for the target
 * (CONFIG_SITE: target.h's file, each answer with its reason), and
 * pkg-config reading the target's .pc files only. */
static void cross_args(struct build *b, char ***argv, size_t *a, char ***env, size_t *e)
{
	/* embed_extract() writes NAME without its leading "src/" */
	char *site = xasprintf("%s/%s", b->work, b->t->config_site + strlen("src/"));
	char *args[] = {
		xasprintf("--build=%s", target_build_triple()),
		xasprintf("--host=%s", b->t->triple),
		xasprintf("--with-build-python=%s", b->native.python),
	};
	char *envs[] = {
		xasprintf("CONFIG_SITE=%s", site),
		xasprintf("PKG_CONFIG_LIBDIR=%s/pkgconfig:/usr/share/pkgconfig", b->t->libdir),
	};
	size_t i;

	embed_extract(b->work, b->t->config_site);
	for (i = 0; i < LEN(args); i++) {
		argv_push(argv, a, args[i]);
		free(args[i]);
	}
	for (i = 0; i < LEN(envs); i++) {
		argv_push(env, e, envs[i]);
		free(envs[i]);
	}
	free(site);
}

/* configure, out of tree, for a static interpreter with every module
 * built in; then Setup.local (modules.c). */
static void configure(struct build *b)
{
	char *configure = xasprintf("%s/configure", b->srcdir);
	char *pfx = xasprintf("--prefix=%s", b->prefix);
	char *ccarg = xasprintf("CC=%s", b->cc);
	char **env = NULL, **argv = NULL;
	const char *const *extra;
	size_t i, e = 0, a = 0;

	b->build = xasprintf("%s/build", b->work);
	mkdir_p(b->build);
	argv_push(&argv, &a, "sh");
	argv_push(&argv, &a, configure);
	argv_push(&argv, &a, pfx);
	argv_push(&argv, &a, "--disable-shared");
	argv_push(&argv, &a, "--without-ensurepip");
	if (b->o->optimize) {
		argv_push(&argv, &a, "--enable-optimizations");
		argv_push(&argv, &a, "--with-lto");
	}
	/* the version's own options (modules-X.Y.c says why) */
	for (extra = b->mods->configure_args; extra && *extra; extra++)
		argv_push(&argv, &a, *extra);
	argv_push(&argv, &a, ccarg);
	argv_push(&argv, &a, "LDFLAGS=-static");
	argv_push(&argv, &a, "LINKFORSHARED= ");
	/* static archives list their own dependencies only through
	 * pkg-config --static; libm is needed by libsqlite3.a's checks */
	argv_push(&argv, &a, "PKG_CONFIG=pkg-config --static");
	argv_push(&argv, &a, "LIBS=-lm");
	argv_push(&env, &e, "MODULE_BUILDTYPE=static");
	if (target_cross(b->t))
		cross_args(b, &argv, &a, &env, &e);
	for (i = 0; i < b->mods->nexcluded; i++) {
		char *v = xasprintf("py_cv_module_%s=n/a", b->mods->excluded[i].name);
		argv_push(&env, &e, v);
		free(v);
	}
	progress_phase("configure");
	step(run(argv, b->build, env, b->log), "configure", b->log);
	argv_free(env);
	argv_free(argv);
	free(configure);
	free(pfx);
	free(ccarg);
	modules_check_configured(b->mods, b->build, b->log);
	modules_write_setup_local(b->mods, b->build);
}

/* The interpreter is linked with src/runtime/nss.c and its --wrap, as
 * slither's binaries are (LINKFORSHARED, empty for a static build, goes
 * into python's link line only; the recipe does not record it). */
static void compile_nss(struct build *b)
{
	char *src = xasprintf("%s/runtime/nss.c", b->work);
	char *argv[] = {b->cc, "-O2", "-c", "-o", NULL, src, NULL};

	/* not in build/: --optimize's profile runs `make clean` */
	b->nss_obj = xasprintf("%s/slither_nss.o", b->work);
	b->linkfor = xasprintf("LINKFORSHARED=-Wl,--wrap=__libc_dlopen_mode %s", b->nss_obj);
	embed_extract(b->work, "src/runtime/nss.c");
	argv[4] = b->nss_obj;
	step(run(argv, b->build, NULL, b->log), "compiling slither's nss.c", b->log);
	free(src);
}

/* make, with a percentage. */
static void compile(struct build *b)
{
	char *argv[] = {"make", b->jobs, b->linkfor, NULL};
	size_t expect = estimate_compiles(b->srcdir) * (b->o->optimize ? 2 : 1);

	progress_phase("compile");
	step(run_make(argv, b->build, b->log, expect), "compiling CPython", b->log);
}

/* The module builder (prefix/builder): the same CPython source built as an
 * ordinary, dynamic interpreter, with its extension modules as shared
 * libraries.  `slither pip` runs builds with it, so that a build can import
 * what it builds and what it needs (numpy.get_include() in a setup.py,
 * Cython's compiled modules), as Red Storm's module builder was an ordinary
 * Python on the service node, configured with the compute nodes' flags:
 * the objects the builds make are compiled against the static toolchain's
 * headers (src/cli/cmd_pip.c) and linked statically by slither build. */
static void build_builder(struct build *b)
{
	char *configure = xasprintf("%s/configure", b->srcdir);
	char *pfx = xasprintf("--prefix=%s/builder", b->prefix);
	char *ccarg = xasprintf("CC=%s", b->cc);
	char *argv[] = {"sh", configure, pfx, "--without-ensurepip", ccarg, NULL};
	char *margv[] = {"make", b->jobs, NULL};

	b->bbuild = xasprintf("%s/builder", b->work);
	mkdir_p(b->bbuild);
	progress_phase("configure the module builder");
	step(run(argv, b->bbuild, NULL, b->log), "configure (the module builder)", b->log);
	progress_phase("compile the module builder");
	step(run_make(margv, b->bbuild, b->log, estimate_compiles(b->srcdir)),
	     "compiling the module builder", b->log);
	free(configure);
	free(pfx);
	free(ccarg);
}

/* make install of both into a staging root, then into place in one
 * rename: the prefix exists only once it is complete on disk. */
static void install(struct build *b)
{
	char *destdir = xasprintf("DESTDIR=%s", b->stage);
	char *argv[] = {"make", destdir, b->linkfor, "install", NULL};
	char *bargv[] = {"make", destdir, "install", NULL};
	char *from = xasprintf("%s%s", b->stage, b->prefix);
	/* one site-packages for both: what slither pip installs without
	 * --target is where the toolchain's interpreter and slither build
	 * find it (a relative link, so the prefix can move) */
	char *site = xasprintf("%s/builder/lib/python%d.%d/site-packages", from, b->s.major,
			       b->s.minor);
	char *rel = xasprintf("../../../lib/python%d.%d/site-packages", b->s.major, b->s.minor);
	char *mine = xasprintf("%s/lib/slither", from);

	progress_phase("install");
	rm_rf(b->stage);
	step(run(argv, b->build, NULL, b->log), "make install", b->log);
	if (b->bbuild) {
		step(run(bargv, b->bbuild, NULL, b->log), "make install (the module builder)", b->log);
		if (rm_rf(site) < 0 || symlink(rel, site) < 0)
			die("cannot link %s to %s:", site, rel);
	}
	if (mkdir_p(mine) < 0)
		die("cannot create %s/lib/slither:", from);
	if (rename(from, b->prefix) < 0)
		die("cannot move %s to %s:", from, b->prefix);
	rm_rf(b->stage);
	free(destdir);
	free(from);
	free(site);
	free(rel);
	free(mine);
}

/* pip and setuptools from CPython's bundled wheels, no network, into the
 * site-packages the interpreter and the module builder share.  Since 3.12
 * ensurepip bundles pip alone: setuptools is then built by that pip from
 * Debian's source tarball (pure Python; it builds itself), with the
 * module builder, no network, no build isolation. */
static void install_pip(struct build *b)
{
	char *py = xasprintf("%s/bin/python%d.%d", b->prefix, b->s.major, b->s.minor);
	char *bpy = xasprintf("%s/builder/bin/python%d.%d", b->prefix, b->s.major, b->s.minor);
	char *argv[] = {py, "-m", "ensurepip", "--default-pip", NULL};
	char *sargv[] = {bpy, "-m", "pip", "install", "--no-index", "--no-build-isolation",
			 "--no-cache-dir", b->setuptools, NULL};
	char *env[] = {"PIP_NO_INDEX=1", "PIP_DISABLE_PIP_VERSION_CHECK=1", NULL};

	progress_phase("pip");
	step(run(argv, NULL, env, b->log), "installing pip with ensurepip", b->log);
	if (b->setuptools)
		step(run(sargv, NULL, env, b->log), "installing setuptools from its source", b->log);
	free(py);
	free(bpy);
}

/* Ask the installed interpreter for its link variables and write the
 * recipe (lib/slither/toolchain.txt). */
static void write_recipe(const struct build *b)
{
	const struct source *s = &b->s;
	char *py = xasprintf("%s/bin/python%d.%d", b->prefix, s->major, s->minor);
	char *argv[] = {(char *)b->t->runner, py, "-I", "-c",
			"import sysconfig as s\n"
			"for k in ('LIBS', 'MODLIBS', 'SYSLIBS', 'LDFLAGS', 'LIBRARY'):\n"
			"    print((s.get_config_var(k) or '').replace('\\n', ' '))\n",
			NULL};
	struct buf out = {0}, rec = {0};
	char *lines[5], *save = NULL, *modlibs, *f;
	size_t i;

	/* a cross toolchain's runs under the target's runner (qemu) */
	if (run_capture(b->t->runner ? argv : argv + 1, NULL, NULL, b->log, &out) != 0)
		die("the new interpreter %s cannot run; see %s", py, b->log);
	for (i = 0; i < 5; i++) {
		lines[i] = strtok_r(i ? NULL : out.data, "\n", &save);
		if (!lines[i])
			lines[i] = "";
	}
	modlibs = install_local_libs(lines[1], b->build, b->prefix);
	buf_printf(&rec, "slither-toolchain 1\n");
	buf_printf(&rec, "version %s\n", s->version);
	buf_printf(&rec, "key %s\n", b->key);
	buf_printf(&rec, "optimize %d\n", b->o->optimize);
	buf_printf(&rec, "cc %s\n", b->cc);
	buf_printf(&rec, "cflags -I${prefix}/include/python%d.%d\n", s->major, s->minor);
	if (target_cross(b->t)) {
		/* the build machine's side: the native toolchain of the same
		 * version (its interpreter compiles byte-code and runs the scan
		 * with this toolchain's sysconfig; its module builder runs pip) */
		/* beside it (the same cache or store): named relatively, so
		 * that a store mounted elsewhere still finds it */
		char *dn = xstrdup(b->native.prefix), *dp = xstrdup(b->prefix);
		char *sn = strrchr(dn, '/'), *sp = strrchr(dp, '/');
		*sn = *sp = '\0';
		buf_printf(&rec, "host %s\n", b->t->triple);
		if (!strcmp(dn, dp))
			buf_printf(&rec, "build-toolchain ${prefix}/../%s\n", sn + 1);
		else
			buf_printf(&rec, "build-toolchain %s\n", b->native.prefix);
		free(dn);
		free(dp);
	} else {
		buf_printf(&rec, "builder ${prefix}/builder/bin/python%d.%d\n", s->major, s->minor);
		buf_printf(&rec, "builder-include ${prefix}/builder/include/python%d.%d\n", s->major,
			   s->minor);
	}
	buf_printf(&rec, "libs ${prefix}/lib/%s %s %s %s\n", lines[4], lines[0], modlibs, lines[2]);
	buf_printf(&rec, "ldflags -static\n");
	for (i = 0; i < b->mods->nexcluded; i++)
		buf_printf(&rec, "excluded %s %s\n", b->mods->excluded[i].name, b->mods->excluded[i].why);
	f = xasprintf("%s/%s", b->prefix, INFO);
	if (write_file_atomic(f, rec.data, rec.len) < 0)
		die("cannot write %s:", f);
	free(f);
	buf_release(&out);
	buf_release(&rec);
	free(modlibs);
	free(py);
}

/* A real use of the modules that people most often miss in static builds;
 * a toolchain that fails it is not finished. */
static const char selftest[] =
	"import ssl, ctypes, sqlite3, decimal, lzma, bz2, zlib, readline, curses, dbm.gnu\n"
	"import uuid, zoneinfo, hashlib, json, _asyncio, sys\n"
	"assert ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: 2 * x)(21) == 42\n"
	"assert sqlite3.connect(':memory:').execute('select 6*7').fetchone() == (42,)\n"
	"assert hashlib.sha256(b'').hexdigest().startswith('e3b0c442')\n"
	"assert ssl.OPENSSL_VERSION\n"
	"assert lzma.decompress(lzma.compress(b'x' * 100)) == b'x' * 100\n"
	"for m in ('_ssl', '_ctypes', '_sqlite3', '_decimal', 'readline', '_curses'):\n"
	"    assert m in sys.builtin_module_names, m\n"
	"import pwd\n"	/* a miss must not crash the static libc's NSS (runtime/nss.c) */
	"try: pwd.getpwnam('slither-no-such-user')\n"
	"except KeyError: pass\n";

/* The new interpreter's self-test (after the recipe: phase "check"). */
static void self_test(const struct build *b)
{
	char *py = xasprintf("%s/bin/python%d.%d", b->prefix, b->s.major, b->s.minor);
	char *argv[] = {(char *)b->t->runner, py, "-I", "-c", (char *)selftest, NULL};

	step(run(b->t->runner ? argv : argv + 1, NULL, NULL, b->log),
	     "the self-test of the new interpreter", b->log);
	free(py);
}

/* Finished: the stamp is the last thing written. */
static void write_stamp(const struct build *b)
{
	char *stamp = xasprintf("%s/%s", b->prefix, STAMP);
	char *txt = xasprintf("%s\n", b->key);

	if (write_file_atomic(stamp, txt, strlen(txt)) < 0)
		die("cannot write %s:", stamp);
	free(stamp);
	free(txt);
}

/* The work directory goes; says how long the build took. */
static void finish(struct build *b, time_t t0)
{
	progress_done();
	rm_rf(b->work);
	info("built the CPython %s toolchain in %lds: %s", b->s.version, (long)(time(NULL) - t0),
	     b->prefix);
	free(b->logs);
	free(b->log);
	free(b->work);
	free(b->stage);
	free(b->srcdir);
	free(b->build);
	free(b->bbuild);
	free(b->nss_obj);
	free(b->linkfor);
}

char *toolchain_build(const struct tc_options *o)
{
	struct build b = {.o = o, .dir = toolchain_dir(), .t = target_get(o->host)};
	time_t t0 = time(NULL);

	/* into a store (no --prefix): only its owner can */
	if (!o->prefix) {
		char *store = toolchain_store();
		if (store)
			toolchain_check_store_writable(store);
		free(store);
	}
	/* the source is not known yet: the needs of the version asked for */
	modules_check_needs(o->python && !o->python_src ? wanted(o) : modules_default(), b.t);
	b.cc = target_cross(b.t) ? target_tool(b.t, "gcc") : xstrdup(cc_name());
	open_cache(&b);
	find_source(&b);
	if (target_cross(b.t)) {
		find_native(&b);
		t0 = time(NULL);	/* the time said is this toolchain's own */
	}
	make_key(&b);
	if (!prepare_prefix(&b)) {
		start(&b);
		unpack(&b);
		configure(&b);
		compile_nss(&b);
		compile(&b);
		/* a cross toolchain's module builder and pip are the native
		 * toolchain's (they run here) */
		if (!target_cross(b.t))
			build_builder(&b);
		install(&b);
		if (!target_cross(b.t))
			install_pip(&b);
		progress_phase("check");
		write_recipe(&b);
		self_test(&b);
		write_stamp(&b);
		finish(&b, t0);
	}
	if (!o->prefix) {
		char *xy = xasprintf("%d.%d", b.s.major, b.s.minor);
		toolchain_set_default(xy, o->optimize, b.t->triple, b.prefix);
		free(xy);
	}
	free(b.dir);
	free(b.s.path);
	free(b.setuptools);
	free(b.cc);
	return b.prefix;
}
