/* The runtime linked into every binary slither produces: what the generated
 * link-time files provide, and what the runtime's files share.  The runtime
 * uses only the archive reader and CPython's API; it never exits from a
 * library function and never uses the CLI's helpers. */
#ifndef SL_RUNTIME_H
#define SL_RUNTIME_H

#define PY_SSIZE_T_CLEAN	/* Py_ssize_t lengths for "#" formats */
#include <Python.h>

#include "archive/archive.h"

/* Provided by the generated assembly (link.c): the archive bytes, linked in
 * with .incbin, used in place. */
extern const unsigned char _slither_archive_start[];
extern const unsigned char _slither_archive_end[];

/* Provided by the generated C table (link.c): every statically linked
 * third-party C extension, by full dotted name, ended by {NULL, NULL}.  An
 * archive entry of kind SL_KIND_EXTENSION is loaded through the row of the
 * same name; `init` may use single-phase or multi-phase initialisation. */
struct sl_static_ext {
	const char *name;		/* "pkg.sub._mod" */
	PyObject *(*init)(void);	/* its (renamed) PyInit function */
};
extern const struct sl_static_ext _slither_extensions[];

/* The table of deep-frozen code objects (written by slither build, see
 * src/scan/freeze.py): a module's code as static data, returned as a new
 * reference by `get` (NULL with an exception set if its one-time set-up
 * fails).  Sorted by name (strcmp), ended by {NULL, NULL}. */
struct sl_frozen_code {
	const char *name;
	PyObject *(*get)(void);
};
extern const struct sl_frozen_code _slither_frozen_code[];
extern const size_t _slither_frozen_code_count;

/* importer.c: the archive opened and checked at start-up (main.c).  Its
 * root ("/slither") is the directory every virtual path lies under: the app
 * under ROOT/app, the standard library under ROOT/lib/pythonX.Y. */
extern struct sl_archive sl_runtime_archive;

/* importer.c: the init function of the built-in module `_slither` (the
 * importer's types, its path hook and the traceback hook).  main() passes it
 * to PyImport_AppendInittab before the interpreter starts. */
PyObject *sl_importer_module_init(void);

/* importer.c: create the importer and put it on sys.meta_path before the
 * path-based finder (after the built-in and frozen importers), and its path
 * hook first on sys.path_hooks; io.open_code's hook (files.c) and the
 * message of an import that finds nothing (notfound.c) too.  Call after
 * the core interpreter exists and before the first import that needs the
 * archive (`encodings`).  Returns 0, or -1 with a Python exception set. */
int sl_importer_install(void);

/* importer.c: call after _Py_InitializeMain() and after sys.path is final.
 * Initialisation puts zipimport's hook in front of ours; this moves ours
 * back to the front and drops any finder cached for a path under the root,
 * so that no path under the root is ever looked up on disk.  Returns 0, or
 * -1 with a Python exception set. */
int sl_importer_after_init(void);

/* code.c: whether the archive carries its modules' source (not built with
 * --no-source); an entry without source text is then an empty file. */
int sl_has_sources(const struct sl_archive *a);

/* hooks.c: set sys.excepthook and sys.unraisablehook (and their __x__
 * copies) to _slither's, which print tracebacks with the traceback module
 * so that they show the source lines of embedded modules (CPython's C
 * printer reads them from disk only).  Call after sl_importer_after_init().
 * Returns 0, or -1 with a Python exception set. */
int sl_hooks_install(void);

/* hooks.c: from now on an uncaught ModuleNotFoundError gets a note that
 * this executable is an app holding only its own modules, with how to
 * build a full interpreter: for a helper run with python's command line. */
void sl_hooks_explain_missing(void);

/* importer.c: the installed importer (a borrowed reference), or NULL before
 * sl_importer_install().  It is also the loader of the main script. */
PyObject *sl_importer_get(void);

/* importer.c: attribute `attr` of module `mod`, imported if need be: a new
 * reference, or NULL with an exception set. */
PyObject *sl_module_attr(const char *mod, const char *attr);

/* quiet.c: keep libraries below Python from reading files at start-up
 * (time zone, OpenSSL configuration).  Called first thing in main(), before
 * anything reads the environment; may set TZ. */
void sl_quiet_init(void);

/* mpi/mpich.c (an --mpi build) or mpi/none.c (any other), chosen by the link: the
 * processes of an MPI job, behind the few calls the collective loader needs.
 * sl_mpi_start() comes first in main(), before the interpreter exists: it
 * initialises MPI when an MPI launcher started the binary (its environment
 * says so) and returns 1, or returns 0 when the binary runs alone (always,
 * without --mpi); it prints why and returns -1 if MPI cannot start.
 * sl_mpi_finish() finalises MPI if sl_mpi_start() initialised it and nobody
 * has finalised it yet; it may be called more than once (main() calls it
 * after Py_FinalizeEx(), and it is registered with atexit() for the paths
 * that leave through exit()). */
int sl_mpi_start(int *argc, char ***argv);
void sl_mpi_finish(void);
/* This process's rank and the job's size (0 and 1 when alone). */
int sl_mpi_rank(void);
int sl_mpi_size(void);
/* The MPI library's name and version ("MPICH 4.0.2"), or NULL without one. */
const char *sl_mpi_library(void);
/* Broadcast `len` bytes (at most SL_MPI_CHUNK) from rank `root`; 0, or -1
 * with a Python exception set. */
int sl_mpi_bcast(void *buf, size_t len, int root);
/* The smallest of every rank's `v`, known to all; -1 with a Python exception
 * set on failure (v must be >= 0). */
int sl_mpi_min(int v);
/* Whether fopen() of `path` must find nothing, to keep the MPI stack from
 * reading files while it starts (mpi/mpich.c: UCX's ucx.conf). */
int sl_mpi_hides_file(const char *path);
/* The largest block one broadcast carries: bigger files go in pieces, so
 * that no rank needs room for more than one copy of the file. */
#define SL_MPI_CHUNK ((size_t)4 << 20)

/* collective.c: the built-in module `_slither_mpi` (rank, size, share());
 * the Python side of the collective loader is the embedded module
 * `slither`, present in --mpi builds.  sl_collective_install() puts its
 * path hook in place (call after sys.path is final, only in a job); 0, or
 * -1 with an exception set.  sl_collective_main_code() reads the script
 * `path` named on an --interpreter's command line on rank 0 for the whole
 * job: a new reference to its code object, or to an int, the exit status
 * when it cannot be read (said on stderr), or NULL with an exception set. */
PyObject *sl_collective_module_init(void);
int sl_collective_install(void);
PyObject *sl_collective_main_code(const char *progname, PyObject *path);

/* role.c: what this process is (see role.c for the rule).  An app runs as
 * SL_ROLE_APP, or, started by Python machinery in the app, as a helper:
 * SL_ROLE_SPAWNED (`--multiprocessing-fork`: multiprocessing's spawn
 * protocol for frozen executables) or SL_ROLE_PYTHON (python's command
 * line, as an interpreter always runs); SL_ROLE_LOOP is a chain of the app
 * starting itself with the same Python-looking arguments, refused. */
enum sl_role { SL_ROLE_APP, SL_ROLE_PYTHON, SL_ROLE_SPAWNED, SL_ROLE_LOOP };
enum sl_role sl_role(const struct sl_archive *a, int argc, char **argv);
/* role.c: whether the parent process runs this same executable: 1, 0, or
 * -1 when /proc cannot tell.  Helpers of an MPI rank are not ranks. */
int sl_started_by_self(void);

/* run.c: once the interpreter is up (main.c), run what this process is
 * for: python's command line for SL_ROLE_PYTHON (with `job`, an MPI job,
 * its script read once by rank 0), a spawn worker, or the app's entry
 * point; then finalize the interpreter and MPI.  Returns the process's exit
 * status, or dies of SIGINT after an unhandled KeyboardInterrupt, as
 * python3 does.  `progname` names the binary in messages. */
int sl_run(const struct sl_archive *a, enum sl_role role, int job, const char *progname);

/* run.c: finalize the interpreter, then MPI; `status`, or 120 if
 * finalizing failed (CPython's choice). */
int sl_run_finish(int status);

#endif
