/* Fixture: never linked (its library does not exist). */
#include <Python.h>

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_x", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__x(void)
{
	return PyModule_Create(&def);
}
