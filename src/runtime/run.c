/* Running what the process is for, once the interpreter is up: an app's
 * entry point exactly as `python3 app.py` or `python3 -m NAME` would run it
 * (same sys.argv shape, output, exit status, tracebacks, and death by
 * SIGINT after an unhandled KeyboardInterrupt), a multiprocessing spawn
 * worker, or python's command line (an interpreter, or a helper the app
 * started), whose script an MPI job reads once, on rank 0
 * (collective.c). */
#include "runtime/runtime.h"
#include "runtime/pyver.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* obj.method(arg): a new reference. */
static PyObject *call_method(PyObject *obj, const char *method, PyObject *arg)
{
	PyObject *f = PyObject_GetAttrString(obj, method), *r;

	if (!f)
		return NULL;
	r = PyObject_CallOneArg(f, arg);
	Py_DECREF(f);
	return r;
}

/* Flush sys.stderr and sys.stdout, keeping the current exception, as
 * CPython does between running a script and printing its traceback. */
static void flush_io(void)
{
	static const char *const names[] = {"stderr", "stdout"};
	PyObject *type, *value, *tb;
	size_t i;

	PyErr_Fetch(&type, &value, &tb);
	for (i = 0; i < 2; i++) {
		PyObject *f = PySys_GetObject(names[i]), *r;

		if (!f)
			continue;
		r = PyObject_CallMethod(f, "flush", NULL);
		if (r)
			Py_DECREF(r);
		else
			PyErr_Clear();
	}
	PyErr_Restore(type, value, tb);
}

/* Run `code` as the script of `python3 FILE`, as _PyRun_SimpleFileObject
 * does: in __main__'s namespace, with __file__ = `file` and __cached__ =
 * None unless __file__ is set already, both removed afterwards; __loader__
 * = `loader` if not NULL (so that linecache and inspect find the source).
 * Returns the exit status (0, or 1 after printing the error); sets *kbi
 * when the script died of KeyboardInterrupt (exactly that type, as CPython
 * checks).  For a script entry, and for the script of an MPI job. */
static int run_code(PyObject *code, PyObject *file, PyObject *loader, int *kbi)
{
	PyObject *main_mod, *d = NULL, *r = NULL;
	int set_file = 0;

	main_mod = PyImport_AddModule("__main__");	/* borrowed */
	if (!main_mod)
		goto error;
	Py_INCREF(main_mod);
	d = PyModule_GetDict(main_mod);
	if (!PyDict_GetItemString(d, "__file__")) {
		if (PyDict_SetItemString(d, "__file__", file) < 0 ||
		    PyDict_SetItemString(d, "__cached__", Py_None) < 0)
			goto error;
		set_file = 1;
	}
	if (loader && PyDict_SetItemString(d, "__loader__", loader) < 0)
		goto error;
	if (PySys_Audit("exec", "O", code) < 0)
		goto error;
	r = PyEval_EvalCode(code, d, d);
	if (!r && PyErr_Occurred() == PyExc_KeyboardInterrupt)
		*kbi = 1;
	flush_io();
	if (!r)
		goto error;
	Py_DECREF(r);
	goto out;

error:
	PyErr_Print();
out:
	if (set_file) {
		if (PyDict_DelItemString(d, "__file__") < 0)
			PyErr_Clear();
		if (PyDict_DelItemString(d, "__cached__") < 0)
			PyErr_Clear();
	}
	Py_XDECREF(main_mod);
	return r ? 0 : 1;
}

/* `python3 app.py`, with the script's code from the archive: its virtual
 * path as __file__ and the importer as __loader__. */
static int run_script(const struct sl_archive *a, int *kbi)
{
	PyObject *loader = sl_importer_get();
	PyObject *name, *code = NULL, *file = NULL;
	int status;

	name = PyUnicode_DecodeUTF8(a->main_name, (Py_ssize_t)a->main_len, "surrogateescape");
	if (!name)
		goto error;
	code = call_method(loader, "get_code", name);
	if (code)
		file = call_method(loader, "get_filename", name);
	Py_DECREF(name);
	if (!file)
		goto error;
	if (!PyCode_Check(code)) {
		PyErr_Format(PyExc_ImportError, "the entry point '%s' has no code object",
		             a->main_name);
		goto error;
	}
	status = run_code(code, file, loader, kbi);
	Py_DECREF(code);
	Py_DECREF(file);
	return status;

error:
	PyErr_Print();
	Py_XDECREF(code);
	Py_XDECREF(file);
	return 1;
}

/* `python3 -m NAME`: runpy._run_module_as_main(NAME, alter_argv=False), so
 * sys.argv[0] stays the binary; a package runs NAME.__main__.  As in
 * CPython's pymain_run_module(), nothing is flushed before the traceback. */
static int run_module(const struct sl_archive *a, int *kbi)
{
	PyObject *run, *r;

	run = sl_module_attr("runpy", "_run_module_as_main");
	if (!run) {
		PyErr_Print();
		return 1;
	}
	r = PyObject_CallFunction(run, "s#O", a->main_name, (Py_ssize_t)a->main_len, Py_False);
	Py_DECREF(run);
	if (!r && PyErr_Occurred() == PyExc_KeyboardInterrupt)
		*kbi = 1;
	if (!r) {
		PyErr_Print();
		return 1;
	}
	Py_DECREF(r);
	return 0;
}

/* Die of SIGINT after an unhandled KeyboardInterrupt, so that a shell
 * calling us sees the ^C (CPython's exit_sigint(), bpo-1054041). */
static int exit_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	if (sigaction(SIGINT, &sa, NULL) < 0)
		perror("signal");
	else
		kill(getpid(), SIGINT);
	return 128 + SIGINT;
}

/* A worker that multiprocessing's spawn start method started as
 * `APP --multiprocessing-fork KEY=VALUE...` (sys.frozen is set): what
 * CPython expects a frozen executable to run, its own
 * multiprocessing.spawn.freeze_support(), which reads the pipe's file
 * descriptors from sys.argv, runs the worker and exits.  The app's main
 * script is then imported as __mp_main__ from the archive (spawn runs it by
 * its virtual path through io.open_code, see importer.c), never as
 * __main__. */
static int run_spawned(const char *progname, int *kbi)
{
	PyObject *main_mod, *d, *r;

	main_mod = PyImport_AddModule("__main__");	/* borrowed */
	d = main_mod ? PyModule_GetDict(main_mod) : NULL;
	r = d ? PyRun_String("from multiprocessing.spawn import freeze_support\n"
	                     "freeze_support()\n", Py_file_input, d, d) : NULL;
	if (!r && PyErr_Occurred() == PyExc_KeyboardInterrupt)
		*kbi = 1;
	flush_io();
	if (!r) {
		PyErr_Print();
		return 1;
	}
	Py_DECREF(r);
	/* freeze_support() returned: sys.argv was not multiprocessing's */
	fprintf(stderr, "%s: --multiprocessing-fork: not a command line multiprocessing wrote "
	        "(this executable is an app built by slither)\n", progname);
	return 2;
}

/* The script named on python's command line when rank 0 should read it
 * for the whole job: none with -i or -x (the first line skipped), which
 * CPython's main loop handles, reading the file on every rank. */
static const wchar_t *job_script(void)
{
	const PyConfig *c = sl_py_config();

	if (!c->run_filename || c->inspect || c->skip_source_first_line)
		return NULL;
	return c->run_filename;
}

/* `python script.py` in an MPI job: the code rank 0 read (collective.c),
 * run on every rank as a script entry is. */
static int run_job_script(const wchar_t *filename, const char *progname, int *kbi)
{
	PyObject *path, *code;
	int status = 1;

	path = PyUnicode_FromWideChar(filename, -1);
	code = path ? sl_collective_main_code(progname, path) : NULL;
	if (!code)
		PyErr_Print();
	else if (PyLong_Check(code))
		status = (int)PyLong_AsLong(code);
	else
		status = run_code(code, path, NULL, kbi);
	Py_XDECREF(code);
	Py_XDECREF(path);
	return status;
}

/* -c, -m, a script, stdin, -i and the REPL: CPython's own main loop, which
 * also finalizes the interpreter and handles KeyboardInterrupt. */
static int run_python(const struct sl_archive *a)
{
	int status;

	if (a->main_mode != SL_MAIN_NONE)
		sl_hooks_explain_missing();
	status = Py_RunMain();
	sl_mpi_finish();
	return status;
}

int sl_run_finish(int status)
{
	if (Py_FinalizeEx() < 0)
		status = 120;	/* CPython's choice: unlikely to mean anything else */
	sl_mpi_finish();
	return status;
}

int sl_run(const struct sl_archive *a, enum sl_role role, int job, const char *progname)
{
	const wchar_t *script;
	int status, kbi = 0;

	if (role == SL_ROLE_PYTHON && job && (script = job_script()))
		status = run_job_script(script, progname, &kbi);
	else if (role == SL_ROLE_PYTHON)
		return run_python(a);
	else if (role == SL_ROLE_SPAWNED)
		status = run_spawned(progname, &kbi);
	else if (a->main_mode == SL_MAIN_SCRIPT)
		status = run_script(a, &kbi);
	else
		status = run_module(a, &kbi);
	status = sl_run_finish(status);
	return kbi ? exit_sigint() : status;
}
