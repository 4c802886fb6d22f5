/* CPython 3.13's side of runtime/pyver.h.  3.12 moved the package context
 * into the runtime's import state, behind _PyImport_SwapPackageContext(),
 * and 3.13 keeps its extension cache to itself (no
 * _PyImport_FixupExtensionObject), so a single-phase module is remembered
 * here, in a dict of our own: a second import gets the same module object
 * (CPython would give a new module holding a copy of its first dict).
 *
 * A hack, named as one: what this file uses is CPython's own, in every
 * libpython3.13.a, but declared only in its internal headers (installed
 * with the toolchain's), which need Py_BUILD_CORE: this file alone is
 * compiled as part of the core. */
#define Py_BUILD_CORE 1
#include "runtime/pyver.h"

#include <internal/pycore_import.h>
#include <internal/pycore_interp.h>
#include <internal/pycore_runtime.h>

/* name -> module of each single-phase extension initialised so far */
static PyObject *single_phase_modules;

const PyConfig *sl_py_config(void)
{
	return _PyInterpreterState_GetConfig(PyInterpreterState_Get());
}

PyObject *sl_py_run_single_phase(PyObject *(*init)(void), const char *cname)
{
	const char *old = _PyImport_SwapPackageContext(cname);
	PyObject *m = init();

	_PyImport_SwapPackageContext(old);
	return m;
}

int sl_py_fixup_single_phase(PyObject *m, PyObject *name, PyObject *origin)
{
	(void)origin;
	if (!single_phase_modules && !(single_phase_modules = PyDict_New()))
		return -1;
	return PyDict_SetItem(single_phase_modules, name, m);
}

PyObject *sl_py_single_phase_again(PyObject *spec)
{
	PyObject *name = PyObject_GetAttrString(spec, "name"), *m;

	if (!name)
		return NULL;
	m = single_phase_modules ? PyDict_GetItemWithError(single_phase_modules, name) : NULL;
	if (!m && !PyErr_Occurred())
		PyErr_Format(PyExc_ImportError, "single-phase extension %R was initialised but "
		             "not remembered (a slither bug: please report)", name);
	Py_DECREF(name);
	return Py_XNewRef(m);
}

/* 3.12's traceback module adds the hint itself (TracebackException). */
PyObject *sl_py_offer_suggestions(PyObject *exc)
{
	(void)exc;
	return NULL;
}

int *sl_py_unhandled_kbi(void)
{
	return &_PyRuntime.signals.unhandled_keyboard_interrupt;
}
