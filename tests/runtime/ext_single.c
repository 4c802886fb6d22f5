/* Test-only C extension with single-phase init and a short module name:
 * linked in as pkg._single, it must get its full dotted name from the
 * package context and be initialised only once. */
#include <Python.h>

static int inits;

static PyObject *hello(PyObject *self, PyObject *unused)
{
	return PyUnicode_FromString("hello from single-phase");
}

static PyMethodDef methods[] = {
	{"hello", hello, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {
	PyModuleDef_HEAD_INIT, .m_name = "_single", .m_size = -1, .m_methods = methods,
};

PyObject *sl_test_init_single(void)
{
	PyObject *m = PyModule_Create(&def);

	if (m && PyModule_AddIntConstant(m, "inits", ++inits) < 0)
		Py_CLEAR(m);
	return m;
}
