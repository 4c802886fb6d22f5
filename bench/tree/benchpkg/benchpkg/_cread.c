/* bench/tree: C code reading a file beside its module, as scientific
 * packages read their tables (fopen/fread/fclose), and a loop of stat()
 * calls, to count what one call costs inside and outside the tree. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <sys/stat.h>

/* fopen_read(path) -> the number of bytes read: the whole file, in 64 KiB
 * pieces, as a reader of a table would. */
static PyObject *cread_fopen_read(PyObject *self, PyObject *args)
{
	static char buf[65536];
	const char *path;
	size_t n, total = 0;
	FILE *f;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	f = fopen(path, "r");
	if (!f)
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		total += n;
	fclose(f);
	return PyLong_FromSize_t(total);
}

/* stat_loop(path, n): stat(path) n times, from C, with no Python between
 * the calls. */
static PyObject *cread_stat_loop(PyObject *self, PyObject *args)
{
	const char *path;
	Py_ssize_t i, n;
	struct stat st;

	if (!PyArg_ParseTuple(args, "sn", &path, &n))
		return NULL;
	for (i = 0; i < n; i++)
		if (stat(path, &st) < 0)
			return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
	{"fopen_read", cread_fopen_read, METH_VARARGS, NULL},
	{"stat_loop", cread_stat_loop, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "benchpkg._cread", NULL, -1, methods};

PyMODINIT_FUNC PyInit__cread(void)
{
	return PyModule_Create(&module);
}
