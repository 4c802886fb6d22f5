/* Fixture: single-phase init deep in a package; its module must be named
 * pkg.sub._mod, not _mod.  Also defines a global `helper`, and counts its
 * inits (`inits`: a second import must not run it again). */
#include <Python.h>

int helper(int x)
{
	return x * 3;
}

static PyObject *triple(PyObject *self, PyObject *arg)
{
	long v = PyLong_AsLong(arg);

	if (v == -1 && PyErr_Occurred())
		return NULL;
	return PyLong_FromLong(helper((int)v));
}

static PyMethodDef methods[] = {
	{"triple", triple, METH_O, NULL},
	{NULL, NULL, 0, NULL},
};

static int inits;

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_mod", NULL, -1, methods};

PyMODINIT_FUNC PyInit__mod(void)
{
	PyObject *m = PyModule_Create(&def);

	if (m && (PyModule_AddStringConstant(m, "greeting", "hello from pkg.sub._mod") < 0 ||
		  PyModule_AddIntConstant(m, "inits", ++inits) < 0)) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
