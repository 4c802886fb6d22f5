/* Build CPython from source into a fully static toolchain: every stdlib C
 * module built in through Modules/Setup.local, a static bin/python3.X with
 * pip and setuptools, and a link recipe.  Toolchains live in a per-user
 * cache keyed by the source's hash and the build options; a toolchain is
 * finished only once its stamp file exists, and its prefix appears by a
 * rename, so an interrupted build is never mistaken for a finished one. */
#include "toolchain/toolchain.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* Bump when the way a toolchain is built changes: it is part of the key. */
#define RECIPE_VERSION "4"
#define STAMP "lib/slither/finished"
#define INFO "lib/slither/toolchain.txt"
#define USED "lib/slither/used"	/* its mtime: the last build that used it */

/* What a static build needs on the build machine, and where Debian has it. */
static const struct need {
	const char *file;	/* a static library (found with cc -print-file-name) or a program */
	const char *package;
} needs[] = {
	{"cc", "gcc"},
	{"make", "make"},
	{"tar", "tar"},
	{"patch", "patch"},
	{"pkg-config", "pkg-config"},
	{"libc.a", "libc6-dev"},
	{"libssl.a", "libssl-dev"},
	{"libcrypto.a", "libssl-dev"},
	{"libffi.a", "libffi-dev"},
	{"libsqlite3.a", "libsqlite3-dev"},
	{"liblzma.a", "liblzma-dev"},
	{"libbz2.a", "libbz2-dev"},
	{"libz.a", "zlib1g-dev"},
	{"libreadline.a", "libreadline-dev"},
	{"libncursesw.a", "libncurses-dev"},
	{"libpanelw.a", "libncurses-dev"},
	{"libtinfo.a", "libncurses-dev"},
	{"libgdbm.a", "libgdbm-dev"},
	{"libgdbm_compat.a", "libgdbm-compat-dev"},
	{"libuuid.a", "uuid-dev"},
	{"libcrypt.a", "libcrypt-dev"},
};

/* Stdlib C modules left out on purpose, and why.  Everything else that
 * configure finds is built in. */
static const struct excluded {
	const char *name, *why;
} excluded[] = {
	{"nis", "its static libtirpc needs GSSAPI (Kerberos), which Debian ships only as shared libraries"},
	{"_tkinter", "Tk needs an X11 display stack; a static one is not attempted"},
	{"_testbuffer", "test-only module"},
	{"_testcapi", "test-only module"},
	{"_testclinic", "test-only module"},
	{"_testimportmultiple", "test-only module, must be a shared library"},
	{"_testinternalcapi", "test-only module"},
	{"_testmultiphase", "test-only module, must be a shared library"},
	{"_xxtestfuzz", "test-only module"},
	{"_ctypes_test", "test-only module, must be a shared library"},
	{"xxlimited", "example module for the limited API, must be a shared library"},
	{"xxlimited_35", "example module for the limited API, must be a shared library"},
};

/* Modules that CPython 3.11's setup.py (not Setup.stdlib) builds; for a
 * static build they are written into Setup.local by hand.  Flags are those
 * setup.py would pick on Debian.  (-D options carry no '=': makesetup takes
 * any line with '=' for a variable definition.)  A module that a newer
 * CPython's Setup.stdlib already defines is not repeated. */
static const struct extra {
	const char *name, *line;
} extras[] = {
	{"readline", "readline readline.c -lreadline -ltinfo"},
	{"_curses", "_curses _cursesmodule.c -DHAVE_NCURSESW -I/usr/include/ncursesw -lncursesw -ltinfo"},
	{"_curses_panel", "_curses_panel _curses_panel.c -DHAVE_NCURSESW -I/usr/include/ncursesw "
			  "-lpanelw -lncursesw -ltinfo"},
	{"_dbm", "_dbm _dbmmodule.c -DUSE_GDBM_COMPAT -lgdbm_compat -lgdbm"},
	{"_ctypes", "_ctypes _ctypes/_ctypes.c _ctypes/callbacks.c _ctypes/callproc.c _ctypes/stgdict.c "
		    "_ctypes/cfield.c -DHAVE_FFI_PREP_CIF_VAR -DHAVE_FFI_PREP_CLOSURE_LOC "
		    "-DHAVE_FFI_CLOSURE_ALLOC -lffi -ldl"},
};

static int is_excluded(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < LEN(excluded); i++)
		if (strlen(excluded[i].name) == len && !memcmp(excluded[i].name, name, len))
			return 1;
	return 0;
}

/* The compiler: $CC, else gcc.  CPython's configure recognises gcc (and
 * clang) by the name in $CC and picks the PGO and LTO flags from it, so a
 * plain "cc" would silently build --optimize without either. */
static const char *cc_name(void)
{
	const char *cc = getenv("CC");
	char *gcc;

	if (cc && *cc)
		return cc;
	gcc = which("gcc");
	free(gcc);
	return gcc ? "gcc" : "cc";
}

/* Is the static library `lib` where the compiler looks? */
static int have_static_lib(const char *lib)
{
	char *argv[] = {(char *)cc_name(), xasprintf("-print-file-name=%s", lib), NULL};
	struct buf out = {0};
	int ok;

	ok = run_capture(argv, NULL, NULL, "/dev/null", &out) == 0 && strchr(out.data, '/') != NULL;
	free(argv[1]);
	buf_release(&out);
	return ok;
}

/* The Debian packages whose files are missing, space-separated ("" if none). */
static char *missing_packages(struct buf *files)
{
	struct buf pkgs = {0};
	size_t i;

	buf_puts(&pkgs, "");
	for (i = 0; i < LEN(needs); i++) {
		const char *f = needs[i].file;
		char *path = NULL;
		int ok;

		if (strstr(f, ".a"))
			ok = have_static_lib(f);
		else if (!strcmp(f, "cc"))
			ok = (path = which(cc_name())) != NULL;
		else
			ok = (path = which(f)) != NULL;
		free(path);
		if (ok)
			continue;
		if (files)
			buf_printf(files, "%s%s", files->len ? ", " : "", f);
		if (!strstr(pkgs.data, needs[i].package))
			buf_printf(&pkgs, "%s%s", pkgs.len ? " " : "", needs[i].package);
	}
	return pkgs.data;
}

void toolchain_print_deps(void)
{
	char *p = missing_packages(NULL);

	printf("%s\n", p);
	free(p);
}

static void check_needs(void)
{
	struct buf files = {0};
	char *pkgs = missing_packages(&files);

	if (*pkgs)
		die("a static CPython build needs %s, which this machine lacks; install them with:\n"
		    "    apt-get install -y %s",
		    files.data, pkgs);
	free(pkgs);
	buf_release(&files);
}

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

static char *default_file(int optimize)
{
	char *d = toolchain_dir(), *f = xasprintf("%s/default%s", d, optimize ? "-optimized" : "");

	free(d);
	return f;
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

static void step(int rc, const char *what, const char *log);

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
	if (s->major != 3 || s->minor < 11)
		die("%s: CPython %s is not supported; slither needs CPython 3.11 or later", s->path,
		    s->version);
	if (s->minor > 11)
		warn("%s: CPython %s is newer than the tested 3.11; the build may need changes",
		     s->path, s->version);
}

/* Write Modules/Setup.local: every module of the generated Setup.stdlib's
 * static section (3.11 builds these with setup.py unless told otherwise),
 * the setup.py-only modules above, all as *static*, minus the exclusions,
 * which are listed as *disabled*. */
static void write_setup_local(const char *build, const struct source *s)
{
	char *stdlib_path = xasprintf("%s/Modules/Setup.stdlib", build);
	char *out_path = xasprintf("%s/Modules/Setup.local", build);
	struct buf in = {0}, out = {0}, names = {0};
	char *line, *save = NULL;
	size_t i;
	int section_static = 1;

	if (read_file(stdlib_path, &in) < 0)
		die("cannot read %s (did configure finish?):", stdlib_path);
	buf_puts(&out, "# Written by slither: every stdlib C module built into the interpreter.\n"
		       "*static*\n");
	buf_puts(&names, " ");
	for (line = strtok_r(in.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n;

		while (*line == ' ' || *line == '\t')
			line++;
		if (!strcmp(line, "*shared*")) {
			section_static = 0;	/* test modules that must be shared */
			continue;
		}
		if (!strcmp(line, "*static*")) {
			section_static = 1;
			continue;
		}
		if (!*line || *line == '#' || *line == '*' || !section_static)
			continue;
		n = strcspn(line, " \t");
		if (strchr(line, '=') && n > strcspn(line, "="))
			continue;	/* a variable definition, already in the Makefile */
		if (is_excluded(line, n))
			continue;
		buf_printf(&out, "%s\n", line);
		buf_printf(&names, "%.*s ", (int)n, line);
	}
	for (i = 0; i < LEN(extras); i++) {
		char *key = xasprintf(" %s ", extras[i].name);
		if (!strstr(names.data, key))
			buf_printf(&out, "%s\n", extras[i].line);
		free(key);
	}
	buf_puts(&out, "\n*disabled*\n");
	for (i = 0; i < LEN(excluded); i++)
		buf_printf(&out, "%s\n", excluded[i].name);
	if (write_file_atomic(out_path, out.data, out.len) < 0)
		die("cannot write %s:", out_path);
	(void)s;
	buf_release(&in);
	buf_release(&out);
	buf_release(&names);
	free(stdlib_path);
	free(out_path);
}

/* configure marks a module "missing" when a library check fails; a static
 * build must not lose modules silently, so any such module is an error. */
static void check_configured(const char *build, const char *log)
{
	char *mk = xasprintf("%s/Makefile", build);
	struct buf b = {0}, bad = {0};
	char *p;

	if (read_file(mk, &b) < 0)
		die("cannot read %s:", mk);
	for (p = b.data; (p = strstr(p, "\nMODULE_")); p++) {
		char *eq = strchr(p, '='), *eol = strchr(p + 1, '\n');
		size_t namelen;
		if (!eq || !eol || eq > eol || eq - p < 7 || strncmp(eq - 6, "_STATE", 6))
			continue;
		if (strncmp(eq + 1, "missing", 7))
			continue;
		namelen = (size_t)(eq - 6 - (p + 8));
		/* MODULE__SQLITE3_STATE -> _sqlite3 */
		char *name = xasprintf("%.*s", (int)namelen, p + 8);
		for (char *c = name; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		if (!is_excluded(name, strlen(name)))
			buf_printf(&bad, "%s%s", bad.len ? ", " : "", name);
		free(name);
	}
	if (bad.len) {
		print_tail(log, 5);
		die("configure could not find what these stdlib modules need for a static link: %s; "
		    "search the log %s for their checks (a missing -dev package or static library)",
		    bad.data, log);
	}
	buf_release(&b);
	buf_release(&bad);
	free(mk);
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

static void step(int rc, const char *what, const char *log)
{
	if (rc == 0)
		return;
	progress_done();
	print_tail(log, 25);
	die("%s failed (exit %d); the full log is %s", what, rc, log);
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

/* Ask the installed interpreter for its link variables and write the
 * recipe (lib/slither/toolchain.txt). */
static void write_recipe(const char *prefix, const char *build, const struct source *s,
                         const char *key, const struct tc_options *o, const char *log)
{
	char *py = xasprintf("%s/bin/python%d.%d", prefix, s->major, s->minor);
	char *argv[] = {py, "-I", "-c",
			"import sysconfig as s\n"
			"for k in ('LIBS', 'MODLIBS', 'SYSLIBS', 'LDFLAGS', 'LIBRARY'):\n"
			"    print((s.get_config_var(k) or '').replace('\\n', ' '))\n",
			NULL};
	struct buf out = {0}, rec = {0};
	char *lines[5], *save = NULL, *modlibs;
	size_t i;

	if (run_capture(argv, NULL, NULL, log, &out) != 0)
		die("the new interpreter %s cannot run; see %s", py, log);
	for (i = 0; i < 5; i++) {
		lines[i] = strtok_r(i ? NULL : out.data, "\n", &save);
		if (!lines[i])
			lines[i] = "";
	}
	modlibs = install_local_libs(lines[1], build, prefix);
	buf_printf(&rec, "slither-toolchain 1\n");
	buf_printf(&rec, "version %s\n", s->version);
	buf_printf(&rec, "key %s\n", key);
	buf_printf(&rec, "optimize %d\n", o->optimize);
	buf_printf(&rec, "cc %s\n", cc_name());
	buf_printf(&rec, "cflags -I${prefix}/include/python%d.%d\n", s->major, s->minor);
	buf_printf(&rec, "builder ${prefix}/builder/bin/python%d.%d\n", s->major, s->minor);
	buf_printf(&rec, "builder-include ${prefix}/builder/include/python%d.%d\n", s->major,
		   s->minor);
	buf_printf(&rec, "libs ${prefix}/lib/%s %s %s %s\n", lines[4], lines[0], modlibs, lines[2]);
	buf_printf(&rec, "ldflags -static\n");
	for (i = 0; i < LEN(excluded); i++)
		buf_printf(&rec, "excluded %s %s\n", excluded[i].name, excluded[i].why);
	{
		char *f = xasprintf("%s/%s", prefix, INFO);
		if (write_file_atomic(f, rec.data, rec.len) < 0)
			die("cannot write %s:", f);
		free(f);
	}
	buf_release(&out);
	buf_release(&rec);
	free(modlibs);
	free(py);
}

/* The module builder (prefix/builder): the same CPython source built as an
 * ordinary, dynamic interpreter, with its extension modules as shared
 * libraries.  `slither pip` runs builds with it, so that a build can import
 * what it builds and what it needs (numpy.get_include() in a setup.py,
 * Cython's compiled modules), as Red Storm's module builder was an ordinary
 * Python on the service node, configured with the compute nodes' flags:
 * the objects the builds make are compiled against the static toolchain's
 * headers (src/cli/cmd_pip.c) and linked statically by slither build. */
static void build_builder(const char *srcdir, const char *bbuild, const char *prefix,
                          const char *jobs, const char *log)
{
	char *configure = xasprintf("%s/configure", srcdir);
	char *pfx = xasprintf("--prefix=%s/builder", prefix);
	char *ccarg = xasprintf("CC=%s", cc_name());
	char *argv[] = {"sh", configure, pfx, "--without-ensurepip", ccarg, NULL};
	char *margv[] = {"make", (char *)jobs, NULL};

	mkdir_p(bbuild);
	progress_phase("configure the module builder");
	step(run(argv, bbuild, NULL, log), "configure (the module builder)", log);
	progress_phase("compile the module builder");
	step(run_make(margv, bbuild, log, estimate_compiles(srcdir)), "compiling the module builder",
	     log);
	free(configure);
	free(pfx);
	free(ccarg);
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

char *toolchain_build(const struct tc_options *o)
{
	struct source s = {0};
	char *dir = toolchain_dir(), *prefix, *key_text, *work, *log, *logs, *stage;
	char key[65], ccver[256] = "", patch_hex[65];
	const struct embedded *patch;
	char jobs[32];
	struct buf ccout = {0};
	int rc;
	time_t t0 = time(NULL);

	check_needs();
	if (mkdir_p(dir) < 0)
		die("cannot create %s:", dir);
	{
		/* work directories that killed builds left */
		struct prune_rule stale = {.days = -1, .dead_writers = 1};
		cache_prune(dir, &stale);
	}

	if (o->python_src) {
		if (!path_exists(o->python_src))
			die("%s: no such file or directory (given with --python-src)", o->python_src);
		s.path = abspath(o->python_src);
		s.is_dir = is_dir(s.path);
	} else {
		s.path = debsrc_fetch("python3.11", "download a CPython source tarball (e.g. "
						    "Python-3.11.2.tgz) and pass it with --python-src FILE");
	}
	progress_phase("checking the source");
	source_inspect(&s);
	progress_done();

	{
		char *argv[] = {(char *)cc_name(), "--version", NULL};
		if (run_capture(argv, NULL, NULL, "/dev/null", &ccout) == 0)
			snprintf(ccver, sizeof(ccver), "%.*s", (int)strcspn(ccout.data, "\n"), ccout.data);
		buf_release(&ccout);
	}
	/* a source directory is built as it is; an unpacked tarball gets
	 * slither's patch for its version, which is part of the key */
	patch = s.is_dir ? NULL : cpython_patch(&s);
	if (patch)
		sha256_hex(patch->data, (size_t)(patch->end - patch->data), patch_hex);
	key_text = xasprintf("slither toolchain recipe %s\nsource %s\noptimize %d\ncc %s\npatch %s\n",
			     RECIPE_VERSION, s.hash, o->optimize, ccver, patch ? patch_hex : "none");
	sha256_hex(key_text, strlen(key_text), key);
	free(key_text);

	if (o->prefix)
		prefix = abspath(o->prefix);
	else
		prefix = xasprintf("%s/cpython-%s-%.12s%s", dir, s.version, key,
				   o->optimize ? "-opt" : "");
	if (toolchain_finished(prefix)) {
		struct toolchain t;
		toolchain_load(&t, prefix);
		if (!strcmp(t.key, key)) {
			info("toolchain for CPython %s already built at %s (same source and options); "
			     "nothing to do",
			     s.version, prefix);
			goto set_default;
		}
		if (!o->prefix)
			die("internal: %s holds another key", prefix);
		die("%s holds a toolchain built from other inputs; remove it or choose another --prefix",
		    prefix);
	}
	if (path_exists(prefix)) {
		char *mine = xasprintf("%s/lib/slither", prefix);
		if (!is_dir(mine))
			die("%s exists and is not a slither toolchain; remove it or choose another --prefix",
			    prefix);
		info("removing the unfinished toolchain at %s (an earlier build was interrupted)",
		     prefix);
		if (rm_rf(prefix) < 0)
			die("cannot remove %s:", prefix);
		free(mine);
	}

	logs = xasprintf("%s/logs", dir);
	mkdir_p(logs);
	log = xasprintf("%s/cpython-%s-%.12s.log", logs, s.version, key);
	unlink(log);
	work = xasprintf("%s/build-%.12s.tmp.%ld", dir, key, (long)getpid());
	stage = xasprintf("%s.tmp.%ld", prefix, (long)getpid());
	if (mkdir_p(work) < 0)
		die("cannot create %s:", work);
	info("building a static CPython %s toolchain%s; log: %s", s.version,
	     o->optimize ? " with PGO and LTO (this takes long)" : "", log);

	/* unpack */
	char *srcdir;
	if (s.is_dir) {
		srcdir = xstrdup(s.path);
	} else {
		char *argv[] = {"tar", "-xf", s.path, "-C", work, NULL};
		progress_phase("unpack");
		step(run(argv, NULL, NULL, log), "unpacking the source", log);
		srcdir = NULL;
		DIR *d = opendir(work);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (de->d_name[0] != '.') {
				char *c = xasprintf("%s/%s/Include/patchlevel.h", work, de->d_name);
				if (path_exists(c))
					srcdir = xasprintf("%s/%s", work, de->d_name);
				free(c);
			}
		if (d)
			closedir(d);
		if (!srcdir)
			die("%s: no CPython source directory inside after unpacking", s.path);
		if (patch)
			apply_patch(patch, srcdir, work, log);
	}

	/* configure, out of tree */
	char *build = xasprintf("%s/build", work);
	mkdir_p(build);
	{
		struct buf env_buf = {0};
		char *configure = xasprintf("%s/configure", srcdir);
		char *pfx = xasprintf("--prefix=%s", prefix);
		char *ccarg = xasprintf("CC=%s", cc_name());
		char *argv[16];
		char *env[LEN(excluded) + 4];
		size_t i, a = 0, e = 0;

		argv[a++] = "sh";
		argv[a++] = configure;
		argv[a++] = pfx;
		argv[a++] = "--disable-shared";
		argv[a++] = "--without-ensurepip";
		if (o->optimize) {
			argv[a++] = "--enable-optimizations";
			argv[a++] = "--with-lto";
		}
		argv[a++] = ccarg;
		argv[a++] = "LDFLAGS=-static";
		argv[a++] = "LINKFORSHARED= ";
		/* static archives list their own dependencies only through
		 * pkg-config --static; libm is needed by libsqlite3.a's checks */
		argv[a++] = "PKG_CONFIG=pkg-config --static";
		argv[a++] = "LIBS=-lm";
		argv[a] = NULL;
		env[e++] = "MODULE_BUILDTYPE=static";
		for (i = 0; i < LEN(excluded); i++)
			env[e++] = xasprintf("py_cv_module_%s=n/a", excluded[i].name);
		env[e] = NULL;
		progress_phase("configure");
		step(run(argv, build, env, log), "configure", log);
		buf_release(&env_buf);
	}
	check_configured(build, log);
	write_setup_local(build, &s);

	/* the interpreter is linked with src/runtime/nss.c and its --wrap, as
	 * slither's binaries are (LINKFORSHARED, empty for a static build,
	 * goes into python's link line only; the recipe does not record it) */
	char *nss_src = xasprintf("%s/runtime/nss.c", work);
	char *nss_obj = xasprintf("%s/slither_nss.o", work);	/* not in build/: --optimize's
								 * profile runs `make clean` */
	char *linkfor = xasprintf("LINKFORSHARED=-Wl,--wrap=__libc_dlopen_mode %s", nss_obj);
	embed_extract(work, "src/runtime/nss.c");
	{
		char *argv[] = {(char *)cc_name(), "-O2", "-c", "-o", nss_obj, nss_src, NULL};
		step(run(argv, build, NULL, log), "compiling slither's nss.c", log);
	}

	/* compile */
	snprintf(jobs, sizeof(jobs), "-j%d", o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN));
	{
		char *argv[] = {"make", jobs, linkfor, NULL};
		size_t expect = estimate_compiles(srcdir) * (o->optimize ? 2 : 1);
		progress_phase("compile");
		rc = run_make(argv, build, log, expect);
		step(rc, "compiling CPython", log);
	}

	/* the module builder: the same source as an ordinary, dynamic CPython */
	char *bbuild = xasprintf("%s/builder", work);
	build_builder(srcdir, bbuild, prefix, jobs, log);

	/* install into a staging root, then move into place in one rename */
	{
		char *destdir = xasprintf("DESTDIR=%s", stage);
		char *argv[] = {"make", destdir, linkfor, "install", NULL};
		char *bargv[] = {"make", destdir, "install", NULL};
		char *from = xasprintf("%s%s", stage, prefix);
		progress_phase("install");
		rm_rf(stage);
		step(run(argv, build, NULL, log), "make install", log);
		step(run(bargv, bbuild, NULL, log), "make install (the module builder)", log);
		/* one site-packages for both: what slither pip installs without
		 * --target is where the toolchain's interpreter and slither build
		 * find it (a relative link, so the prefix can move) */
		{
			char *site = xasprintf("%s/builder/lib/python%d.%d/site-packages", from, s.major,
					       s.minor);
			char *rel = xasprintf("../../../lib/python%d.%d/site-packages", s.major, s.minor);
			if (rm_rf(site) < 0 || symlink(rel, site) < 0)
				die("cannot link %s to %s:", site, rel);
			free(site);
			free(rel);
		}
		if (mkdir_p(xasprintf("%s/lib/slither", from)) < 0)
			die("cannot create %s/lib/slither:", from);
		/* the prefix exists only once it is complete on disk */
		if (rename(from, prefix) < 0)
			die("cannot move %s to %s:", from, prefix);
		rm_rf(stage);
		free(destdir);
		free(from);
	}

	/* pip and setuptools from CPython's bundled wheels, no network, into
	 * the site-packages the interpreter and the module builder share */
	{
		char *py = xasprintf("%s/bin/python%d.%d", prefix, s.major, s.minor);
		char *argv[] = {py, "-m", "ensurepip", "--default-pip", NULL};
		char *env[] = {"PIP_NO_INDEX=1", "PIP_DISABLE_PIP_VERSION_CHECK=1", NULL};
		progress_phase("pip");
		step(run(argv, NULL, env, log), "installing pip and setuptools with ensurepip", log);

		progress_phase("check");
		write_recipe(prefix, build, &s, key, o, log);
		char *argv2[] = {py, "-I", "-c", (char *)selftest, NULL};
		step(run(argv2, NULL, NULL, log), "the self-test of the new interpreter", log);
		free(py);
	}

	/* finished: the stamp is the last thing written */
	{
		char *stamp = xasprintf("%s/%s", prefix, STAMP);
		char *txt = xasprintf("%s\n", key);
		if (write_file_atomic(stamp, txt, strlen(txt)) < 0)
			die("cannot write %s:", stamp);
		free(stamp);
		free(txt);
	}
	progress_done();
	rm_rf(work);
	info("built the CPython %s toolchain in %lds: %s", s.version, (long)(time(NULL) - t0),
	     prefix);
	free(log);
	free(logs);
	free(work);
	free(stage);
	free(build);
	free(bbuild);
	free(srcdir);

set_default:
	if (!o->prefix) {
		char *f = default_file(o->optimize);
		char *txt = xasprintf("%s\n", prefix);
		if (write_file_atomic(f, txt, strlen(txt)) < 0)
			die("cannot write %s:", f);
		free(f);
		free(txt);
	}
	free(dir);
	free(s.path);
	return prefix;
}

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
