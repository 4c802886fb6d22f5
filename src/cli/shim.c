/* slither pip's compiler and link shim (see shim.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/shim.h"
#include "ext/ext.h"
#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/msg.h"
#include "link/mpi.h"

/* --- the shim ---------------------------------------------------------- */

/* The die_hook of the shim: record the error for cmd_pip, which repeats it
 * once pip is done (pip's own output may bury it). */
static void record_error(const char *msg)
{
	const char *path = getenv(ENV_ERRORS);
	int fd;

	if (!path || !*path)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, msg, strlen(msg)) < 0 || write(fd, "\n", 1) < 0) {
		/* nothing to do: the message is on stderr already */
	}
	close(fd);
}

/* The dotted module name an extension's output file stands for, as well
 * as it can be told from the path: setuptools writes
 * build/lib.<platform>-<python>/pkg/sub/_mod.cpython-311-x86_64-linux-gnu.so,
 * an in-place build pkg/sub/_mod...so relative to the project. */
static char *module_from_output(const char *out)
{
	char *copy = xstrdup(out), *start = copy, *p, *dot, *base;

	base = strrchr(copy, '/');
	base = base ? base + 1 : copy;
	if ((dot = strchr(base, '.')))
		*dot = '\0';
	for (p = copy; (p = strstr(p, "lib.")); p++)
		if ((p == copy || p[-1] == '/') && strchr(p, '/') && strchr(p, '/') < base)
			start = strchr(p, '/') + 1;
	if (start == copy && copy[0] == '/')
		start = base;
	for (p = start; *p; p++)
		if (*p == '/')
			*p = '.';
	p = xstrdup(start);
	free(copy);
	return p;
}

/* Options of a compiler driver that take the next argument as their value. */
static const char *const value_options[] = {
	"-Xlinker", "-z", "-T", "-u", "-e", "-x", "-MF", "-MT", "-MQ", "-include", "-isystem",
	"-I", "-D", "-U", "-arch", "-isysroot", "-specs", "--param",
};

static int takes_value(const char *a)
{
	size_t i;

	for (i = 0; i < LEN(value_options); i++)
		if (!strcmp(a, value_options[i]))
			return 1;
	return 0;
}

/* A link line (the compiler's arguments, without the compiler), made into
 * an extension object. */
static int ext_link_line(int argc, char **argv, int cxx)
{
	struct ext_link l = {0};
	const char *cc = getenv(cxx ? ENV_REAL_CXX : ENV_REAL_CC);
	char *ccword;
	int i;

	die_hook = record_error;
	if (getenv(ENV_VERBOSE))
		verbose = 1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;

		if (a[0] != '-' || !a[1]) {
			argv_push(&l.inputs, &l.n_inputs, a);
			continue;
		}
		if ((a[1] == 'o' || a[1] == 'L' || a[1] == 'l') && !a[2]) {
			if (i + 1 >= argc)
				die("ext-link: %s needs a value", a);
			v = argv[++i];
		} else if (a[1] == 'o' || a[1] == 'L' || a[1] == 'l') {
			v = a + 2;
		} else if (takes_value(a)) {
			i++;
			continue;
		} else {
			continue;	/* -shared, -g, -Wl,..., -pthread: nothing for ld -r */
		}
		if (a[1] == 'o')
			l.output = v;
		else if (a[1] == 'L')
			argv_push(&l.libdirs, &l.n_libdirs, v);
		else
			argv_push(&l.libs, &l.n_libs, v);
	}
	if (!l.output)
		die("ext-link: the link line has no -o OUTPUT");
	l.module = module_from_output(l.output);
	l.cxx = cxx;
	ccword = xstrdup(cc && *cc ? cc : cxx ? "c++" : "cc");
	ccword[strcspn(ccword, " \t")] = '\0';
	l.cc = ccword;
	l.tools = getenv(ENV_TOOLS) ? getenv(ENV_TOOLS) : "";
	l.record = getenv(ENV_INPUTS) && *getenv(ENV_INPUTS) ? getenv(ENV_INPUTS) : NULL;
	/* the line as the package wrote it, for the shared library the module
	 * builder imports: the real compiler, then the same arguments */
	argv_push_words(&l.line, &l.n_line, cc && *cc ? cc : cxx ? "c++" : "cc");
	for (i = 0; i < argc; i++)
		argv_push(&l.line, &l.n_line, argv[i]);
	ext_partial_link(&l);
	free(ccword);
	return 0;
}

int cmd_ext_link(int argc, char **argv)
{
	int cxx = argc > 1 && !strcmp(argv[1], "--cxx");

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		puts("usage: slither ext-link [--cxx] LINK-ARGS...\n\n"
		     "slither pip's link shim: make the -o OUTPUT of a compiler's -shared link\n"
		     "line a relocatable object of its objects and -l static libraries.");
		return 0;
	}
	return ext_link_line(argc - 1 - cxx, argv + 1 + cxx, cxx);
}

enum mpi_wrapper { NOT_MPI, MPI_C, MPI_CXX };

/* Which MPI compiler wrapper program name `base` is: slither-mpicc and
 * slither-mpicxx, and under pip --mpi (ENV_MPI_BIN set) the names builds
 * run from PATH, which are links to those. */
static enum mpi_wrapper mpi_wrapper(const char *base)
{
	if (!strcmp(base, SHIM_MPICC))
		return MPI_C;
	if (!strcmp(base, SHIM_MPICXX))
		return MPI_CXX;
	if (!getenv(ENV_MPI_BIN))
		return NOT_MPI;
	if (!strcmp(base, "mpicc"))
		return MPI_C;
	if (!strcmp(base, "mpicxx") || !strcmp(base, "mpic++") || !strcmp(base, "mpiCC"))
		return MPI_CXX;
	return NOT_MPI;
}

/* Whether a compiler command line links (MPICH's mpicc adds its libraries
 * only then). */
static int links(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-E") || !strcmp(argv[i], "-S") ||
		    !strcmp(argv[i], "-M") || !strcmp(argv[i], "-MM"))
			return 0;
	return 1;
}

/* Is `dir` one of the ':'-separated `list`? */
static int in_list(const char *dir, const char *list)
{
	size_t n = strlen(dir);

	while (*list) {
		size_t k = strcspn(list, ":");
		if (k == n && !strncmp(list, dir, n))
			return 1;
		list += k + (list[k] == ':');
	}
	return 0;
}

int cmd_cc_shim(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *real, *mpi_cflags = NULL;
	const char *inc_from = getenv(ENV_INC_BUILDER), *inc_to = getenv(ENV_INC_TOOLCHAIN);
	char **av = NULL;
	size_t n = 0;
	enum mpi_wrapper mpi;
	int cxx, i;

	base = base ? base + 1 : argv[0];
	mpi = mpi_wrapper(base);
	cxx = !strcmp(base, SHIM_CXX) || mpi == MPI_CXX;
	if (mpi) {
		/* an MPI wrapper is the shim with MPICH's flags, as mpicc is
		 * the compiler with them */
		mpi_cflags = getenv(ENV_MPI_CFLAGS);
		if (!mpi_cflags)
			die("%s is an MPI compiler wrapper for 'slither pip --mpi'; run the build "
			    "with that", base);
		if (argc == 2 && (!strcmp(argv[1], "-show") || !strcmp(argv[1], "-showme") ||
		                  !strcmp(argv[1], "-compile_info") || !strcmp(argv[1], "-link_info"))) {
			const char *bin = getenv(ENV_MPI_BIN);
			printf("%s%s%s %s %s\n", bin ? bin : "", bin ? "/" : "", cxx ? SHIM_CXX : SHIM_CC,
			       mpi_cflags, MPI_LINK_FLAG);
			return 0;
		}
	}
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-shared")) {
			if (!mpi)
				return ext_link_line(argc - 1, argv + 1, cxx);
			for (i = 1; i < argc; i++)
				argv_push(&av, &n, argv[i]);
			argv_push(&av, &n, MPI_LINK_FLAG);
			return ext_link_line((int)n, av, cxx);
		}
	real = getenv(cxx ? ENV_REAL_CXX : ENV_REAL_CC);
	argv_push_words(&av, &n, real && *real ? real : cxx ? "c++" : "cc");
	if (!n)
		die("%s is empty: it should name the compiler", cxx ? ENV_REAL_CXX : ENV_REAL_CC);
	if (mpi_cflags)
		argv_push_words(&av, &n, mpi_cflags);
	for (i = 1; i < argc; i++) {
		if (inc_from && inc_to && *inc_from && !strncmp(argv[i], "-I", 2) &&
		    in_list(argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[i + 1] : "", inc_from)) {
			argv_push(&av, &n, xasprintf("-I%s", inc_to));
			i += !argv[i][2];
			continue;
		}
		argv_push(&av, &n, argv[i]);
	}
	/* a configure check's test program: linked against the build
	 * machine's MPICH, as mpicc would */
	if (mpi && links(argc, argv)) {
		const char *test_libs = getenv(ENV_MPI_TEST_LIBS);
		if (test_libs && *test_libs)
			argv_push_words(&av, &n, test_libs);
		else
			argv_push(&av, &n, MPI_LINK_FLAG);
	}
	execvp(av[0], av);
	die("cannot run the compiler %s:", av[0]);
}

int is_cc_shim(const char *argv0_)
{
	const char *base = strrchr(argv0_, '/');

	base = base ? base + 1 : argv0_;
	return !strcmp(base, SHIM_CC) || !strcmp(base, SHIM_CXX) || mpi_wrapper(base) != NOT_MPI;
}

