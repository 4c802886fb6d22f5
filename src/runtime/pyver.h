/* What the runtime needs from CPython that differs between its versions:
 * private parts of its import machinery and of its configuration.  One
 * file per version implements it (pyver/3.11.c, pyver/3.13.c); link.c
 * compiles the one of the toolchain's version, so the rest of the runtime
 * is the same C for every version.  A new CPython version is a new file
 * here (and, if the new version changes more, a new function here). */
#ifndef SL_RUNTIME_PYVER_H
#define SL_RUNTIME_PYVER_H

#include <Python.h>

/* The running interpreter's configuration (sys.flags and more), owned by
 * CPython. */
const PyConfig *sl_py_config(void);

/* Call a single-phase extension's init function as CPython's dynamic
 * loader does, with the package context set to the full dotted `cname`
 * (PyModule_Create then names the module `cname`, not its def's short
 * name): its result, a new reference or NULL. */
PyObject *sl_py_run_single_phase(PyObject *(*init)(void), const char *cname);

/* Remember the single-phase module `m` (a new module from `init`) as
 * CPython's extension cache does, so that importing `name` again gets what
 * CPython gives: a new module holding a copy of the dict its init left
 * (m_size -1: its init never runs twice), else the module its init makes
 * again: 0, or -1 with an exception. */
int sl_py_fixup_single_phase(PyObject *m, PyObject *name, PyObject *origin);

/* The module a second import of the single-phase extension of `spec`
 * gets, from what sl_py_fixup_single_phase() remembered: a new reference,
 * or NULL with an exception. */
PyObject *sl_py_single_phase_again(PyObject *spec);

/* The "Did you mean" hint CPython's built-in exception printer adds to an
 * AttributeError or NameError and its traceback module does not: a new
 * reference to the name to suggest, or NULL (none, or the traceback module
 * adds it itself, as it does since 3.12). */
PyObject *sl_py_offer_suggestions(PyObject *exc);

/* CPython's flag "the program ended by an unhandled KeyboardInterrupt",
 * which makes Py_RunMain() end the process by SIGINT. */
int *sl_py_unhandled_kbi(void);

#endif
