/* Fixture: a top-level extension module. */
#include <Python.h>

static PyObject *where(PyObject *self, PyObject *unused)
{
	return PyUnicode_FromString("topmod");
}

static PyMethodDef methods[] = {
	{"where", where, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "topmod", NULL, -1, methods};

PyMODINIT_FUNC PyInit_topmod(void)
{
	return PyModule_Create(&def);
}
