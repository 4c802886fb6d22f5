/* CPython 3.13's side of runtime/pyver.h.  3.12 moved the package context
 * into the runtime's import state, behind _PyImport_SwapPackageContext(),
 * and 3.13 keeps its extension cache to itself (no
 * _PyImport_FixupExtensionObject), so a single-phase module is remembered
 * here, in a dict of our own, and a second import (after del
 * sys.modules[name]) gets what CPython's cache gives
 * (reload_singlephase_extension in Python/import.c): for a module that
 * cannot be initialised twice (m_size -1), a new module holding a copy of
 * the dict its init left; for another, the module its init makes again.
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

/* name -> each single-phase extension initialised so far: a copy of its
 * module's dict after init (m_size -1), else its def in a capsule */
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
	PyModuleDef *def = PyModule_GetDef(m);
	PyObject *dict = PyModule_GetDict(m), *kept;
	int r;

	(void)origin;
	if (!def || !dict)
		return -1;
	if (!single_phase_modules && !(single_phase_modules = PyDict_New()))
		return -1;
	kept = def->m_size == -1 ? PyDict_Copy(dict) : PyCapsule_New(def, NULL, NULL);
	if (!kept)
		return -1;
	r = PyDict_SetItem(single_phase_modules, name, kept);
	Py_DECREF(kept);
	return r;
}

PyObject *sl_py_single_phase_again(PyObject *spec)
{
	PyObject *name = PyObject_GetAttrString(spec, "name"), *kept, *m = NULL;
	const char *cname;

	if (!name || !(cname = PyUnicode_AsUTF8(name)))
		goto out;
	kept = single_phase_modules ? PyDict_GetItemWithError(single_phase_modules, name) : NULL;
	if (!kept) {
		if (!PyErr_Occurred())
			PyErr_Format(PyExc_ImportError, "single-phase extension %R was initialised "
			             "but not remembered (a slither bug: please report)", name);
	} else if (PyDict_Check(kept)) {
		/* a new module, without a def (as CPython's), the first's dict */
		m = PyModule_NewObject(name);
		if (m && PyDict_Update(PyModule_GetDict(m), kept) < 0)
			Py_CLEAR(m);
	} else {
		PyModuleDef *def = PyCapsule_GetPointer(kept, NULL);
		m = def ? sl_py_run_single_phase(def->m_base.m_init, cname) : NULL;
		if (!m && !PyErr_Occurred())
			PyErr_Format(PyExc_SystemError,
			             "initialization of %s failed without raising an exception", cname);
	}
out:
	Py_XDECREF(name);
	return m;
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
