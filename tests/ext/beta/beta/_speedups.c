/* Fixture: multi-phase init (PyModuleDef_Init, Py_mod_exec, module state);
 * its global `helper` clashes with alpha's. */
#include <Python.h>

struct state {
	long calls;
};

const char *helper(void)
{
	return "beta helper";
}

static PyObject *which(PyObject *self, PyObject *unused)
{
	return PyUnicode_FromString(helper());
}

static PyObject *count(PyObject *self, PyObject *unused)
{
	struct state *st = PyModule_GetState(self);

	return PyLong_FromLong(st->calls += 10);
}

static int exec_module(PyObject *m)
{
	struct state *st = PyModule_GetState(m);

	st->calls = 100;
	return PyModule_AddStringConstant(m, "init", "multi-phase");
}

static PyMethodDef methods[] = {
	{"which", which, METH_NOARGS, NULL},
	{"count", count, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
	{Py_mod_exec, exec_module},
	{0, NULL},
};

static struct PyModuleDef def = {
	PyModuleDef_HEAD_INIT, "_speedups", NULL, sizeof(struct state), methods, slots,
};

PyMODINIT_FUNC PyInit__speedups(void)
{
	return PyModuleDef_Init(&def);
}
