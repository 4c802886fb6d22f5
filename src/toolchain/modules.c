/* The per-version tables of a static CPython build (modules.h) and what is
 * done with them: the build machine's check, Modules/Setup.local,
 * configure's verdicts. */
#include "toolchain/modules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "toolchain/debsrc.h"
#include "toolchain/internal.h"
#include "toolchain/target.h"
#include "toolchain/toolchain.h"

/* Every version slither has tables for, oldest first. */
static const struct tc_modules *const versions[] = {
	&tc_modules_3_11,
	&tc_modules_3_13,
};

const struct tc_modules *modules_find(int major, int minor)
{
	const struct tc_modules *m = NULL;
	size_t i;

	for (i = 0; i < LEN(versions); i++)
		if (versions[i]->major == major && versions[i]->minor <= minor)
			m = versions[i];
	return m;
}

const struct tc_modules *modules_get(const char *xy)
{
	int major, minor, n = 0;
	size_t i;

	if (sscanf(xy, "%d.%d%n", &major, &minor, &n) != 2 || xy[n])
		return NULL;
	for (i = 0; i < LEN(versions); i++)
		if (versions[i]->major == major && versions[i]->minor == minor)
			return versions[i];
	return NULL;
}

const char *modules_supported(void)
{
	static char text[128];
	size_t i, n = 0;

	if (!*text)
		for (i = 0; i < LEN(versions) && n < sizeof(text); i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%d.%d", i ? ", " : "",
					      versions[i]->major, versions[i]->minor);
	return text;
}

/* The machine's python3's "X.Y" (/usr/bin/python3, else python3 on PATH),
 * into `xy`; 0 if there is none. */
static int system_python(char xy[16])
{
	char *py = path_exists("/usr/bin/python3") ? xstrdup("/usr/bin/python3") : which("python3");
	char *argv[] = {py, "--version", NULL};
	struct buf out = {0};
	int major, minor, ok = 0;

	if (py && run_capture(argv, NULL, NULL, "/dev/null", &out) == 0 && out.data &&
	    sscanf(out.data, "Python %d.%d", &major, &minor) == 2) {
		snprintf(xy, 16, "%d.%d", major, minor);
		ok = 1;
	}
	buf_release(&out);
	free(py);
	return ok;
}

const struct tc_modules *modules_default(void)
{
	static const struct tc_modules *chosen;
	char xy[16];

	if (!chosen && (!system_python(xy) || !(chosen = modules_get(xy))))
		chosen = versions[LEN(versions) - 1];
	return chosen;
}

#define DEBIAN_DIST "/usr/lib/python3/dist-packages"

char *toolchain_cython(const struct toolchain *t)
{
	const struct tc_modules *m;
	char xy[16], *root, *dir, *pkg;
	int major, minor;

	if (sscanf(t->xy, "%d.%d", &major, &minor) != 2 || !(m = modules_find(major, minor)))
		die("%s: no Cython for CPython %s, which slither does not build", t->prefix, t->xy);
	if (system_python(xy) && !strcmp(xy, t->xy) && is_dir(DEBIAN_DIST "/Cython"))
		return xstrdup(DEBIAN_DIST);
	root = debsrc_fetch_binary("cython3", m->debian_suite,
				   "install a Cython that supports this CPython into the toolchain "
				   "('slither pip install cython') and leave out --cython");
	dir = xasprintf("%s%s", root, DEBIAN_DIST);
	pkg = xasprintf("%s/Cython", dir);
	if (!is_dir(pkg))
		die("%s: Debian's cython3 package has no %s/Cython", root, DEBIAN_DIST);
	free(pkg);
	free(root);
	return dir;
}

static int is_excluded(const struct tc_modules *m, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < m->nexcluded; i++)
		if (strlen(m->excluded[i].name) == len && !memcmp(m->excluded[i].name, name, len))
			return 1;
	return 0;
}

static int is_extra(const struct tc_modules *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nextras; i++)
		if (!strcmp(m->extras[i].name, name))
			return 1;
	return 0;
}

/* Is the static library `lib` where the compiler `cc` looks?  A cross
 * target's is looked for in its multiarch directory (where Debian's -dev
 * packages of its architecture put it and its cross compiler looks), so
 * that it is named even while the compiler is missing. */
static int have_static_lib(const struct tc_target *t, const char *cc, const char *lib)
{
	char *argv[] = {(char *)cc, xasprintf("-print-file-name=%s", lib), NULL};
	struct buf out = {0};
	int ok;

	if (target_cross(t)) {
		char *f = xasprintf("%s/%s", t->libdir, lib);
		ok = path_exists(f);
		free(f);
		free(argv[1]);
		return ok;
	}
	ok = run_capture(argv, NULL, NULL, "/dev/null", &out) == 0 && strchr(out.data, '/') != NULL;
	free(argv[1]);
	buf_release(&out);
	return ok;
}

/* Note a missing `file` and its Debian package `pkg` (once). */
static void add_missing(struct buf *pkgs, struct buf *files, const char *file, const char *pkg)
{
	char *key = xasprintf(" %s ", pkg), *have = xasprintf(" %s ", pkgs->data);

	if (files)
		buf_printf(files, "%s%s", files->len ? ", " : "", file);
	if (!strstr(have, key))
		buf_printf(pkgs, "%s%s", pkgs->len ? " " : "", pkg);
	free(key);
	free(have);
}

/* The Debian packages whose files are missing for a build of `m` for the
 * target `t`, space-separated ("" if none): a cross build's libraries are
 * the target architecture's packages (libssl-dev:arm64), its compiler the
 * cross compiler's, and it runs the target's programs with t->runner. */
static char *missing_packages(const struct tc_modules *m, const struct tc_target *t,
			      struct buf *files)
{
	struct buf pkgs = {0};
	char *cc = target_cross(t) ? target_tool(t, "gcc") : xstrdup(cc_name());
	size_t i;

	buf_puts(&pkgs, "");
	for (i = 0; i < m->nneeds; i++) {
		const char *f = m->needs[i].file;
		char *path = NULL, *pkg;
		int ok, lib = strstr(f, ".a") != NULL;

		if (lib)
			ok = have_static_lib(t, cc, f);
		else if (!strcmp(f, "cc"))
			ok = (path = which(cc)) != NULL;
		else
			ok = (path = which(f)) != NULL;
		free(path);
		if (ok)
			continue;
		if (!strcmp(f, "cc"))
			pkg = xstrdup(t->cc_package);
		else if (lib && t->deb_arch)
			pkg = xasprintf("%s:%s", m->needs[i].package, t->deb_arch);
		else
			pkg = xstrdup(m->needs[i].package);
		add_missing(&pkgs, files, !strcmp(f, "cc") ? cc : f, pkg);
		free(pkg);
	}
	if (t->runner) {
		char *path = which(t->runner);
		if (!path)
			add_missing(&pkgs, files, t->runner, t->runner_package);
		free(path);
	}
	free(cc);
	return pkgs.data;
}

/* Those of every version slither builds, each package once. */
void toolchain_print_deps(const char *host)
{
	const struct tc_target *t = target_get(host);
	struct buf all = {0};
	size_t i;

	buf_puts(&all, "");
	for (i = 0; i < LEN(versions); i++) {
		char *p = missing_packages(versions[i], t, NULL), *w, *save = NULL;
		for (w = strtok_r(p, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			char *key = xasprintf(" %s ", w), *have = xasprintf(" %s ", all.data);
			if (!strstr(have, key))
				buf_printf(&all, "%s%s", all.len ? " " : "", w);
			free(key);
			free(have);
		}
		free(p);
	}
	printf("%s\n", all.data);
	buf_release(&all);
}

void modules_check_needs(const struct tc_modules *m, const struct tc_target *t)
{
	struct buf files = {0};
	char *pkgs = missing_packages(m, t, &files);

	if (*pkgs && t->deb_arch)
		die("a static CPython build for %s needs %s, which this machine lacks; install them "
		    "with:\n    dpkg --add-architecture %s && apt-get update\n    apt-get install -y %s",
		    t->triple, files.data, t->deb_arch, pkgs);
	if (*pkgs)
		die("a static CPython build needs %s, which this machine lacks; install them with:\n"
		    "    apt-get install -y %s",
		    files.data, pkgs);
	free(pkgs);
	buf_release(&files);
}

/* Write Modules/Setup.local: every module of the generated Setup.stdlib's
 * static section (3.11 builds these with setup.py unless told otherwise),
 * the extras, all as *static*, minus the exclusions, which are listed as
 * *disabled*. */
void modules_write_setup_local(const struct tc_modules *m, const char *build)
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
		if (!strcmp(line, "*shared*") || !strcmp(line, "*disabled*")) {
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
		if (is_excluded(m, line, n))
			continue;
		buf_printf(&out, "%s\n", line);
		buf_printf(&names, "%.*s ", (int)n, line);
	}
	for (i = 0; i < m->nextras; i++) {
		char *key = xasprintf(" %s ", m->extras[i].name);
		if (!strstr(names.data, key))
			buf_printf(&out, "%s\n", m->extras[i].line);
		free(key);
	}
	buf_puts(&out, "\n*disabled*\n");
	for (i = 0; i < m->nexcluded; i++)
		buf_printf(&out, "%s\n", m->excluded[i].name);
	if (write_file_atomic(out_path, out.data, out.len) < 0)
		die("cannot write %s:", out_path);
	buf_release(&in);
	buf_release(&out);
	buf_release(&names);
	free(stdlib_path);
	free(out_path);
}

/* configure marks a module "missing" when a library check fails; a static
 * build must not lose modules silently, so any such module is an error. */
void modules_check_configured(const struct tc_modules *m, const char *build, const char *log)
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
		/* a module the tables add themselves (an extra) is no loss */
		if (!is_excluded(m, name, strlen(name)) && !is_extra(m, name))
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
