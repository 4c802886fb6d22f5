/* Fixture: uses prov's C API, found through its capsule (the layout
 * mirrors prov/_core.c's struct prov_api).  As numpy's import_array(), it
 * imports the providing module from C first (PyCapsule_Import imports only
 * "prov" and then looks up attributes); no Python code imports it. */
#include <Python.h>

struct prov_api {
	int version;
	long (*add)(long, long);
	const char *(*name)(void);
};

static struct prov_api *api;

static PyObject *combined(PyObject *self, PyObject *args)
{
	long a, b;

	if (!PyArg_ParseTuple(args, "ll", &a, &b))
		return NULL;
	return PyUnicode_FromFormat("%s v%d: %ld", api->name(), api->version, api->add(a, b));
}

static PyMethodDef methods[] = {
	{"combined", combined, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_use", NULL, -1, methods};

PyMODINIT_FUNC PyInit__use(void)
{
	PyObject *core = PyImport_ImportModule("prov._core");

	if (!core)
		return NULL;
	Py_DECREF(core);
	api = PyCapsule_Import("prov._core._C_API", 0);
	if (!api)
		return NULL;
	return PyModule_Create(&def);
}
