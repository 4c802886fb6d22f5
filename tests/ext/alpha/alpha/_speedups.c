/* Fixture: single-phase init; its global `helper` clashes with beta's. */
#include <Python.h>

static int calls;

const char *helper(void)
{
	return "alpha helper";
}

static PyObject *which(PyObject *self, PyObject *unused)
{
	return PyUnicode_FromString(helper());
}

static PyObject *count(PyObject *self, PyObject *unused)
{
	return PyLong_FromLong(++calls);
}

static PyMethodDef methods[] = {
	{"which", which, METH_NOARGS, NULL},
	{"count", count, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void)
{
	return PyModule_Create(&def);
}
