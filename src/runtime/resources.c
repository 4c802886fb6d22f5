/* importlib.resources for embedded data files: _slither.Resource, the
 * Traversable of a virtual path under the root (a data file, or a
 * directory holding any entry), which is also a package's resource reader
 * (its files() is itself).  Reading goes through files.c; only listing a
 * directory scans the archive's index. */
#include "runtime/importer.h"

#include <string.h>

/* _slither.Resource */
struct resource {
	PyObject_HEAD
	PyObject *path;		/* str: the virtual path, without trailing '/' */
};

/* A Resource for `path` (a str under the root, without trailing '/'). */
PyObject *sl_resource_new(PyObject *path)
{
	struct resource *r = PyObject_New(struct resource, &sl_resource_type);

	if (!r)
		return NULL;
	Py_INCREF(path);
	r->path = path;
	return (PyObject *)r;
}

/* Call fn(name, is_dir) for each entry of the directory at this path: data
 * files, and sub-directories holding any entry (module files are not
 * resources).  A scan of the whole index: only listing needs it.  Stops at
 * the first non-zero return and returns it. */
static int resource_walk(struct resource *self, int (*fn)(const char *, size_t, int, void *),
                         void *arg)
{
	const struct sl_archive *a = &sl_runtime_archive;
	Py_ssize_t len;
	const char *dir = PyUnicode_AsUTF8AndSize(self->path, &len);
	uint32_t i;
	int rc;

	if (!dir)
		return -1;
	for (i = 0; i < a->count; i++) {
		struct sl_entry e;
		const char *child, *slash;
		size_t n;

		sl_archive_get(a, i, &e);
		if (e.path_len <= (size_t)len + 1 || memcmp(e.path, dir, (size_t)len) ||
		    e.path[len] != '/')
			continue;
		child = e.path + len + 1;
		n = e.path_len - (size_t)len - 1;
		slash = memchr(child, '/', n);
		if (slash)
			rc = fn(child, (size_t)(slash - child), 1, arg);
		else if (e.kind == SL_KIND_DATA)
			rc = fn(child, n, 0, arg);
		else if (e.kind == SL_KIND_NAMESPACE)
			rc = fn(child, n, 1, arg);	/* its path is its directory */
		else
			continue;
		if (rc)
			return rc;
	}
	return 0;
}

static int found_any(const char *name, size_t n, int is_dir, void *arg)
{
	return 1;
}

/* iterdir()'s collector: the set of child paths. */
static int add_child(const char *name, size_t n, int is_dir, void *arg)
{
	PyObject **ctx = arg;	/* {set, parent path} */
	PyObject *tail = sl_decode(name, n), *child;
	int rc;

	if (!tail)
		return -1;
	child = PyUnicode_FromFormat("%U/%U", ctx[1], tail);
	Py_DECREF(tail);
	if (!child)
		return -1;
	rc = PySet_Add(ctx[0], child);
	Py_DECREF(child);
	return rc;
}

static PyObject *resource_is_file(struct resource *self, PyObject *unused)
{
	Py_ssize_t len;
	const char *p = PyUnicode_AsUTF8AndSize(self->path, &len);

	if (!p)
		return NULL;
	return PyBool_FromLong(sl_find_data(&sl_runtime_archive, p, (size_t)len) >= 0);
}

static PyObject *resource_is_dir(struct resource *self, PyObject *unused)
{
	int rc = resource_walk(self, found_any, NULL);

	return rc < 0 ? NULL : PyBool_FromLong(rc);
}

static PyObject *resource_iterdir(struct resource *self, PyObject *unused)
{
	PyObject *ctx[2] = {PySet_New(NULL), self->path}, *list, *it;
	Py_ssize_t i;

	if (!ctx[0])
		return NULL;
	if (resource_walk(self, add_child, ctx) < 0) {
		Py_DECREF(ctx[0]);
		return NULL;
	}
	list = PySequence_List(ctx[0]);
	Py_DECREF(ctx[0]);
	if (!list || PyList_Sort(list) < 0)
		goto error;
	for (i = 0; i < PyList_GET_SIZE(list); i++) {
		PyObject *r = sl_resource_new(PyList_GET_ITEM(list, i));

		if (!r)
			goto error;
		PyList_SetItem(list, i, r);
	}
	it = PyObject_GetIter(list);
	Py_DECREF(list);
	return it;

error:
	Py_XDECREF(list);
	return NULL;
}

/* joinpath(*descendants): '/'-separated names below this path; "" and "."
 * are skipped and ".." goes up, as far as the root. */
static PyObject *resource_joinpath(struct resource *self, PyObject *args)
{
	const struct sl_archive *a = &sl_runtime_archive;
	PyObject *parts, *sep, *joined = NULL, *r = NULL;
	Py_ssize_t i, n;

	sep = PyUnicode_FromString("/");
	parts = sep ? PyUnicode_Split(self->path, sep, -1) : NULL;
	if (!parts)
		goto out;
	for (i = 0; i < PyTuple_GET_SIZE(args); i++) {
		PyObject *arg = PyOS_FSPath(PyTuple_GET_ITEM(args, i)), *names;
		Py_ssize_t j;

		if (arg && !PyUnicode_Check(arg)) {
			PyErr_Format(PyExc_TypeError, "joinpath() arguments must be str, not %.100s",
			             Py_TYPE(arg)->tp_name);
			Py_CLEAR(arg);
		}
		names = arg ? PyUnicode_Split(arg, sep, -1) : NULL;
		Py_XDECREF(arg);
		if (!names)
			goto out;
		for (j = 0; j < PyList_GET_SIZE(names); j++) {
			PyObject *name = PyList_GET_ITEM(names, j);
			int rc = 0;

			if (!PyUnicode_GET_LENGTH(name) || !PyUnicode_CompareWithASCIIString(name, "."))
				continue;
			n = PyList_GET_SIZE(parts);
			if (PyUnicode_CompareWithASCIIString(name, ".."))
				rc = PyList_Append(parts, name);
			else if (n > 1)	/* never above the root */
				rc = PyList_SetSlice(parts, n - 1, n, NULL);
			if (rc < 0) {
				Py_DECREF(names);
				goto out;
			}
		}
		Py_DECREF(names);
	}
	joined = PyUnicode_Join(sep, parts);
	if (joined) {
		Py_ssize_t len;
		const char *p = PyUnicode_AsUTF8AndSize(joined, &len);

		if (p && !sl_under_root(a, p, (size_t)len))
			PyErr_Format(PyExc_ValueError, "%R leads outside the archive", joined);
		else if (p)
			r = sl_resource_new(joined);
	}
out:
	Py_XDECREF(sep);
	Py_XDECREF(parts);
	Py_XDECREF(joined);
	return r;
}

static PyObject *resource_truediv(PyObject *self, PyObject *other)
{
	PyObject *args, *r;

	if (!Py_IS_TYPE(self, &sl_resource_type))
		Py_RETURN_NOTIMPLEMENTED;
	args = PyTuple_Pack(1, other);
	if (!args)
		return NULL;
	r = resource_joinpath((struct resource *)self, args);
	Py_DECREF(args);
	return r;
}

/* open(mode='r', *args, **kwargs): a BytesIO of the data for 'rb', wrapped
 * in a TextIOWrapper(*args, **kwargs) for 'r', as zipfile.Path does. */
static PyObject *resource_open(struct resource *self, PyObject *args, PyObject *kw)
{
	PyObject *mode = NULL, *bytes, *raw, *first, *rest, *all, *wrapper, *r;
	int binary;

	if (PyTuple_GET_SIZE(args) > 0)
		mode = PyTuple_GET_ITEM(args, 0);
	if (mode && !PyUnicode_Check(mode)) {
		PyErr_SetString(PyExc_TypeError, "open() mode must be str");
		return NULL;
	}
	binary = mode && !PyUnicode_CompareWithASCIIString(mode, "rb");
	if (mode && !binary && PyUnicode_CompareWithASCIIString(mode, "r")) {
		PyErr_Format(PyExc_ValueError, "open() mode must be 'r' or 'rb', not %R", mode);
		return NULL;
	}
	if (binary && (PyTuple_GET_SIZE(args) > 1 || (kw && PyDict_GET_SIZE(kw)))) {
		PyErr_SetString(PyExc_ValueError, "binary mode takes no encoding arguments");
		return NULL;
	}
	bytes = sl_data_bytes(self->path);
	if (!bytes)
		return NULL;
	raw = sl_call_module_attr("io", "BytesIO", bytes);
	Py_DECREF(bytes);
	if (!raw || binary)
		return raw;
	/* TextIOWrapper(raw, *args[1:], **kw) */
	first = PyTuple_Pack(1, raw);
	rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
	all = first && rest ? PySequence_Concat(first, rest) : NULL;
	wrapper = all ? sl_module_attr("io", "TextIOWrapper") : NULL;
	r = wrapper ? PyObject_Call(wrapper, all, kw) : NULL;
	Py_XDECREF(first);
	Py_XDECREF(rest);
	Py_XDECREF(all);
	Py_XDECREF(wrapper);
	Py_DECREF(raw);
	return r;
}

static PyObject *resource_read_bytes(struct resource *self, PyObject *unused)
{
	return sl_data_bytes(self->path);
}

/* read_text(encoding=None, errors=None): the whole file, decoded as open()
 * decodes it. */
static PyObject *resource_read_text(struct resource *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"encoding", "errors", NULL};
	PyObject *encoding = Py_None, *errors = Py_None, *oargs, *okw, *f, *r = NULL;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "|OO:read_text", kwlist, &encoding, &errors))
		return NULL;
	oargs = Py_BuildValue("(s)", "r");
	okw = Py_BuildValue("{sOsO}", "encoding", encoding, "errors", errors);
	f = oargs && okw ? resource_open(self, oargs, okw) : NULL;
	if (f) {
		r = PyObject_CallMethod(f, "read", NULL);
		Py_DECREF(f);
	}
	Py_XDECREF(oargs);
	Py_XDECREF(okw);
	return r;
}

/* As a package's resource reader: the Traversable of its files. */
static PyObject *resource_files(PyObject *self, PyObject *unused)
{
	return Py_NewRef(self);
}

static PyObject *resource_get_name(struct resource *self, void *closure)
{
	Py_ssize_t n = PyUnicode_GET_LENGTH(self->path);
	Py_ssize_t slash = PyUnicode_FindChar(self->path, '/', 0, n, -1);

	if (slash < -1)
		return NULL;
	return PyUnicode_Substring(self->path, slash + 1, n);
}

static PyObject *resource_repr(struct resource *self)
{
	return PyUnicode_FromFormat("_slither.Resource(%R)", self->path);
}

static PyObject *resource_str(struct resource *self)
{
	return Py_NewRef(self->path);
}

static void resource_dealloc(struct resource *self)
{
	Py_XDECREF(self->path);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef resource_methods[] = {
	{"open", (PyCFunction)(void (*)(void))resource_open, METH_VARARGS | METH_KEYWORDS,
	 "open(mode='r', *args, **kwargs)\n--\n\n"
	 "The data file for reading: binary for 'rb', else a TextIOWrapper(*args, **kwargs)."},
	{"read_bytes", (PyCFunction)resource_read_bytes, METH_NOARGS,
	 "read_bytes()\n--\n\nThe data file's bytes."},
	{"read_text", (PyCFunction)(void (*)(void))resource_read_text, METH_VARARGS | METH_KEYWORDS,
	 "read_text(encoding=None, errors=None)\n--\n\nThe data file's text."},
	{"is_file", (PyCFunction)resource_is_file, METH_NOARGS,
	 "is_file()\n--\n\nWhether this is an embedded data file."},
	{"is_dir", (PyCFunction)resource_is_dir, METH_NOARGS,
	 "is_dir()\n--\n\nWhether anything is embedded below this path."},
	{"iterdir", (PyCFunction)resource_iterdir, METH_NOARGS,
	 "iterdir()\n--\n\nThe data files and directories directly below this path."},
	{"joinpath", (PyCFunction)resource_joinpath, METH_VARARGS,
	 "joinpath(*descendants)\n--\n\nThe resource at a path relative to this one."},
	{"files", (PyCFunction)resource_files, METH_NOARGS,
	 "files()\n--\n\nThis directory: a package's reader is its directory."},
	{NULL, NULL, 0, NULL},
};

static PyGetSetDef resource_getset[] = {
	{"name", (getter)resource_get_name, NULL, "The last component of the path.", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

static PyNumberMethods resource_as_number = {
	.nb_true_divide = resource_truediv,
};

PyTypeObject sl_resource_type = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "_slither.Resource",
	.tp_basicsize = sizeof(struct resource),
	.tp_dealloc = (destructor)resource_dealloc,
	.tp_repr = (reprfunc)resource_repr,
	.tp_str = (reprfunc)resource_str,
	.tp_as_number = &resource_as_number,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
	.tp_doc = "An embedded data file or directory, as importlib.resources' Traversable.",
	.tp_methods = resource_methods,
	.tp_getset = resource_getset,
};
