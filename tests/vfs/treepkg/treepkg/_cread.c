/* Fixture: C code that reads a file beside its module, as scientific
 * packages read their tables: fopen/fread, and open/fstat/read; and that
 * lists a directory with opendir/readdir, or fdopendir of a descriptor. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dirent.h>
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

/* The entries of DIR stream `d` as a sorted list of (name, is a
 * directory), "." and ".." included, as a C loop over readdir sees them;
 * closes `d`. */
static PyObject *entries(DIR *d)
{
	PyObject *list = PyList_New(0);
	struct dirent *e;

	while (list && (e = readdir(d))) {
		PyObject *t = Py_BuildValue("(sO)", e->d_name, e->d_type == DT_DIR ? Py_True : Py_False);
		if (!t || PyList_Append(list, t) < 0)
			Py_CLEAR(list);
		Py_XDECREF(t);
	}
	closedir(d);
	if (list && PyList_Sort(list) < 0)
		Py_CLEAR(list);
	return list;
}

static PyObject *cread_readdir(PyObject *self, PyObject *args)
{
	const char *path;
	DIR *d;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	d = opendir(path);
	if (!d)
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	return entries(d);
}

/* fdopendir of a duplicate of descriptor `fd`, and fstatat relative to
 * the stream's dirfd: the listing, and the size of "table.json". */
static PyObject *cread_fdreaddir(PyObject *self, PyObject *args)
{
	struct stat st;
	int fd, dfd;
	DIR *d;

	if (!PyArg_ParseTuple(args, "i", &fd))
		return NULL;
	dfd = dup(fd);
	if (dfd < 0)
		return PyErr_SetFromErrno(PyExc_OSError);
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return PyErr_SetFromErrno(PyExc_OSError);
	}
	if (dirfd(d) != dfd || fstatat(dirfd(d), "table.json", &st, 0) < 0) {
		closedir(d);
		return PyErr_SetFromErrno(PyExc_OSError);
	}
	return Py_BuildValue("(nN)", (Py_ssize_t)st.st_size, entries(d));
}

/* open(dir, O_RDONLY | O_DIRECTORY), fstat, a read (EISDIR on a real
 * directory; nothing from the tree's), and the listing of fdopendir. */
static PyObject *cread_open_dir(PyObject *self, PyObject *args)
{
	const char *path;
	struct stat st;
	char c;
	int fd;
	DIR *d;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	if (read(fd, &c, 1) > 0) {
		close(fd);
		PyErr_Format(PyExc_AssertionError, "%s: read a byte from a directory", path);
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
	}
	return Py_BuildValue("(ON)", S_ISDIR(st.st_mode) ? Py_True : Py_False, entries(d));
}

static PyMethodDef methods[] = {
	{"fopen_read", cread_fopen, METH_VARARGS, NULL},
	{"open_read", cread_open, METH_VARARGS, NULL},
	{"fopen_write", cread_write, METH_VARARGS, NULL},
	{"readdir", cread_readdir, METH_VARARGS, NULL},
	{"fdreaddir", cread_fdreaddir, METH_VARARGS, NULL},
	{"open_dir", cread_open_dir, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "treepkg._cread", NULL, -1, methods};

PyMODINIT_FUNC PyInit__cread(void)
{
	return PyModule_Create(&module);
}
