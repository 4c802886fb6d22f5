/* Fixture: calls into libsldepa.a, which calls into its dependencies. */
#include <Python.h>

const char *sldep_a(int x);

static PyObject *chain(PyObject *self, PyObject *arg)
{
	long v = PyLong_AsLong(arg);

	if (v == -1 && PyErr_Occurred())
		return NULL;
	return PyUnicode_FromString(sldep_a((int)v));
}

static PyMethodDef methods[] = {
	{"chain", chain, METH_O, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_chain", NULL, -1, methods};

PyMODINIT_FUNC PyInit__chain(void)
{
	return PyModule_Create(&def);
}
