/* CPython 3.11's side of runtime/pyver.h: the package context is the
 * global _Py_PackageContext, and a single-phase module is fixed up into
 * CPython's extension cache (keyed by origin and name), from which
 * _imp.create_dynamic() serves a second import before it would dlopen(). */
#include "runtime/pyver.h"

#include "runtime/importer.h"

/* HACK: CPython's own "Did you mean" finder (Python/suggestions.c) and its
 * KeyboardInterrupt flag (Python/pythonrun.c), declared in its internal
 * headers only. */
extern PyObject *_Py_Offer_Suggestions(PyObject *exception);
extern int _Py_UnhandledKeyboardInterrupt;

const PyConfig *sl_py_config(void)
{
	return _PyInterpreterState_GetConfig(PyInterpreterState_Get());
}

PyObject *sl_py_run_single_phase(PyObject *(*init)(void), const char *cname)
{
	const char *old = _Py_PackageContext;
	PyObject *m;

	_Py_PackageContext = cname;
	m = init();
	_Py_PackageContext = old;
	return m;
}

int sl_py_fixup_single_phase(PyObject *m, PyObject *name, PyObject *origin)
{
	return _PyImport_FixupExtensionObject(m, name, origin, PyImport_GetModuleDict());
}

PyObject *sl_py_single_phase_again(PyObject *spec)
{
	return sl_call_module_attr("_imp", "create_dynamic", spec);
}

PyObject *sl_py_offer_suggestions(PyObject *exc)
{
	return _Py_Offer_Suggestions(exc);
}

int *sl_py_unhandled_kbi(void)
{
	return &_Py_UnhandledKeyboardInterrupt;
}
