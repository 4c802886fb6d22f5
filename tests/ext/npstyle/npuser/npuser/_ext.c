/* npuser._ext: uses npcore's C API from another package, in two source
 * files sharing one table pointer (NPCORE_UNIQUE_SYMBOL, as numpy's
 * PY_ARRAY_UNIQUE_SYMBOL; helpers.c says NO_IMPORT_NPCORE).  No Python code
 * imports npcore: import_npcore() does, from C. */
#define NPCORE_UNIQUE_SYMBOL NpCore_API
#include "npcore/ndarrayobject.h"

PyObject *npuser_summary(long a, long b);

static PyObject *combine(PyObject *self, PyObject *args)
{
	long a, b;

	if (!PyArg_ParseTuple(args, "ll", &a, &b))
		return NULL;
	return npuser_summary(a, b);
}

static PyObject *table_id(PyObject *self, PyObject *unused)
{
	return PyLong_FromVoidPtr(NpCore_API);
}

static PyObject *calls(PyObject *self, PyObject *unused)
{
	return PyLong_FromLong(NpCore_CallCount());
}

static PyMethodDef methods[] = {
	{"combine", combine, METH_VARARGS, NULL},
	{"table_id", table_id, METH_NOARGS, NULL},
	{"calls", calls, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_ext", NULL, -1, methods};

PyMODINIT_FUNC PyInit__ext(void)
{
	import_npcore();
	return PyModule_Create(&def);
}
