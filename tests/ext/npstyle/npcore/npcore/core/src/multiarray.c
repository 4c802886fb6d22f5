/* npcore.core._multiarray_umath, as numpy's: the core extension, deep in
 * the package, which exports its C API as a table of functions in the
 * capsule _ARRAY_API; the table and the declarations are generated at
 * build time (genapi.py), the loops from a template (loops.c.src). */
#define _NPCORE_MULTIARRAY_MODULE
#include "npcore/ndarrayobject.h"
#include "npcore/__multiarray_api.c"

/* loops.c (generated) and libnpymath.a (built by build_clib) */
long npcore_add_long(long, long);
double npcore_add_double(double, double);
PyObject *npcore_sum_int(PyObject *, PyObject *);
PyObject *npcore_sum_long(PyObject *, PyObject *);
PyObject *npcore_sum_double(PyObject *, PyObject *);
double npy_hypot3(double, double, double);

static long calls;

unsigned int NpCore_GetAPIVersion(void)
{
	return NPCORE_API_VERSION;
}

long NpCore_AddLong(long a, long b)
{
	calls++;
	return npcore_add_long(a, b);
}

double NpCore_AddDouble(double a, double b)
{
	calls++;
	return npcore_add_double(a, b);
}

double NpCore_Hypot3(double x, double y, double z)
{
	calls++;
	return npy_hypot3(x, y, z);
}

PyObject *NpCore_Describe(const char *who)
{
	calls++;
	return PyUnicode_FromFormat("%s via npcore C API %x", who, NPCORE_API_VERSION);
}

long NpCore_CallCount(void)
{
	return calls;
}

static PyObject *call_count(PyObject *self, PyObject *unused)
{
	return PyLong_FromLong(calls);
}

static PyObject *table_id(PyObject *self, PyObject *unused)
{
	return PyLong_FromVoidPtr(NpCore_API);
}

static PyMethodDef methods[] = {
	{"sum_int", npcore_sum_int, METH_O, NULL},
	{"sum_long", npcore_sum_long, METH_O, NULL},
	{"sum_double", npcore_sum_double, METH_O, NULL},
	{"call_count", call_count, METH_NOARGS, NULL},
	{"table_id", table_id, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_multiarray_umath", NULL, -1, methods};

PyMODINIT_FUNC PyInit__multiarray_umath(void)
{
	PyObject *m = PyModule_Create(&def), *c;

	if (!m)
		return NULL;
	c = PyCapsule_New((void *)NpCore_API, NULL, NULL);
	if (!c || PyModule_AddObject(m, "_ARRAY_API", c) < 0) {
		Py_XDECREF(c);
		Py_DECREF(m);
		return NULL;
	}
	PyModule_AddIntConstant(m, "API_VERSION", NPCORE_API_VERSION);
	return m;
}
