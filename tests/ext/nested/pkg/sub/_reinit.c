/* Fixture: single-phase init whose module may be initialised again (m_size
 * 0, not -1): a second import runs its init again, as CPython's extension
 * cache does; it counts its inits (`inits`). */
#include <Python.h>

static int inits;

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_reinit", NULL, 0, NULL};

PyMODINIT_FUNC PyInit__reinit(void)
{
	PyObject *m = PyModule_Create(&def);

	if (m && PyModule_AddIntConstant(m, "inits", ++inits) < 0)
		Py_CLEAR(m);
	return m;
}
