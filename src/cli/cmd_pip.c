/* `slither pip ARGS...`: the toolchain interpreter's pip, run so that every
 * C extension it builds from source comes out as a relocatable object that
 * `slither build` links statically (src/ext/ext.h), through the compiler
 * and link shim (shim.h, which describes it). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/help.h"
#include "cli/shim.h"
#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "cli/pip_cache.h"
#include "ext/ext.h"
#include "link/link.h"
#include "link/mpi.h"
#include "toolchain/target.h"
#include "toolchain/toolchain.h"

/* the usage, from the one table of the command line (help.c) */
#define usage_text help_text("pip")

/* --- slither pip ------------------------------------------------------- */

/* The directories the module builder may give as its Python.h's, which
 * the shim swaps for the toolchain's (ENV_INC_BUILDER, ':'-separated):
 * where it is, and where its sysconfig says it is (INCLUDEPY, which
 * setuptools uses, is fixed when the builder is built: a toolchain that
 * moved, a site's store mounted elsewhere, still names the old place). */
static char *builder_includes(const struct toolchain *tc)
{
	char *av[] = {tc->builder, "-E", "-S", "-c",
		      "import sysconfig; print(sysconfig.get_config_var('INCLUDEPY'))", NULL};
	struct buf out = {0};
	char *r;

	if (run_capture(av, NULL, NULL, "/dev/null", &out) == 0 && out.len) {
		out.data[strcspn(out.data, "\n")] = '\0';
		if (*out.data && strcmp(out.data, tc->builder_include) && !strchr(out.data, ':')) {
			r = xasprintf("%s:%s", tc->builder_include, out.data);
			buf_release(&out);
			return r;
		}
	}
	buf_release(&out);
	return xstrdup(tc->builder_include);
}

/* pip's commands: the first of these among the arguments is the command */
static const char *const pip_commands[] = {
	"install", "download", "uninstall", "freeze", "inspect", "list", "show", "check",
	"config",  "search",   "cache",	    "index",  "wheel",	 "hash", "completion", "debug",
	"help",
};

static int pip_command(int argc, char **argv)
{
	int i;
	size_t k;

	for (i = 0; i < argc; i++)
		for (k = 0; k < LEN(pip_commands); k++)
			if (!strcmp(argv[i], pip_commands[k]))
				return i;
	return -1;
}

/* The value of pip option `name` (--target DIR, --target=DIR, or for a
 * short form -t DIR, -tDIR) among `argv`, or NULL. */
static const char *option_value(int argc, char **argv, const char *name, const char *short_name)
{
	size_t n = strlen(name);
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, name) || (short_name && !strcmp(a, short_name))) && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(a, name, n) && a[n] == '=')
			return a + n + 1;
		if (short_name && !strncmp(a, short_name, 2) && a[2])
			return a + 2;
	}
	return NULL;
}

/* Where `pip install ARGS` puts packages with this toolchain. */
static char *install_dir(const struct toolchain *tc, int argc, char **argv)
{
	const char *v;
	char *site = xasprintf("%s/lib/python%s/site-packages", tc->prefix, tc->xy);
	char *dir;

	if ((v = option_value(argc, argv, "--target", "-t")))
		dir = abspath(v);
	else if ((v = option_value(argc, argv, "--prefix", NULL)))
		dir = xasprintf("%s/lib/python%s/site-packages", v, tc->xy);
	else if ((v = option_value(argc, argv, "--root", NULL)))
		dir = xasprintf("%s%s", v, site);
	else
		dir = xstrdup(site);
	free(site);
	return dir;
}

struct found_exts {
	char **names;
	size_t n;
};

static void found_add(struct found_exts *f, char *s)
{
	f->names = xrealloc(f->names, (f->n + 1) * sizeof(*f->names));
	f->names[f->n++] = s;
}

/* The extension modules (*.so) under `dir` written since `since`: made by
 * the shim (`built`), or shared libraries (`shared`, "name (path)"). */
static void walk_installed(const char *root, const char *dir, time_t since,
                           struct found_exts *built, struct found_exts *shared)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *path, *name, *p;
		struct stat st;
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) < 0) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk_installed(root, path, since, built, shared);
		} else if (S_ISREG(st.st_mode) && len > 3 && !strcmp(de->d_name + len - 3, ".so") &&
			   st.st_mtime >= since) {
			/* pkg/sub/_mod.cpython-311-x86_64-linux-gnu.so -> pkg.sub._mod */
			name = xstrdup(path + strlen(root) + 1);
			p = strrchr(name, '/');
			p = strchr(p ? p : name, '.');
			*p = '\0';
			for (p = name; *p; p++)
				if (*p == '/')
					*p = '.';
			switch (ext_file_kind(path)) {
			case EXT_OBJECT:
				found_add(built, name);
				break;
			case EXT_SHARED:
				found_add(shared, xasprintf("'%s' (%s)", name, path));
				free(name);
				break;
			default:
				free(name);
			}
		}
		free(path);
	}
	closedir(d);
}

/* After `pip install`: report what was built, and fail on shared libraries. */
static void check_installed(const char *dir, time_t since)
{
	struct found_exts built = {0}, shared = {0};
	struct buf list = {0};
	size_t i;

	walk_installed(dir, dir, since, &built, &shared);
	if (built.n)
		qsort(built.names, built.n, sizeof(char *), strp_cmp);
	if (shared.n)
		qsort(shared.names, shared.n, sizeof(char *), strp_cmp);
	for (i = 0; i < built.n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", built.names[i]);
	if (built.n)
		info("%zu C extension%s built to link statically: %s", built.n,
		     built.n == 1 ? "" : "s", list.data);
	buf_release(&list);
	for (i = 0; i < shared.n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", shared.names[i]);
	if (shared.n == 1)
		die("extension %s was installed as a shared library, which a static binary cannot "
		    "link: it comes from a prebuilt wheel, or from a build backend that ignores the "
		    "compiler settings slither pip gives (CC, LDSHARED); build it from source with "
		    "setuptools (pip --no-binary :all:)",
		    list.data);
	if (shared.n)
		die("extensions %s were installed as shared libraries, which a static binary "
		    "cannot link: they come from prebuilt wheels, or from build backends that "
		    "ignore the compiler settings slither pip gives (CC, LDSHARED); build them "
		    "from source with setuptools (pip --no-binary :all:)",
		    list.data);
	for (i = 0; i < built.n; i++)
		free(built.names[i]);
	free(built.names);
	free(shared.names);
}

/* Repeat the errors the shim recorded, after pip's own output. */
static int repeat_errors(const char *path)
{
	struct buf b = {0}, seen = {0};
	char *line, *save = NULL;
	int n = 0;

	if (read_file(path, &b) < 0)
		return 0;
	/* pip may try a build twice (a wheel, then setup.py install): once each */
	for (line = strtok_r(b.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(seen.data ? seen.data : "", line)) {
			fprintf(stderr, "%s: error: %s\n", argv0, line);
			buf_printf(&seen, "%s\n", line);
		}
		n++;
	}
	buf_release(&seen);
	buf_release(&b);
	return n;
}

#define DEBIAN_DIST "/usr/lib/python3/dist-packages"

/* Lend the Python package `name` installed in `from` (Debian's
 * DEBIAN_DIST, or a Cython fetched for the toolchain) to the build: its
 * package directory, its module name.py and its metadata (name-*.egg-info
 * or .dist-info, which is how wheel registers its bdist_wheel command with
 * setuptools), names compared without case (Cython's module is cython.py),
 * linked from `dir`.  Its compiled modules load into the module builder
 * where they were built for its CPython version. */
static void lend(const char *from, const char *dir, const char *name)
{
	DIR *d = opendir(from);
	struct dirent *de;
	size_t nl = strlen(name);

	if (!d)
		die("cannot lend the %s package to the build: %s:", name, from);
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		size_t len = strlen(n);
		char *src, *to;

		if (strncasecmp(n, name, nl) ||
		    (n[nl] && strcmp(n + nl, ".py") &&
		     (n[nl] != '-' || (!(len > 9 && !strcmp(n + len - 9, ".egg-info")) &&
				       !(len > 10 && !strcmp(n + len - 10, ".dist-info"))))))
			continue;
		src = xasprintf("%s/%s", from, n);
		to = xasprintf("%s/%s", dir, n);
		if (mkdir_p(dir) < 0 || symlink(src, to) < 0)
			die("cannot create %s:", to);
		free(src);
		free(to);
	}
	closedir(d);
}

/* pip --mpi: MPI compiler wrappers in `bin` (slither-mpicc, slither-mpicxx
 * and, as links to them, the names builds look for on PATH), and the
 * environment that finds them; dies if MPICH is not installed. */
static void add_mpi_wrappers(char ***env, size_t *nenv, const char *bin, const char *self,
                             const struct toolchain *tc, const char *work)
{
	static const char *const names[][2] = {
		{"mpicc", SHIM_MPICC}, {"mpicxx", SHIM_MPICXX},
		{"mpic++", SHIM_MPICXX}, {"mpiCC", SHIM_MPICXX},
	};
	struct mpi_recipe r;
	size_t i;

	mpi_recipe_find(&r, tc->cc, tc->target);
	for (i = 0; i < LEN(names); i++) {
		char *link = xasprintf("%s/%s", bin, names[i][0]);
		char *wrapper = xasprintf("%s/%s", bin, names[i][1]);
		if ((i < 2 && symlink(self, wrapper) < 0) || symlink(names[i][1], link) < 0)
			die("cannot create the MPI compiler wrapper %s:", link);
		free(link);
		free(wrapper);
	}
	argv_push(env, nenv, xasprintf("%s=%s", ENV_MPI_CFLAGS, r.cflags));
	/* A cross toolchain's configure checks link their test programs
	 * (which cannot run here anyway) statically with the target's MPICH
	 * from its sysroot, the recipe's libraries; a hack, named as such:
	 * libudev's symbols (hwloc's), which slither build gets from
	 * runtime/mpi/udev.c in the final link, are left unresolved here. */
	if (target_cross(tc->target)) {
		/* with slither build's linker: ld.bfd cannot link MPICH's -fpic
		 * objects statically on aarch64 (too many GOT entries) */
		const char *linker = link_linker(NULL);
		char *b = link_cross_linker(tc, linker, work);
		argv_push(env, nenv, xasprintf("%s=%s -fuse-ld=%s -static %s%s", ENV_MPI_TEST_LIBS,
					       b ? b : "", linker, r.libs,
					       r.udev_stub ? " -Wl,--unresolved-symbols=ignore-all" : ""));
		free(b);
	} else
		argv_push(env, nenv, ENV_MPI_TEST_LIBS);
	argv_push(env, nenv, xasprintf("%s=%s", ENV_MPI_BIN, bin));
	argv_push(env, nenv, xasprintf("MPICC=%s/%s", bin, SHIM_MPICC));
	argv_push(env, nenv, xasprintf("MPICXX=%s/%s", bin, SHIM_MPICXX));
	mpi_recipe_release(&r);
}

/* The real C++ compiler that goes with C compiler `cc` (a cross gcc's:
 * aarch64-linux-gnu-gcc -> aarch64-linux-gnu-g++), newly allocated. */
static char *cxx_for(const char *cc)
{
	const char *base = strrchr(cc, '/');
	size_t n;

	base = base ? base + 1 : cc;
	n = strlen(base);
	if (n >= 3 && !strcmp(base + n - 3, "gcc"))
		return xasprintf("%.*sg++", (int)(n - 3), base);
	if (!strcmp(base, "clang"))
		return xstrdup("clang++");
	return xstrdup("c++");
}

/* A cross toolchain's builds: the module builder (the build toolchain's,
 * which runs here) with the target's sysconfig, as CPython's own cross
 * build and crossenv run their build python: _PYTHON_HOST_PLATFORM (the
 * wheel's platform tag, which pip also matches), _PYTHON_SYSCONFIGDATA_NAME
 * and a directory on PYTHONPATH holding that module alone (a link to the
 * target's, in the scratch directory `work`); setuptools then compiles
 * with the target's flags and suffix (EXT_SUFFIX), through the shim.
 * Returns that directory, newly allocated; NULL for a native toolchain. */
static char *cross_sysconfig(const struct toolchain *tc, const char *work, char ***env,
			     size_t *nenv)
{
	const struct tc_target *t = tc->target;
	char *dir, *link, *mod;

	if (!target_cross(t))
		return NULL;
	dir = xasprintf("%s/sysconfig", work);
	link = xasprintf("%s/%s.py", dir, t->sysconfigdata);
	mod = xasprintf("%s/lib/python%s/%s.py", tc->prefix, tc->xy, t->sysconfigdata);
	if (!path_exists(mod))
		die("the cross toolchain %s lacks its sysconfig module %s; rebuild it", tc->prefix,
		    mod);
	if (mkdir_p(dir) < 0 || symlink(mod, link) < 0)
		die("cannot link %s to %s:", link, mod);
	argv_push_fmt(env, nenv, "_PYTHON_HOST_PLATFORM=%s", t->platform);
	argv_push_fmt(env, nenv, "_PYTHON_SYSCONFIGDATA_NAME=%s", t->sysconfigdata);
	free(link);
	free(mod);
	return dir;
}

int cmd_pip(int argc, char **argv)
{
	const char *toolchain = NULL, *tmpdir = getenv("TMPDIR");
	struct toolchain tc;
	char *work, *bin, *shim_cc, *shim_cxx, *self, *errors, *lent = NULL, *own_wheel;
	int cython = 0, use_cache = 1, mpi = 0;
	char *key = NULL, *target = NULL, *cython_from = NULL;
	struct buf inputs = {0};
	char **env = NULL, **av = NULL;
	size_t nenv = 0, nav = 0;
	struct buf exe = {0};
	time_t start;
	int i = 1, rc, cmd;

	while (i < argc) {
		if (!strcmp(argv[i], "--toolchain")) {
			if (i + 1 >= argc)
				die("pip: --toolchain needs a value\n%s", usage_text);
			toolchain = argv[i + 1];
			i += 2;
		} else if (!strcmp(argv[i], "--cython")) {
			cython = 1;
			i++;
		} else if (!strcmp(argv[i], "--no-cache")) {
			use_cache = 0;
			i++;
		} else if (!strcmp(argv[i], "--mpi")) {
			mpi = 1;
			i++;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			break;
		}
	}
	if (i >= argc)
		die("pip: give pip's arguments, e.g. 'slither pip install --target site ./pkg'\n%s",
		    usage_text);
	argc -= i;
	argv += i;
	toolchain_use(&tc, toolchain);
	if (!tc.builder || !tc.builder_include || !path_exists(tc.builder))
		die("the toolchain %s has no module builder (a dynamic python built beside it, "
		    "since slither's toolchain recipe 4); build a new one with 'slither toolchain "
		    "build'", tc.prefix);

	/* an identical install done before: its result, from slither's cache */
	cmd = pip_command(argc, argv);
	if (use_cache && cmd == 0 &&
	    (key = pip_cache_key(&tc, cython ? (mpi ? "--cython --mpi" : "--cython") : mpi ? "--mpi" : "",
	                         argc, argv, &target)) &&
	    pip_cache_restore(key, target)) {
		check_installed(target, 0);	/* the same report as a build's */
		return 0;
	}

	/* --cython: the Cython to lend, fetched first if need be */
	if (cython)
		cython_from = toolchain_cython(&tc);

	work = xasprintf("%s/slither-pip.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (strpbrk(work, " \t\n'\"\\"))
		die("the scratch directory %s would have a blank or quote in its name, which the "
		    "build commands would split; set TMPDIR to a plainer directory",
		    work);
	if (!mkdtemp(work))
		die("cannot create a scratch directory %s:", work);
	bin = xasprintf("%s/bin", work);
	shim_cc = xasprintf("%s/%s", bin, SHIM_CC);
	shim_cxx = xasprintf("%s/%s", bin, SHIM_CXX);
	errors = xasprintf("%s/errors.txt", work);
	/* the shim: symbolic links to a copy of this very program, made from
	 * /proc/self/exe, so that a rebuild of slither during a long build
	 * (or its removal) does not pull the compiler out from under it */
	self = xasprintf("%s/slither", bin);
	if (mkdir_p(bin) < 0 || read_file("/proc/self/exe", &exe) < 0 ||
	    write_file_atomic(self, exe.data, exe.len) < 0 || chmod(self, 0755) < 0)
		die("cannot copy slither to %s:", self);
	buf_release(&exe);
	if (symlink(self, shim_cc) < 0 || symlink(self, shim_cxx) < 0)
		die("cannot create the link shim in %s:", bin);
	if (mpi) {
		add_mpi_wrappers(&env, &nenv, bin, self, &tc, work);
	} else {
		argv_push(&env, &nenv, ENV_MPI_CFLAGS);
		argv_push(&env, &nenv, ENV_MPI_BIN);
	}
	/* the scratch bin directory first on PATH: the MPI wrappers (--mpi),
	 * the cython command (--cython) */
	{
		const char *path = getenv("PATH");
		argv_push(&env, &nenv, xasprintf("PATH=%s%s%s", bin, path && *path ? ":" : "",
		                            path ? path : ""));
	}

	/* A hack, named as one: setuptools before 70.1 builds wheels (PEP 517
	 * builds, pyproject.toml projects) with the separate `wheel` package,
	 * which CPython's bundled wheels do not include.  Without it in the
	 * toolchain, Debian's python3-wheel (pure Python) is lent to the build
	 * through PYTHONPATH. */
	own_wheel = xasprintf("%s/lib/python%s/site-packages/wheel", tc.prefix, tc.xy);
	if (!is_dir(own_wheel) && is_dir(DEBIAN_DIST "/wheel")) {
		lent = xasprintf("%s/lent", work);
		lend(DEBIAN_DIST, lent, "wheel");
	}
	/* --cython: the Cython of the toolchain's CPython version, Debian's
	 * (toolchain_cython()), as it is, for setup.py files that cythonize
	 * .pyx sources when Cython is importable (msgpack's falls back to pure
	 * Python otherwise), for `python -m cython` and for the `cython`
	 * command (a script in the scratch bin directory, first on PATH) */
	if (cython) {
		char *script = xasprintf("%s/cython", bin);
		char *text = xasprintf("#!%s\nimport sys\nfrom Cython.Compiler.Main import "
		                       "setuptools_main\nsys.exit(setuptools_main())\n",
		                       tc.builder);
		if (!lent)
			lent = xasprintf("%s/lent", work);
		lend(cython_from, lent, "cython");
		if (write_file_atomic(script, text, strlen(text)) < 0 || chmod(script, 0755) < 0)
			die("cannot write %s:", script);
		free(script);
		free(text);
	}

	argv_push(&env, &nenv, xasprintf("CC=%s", shim_cc));
	argv_push(&env, &nenv, xasprintf("CXX=%s", shim_cxx));
	argv_push(&env, &nenv, xasprintf("LDSHARED=%s -shared", shim_cc));
	argv_push(&env, &nenv, xasprintf("LDCXXSHARED=%s -shared", shim_cxx));
	argv_push(&env, &nenv, xasprintf("%s=%s", ENV_REAL_CC, tc.cc));
	argv_push(&env, &nenv, xasprintf("%s=%s", ENV_REAL_CXX, cxx_for(tc.cc)));
	argv_push(&env, &nenv, xasprintf("%s=%s", ENV_TOOLS, tc.target->tools));
	argv_push(&env, &nenv, xasprintf("%s=%s", ENV_ERRORS, errors));
	argv_push(&env, &nenv, xasprintf("%s=%s", ENV_INC_BUILDER, builder_includes(&tc)));
	argv_push(&env, &nenv, xasprintf("%s=%s/include/python%s", ENV_INC_TOOLCHAIN, tc.prefix, tc.xy));
	argv_push(&env, &nenv, key ? xasprintf("%s=%s/inputs.txt", ENV_INPUTS, work) : ENV_INPUTS);
	argv_push(&env, &nenv, "PIP_DISABLE_PIP_VERSION_CHECK=1");
	argv_push(&env, &nenv, verbose ? ENV_VERBOSE "=1" : ENV_VERBOSE);
	/* a wheel cache of its own: wheels built here hold objects, not shared
	 * libraries, and must never be mixed with those of a normal pip */
	if (!getenv("PIP_CACHE_DIR") && !getenv("PIP_NO_CACHE_DIR")) {
		char *cache = cache_dir();
		argv_push(&env, &nenv, xasprintf("PIP_CACHE_DIR=%s/pip", cache));
		free(cache);
	}
	/* the toolchain's own packages only: not the user's site-packages of
	 * the same Python version, nor a PYTHONPATH meant for another Python */
	argv_push(&env, &nenv, "PYTHONNOUSERSITE=1");
	argv_push(&env, &nenv, "PYTHONHOME");
	/* what is lent, and the --target directory of an install: a build can
	 * import the packages installed there before it (numpy.get_include()) */
	{
		int c = pip_command(argc, argv);
		char *dir = c >= 0 && !strcmp(argv[c], "install") &&
		            option_value(argc - c - 1, argv + c + 1, "--target", "-t")
		            ? install_dir(&tc, argc - c - 1, argv + c + 1) : NULL;
		char *sysconf = cross_sysconfig(&tc, work, &env, &nenv);
		struct buf pp = {0};

		buf_puts(&pp, "PYTHONPATH=");
		if (sysconf)
			buf_printf(&pp, "%s:", sysconf);
		if (lent)
			buf_printf(&pp, "%s:", lent);
		if (dir)
			buf_printf(&pp, "%s:", dir);
		pp.data[--pp.len] = '\0';	/* the last ':', or the '=' of none */
		argv_push(&env, &nenv, pp.data);
		buf_release(&pp);
		free(sysconf);
	}

	argv_push(&av, &nav, tc.builder);
	argv_push(&av, &nav, "-m");
	argv_push(&av, &nav, "pip");
	for (i = 0; i < argc; i++) {
		argv_push(&av, &nav, argv[i]);
		/* a cross toolchain's install goes to its own site-packages (the
		 * module builder's is the build toolchain's), unless told where */
		if (target_cross(tc.target) && i == cmd && !strcmp(argv[i], "install") &&
		    !option_value(argc - i - 1, argv + i + 1, "--target", "-t") &&
		    !option_value(argc - i - 1, argv + i + 1, "--prefix", NULL) &&
		    !option_value(argc - i - 1, argv + i + 1, "--root", NULL)) {
			argv_push(&av, &nav, "--prefix");
			argv_push(&av, &nav, tc.prefix);
		}
	}
	start = time(NULL);
	rc = run(av, NULL, env, NULL);
	cmd = pip_command(argc, argv);
	if (rc != 0) {
		int n = repeat_errors(errors);
		if (!n && !is_dir(own_wheel) && !is_dir(DEBIAN_DIST "/wheel"))
			info("note: the toolchain has no 'wheel' package, which setuptools needs to "
			     "build a pyproject.toml project; install Debian's python3-wheel, or run "
			     "'slither pip install wheel' (from PyPI)");
		rm_rf(work);
		fprintf(stderr, "%s: error: pip failed (exit status %d)\n", argv0, rc);
		return rc > 0 && rc < 256 ? rc : 1;
	}
	if (key) {
		char *p = xasprintf("%s/inputs.txt", work);
		if (read_file(p, &inputs) < 0)
			buf_puts(&inputs, "");	/* no extension linked anything */
		free(p);
	}
	rm_rf(work);
	if (cmd >= 0 && !strcmp(argv[cmd], "install")) {
		char *dir = install_dir(&tc, argc - cmd - 1, argv + cmd + 1);
		check_installed(dir, start);
		free(dir);
	}
	if (key)
		pip_cache_store(key, target, inputs.data);
	buf_release(&inputs);
	return 0;
}
