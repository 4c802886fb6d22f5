/* Fixture: multi-phase init deep in a package, with two exec slots. */
#include <Python.h>

static int exec_one(PyObject *m)
{
	return PyModule_AddIntConstant(m, "one", 1);
}

static int exec_two(PyObject *m)
{
	PyObject *one = PyObject_GetAttrString(m, "one");
	int r;

	if (!one)
		return -1;
	r = PyModule_AddObject(m, "two", PyNumber_Add(one, one));
	Py_DECREF(one);
	return r;
}

static PyModuleDef_Slot slots[] = {
	{Py_mod_exec, exec_one},
	{Py_mod_exec, exec_two},
	{0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_multi", NULL, 0, NULL, slots};

PyMODINIT_FUNC PyInit__multi(void)
{
	return PyModuleDef_Init(&def);
}
