/* Fixture: exports a table of C functions as the capsule prov._core._C_API,
 * the way numpy exports its C API.  `add` and `name` are static; the table
 * is the only way in. */
#include <Python.h>

struct prov_api {
	int version;
	long (*add)(long, long);
	const char *(*name)(void);
};

static long add(long a, long b)
{
	return a + b;
}

static const char *name(void)
{
	return "prov";
}

static struct prov_api api = {7, add, name};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_core", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__core(void)
{
	PyObject *m = PyModule_Create(&def), *c;

	if (!m)
		return NULL;
	c = PyCapsule_New(&api, "prov._core._C_API", NULL);
	if (PyModule_AddObject(m, "_C_API", c) < 0) {
		Py_XDECREF(c);
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
