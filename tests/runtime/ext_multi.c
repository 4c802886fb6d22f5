/* Test-only C extension with multi-phase init, linked in as pkg._multi. */
#include <Python.h>

static int execs;

static int multi_exec(PyObject *m)
{
	return PyModule_AddIntConstant(m, "execs", ++execs);
}

static PyModuleDef_Slot slots[] = {
	{Py_mod_exec, multi_exec},
	{0, NULL},
};

static struct PyModuleDef def = {
	PyModuleDef_HEAD_INIT, .m_name = "pkg._multi", .m_size = 0, .m_slots = slots,
};

PyObject *sl_test_init_multi(void)
{
	return PyModuleDef_Init(&def);
}
