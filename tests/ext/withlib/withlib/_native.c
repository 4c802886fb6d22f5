/* Fixture: calls into libfixture.a. */
#include <Python.h>

int fixture_scale(int x);

static PyObject *scaled(PyObject *self, PyObject *arg)
{
	long v = PyLong_AsLong(arg);

	if (v == -1 && PyErr_Occurred())
		return NULL;
	return PyLong_FromLong(fixture_scale((int)v));
}

static PyMethodDef methods[] = {
	{"scaled", scaled, METH_O, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_native", NULL, -1, methods};

PyMODINIT_FUNC PyInit__native(void)
{
	return PyModule_Create(&def);
}
