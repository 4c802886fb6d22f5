/* npcore.linalg._umath_linalg, as numpy's: a second extension of the same
 * package, in another subpackage, using the core's C API through the table
 * (import_npcore() in a multi-phase exec slot).  NPCORE_UNIQUE_SYMBOL makes
 * the table pointer a global named NpCore_API, the very name of the core's
 * table: only the isolation of each extension lets both link. */
#define NPCORE_UNIQUE_SYMBOL NpCore_API
#include "npcore/ndarrayobject.h"

static PyObject *norm3(PyObject *self, PyObject *args)
{
	double x, y, z;

	if (!PyArg_ParseTuple(args, "ddd", &x, &y, &z))
		return NULL;
	return PyFloat_FromDouble(NpCore_Hypot3(x, y, z));
}

static PyObject *table_id(PyObject *self, PyObject *unused)
{
	return PyLong_FromVoidPtr(NpCore_API);
}

static int exec_module(PyObject *m)
{
	import_npcore_int();
	return PyModule_AddObject(m, "describe", NpCore_Describe("npcore.linalg._umath_linalg"));
}

static PyMethodDef methods[] = {
	{"norm3", norm3, METH_VARARGS, NULL},
	{"table_id", table_id, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
	{Py_mod_exec, exec_module},
	{0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_umath_linalg", NULL, 0, methods,
				 slots};

PyMODINIT_FUNC PyInit__umath_linalg(void)
{
	return PyModuleDef_Init(&def);
}
