/* main() of every binary slither builds: check the archive linked into it,
 * start CPython so that it looks for nothing on disk, put the archive's
 * importer in place before the first import that needs it, then run.c runs
 * the app's entry point exactly as `python3 app.py` or `python3 -m NAME`
 * would, or python's command line. */
#include "runtime/runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The name the binary was run by, for messages before Python exists. */
static const char *progname = "slither";

/* Before the interpreter can report anything itself: one line naming the
 * binary, then the conventional "cannot execute" status. */
static void __attribute__((noreturn, format(printf, 1, 2))) fatal(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: slither: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (rebuild the binary with slither build)\n", stderr);
	exit(127);
}

/* A failure of CPython's own initialisation: CPython's message and status. */
static void check_status(PyStatus st, PyConfig *config)
{
	if (!PyStatus_Exception(st))
		return;
	if (config)
		PyConfig_Clear(config);
	Py_ExitStatusException(st);
}

/* The current Python exception as one line for fatal(), when the
 * interpreter is too young to print a traceback (no sys.stderr yet). */
static void fatal_python(const char *what)
{
	PyObject *type, *value, *tb, *text = NULL;
	const char *msg = NULL;

	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (value)
		text = PyObject_Str(value);
	if (text)
		msg = PyUnicode_AsUTF8(text);
	fatal("%s: %s: %s", what, type ? ((PyTypeObject *)type)->tp_name : "error",
	      msg ? msg : "(no message)");
}

/* The binary's own path, read from /proc/self/exe: malloc'd, or NULL. */
static char *self_exe(void)
{
	size_t size = 256;

	for (;;) {
		char *buf = malloc(size);
		ssize_t n;

		if (!buf)
			return NULL;
		n = readlink("/proc/self/exe", buf, size);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		size *= 2;
	}
}

/* Pre-initialise: UTF-8 mode on, and the C library's locale never
 * configured from the environment, because setlocale(LC_CTYPE, "") makes
 * glibc read /usr/lib/locale.  With UTF-8 mode Python needs no locale for
 * its own encodings (file names, standard streams, open()); an app that wants
 * one still calls locale.setlocale().  PYTHONUTF8=0 in the environment still
 * turns UTF-8 mode off, as with python3. */
static void preinit(int argc, char **argv, const struct sl_archive *a, enum sl_role role)
{
	PyPreConfig pre;

	PyPreConfig_InitPythonConfig(&pre);
	/* python's command line (-E, -I, -X utf8...): an interpreter's, or a
	 * helper's that the app started */
	pre.parse_argv = role == SL_ROLE_PYTHON;
	/* An app and its helpers: UTF-8 mode (PYTHONUTF8=0 still turns it
	 * off).  An interpreter leaves it to -X utf8 and PYTHONUTF8 as python3
	 * does; unset, the locale is "C" (it is never configured), which means
	 * UTF-8 mode too. */
	pre.utf8_mode = a->main_mode == SL_MAIN_NONE ? -1 : 1;
	pre.configure_locale = 0;
	pre.coerce_c_locale = 0;
	pre.coerce_c_locale_warn = 0;
	check_status(Py_PreInitializeFromBytesArgs(&pre, argc, argv), NULL);
}

/* Fill `c` so that CPython 3.11's path calculation (Modules/getpath.py,
 * run by _Py_InitializeMain) touches no file:
 *
 * - home = the archive's root.  With home set, getpath.py skips the
 *   pyvenv.cfg reads (its "READ pyvenv.cfg" step), the ._pth search next to
 *   the executable and the build-directory probes (pybuilddir.txt,
 *   Modules/Setup.local), and takes prefix and exec_prefix from home instead
 *   of searching up from the executable for lib/python3.X/os.py and
 *   lib-dynload; PYTHONHOME is then ignored.  prefix/exec_prefix/base_* are
 *   set to the root as well, so nothing is left to infer.
 * - executable is set (from /proc/self/exe), so there is no search of PATH
 *   for argv[0].
 * - base_executable is a placeholder, a HACK: getpath.py always calls
 *   realpath(base_executable), which on Linux is a readlink() of that path.
 *   "/proc/self/exe/" fails at once (ENOTDIR) inside /proc/self; the
 *   result is only used to detect a build directory, which home already
 *   rules out.  main() sets sys._base_executable = sys.executable once the
 *   interpreter is up.
 * - module_search_paths is deliberately NOT set: getpath.py computes
 *   stdlib_dir (hence sys._stdlib_dir, which gives frozen stdlib modules
 *   such as os their __file__) only when it computes the search path
 *   itself, and that computation is pure string work once prefix is known.
 *   main() then replaces sys.path with the archive's directories.
 * - pythonpath_env = "": PYTHONPATH is not honoured (a user's PYTHONPATH is
 *   meant for another Python); SLITHER_PATH adds directories instead.
 * - platlibdir = "lib", so PYTHONPLATLIBDIR cannot move the stdlib's
 *   virtual directory away from ROOT/lib/pythonX.Y. */
static void configure(PyConfig *c, int argc, char **argv, const struct sl_archive *a,
                      enum sl_role role)
{
	const char *argv0 = argc > 0 && argv[0] ? argv[0] : "";
	char *exe = self_exe();
	wchar_t **roots[] = {
		&c->home, &c->prefix, &c->exec_prefix, &c->base_prefix, &c->base_exec_prefix,
	};
	size_t i;

	PyConfig_InitPythonConfig(c);
	/* An app's argv is its own; an interpreter, or a helper the app
	 * started with python's command line, parses python's options (-c, -m,
	 * -E, -O, -X...) and runs what they say in Py_RunMain(). */
	c->parse_argv = role == SL_ROLE_PYTHON;
	c->site_import = 0;
	c->user_site_directory = 0;
	/* An app imports from the archive (and SLITHER_PATH plugins) and
	 * writes no byte-code.  An interpreter leaves it to -B and
	 * PYTHONDONTWRITEBYTECODE, as python3 does: it writes __pycache__ for
	 * modules it imports from disk, and sys.flags.dont_write_bytecode and
	 * the tests that rely on writing byte-code see python3's default. */
	if (a->main_mode != SL_MAIN_NONE)
		c->write_bytecode = 0;
	c->pathconfig_warnings = 0;
	c->install_signal_handlers = 1;
	c->use_environment = 1;
	c->module_search_paths_set = 0;
	c->_init_main = 0;
	/* An app's byte-code was compiled at one level (slither build -O/-OO):
	 * run at that level, so that sys.flags.optimize and __debug__ agree
	 * with the code, as python3 -O does with its .opt-1.pyc files.  (Its
	 * helpers get the level as -O from multiprocessing, as python3's do.) */
	if (a->main_mode != SL_MAIN_NONE && role != SL_ROLE_PYTHON)
		c->optimization_level = (int)a->optimize;

	/* sys.argv is the binary's argv as given, argv[0] as invoked */
	check_status(PyConfig_SetBytesArgv(c, argc, argv), c);
	check_status(PyConfig_SetBytesString(c, &c->program_name, argv0), c);
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		check_status(PyConfig_SetBytesString(c, roots[i], a->root), c);
	check_status(PyConfig_SetString(c, &c->platlibdir, L"lib"), c);
	/* an app and its helpers ignore PYTHONPATH (meant for another
	 * Python); an interpreter honours it unless -E or -I, as python3 does */
	if (a->main_mode != SL_MAIN_NONE)
		check_status(PyConfig_SetString(c, &c->pythonpath_env, L""), c);
	/* Without /proc, argv[0] as given is the best there is; it must not
	 * be empty, or getpath.py would search PATH for it. */
	if (!exe)
		exe = strdup(argv0[0] ? argv0 : "slither");
	if (!exe)
		fatal("out of memory");
	check_status(PyConfig_SetBytesString(c, &c->executable, exe), c);
	free(exe);
	check_status(PyConfig_SetString(c, &c->base_executable, L"/proc/self/exe/"), c);
}

/* The byte-code magic number of this interpreter.  PyImport_GetMagicNumber()
 * only works once _Py_InitializeMain() has set up importlib's external part,
 * but the constant lives in the frozen module, importable in the core. */
static long interpreter_magic(void)
{
	PyObject *v = sl_module_attr("_frozen_importlib_external", "_RAW_MAGIC_NUMBER");
	long magic = -1;

	if (v) {
		magic = PyLong_AsLong(v);
		Py_DECREF(v);
	}
	return magic;
}

/* Whether -E or -I was given (sys.flags.ignore_environment). */
static int ignore_environment(void)
{
	PyObject *flags = PySys_GetObject("flags");
	PyObject *v = flags ? PyObject_GetAttrString(flags, "ignore_environment") : NULL;
	int r = v ? PyObject_IsTrue(v) : 0;

	Py_XDECREF(v);
	PyErr_Clear();
	return r > 0;
}

/* Append the directories of the colon-separated list `dirs` (NULL: none) to
 * the list `path`: relative ones made absolute (`*abspath` caches
 * posixpath.abspath), empty ones dropped rather than meaning the current
 * directory.  0, or -1 with an exception set. */
static int append_dirs(PyObject *path, const char *dirs, PyObject **abspath)
{
	while (dirs && *dirs) {
		const char *end = strchr(dirs, ':');
		PyObject *item;

		if (!end)
			end = dirs + strlen(dirs);
		if (end > dirs) {
			item = PyUnicode_DecodeFSDefaultAndSize(dirs, end - dirs);
			if (item && *dirs != '/') {
				if (!*abspath)
					*abspath = sl_module_attr("posixpath", "abspath");
				Py_SETREF(item, *abspath ? PyObject_CallOneArg(*abspath, item) : NULL);
			}
			if (!item || PyList_Append(path, item) < 0) {
				Py_XDECREF(item);
				return -1;
			}
			Py_DECREF(item);
		}
		dirs = *end ? end + 1 : end;
	}
	return 0;
}

/* sys.path = [ROOT/app, ROOT/lib/pythonX.Y] + SLITHER_PATH: the archive's two
 * virtual directories (which the importer serves from memory), then the
 * plugin directories the user names, searched on disk by the path finder
 * after the archive.  Relative SLITHER_PATH entries are made absolute now,
 * as python3 does for PYTHONPATH; empty ones are dropped rather than meaning
 * the current directory. */
static int set_sys_path(const struct sl_archive *a)
{
	const char *env = getenv("SLITHER_PATH");
	PyObject *root, *path, *abspath = NULL;
	int rc = -1;

	root = PyUnicode_DecodeUTF8(a->root, (Py_ssize_t)a->root_len, "surrogateescape");
	if (!root)
		return -1;
	path = Py_BuildValue("[NN]", PyUnicode_FromFormat("%U/app", root),
	                     PyUnicode_FromFormat("%U/lib/python%d.%d", root, PY_MAJOR_VERSION,
	                                          PY_MINOR_VERSION));
	Py_DECREF(root);
	if (!path)
		return -1;
	if (append_dirs(path, env, &abspath) < 0)
		goto out;
	/* an interpreter keeps PYTHONPATH, after the archive's directories,
	 * unless -E or -I, as python3 does */
	if (a->main_mode == SL_MAIN_NONE && !ignore_environment() &&
	    append_dirs(path, getenv("PYTHONPATH"), &abspath) < 0)
		goto out;
	rc = PySys_SetObject("path", path);
out:
	Py_XDECREF(abspath);
	Py_DECREF(path);
	return rc;
}

/* site_import is off, so that site.main() never scans for site-packages or
 * .pth files; but scripts expect what `site` puts in builtins: exit, quit,
 * copyright, credits, license and help.  Importing the frozen `site` runs
 * nothing else, since its module code calls main() only when
 * sys.flags.no_site is 0. */
static int provide_site_builtins(void)
{
	static const char *const setters[] = {"setquit", "setcopyright", "sethelper"};
	PyObject *site = PyImport_ImportModule("site");
	size_t i;

	if (!site)
		return -1;
	for (i = 0; i < sizeof(setters) / sizeof(setters[0]); i++) {
		PyObject *r = PyObject_CallMethod(site, setters[i], NULL);

		if (!r) {
			Py_DECREF(site);
			return -1;
		}
		Py_DECREF(r);
	}
	Py_DECREF(site);
	return 0;
}

/* Everything after _Py_InitializeMain() and before the app runs.  An app
 * (and each helper it starts) has sys.frozen = True, as the executables of
 * other freezing tools do: sys.executable is the app, not an interpreter,
 * and multiprocessing's spawn then starts workers with
 * `--multiprocessing-fork` (role.c). */
static int finish_init(const struct sl_archive *a)
{
	PyObject *exe = PySys_GetObject("executable");

	if (!exe || PySys_SetObject("_base_executable", exe) < 0)
		return -1;
	if (a->main_mode != SL_MAIN_NONE && PySys_SetObject("frozen", Py_True) < 0)
		return -1;
	if (set_sys_path(a) < 0 || sl_importer_after_init() < 0 || sl_hooks_install() < 0)
		return -1;
	return provide_site_builtins();
}

/* An interpreter run at another optimisation level than its archive's
 * compiles embedded modules from their source (code.c: sl_entry_code);
 * built with --no-source it cannot, which would first show as CPython's
 * "Fatal Python error" on the codecs.  Say it in one line instead.  The
 * level (-O, PYTHONOPTIMIZE) is read from a configuration of its own:
 * CPython 3.11 must read the real one once only, or a second
 * PyConfig_Read() drops -X warn_default_encoding. */
static void check_level(const struct sl_archive *a, int argc, char **argv)
{
	PyConfig probe;
	int level;

	if (sl_has_sources(a))
		return;
	configure(&probe, argc, argv, a, SL_ROLE_PYTHON);
	check_status(PyConfig_Read(&probe), &probe);
	level = probe.optimization_level;
	PyConfig_Clear(&probe);
	if (level < 0 || (unsigned)level == a->optimize)
		return;
	fatal("this interpreter was built at optimisation level %u without its modules' "
	      "source (slither build --no-source), so it cannot run at level %d "
	      "(-O, -OO or PYTHONOPTIMIZE): build it with -O%s or without --no-source",
	      a->optimize, level, level >= 2 ? "O" : "");
}

int main(int argc, char **argv)
{
	struct sl_archive *a = &sl_runtime_archive;
	enum sl_archive_status st;
	enum sl_role role;
	PyConfig config;
	long magic;
	int job = 0;

	if (argc > 0 && argv[0] && argv[0][0])
		progname = argv[0];
	sl_quiet_init();

	st = sl_archive_open(a, _slither_archive_start,
	                     (size_t)(_slither_archive_end - _slither_archive_start));
	if (st != SL_ARCHIVE_OK)
		fatal("%s", sl_archive_strerror(st));
	/* What this process is, from its command line alone: the app, or a
	 * helper its Python code started (role.c) */
	role = sl_role(a, argc, argv);
	if (role == SL_ROLE_LOOP) {
		fprintf(stderr, "%s: this executable is an app built by slither, not a Python "
		        "interpreter, and it was started by itself with the same Python command "
		        "line twice in a row: stopping here rather than loop (a full interpreter is "
		        "built with slither build --interpreter)\n", progname);
		return 2;
	}
	/* MPI before the interpreter reads or imports anything: an --mpi
	 * binary started by a launcher is one rank of a job; a helper the app
	 * started is not one, even with the launcher's variables (mpi/mpich.c) */
	if (role == SL_ROLE_APP || a->main_mode == SL_MAIN_NONE)
		job = sl_mpi_start(&argc, &argv);
	if (job < 0)
		exit(127);

	/* Every virtual path is ROOT/...: a root of "/" or "" would claim the
	 * whole file system for the archive. */
	if (a->root_len < 2 || a->root[0] != '/' || a->root[a->root_len - 1] == '/')
		fatal("corrupted archive: its root '%s' is not an absolute directory other than /",
		      a->root);
	/* Every start imports these (UTF-8 mode: the codec of file names and
	 * standard streams); without them CPython would stop with a "Fatal
	 * Python error" and a dump of its path configuration. */
	if (sl_archive_find(a, "encodings", 9) < 0 || sl_archive_find(a, "encodings.utf_8", 15) < 0)
		fatal("the archive lacks the package encodings or its module utf_8, which every "
		      "start needs");
	if (PyImport_AppendInittab("_slither", sl_importer_module_init) < 0 ||
	    PyImport_AppendInittab("_slither_mpi", sl_collective_module_init) < 0)
		fatal("out of memory");
	preinit(argc, argv, a, role);
	configure(&config, argc, argv, a, role);
	if (role == SL_ROLE_PYTHON)
		check_level(a, argc, argv);
	check_status(Py_InitializeFromConfig(&config), &config);
	PyConfig_Clear(&config);

	/* The core interpreter exists but has imported nothing from the
	 * archive: the last moment to refuse byte-code it cannot run. */
	magic = interpreter_magic();
	if (magic == -1)
		fatal_python("cannot read the interpreter's byte-code magic number");
	st = sl_archive_check_python(a, (uint32_t)magic, PY_VERSION_HEX);
	if (st != SL_ARCHIVE_OK)
		fatal("%s (archive: magic %08x, Python %u.%u; this binary: magic %08lx, "
		      "Python %d.%d)", sl_archive_strerror(st), a->pyc_magic,
		      a->py_version >> 24, a->py_version >> 16 & 0xff, magic,
		      PY_MAJOR_VERSION, PY_MINOR_VERSION);
	if (sl_importer_install() < 0)
		fatal_python("cannot install the archive importer");

	check_status(_Py_InitializeMain(), NULL);
	if (finish_init(a) < 0 || (job && sl_collective_install() < 0)) {
		PyErr_Print();
		return sl_run_finish(1);
	}
	return sl_run(a, role, job, progname);
}
