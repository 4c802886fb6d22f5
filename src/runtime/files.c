/* The virtual files under the archive's root, by path: the data files
 * (pkgutil.get_data, importlib.resources) and the files of embedded
 * modules, which io.open_code() reads as their source (runpy.run_path,
 * hence multiprocessing's spawn, pdb, profile).  No path under the root is
 * ever looked up on disk. */
#include "runtime/importer.h"

#include <errno.h>
#include <string.h>

#include <marshal.h>

/* The index of the data entry named `name` (`n` bytes) if its virtual path
 * is `path`, else -1. */
static long data_entry(const struct sl_archive *a, const char *name, size_t n, const char *path,
                       size_t len)
{
	long i = sl_archive_find(a, name, n);
	struct sl_entry e;

	if (i < 0)
		return -1;
	sl_archive_get(a, (uint32_t)i, &e);
	if (e.kind != SL_KIND_DATA || e.path_len != len || memcmp(e.path, path, len))
		return -1;
	return i;
}

/* Find the data entry whose virtual path is `path` (UTF-8), or -1.  The
 * scanner names a data entry by its virtual path without the root
 * ("app/pkg/data/x.json"), the first name tried; archive.h's spelling is
 * the holding package's name and the file's path inside it
 * ("pkg.sub/data/x.json" or "pkg/sub/data/x.json").  Which directories of
 * `path` are the package is not known from the path alone, so each tail
 * of it ("app/pkg/sub/...", "pkg/sub/...", ...) is tried with each split
 * between package and file: a few dozen binary searches at most. */
long sl_find_data(const struct sl_archive *a, const char *path, size_t len)
{
	const char *end = path + len, *tail, *next;
	char *name, *slash, *later;
	long found = -1;

	if (!sl_under_root(a, path, len) || len == a->root_len)
		return -1;
	name = PyMem_Malloc(len);
	if (!name)
		return -1;
	for (tail = path + a->root_len + 1; found < 0; tail = next + 1) {
		size_t n = (size_t)(end - tail);

		next = memchr(tail, '/', n);
		if (!next)
			break;	/* a bare file name names no package */
		memcpy(name, tail, n);
		/* the package is the first directory of the tail, then the first
		 * two (their '/' turned into '.'), and so on */
		for (slash = name + (next - tail); found < 0; slash = later) {
			found = data_entry(a, name, n, path, len);
			later = memchr(slash + 1, '/', (size_t)(name + n - slash - 1));
			if (!later)
				break;
			*slash = '.';
		}
	}
	PyMem_Free(name);
	return found;
}

/* Find the module or package entry whose virtual file is `path` (UTF-8),
 * or -1: the main script (entry "__main__", "ROOT/app/NAME.py"), or the
 * module named by a tail of the path, '/' read as '.'
 * ("ROOT/app/pkg/mod.py": "app.pkg.mod", "pkg.mod", "mod"; a package by
 * its __init__.py), each checked against the entry's own path. */
long sl_find_code_file(const struct sl_archive *a, const char *path, size_t len)
{
	static const char init[] = "/__init__.py";
	const char *rel = path + a->root_len + 1;
	size_t n;
	char *name, *p;
	long i;
	struct sl_entry e;

	if (!sl_under_root(a, path, len) || len < a->root_len + 4 || memcmp(path + len - 3, ".py", 3))
		return -1;
	i = sl_archive_find(a, "__main__", 8);
	if (i >= 0) {
		sl_archive_get(a, (uint32_t)i, &e);
		if (e.path_len == len && !memcmp(e.path, path, len))
			return i;
	}
	n = (size_t)(path + len - rel) - 3;
	if (n + 3 >= sizeof(init) - 1 && !memcmp(rel + n + 3 - (sizeof(init) - 1), init,
	                                         sizeof(init) - 1))
		n -= sizeof(init) - 1 - 3;
	name = PyMem_Malloc(n + 1);
	if (!name)
		return -1;
	memcpy(name, rel, n);
	name[n] = '\0';
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	for (p = name, i = -1; p && i < 0; p = strchr(p, '.'), p = p ? p + 1 : NULL) {
		i = sl_archive_find(a, p, strlen(p));
		if (i < 0)
			continue;
		sl_archive_get(a, (uint32_t)i, &e);
		if ((e.kind != SL_KIND_MODULE && e.kind != SL_KIND_PACKAGE) || e.path_len != len ||
		    memcmp(e.path, path, len))
			i = -1;
	}
	PyMem_Free(name);
	return i;
}

/* Look up the str `path` with `find` (sl_find_data or sl_find_code_file) into
 * *index, -1 when not there: a path with no UTF-8 form (a lone surrogate)
 * names nothing in the archive.  -1 with an exception set on failure. */
static int find_path(const struct sl_archive *a, PyObject *path,
                     long (*find)(const struct sl_archive *, const char *, size_t),
                     long *index)
{
	Py_ssize_t len;
	const char *p = PyUnicode_AsUTF8AndSize(path, &len);

	*index = -1;
	if (p) {
		*index = find(a, p, (size_t)len);
		return 0;
	}
	if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
		return -1;
	PyErr_Clear();
	return 0;
}

/* The bytes of the data file at virtual path `path` (a str), or NULL with
 * FileNotFoundError; only paths under the root can name one. */
PyObject *sl_data_bytes(PyObject *path)
{
	const struct sl_archive *a = &sl_runtime_archive;
	struct sl_entry e;
	long i;

	if (find_path(a, path, sl_find_data, &i) < 0)
		return NULL;
	if (i < 0) {
		errno = ENOENT;
		return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
	}
	sl_archive_get(a, (uint32_t)i, &e);
	if (sl_archive_entry_verify(&e) != SL_ARCHIVE_OK)
		return sl_corrupted(path, &e);
	return PyBytes_FromStringAndSize((const char *)e.code, (Py_ssize_t)e.code_len);
}

/* io.open_code(path), the call that reads a file to run it as code (runpy's
 * run_path, as multiprocessing's spawn uses it to import the main script as
 * __mp_main__ in a worker; pdb, profile and trace): the file of an embedded
 * module is its embedded source, or, built with --no-source, a .pyc image
 * of its code (what runpy and pkgutil.read_code accept).  Any other path is
 * opened as CPython opens it without a hook, `_io.open(path, "rb")`. */
PyObject *sl_open_code(PyObject *path, void *unused)
{
	const struct sl_archive *a = &sl_runtime_archive;
	PyObject *bytes = NULL, *name, *code, *magic, *r;
	struct sl_entry e;
	long i;

	if (find_path(a, path, sl_find_code_file, &i) < 0)
		return NULL;
	if (i < 0) {
		PyObject *io = PyImport_ImportModule("_io");

		r = io ? PyObject_CallMethod(io, "open", "Os", path, "rb") : NULL;
		Py_XDECREF(io);
		return r;
	}
	sl_archive_get(a, (uint32_t)i, &e);
	if (e.src) {
		if (sl_archive_source_verify(&e) != SL_ARCHIVE_OK)
			return sl_corrupted(path, &e);
		bytes = PyBytes_FromStringAndSize((const char *)e.src, (Py_ssize_t)e.src_len);
	} else if (sl_has_sources(a)) {
		bytes = PyBytes_FromStringAndSize("", 0);	/* an empty file */
	} else if ((name = sl_decode(e.name, e.name_len))) {
		/* a .pyc: magic, 12 bytes of flags and date (none), the code */
		code = sl_entry_code(name, &e);
		magic = sl_module_attr("_frozen_importlib_external", "MAGIC_NUMBER");
		if (code && magic && PyBytes_Size(magic) == 4 &&
		    (bytes = PyBytes_FromStringAndSize(NULL, 16))) {
			PyObject *marshalled = PyMarshal_WriteObjectToString(code, Py_MARSHAL_VERSION);

			memset(PyBytes_AS_STRING(bytes), 0, 16);
			memcpy(PyBytes_AS_STRING(bytes), PyBytes_AS_STRING(magic), 4);
			if (marshalled)
				PyBytes_ConcatAndDel(&bytes, marshalled);
			else
				Py_CLEAR(bytes);
		}
		Py_XDECREF(magic);
		Py_XDECREF(code);
		Py_DECREF(name);
	}
	if (!bytes)
		return NULL;
	r = sl_call_module_attr("_io", "BytesIO", bytes);
	Py_DECREF(bytes);
	return r;
}
