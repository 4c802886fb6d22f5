/* Fixture: built as a shared library by its own rules. */
#include <Python.h>

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__fast(void)
{
	return PyModule_Create(&def);
}
