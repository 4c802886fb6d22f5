/* Fixture: calls slither_fixture_nowhere, which no library defines. */
#include <Python.h>

int slither_fixture_nowhere(int x);

static PyObject *call(PyObject *self, PyObject *arg)
{
	return PyLong_FromLong(slither_fixture_nowhere(1));
}

static PyMethodDef methods[] = {
	{"call", call, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_x", NULL, -1, methods};

PyMODINIT_FUNC PyInit__x(void)
{
	return PyModule_Create(&def);
}
