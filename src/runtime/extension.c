/* The static-extension loader: a third-party C extension linked into the
 * executable is initialised through its row of _slither_extensions[] (its
 * PyInit function, renamed at link time), as CPython's dynamic loader
 * would after dlopen() and dlsym(); single-phase and multi-phase
 * initialisation alike.  The archive's Importer finds it (an entry of kind
 * SL_KIND_EXTENSION) and calls these for create_module and exec_module. */
#include "runtime/importer.h"

#include <string.h>

#include "runtime/pyver.h"

/* The names of the single-phase extensions initialised so far, made at the
 * first one: CPython then serves them from its own cache. */
static PyObject *single_phase_done;

static const struct sl_static_ext *find_extension(const char *name)
{
	const struct sl_static_ext *x;

	/* a handful of rows, searched only when an extension is imported */
	for (x = _slither_extensions; x->name; x++)
		if (!strcmp(x->name, name))
			return x;
	return NULL;
}

/* create_module() of a C extension, as CPython's dynamic loader does it
 * (_PyImport_LoadDynamicModuleWithSpec in Python/importdl.c), with the init
 * function taken from the link-time table instead of dlsym().  A
 * single-phase module is initialised once and cached by CPython (keyed by
 * origin and name); a second import is served from that cache
 * (runtime/pyver.h: the cache differs between CPython versions). */
PyObject *sl_extension_create(PyObject *module, PyObject *spec)
{
	const struct sl_static_ext *x;
	PyObject *name, *origin = NULL, *m = NULL;
	const char *cname;
	PyModuleDef *def;
	int r;

	name = PyObject_GetAttrString(spec, "name");
	if (!name)
		return NULL;
	if (!PyUnicode_Check(name)) {
		PyErr_SetString(PyExc_TypeError, "spec.name must be a string");
		goto error;
	}
	cname = PyUnicode_AsUTF8(name);
	origin = PyObject_GetAttrString(spec, "origin");
	if (!cname || !origin)
		goto error;
	x = find_extension(cname);
	if (!x) {
		PyObject *msg = PyUnicode_FromFormat(
			"C extension %R is in the archive but its init function is not linked "
			"into this binary; rebuild it with slither build", name);
		if (msg) {
			PyErr_SetImportError(msg, name, origin);
			Py_DECREF(msg);
		}
		goto error;
	}
	if (!single_phase_done && !(single_phase_done = PySet_New(NULL)))
		goto error;
	r = PySet_Contains(single_phase_done, name);
	if (r < 0)
		goto error;
	if (r) {
		Py_DECREF(name);
		Py_DECREF(origin);
		return sl_py_single_phase_again(spec);
	}
	if (PySys_Audit("import", "OOOOO", name, origin, Py_None, Py_None, Py_None) < 0)
		goto error;

	/* A single-phase init creates its module with PyModule_Create() and the
	 * short name in its PyModuleDef; the package context makes it the full
	 * dotted name, as importdl.c does. */
	m = sl_py_run_single_phase(x->init, cname);

	if (!m) {
		if (!PyErr_Occurred())
			PyErr_Format(PyExc_SystemError,
			             "initialization of %s failed without raising an exception", cname);
		goto error;
	}
	if (PyErr_Occurred()) {
		PyErr_Clear();
		PyErr_Format(PyExc_SystemError, "initialization of %s raised unreported exception",
		             cname);
		m = NULL;	/* as importdl.c: its reference is not ours to trust */
		goto error;
	}
	if (Py_IS_TYPE(m, NULL)) {
		/* a PyModuleDef returned without PyModuleDef_Init() */
		PyErr_Format(PyExc_SystemError, "init function of %s returned uninitialized object",
		             cname);
		m = NULL;
		goto error;
	}
	if (PyObject_TypeCheck(m, &PyModuleDef_Type)) {
		/* multi-phase: the def is static, not a reference we own */
		Py_DECREF(name);
		Py_DECREF(origin);
		return PyModule_FromDefAndSpec((PyModuleDef *)m, spec);
	}

	/* single-phase */
	if (!PyUnicode_IS_ASCII(name)) {
		PyErr_Format(PyExc_SystemError, "initialization of %s did not return PyModuleDef",
		             cname);
		goto error;
	}
	def = PyModule_GetDef(m);
	if (!def) {
		PyErr_Format(PyExc_SystemError,
		             "initialization of %s did not return an extension module", cname);
		goto error;
	}
	def->m_base.m_init = x->init;
	if (PyModule_AddObjectRef(m, "__file__", origin) < 0)
		PyErr_Clear();	/* not important enough to report, says importdl.c */
	if (sl_py_fixup_single_phase(m, name, origin) < 0 ||
	    PySet_Add(single_phase_done, name) < 0)
		goto error;
	Py_DECREF(name);
	Py_DECREF(origin);
	return m;

error:
	Py_XDECREF(m);
	Py_XDECREF(origin);
	Py_DECREF(name);
	return NULL;
}

/* exec_module() of a C extension: run a multi-phase module's exec slots
 * once, as _imp.exec_dynamic() does. */
PyObject *sl_extension_exec(PyObject *module, PyObject *mod)
{
	PyModuleDef *def;

	if (!PyModule_Check(mod))
		Py_RETURN_NONE;
	def = PyModule_GetDef(mod);
	if (!def || PyModule_GetState(mod))
		Py_RETURN_NONE;	/* single-phase, or already initialised */
	if (PyModule_ExecDef(mod, def) < 0)
		return NULL;
	Py_RETURN_NONE;
}
