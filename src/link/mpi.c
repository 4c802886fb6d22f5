/* The MPI part of an --mpi link (see mpi.h).  MPICH's pkg-config file
 * names the libraries MPICH itself needs (Debian's: -lhwloc -lucp -lucs)
 * but not what those need in a static link; their own pkg-config files do,
 * so they are asked too, for the libraries MPICH names. */
#include "link/mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "toolchain/target.h"

/* Libraries MPICH may name, and the pkg-config module with their static
 * link flags. */
static const struct {
	const char *lib, *module;
} lib_modules[] = {
	/* UCX's transports: cma (process_vm_readv) is a loadable module
	 * in a shared UCX, linked here; without it, large messages between
	 * ranks of one node were seen to hang in MPI_Finalize.  ib and
	 * rdmacm need libibverbs, which Debian ships shared only. */
	{"ucp", "ucx ucx-cma"},
	{"hwloc", "hwloc"},
	{"fabric", "libfabric"},
};

/* Always linked, or part of the C library: never looked for as lib*.a. */
static const char *const system_libs[] = {"c", "m", "pthread", "dl", "rt", "util"};

/* pkg-config's environment: a cross target's sysroot (NULL: the machine's) */
static char **pc_env;

/* `pkg-config ARGS...` output without its newline; NULL if it fails. */
static char *pkg_config(const char *a1, const char *a2, const char *a3)
{
	char *av[] = {"pkg-config", (char *)a1, (char *)a2, (char *)a3, NULL};
	struct buf out = {0};

	if (run_capture(av, NULL, pc_env, "/dev/null", &out) != 0) {
		buf_release(&out);
		return NULL;
	}
	buf_puts(&out, "");
	out.data[strcspn(out.data, "\n")] = '\0';
	return out.data;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* Whether static library `file` exists in the -L directories of `flags` or
 * in the compiler's search path. */
static int have_static_lib(const char *cc, const char *flags, const char *file)
{
	char *copy = xstrdup(flags), *w, *save = NULL, *arg;
	struct buf out = {0};
	struct stat st;
	int found = 0;

	for (w = strtok_r(copy, " ", &save); w && !found; w = strtok_r(NULL, " ", &save))
		if (!strncmp(w, "-L", 2)) {
			char *p = xasprintf("%s/%s", w + 2, file);
			found = stat(p, &st) == 0;
			free(p);
		}
	free(copy);
	if (found)
		return 1;
	arg = xasprintf("-print-file-name=%s", file);
	{
		char *av[] = {(char *)cc, arg, NULL};
		if (run_capture(av, NULL, NULL, "/dev/null", &out) == 0) {
			buf_puts(&out, "");
			out.data[strcspn(out.data, "\n")] = '\0';
			found = strchr(out.data, '/') && stat(out.data, &st) == 0;
		}
	}
	buf_release(&out);
	free(arg);
	return found;
}

/* A cross target's MPICH: its Debian packages unpacked into a sysroot
 * (target.h's mpi_packages, target_sysroot()), which pkg-config reads
 * alone, every path it prints inside the sysroot. */
static void cross_mpich(const struct tc_target *t)
{
	char *root;
	size_t n = 0;

	if (!t->mpi_packages)
		die("--mpi: slither has no MPI for %s; build without --mpi", t->triple);
	root = target_sysroot(t, "mpich", t->mpi_packages);
	argv_free(pc_env);
	pc_env = NULL;
	argv_push_fmt(&pc_env, &n, "PKG_CONFIG_LIBDIR=%s/usr/lib/%s/pkgconfig:%s/usr/share/pkgconfig",
		      root, t->triple, root);
	argv_push_fmt(&pc_env, &n, "PKG_CONFIG_SYSROOT_DIR=%s", root);
	argv_push(&pc_env, &n, "PKG_CONFIG_PATH");
	free(root);
}

void mpi_recipe_find(struct mpi_recipe *r, const char *cc, const struct tc_target *t)
{
	const char *ecflags = getenv("SLITHER_MPI_CFLAGS"), *elibs = getenv("SLITHER_MPI_LIBS");
	struct buf modules = {0}, libs = {0};
	char *found, *copy, *w, *save = NULL;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (elibs && *elibs) {
		r->cflags = xstrdup(ecflags ? ecflags : "");
		r->libs = xstrdup(elibs);
		return;
	}
	if (target_cross(t))
		cross_mpich(t);
	if (!pkg_config("--version", NULL, NULL))
		die("--mpi: pkg-config, which finds MPICH, is not installed; apt-get install "
		    "pkg-config (or give the MPI link flags in SLITHER_MPI_CFLAGS and SLITHER_MPI_LIBS)");
	r->cflags = pkg_config("--cflags", "mpich", NULL);
	found = pkg_config("--static", "--libs", "mpich");
	if (!r->cflags || !found)
		die("--mpi: MPICH's development files are not installed (pkg-config knows no "
		    "'mpich'); apt-get install libmpich-dev mpich (or give the MPI link flags in "
		    "SLITHER_MPI_CFLAGS and SLITHER_MPI_LIBS)");
	buf_puts(&modules, "mpich");
	for (i = 0; i < LEN(lib_modules); i++) {
		char *l = xasprintf("-l%s", lib_modules[i].lib);
		if (has_word(found, l))
			buf_printf(&modules, " %s", lib_modules[i].module);
		free(l);
	}
	free(found);
	found = pkg_config("--static", "--libs", modules.data);
	if (!found)
		die("--mpi: pkg-config --static --libs %s failed; install the -dev packages of "
		    "those libraries (libucx-dev, libhwloc-dev)", modules.data);

	/* every -l must be a static library: the binary is static */
	buf_puts(&libs, "-Wl,--start-group");
	copy = xstrdup(found);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strncmp(w, "-l", 2)) {
			char *file = xasprintf("lib%s.a", w + 2);
			int system = 0;
			for (i = 0; i < LEN(system_libs); i++)
				system |= !strcmp(w + 2, system_libs[i]);
			if (!strcmp(w + 2, "udev")) {
				/* never libudev: see src/runtime/mpi/udev.c */
				r->udev_stub = 1;
				free(file);
				continue;
			}
			if (!system && !have_static_lib(cc, found, file))
				die("--mpi: MPICH needs %s (pkg-config --static --libs %s), but there "
				    "is no static %s, so the binary cannot be static; install the "
				    "library's -dev package if it has the .a, or build that "
				    "library statically and give the link flags in SLITHER_MPI_LIBS",
				    w, modules.data, file);
			free(file);
		}
		buf_printf(&libs, " %s", w);
	}
	buf_puts(&libs, " -Wl,--end-group");
	free(copy);
	free(found);
	buf_release(&modules);
	r->libs = libs.data;
}

void mpi_recipe_release(struct mpi_recipe *r)
{
	free(r->cflags);
	free(r->libs);
}
