/* The processes of an MPI job, for a binary built with --mpi (the link
 * picks this file instead of mpi/none.c; it is compiled against the MPI
 * library's headers).  MPI starts before the interpreter imports anything,
 * and only when an MPI launcher started the binary: run by hand, the same
 * binary is one plain process that never touches MPI.  An extension that
 * calls MPI itself (mpi4py does) finds it initialised and, since it did not
 * initialise it, leaves finalisation to us; we finalise once, at exit. */
#include "runtime/runtime.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <mpi.h>

static int job_rank, job_size = 1;
static int we_initialised;
/* The process that initialised MPI.  A process forked from a rank
 * (multiprocessing's fork start method, os.fork()) shares its MPI state
 * but is no rank: it reads alone and never finalises. */
static pid_t rank_pid;
static char library[64];
/* Whether the MPI stack is still starting: from the program's start (UCX's
 * constructors run before main) to the end of sl_mpi_start(). */
static int mpi_starting = 1;

/* HACK: UCX reads its configuration file, ucx.conf, from five places in
 * every process: /etc/ucx, "../etc" beside the library (for a static binary
 * a path relative to the working directory), $HOME, $UCX_CONFIG_DIR and the
 * working directory.  It does so in a constructor, before main, and UCX has
 * no setting to skip the search, so each rank of a job, and the binary run
 * alone, would look up four or five files, most of them on the shared file
 * systems of a cluster (home and working directories).  The link wraps
 * fopen() (vfs.c), which asks this function first: while the MPI stack
 * starts, a file named ucx.conf is reported as missing, as on a node
 * without one; UCX then uses its defaults and the UCX_* environment
 * variables, the documented way to tune it per job.  The binary carries its
 * own UCX, so a node's ucx.conf was written for another build anyway.  A
 * user who sets UCX_CONFIG_DIR asks for configuration files and gets UCX's
 * usual search.  Every other fopen() passes through. */
int sl_mpi_hides_file(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return mpi_starting && !strcmp(base, "ucx.conf") && !getenv("UCX_CONFIG_DIR");
}

/* Variables launchers set in each rank's environment: MPICH's hydra and
 * Slurm's PMI (PMI_*: srun --mpi=pmi2 sets PMI_FD, PMI_RANK, PMI_SIZE),
 * PMIx launchers, Open MPI's mpirun.  Slurm's own (SLURM_PROCID) are not
 * among them: srun sets them with no PMI too (see check_slurm()). */
static const char *const launcher_vars[] = {
	"PMI_RANK", "PMI_FD", "PMI_SIZE", "PMI_PORT", "PMIX_RANK", "OMPI_COMM_WORLD_SIZE",
};

/* Whether to start MPI: SLITHER_MPI=1 forces it (a singleton job, for
 * tests), SLITHER_MPI=0 forbids it; otherwise a launcher's variable.  A
 * process started by this same executable (a multiprocessing worker, a
 * `subprocess.run([sys.executable, ...])` of a rank) inherits those
 * variables but is not a rank: the launcher started the ranks. */
static int want_mpi(void)
{
	const char *force = getenv("SLITHER_MPI");
	size_t i;
	int want = 0;

	if (force && *force)
		want = strcmp(force, "0") != 0;
	else
		for (i = 0; i < sizeof(launcher_vars) / sizeof(launcher_vars[0]); i++)
			if (getenv(launcher_vars[i]))
				want = 1;
	return want && sl_started_by_self() != 1;
}

/* The thread level mpi4py would ask for: MPI_THREAD_MULTIPLE, its default,
 * or what the job asks of it in the environment, read as mpi4py reads it
 * when it initialises MPI itself (MPI4PY_RC_THREADS=no: plain MPI_Init;
 * MPI4PY_RC_THREAD_LEVEL=single|funneled|serialized|multiple).  The same
 * settings made in Python (mpi4py.rc.thread_level = ...) come too late:
 * MPI is up before the program runs. */
static int thread_level(void)
{
	static const char *const no[] = {"false", "no", "off", "n", "0"};
	static const char *const names[] = {"single", "funneled", "serialized", "multiple"};
	static const int levels[] = {
		MPI_THREAD_SINGLE, MPI_THREAD_FUNNELED, MPI_THREAD_SERIALIZED, MPI_THREAD_MULTIPLE,
	};
	const char *threads = getenv("MPI4PY_RC_THREADS"), *level = getenv("MPI4PY_RC_THREAD_LEVEL");
	size_t i;

	for (i = 0; threads && i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(threads, no[i]))
			return MPI_THREAD_SINGLE;
	for (i = 0; level && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(level, names[i]))
			return levels[i];
	return MPI_THREAD_MULTIPLE;
}

/* Slurm's srun starts the tasks of a job step itself, and whether they
 * form one MPI job depends on the PMI it gives them (srun --mpi=TYPE, or
 * the cluster's MpiDefault): this MPICH speaks PMI-1, which Slurm's pmi2
 * plugin serves.  With none (Slurm's own default) the tasks have no PMI,
 * and with one this MPICH does not speak (pmix; cray_shasta's PALS) each
 * finds itself a job of one: every task would run alone, each reading its
 * own files, without a word.  Task 0 says so, once.  `mpi_size` is the
 * size MPI gave, 0 if MPI was not started. */
static void check_slurm(int mpi_size)
{
	const char *n = getenv("SLURM_STEP_NUM_TASKS"), *id = getenv("SLURM_PROCID");
	const char *force = getenv("SLITHER_MPI");
	long tasks = n ? strtol(n, NULL, 10) : 0;

	if (tasks <= 1 || mpi_size > 1 || !id || strcmp(id, "0") || (force && *force) ||
	    sl_started_by_self() == 1)
		return;
	fprintf(stderr, "slither: srun started %ld tasks, but they are not one MPI job (%s): each "
	        "runs alone; this binary's MPICH speaks PMI-1, which 'srun --mpi=pmi2' gives it\n",
	        tasks, mpi_size ? "MPI sees a job of 1: a PMI it does not speak?"
	                        : "no PMI it speaks: srun --mpi=none?");
}

static int mpi_start(int *argc, char ***argv)
{
	int provided, len = 0, rc;
	char version[MPI_MAX_LIBRARY_VERSION_STRING];

	/* HACK: hwloc, below MPICH, dlopen()s its plugins (hwloc_*.so, which
	 * pull in the shared libc) from its plugin directory; a static binary
	 * must not load them.  An empty plugin path makes it look nowhere.
	 * Also when the binary does not start MPI: run by hand, mpi4py starts
	 * MPICH itself later (bench/numpy found the plugins loaded then).  A
	 * user's own HWLOC_PLUGINS_PATH is left alone. */
	setenv("HWLOC_PLUGINS_PATH", "", 0);
	if (!want_mpi()) {
		check_slurm(0);
		return 0;
	}
	rc = MPI_Init_thread(argc, argv, thread_level(), &provided);
	if (rc != MPI_SUCCESS) {
		fprintf(stderr, "slither: MPI_Init_thread failed (error %d); run without an MPI "
		        "launcher, or with SLITHER_MPI=0, to run as one process\n", rc);
		return -1;
	}
	we_initialised = 1;
	rank_pid = getpid();
	atexit(sl_mpi_finish);
	MPI_Comm_rank(MPI_COMM_WORLD, &job_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &job_size);
	check_slurm(job_size);
	/* errors come back as codes, to become Python exceptions */
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	MPI_Get_library_version(version, &len);
	version[strcspn(version, "\n")] = '\0';
	/* "MPICH Version:      4.0.2" -> "MPICH 4.0.2" */
	{
		char *colon = strchr(version, ':');
		const char *v = colon ? colon + 1 + strspn(colon + 1, " \t") : version;
		size_t name = strcspn(version, " :");
		snprintf(library, sizeof(library), "%.*s %.40s", (int)(name < 20 ? name : 20), version, v);
	}
	return 1;
}

int sl_mpi_start(int *argc, char ***argv)
{
	int rc = mpi_start(argc, argv);

	mpi_starting = 0;
	return rc;
}

void sl_mpi_finish(void)
{
	int done = 0;

	if (!we_initialised || getpid() != rank_pid)
		return;
	MPI_Finalized(&done);
	if (!done)
		MPI_Finalize();
}

int sl_mpi_rank(void)
{
	return job_rank;
}

/* Once the program has finalised MPI itself (mpi4py's MPI.Finalize()),
 * the ranks go on as independent processes, as python3's do: each reads
 * its own files (a broadcast now would abort the job). */
int sl_mpi_size(void)
{
	int done = 0;

	if (!we_initialised || getpid() != rank_pid)
		return 1;
	MPI_Finalized(&done);
	return done ? 1 : job_size;
}

const char *sl_mpi_library(void)
{
	return we_initialised ? library : NULL;
}

static int mpi_error(const char *what, int rc)
{
	char msg[MPI_MAX_ERROR_STRING];
	int len = 0;

	if (MPI_Error_string(rc, msg, &len) != MPI_SUCCESS)
		snprintf(msg, sizeof(msg), "error %d", rc);
	PyErr_Format(PyExc_OSError, "%s failed on rank %d: %s", what, job_rank, msg);
	return -1;
}

int sl_mpi_bcast(void *buf, size_t len, int root)
{
	int rc;

	if (len > SL_MPI_CHUNK || len > INT_MAX) {
		PyErr_SetString(PyExc_SystemError, "sl_mpi_bcast: block too large");
		return -1;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = MPI_Bcast(buf, (int)len, MPI_BYTE, root, MPI_COMM_WORLD);
	Py_END_ALLOW_THREADS
	return rc == MPI_SUCCESS ? 0 : mpi_error("MPI_Bcast", rc);
}

int sl_mpi_min(int v)
{
	int out = -1, rc;

	Py_BEGIN_ALLOW_THREADS
	rc = MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
	Py_END_ALLOW_THREADS
	return rc == MPI_SUCCESS ? out : mpi_error("MPI_Allreduce", rc);
}
