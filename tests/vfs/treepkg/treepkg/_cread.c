/* Fixture: C code that reads a file beside its module, as scientific
 * packages read their tables: fopen/fread, and open/fstat/read. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static PyObject *cread_fopen(PyObject *self, PyObject *args)
{
	const char *path;
	char buf[4096];
	size_t n;
	FILE *f;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	f = fopen(path, "r");
	if (!f)
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return PyBytes_FromStringAndSize(buf, (Py_ssize_t)n);
}

static PyObject *cread_open(PyObject *self, PyObject *args)
{
	const char *path;
	char buf[4096];
	struct stat st;
	ssize_t n;
	int fd;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	if (fstat(fd, &st) < 0 || (n = read(fd, buf, sizeof(buf))) < 0) {
		close(fd);
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	}
	close(fd);
	return Py_BuildValue("(ny#)", (Py_ssize_t)st.st_size, buf, (Py_ssize_t)n);
}

static PyObject *cread_write(PyObject *self, PyObject *args)
{
	const char *path;
	FILE *f;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	f = fopen(path, "w");
	if (!f)
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	fclose(f);
	Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
	{"fopen_read", cread_fopen, METH_VARARGS, NULL},
	{"open_read", cread_open, METH_VARARGS, NULL},
	{"fopen_write", cread_write, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "treepkg._cread", NULL, -1, methods};

PyMODINIT_FUNC PyInit__cread(void)
{
	return PyModule_Create(&module);
}
