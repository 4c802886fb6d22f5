/* The second source file of npuser._ext: the table pointer is _ext.c's. */
#define NPCORE_UNIQUE_SYMBOL NpCore_API
#define NO_IMPORT_NPCORE
#include "npcore/ndarrayobject.h"

PyObject *npuser_summary(long a, long b)
{
	PyObject *who = NpCore_Describe("npuser._ext"), *half, *r = NULL;

	if (!who)
		return NULL;
	half = PyFloat_FromDouble(NpCore_AddDouble((double)a, 0.5));
	if (half)
		r = PyUnicode_FromFormat("%U: %ld %R", who, NpCore_AddLong(a, b), half);
	Py_XDECREF(half);
	Py_DECREF(who);
	return r;
}
