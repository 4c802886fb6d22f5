/* The archive importer: the built-in module `_slither`, whose Importer
 * finds modules in the archive linked into the binary by one binary search
 * of its sorted index and loads them from memory (byte-code unmarshalled in
 * place, C extensions through the table of statically linked init
 * functions), and whose path hook answers for every path under the
 * archive's virtual root, so that such a path is never looked up on disk.
 *
 *   sys.meta_path:  BuiltinImporter, FrozenImporter, Importer, PathFinder
 *   sys.path_hooks: path_hook, zipimporter, FileFinder
 *
 * The Importer answers by full dotted name, whatever the `path` it is
 * given: the archive holds one module per name.  Namespace packages are the
 * exception: it declines them, and the PathFinder assembles them from the
 * portions the EntryFinders (for paths under the root) and FileFinders (for
 * SLITHER_PATH directories) report, so a plugin directory can add to a
 * namespace package of the app, as with python3.
 *
 * Its parts (importer.h): a module's code comes from code.c, data files and
 * io.open_code from files.c, importlib.resources' Traversable from
 * resources.c, C extensions from extension.c; the module's hooks are
 * hooks.c's, and the message of an import nothing found is notfound.c's. */
#include "runtime/importer.h"

#include <string.h>

#include <structmember.h>

struct sl_archive sl_runtime_archive;

/* Set up by sl_importer_install(); the runtime serves one interpreter. */
static PyObject *the_importer;		/* the Importer on sys.meta_path */
static PyObject *module_spec;		/* importlib's ModuleSpec class */
static PyObject *frames_removed;	/* importlib's _call_with_frames_removed */
static PyObject *builtin_exec;		/* builtins.exec */
static PyObject *path_hook;		/* _slither.path_hook */
static PyObject *create_ext, *exec_ext;	/* _slither._create_extension, ... */
static int open_code_set;		/* sl_open_code() is io.open_code's hook */

/* Attribute and keyword names, interned once as CPython's _Py_ID() are:
 * PyObject_GetAttrString() would make a new string per call (and per call
 * put a new one in the type attribute cache). */
#define IDS(X) X(__dict__) X(__file__) X(__loader__) X(__spec__) X(has_location) \
	X(is_package) X(linecache) X(loader) X(name) X(origin) X(submodule_search_locations)
#define X(n) PyObject *n;
static struct { IDS(X) } id;
#undef X

/* _slither.Importer: the meta-path finder and the loader of every module
 * in the archive. */
struct importer {
	PyObject_HEAD
	const struct sl_archive *archive;
	PyObject *root;		/* str: the virtual root, "/slither" */
};

/* _slither.EntryFinder: the path-entry finder for one directory under the
 * root, made by the path hook. */
struct entry_finder {
	PyObject_HEAD
	PyObject *path;		/* str: the path entry as given */
	PyObject *dir;		/* str: the same without trailing '/' */
};

static PyTypeObject importer_type, entry_finder_type;

/* --- helpers ----------------------------------------------------------- */

PyObject *sl_module_attr(const char *mod, const char *attr)
{
	PyObject *m = PyImport_ImportModule(mod), *v;

	if (!m)
		return NULL;
	v = PyObject_GetAttrString(m, attr);
	Py_DECREF(m);
	return v;
}

PyObject *sl_call_module_attr(const char *mod, const char *attr, PyObject *arg)
{
	PyObject *f = sl_module_attr(mod, attr), *r;

	if (!f)
		return NULL;
	r = PyObject_CallOneArg(f, arg);
	Py_DECREF(f);
	return r;
}

/* --- the archive, by name --------------------------------------------- */

/* Find module `name` (a str): 1 with `e` filled, 0 if the archive does not
 * hold it, -1 with an exception set.  "pkg.__init__" is package pkg's
 * __init__.py as a module of its own, as python3's path finder finds it in
 * the package's directory (numpy.distutils imports each file of a
 * directory it lists, __init__ among them). */
static int lookup(const struct sl_archive *a, PyObject *name, struct sl_entry *e)
{
	static const char init[] = ".__init__";
	const size_t n_init = sizeof init - 1;
	Py_ssize_t len;
	const char *s = PyUnicode_AsUTF8AndSize(name, &len);
	long i;

	if (!s) {
		/* a name with lone surrogates has no UTF-8 form: no archive holds it */
		if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
			return -1;
		PyErr_Clear();
		return 0;
	}
	i = sl_archive_find(a, s, (size_t)len);
	if (i >= 0) {
		sl_archive_get(a, (uint32_t)i, e);
		return 1;
	}
	if ((size_t)len <= n_init || memcmp(s + len - n_init, init, n_init))
		return 0;
	i = sl_archive_find(a, s, (size_t)len - n_init);
	if (i < 0)
		return 0;
	sl_archive_get(a, (uint32_t)i, e);
	if (e->kind != SL_KIND_PACKAGE)
		return 0;
	e->kind = SL_KIND_MODULE;
	return 1;
}

/* Whether `path` (a package's __path__) lists directory dir[0:len]: a
 * submodule is found only in its parent's __path__, as python3 finds it
 * (setuptools' distutils shim points distutils' at its own copy).  -1
 * with an exception set. */
static int in_search_path(PyObject *path, const char *dir, size_t len)
{
	PyObject *it = PyObject_GetIter(path), *item;
	int found = 0;

	if (!it)
		return -1;
	while (!found && (item = PyIter_Next(it))) {
		Py_ssize_t n;
		const char *s = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &n) : NULL;
		if (s)
			found = (size_t)n == len && !memcmp(s, dir, len);
		else
			PyErr_Clear();	/* not a str, or no UTF-8 form: not ours */
		Py_DECREF(item);
	}
	Py_DECREF(it);
	return PyErr_Occurred() ? -1 : found;
}

/* The directory whose path-entry finder finds entry `e`: the directory of
 * a module's file, or of a package's directory. */
static size_t location_len(const struct sl_entry *e)
{
	size_t n = sl_dir_len(e->path, e->path_len);

	return e->kind == SL_KIND_PACKAGE ? sl_dir_len(e->path, n) : n;
}

/* --- errors ------------------------------------------------------------ */

static PyObject *not_found(PyObject *name)
{
	PyObject *msg = PyUnicode_FromFormat("module %R is not in this binary's archive", name);

	if (msg) {
		PyErr_SetImportError(msg, name, NULL);
		Py_DECREF(msg);
	}
	return NULL;
}

/* --- specs ------------------------------------------------------------- */

/* importlib's ModuleSpec for `fullname` found as entry `e`, loaded by
 * `loader`: origin is the virtual path, which is also __file__ (has_location)
 * for modules, packages and extensions; a package searches its virtual
 * directory for submodules. */
static PyObject *make_spec(PyObject *loader, PyObject *fullname, const struct sl_entry *e)
{
	int is_pkg = e->kind == SL_KIND_PACKAGE;
	PyObject *origin, *args, *kw, *spec, *locations = NULL;

	origin = sl_decode(e->path, e->path_len);
	if (!origin)
		return NULL;
	args = PyTuple_Pack(2, fullname, loader);
	kw = Py_BuildValue("{OOOO}", id.origin, origin, id.is_package, is_pkg ? Py_True : Py_False);
	Py_DECREF(origin);
	spec = args && kw ? PyObject_Call(module_spec, args, kw) : NULL;
	Py_XDECREF(args);
	Py_XDECREF(kw);
	if (!spec)
		return NULL;
	if (e->path_len && PyObject_SetAttr(spec, id.has_location, Py_True) < 0)
		goto error;
	if (is_pkg) {
		locations = Py_BuildValue("[N]", sl_decode(e->path, sl_dir_len(e->path, e->path_len)));
		if (!locations || PyObject_SetAttr(spec, id.submodule_search_locations, locations) < 0)
			goto error;
		Py_DECREF(locations);
	}
	return spec;

error:
	Py_XDECREF(locations);
	Py_DECREF(spec);
	return NULL;
}

/* --- the Importer ------------------------------------------------------ */

/* The entry of `name` if it is __main__ run by runpy (`python -m` mode):
 * its __name__ is "__main__" but its entry has its real name, and linecache
 * asks a frame's loader for the source by __name__.  1 with `e` filled,
 * else 0. */
static int lookup_main(struct importer *self, PyObject *name, struct sl_entry *e)
{
	PyObject *mod, *spec = NULL, *loader = NULL, *real = NULL;
	int found = 0;

	if (PyUnicode_CompareWithASCIIString(name, "__main__"))
		return 0;
	mod = PyImport_GetModule(name);
	if (mod)
		spec = PyObject_GetAttr(mod, id.__spec__);
	if (spec && spec != Py_None) {
		loader = PyObject_GetAttr(spec, id.loader);
		real = PyObject_GetAttr(spec, id.name);
		if (loader == (PyObject *)self && real && PyUnicode_Check(real))
			found = lookup(self->archive, real, e);
	}
	Py_XDECREF(mod);
	Py_XDECREF(spec);
	Py_XDECREF(loader);
	Py_XDECREF(real);
	if (found < 0 || PyErr_Occurred()) {
		/* an odd __main__ is no module of ours */
		PyErr_Clear();
		found = 0;
	}
	return found;
}

/* Look `fullname` up for a loader method (get_code, get_source, ...):
 * 0 with `e` filled, or -1 with an exception (ImportError if the archive
 * does not hold it). */
static int lookup_for_loader(struct importer *self, PyObject *fullname, struct sl_entry *e)
{
	int found;

	if (!PyUnicode_Check(fullname)) {
		PyErr_Format(PyExc_TypeError, "module name must be str, not %.100s",
		             Py_TYPE(fullname)->tp_name);
		return -1;
	}
	found = lookup(self->archive, fullname, e);
	if (!found)
		found = lookup_main(self, fullname, e);
	if (!found)
		not_found(fullname);
	return found > 0 ? 0 : -1;
}

static PyObject *importer_find_spec(struct importer *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"fullname", "path", "target", NULL};
	PyObject *fullname, *path = Py_None, *target = Py_None;
	struct sl_entry e;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "U|OO:find_spec", kwlist, &fullname, &path,
	                                 &target))
		return NULL;
	switch (lookup(self->archive, fullname, &e)) {
	case -1:
		return NULL;
	case 0:
		Py_RETURN_NONE;
	}
	if (path != Py_None) {
		switch (in_search_path(path, e.path, location_len(&e))) {
		case -1:
			return NULL;
		case 0:
			Py_RETURN_NONE;
		}
	}
	switch (e.kind) {
	case SL_KIND_MODULE:
	case SL_KIND_PACKAGE:
	case SL_KIND_EXTENSION:
		return make_spec((PyObject *)self, fullname, &e);
	default:
		/* namespace packages: see the top of this file */
		Py_RETURN_NONE;
	}
}

/* The entry that `spec` (a ModuleSpec) stands for, by spec.name: that name
 * (a new reference) with `e` filled, or NULL with an exception. */
static PyObject *spec_entry(struct importer *self, PyObject *spec, struct sl_entry *e)
{
	PyObject *name = PyObject_GetAttr(spec, id.name);
	int found;

	if (!name)
		return NULL;
	if (!PyUnicode_Check(name)) {
		PyErr_SetString(PyExc_TypeError, "spec.name must be a string");
		Py_DECREF(name);
		return NULL;
	}
	found = lookup(self->archive, name, e);
	if (!found)
		not_found(name);
	if (found <= 0)
		Py_CLEAR(name);
	return name;
}

static PyObject *importer_create_module(struct importer *self, PyObject *spec)
{
	struct sl_entry e;
	PyObject *name = spec_entry(self, spec, &e);

	if (!name)
		return NULL;
	Py_DECREF(name);
	if (e.kind != SL_KIND_EXTENSION)
		Py_RETURN_NONE;	/* importlib's default module object */
	return PyObject_CallFunctionObjArgs(frames_removed, create_ext, spec, NULL);
}

/* Seed linecache with the module whose namespace is `globals`: the
 * public linecache.lazycache(filename, globals) records that the lines of
 * its __file__ come from its __loader__'s get_source().  Tracebacks do this
 * for each frame themselves, but warnings (CPython's _warnings calls
 * linecache.getline(filename, lineno) with no globals), inspect and
 * pdb find a file that is not on disk only this way.  Only once linecache
 * is loaded: when it gets loaded, every module of ours already loaded is
 * seeded (seed_loaded()).  Failures are not the import's business. */
static void seed_linecache(PyObject *linecache, PyObject *globals)
{
	PyObject *file = PyDict_GetItemWithError(globals, id.__file__), *r = NULL;

	if (file && PyUnicode_Check(file))
		r = PyObject_CallMethod(linecache, "lazycache", "OO", file, globals);
	Py_XDECREF(r);
	PyErr_Clear();
}

static void seed_loaded(struct importer *self, PyObject *linecache)
{
	PyObject *modules = PySys_GetObject("modules"), *values, *dict, *loader;
	Py_ssize_t i;

	values = modules && PyDict_Check(modules) ? PyDict_Values(modules) : NULL;
	for (i = 0; values && i < PyList_GET_SIZE(values); i++) {
		dict = PyObject_GetAttr(PyList_GET_ITEM(values, i), id.__dict__);
		loader = dict && PyDict_Check(dict) ? PyDict_GetItemWithError(dict, id.__loader__)
		                                    : NULL;
		if (loader == (PyObject *)self)
			seed_linecache(linecache, dict);
		Py_XDECREF(dict);
		PyErr_Clear();
	}
	Py_XDECREF(values);
	PyErr_Clear();
}

/* Run the module's code in its namespace.  As importlib's own loaders do,
 * through _call_with_frames_removed: CPython trims the importlib frames
 * that lead to it from the traceback of an error in the module. */
static PyObject *importer_exec_module(struct importer *self, PyObject *module)
{
	PyObject *spec, *name, *code, *dict, *linecache, *r;
	struct sl_entry e;

	spec = PyObject_GetAttr(module, id.__spec__);
	if (!spec)
		return NULL;
	name = spec_entry(self, spec, &e);
	Py_DECREF(spec);
	if (!name)
		return NULL;
	if (e.kind == SL_KIND_EXTENSION) {
		Py_DECREF(name);
		return PyObject_CallFunctionObjArgs(frames_removed, exec_ext, module, NULL);
	}
	if (e.kind != SL_KIND_MODULE && e.kind != SL_KIND_PACKAGE) {
		Py_DECREF(name);
		Py_RETURN_NONE;
	}
	code = sl_entry_code(name, &e);
	if (!code) {
		Py_DECREF(name);
		return NULL;
	}
	dict = PyObject_GetAttr(module, id.__dict__);
	if (dict && PyDict_Check(dict)) {
		linecache = PyImport_GetModule(id.linecache);
		if (linecache)
			seed_linecache(linecache, dict);
		Py_XDECREF(linecache);
		PyErr_Clear();	/* no error is pending here but GetModule's */
	}
	r = dict ? PyObject_CallFunctionObjArgs(frames_removed, builtin_exec, code, dict, NULL) : NULL;
	if (r && PyUnicode_Compare(name, id.linecache) == 0)
		seed_loaded(self, module);
	Py_XDECREF(dict);
	Py_XDECREF(code);
	Py_DECREF(name);
	return r;
}

static PyObject *importer_get_code(struct importer *self, PyObject *fullname)
{
	struct sl_entry e;

	if (lookup_for_loader(self, fullname, &e) < 0)
		return NULL;
	if (e.kind != SL_KIND_MODULE && e.kind != SL_KIND_PACKAGE)
		Py_RETURN_NONE;	/* as importlib's loaders for extensions do */
	return sl_entry_code(fullname, &e);
}

/* The embedded source, decoded as importlib decodes a .py file (coding
 * cookie, universal newlines), or None when it was built without sources. */
static PyObject *importer_get_source(struct importer *self, PyObject *fullname)
{
	PyObject *bytes, *text;
	struct sl_entry e;

	if (lookup_for_loader(self, fullname, &e) < 0)
		return NULL;
	if (!e.src && e.kind != SL_KIND_EXTENSION && sl_has_sources(self->archive))
		return PyUnicode_FromString("");	/* an empty file */
	if (!e.src)
		Py_RETURN_NONE;
	if (sl_archive_source_verify(&e) != SL_ARCHIVE_OK)
		return sl_corrupted(fullname, &e);
	bytes = PyBytes_FromStringAndSize((const char *)e.src, (Py_ssize_t)e.src_len);
	if (!bytes)
		return NULL;
	text = sl_call_module_attr("_frozen_importlib_external", "decode_source", bytes);
	Py_DECREF(bytes);
	return text;
}

static PyObject *importer_is_package(struct importer *self, PyObject *fullname)
{
	struct sl_entry e;

	if (lookup_for_loader(self, fullname, &e) < 0)
		return NULL;
	return PyBool_FromLong(e.kind == SL_KIND_PACKAGE || e.kind == SL_KIND_NAMESPACE);
}

static PyObject *importer_get_filename(struct importer *self, PyObject *fullname)
{
	struct sl_entry e;

	if (lookup_for_loader(self, fullname, &e) < 0)
		return NULL;
	if (e.kind != SL_KIND_MODULE && e.kind != SL_KIND_PACKAGE && e.kind != SL_KIND_EXTENSION)
		return not_found(fullname);
	return sl_decode(e.path, e.path_len);
}

static PyObject *importer_get_data(struct importer *self, PyObject *arg)
{
	PyObject *path = PyOS_FSPath(arg), *r;

	if (path && PyBytes_Check(path))
		Py_SETREF(path, PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path),
		                                                 PyBytes_GET_SIZE(path)));
	if (!path)
		return NULL;
	r = sl_data_bytes(path);
	Py_DECREF(path);
	return r;
}

/* importlib.resources' entry point: the reader of a package's data files,
 * which is the Resource of its directory (its files() is itself). */
static PyObject *importer_get_resource_reader(struct importer *self, PyObject *fullname)
{
	PyObject *dir, *r;
	struct sl_entry e;

	if (lookup_for_loader(self, fullname, &e) < 0)
		return NULL;
	if (e.kind != SL_KIND_PACKAGE)
		Py_RETURN_NONE;
	dir = sl_decode(e.path, sl_dir_len(e.path, e.path_len));
	if (!dir)
		return NULL;
	r = sl_resource_new(dir);
	Py_DECREF(dir);
	return r;
}

static PyObject *importer_invalidate_caches(struct importer *self, PyObject *unused)
{
	Py_RETURN_NONE;	/* the archive never changes */
}

static PyObject *importer_repr(struct importer *self)
{
	return PyUnicode_FromFormat("<_slither.Importer for %R>", self->root);
}

static void importer_dealloc(struct importer *self)
{
	Py_XDECREF(self->root);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef importer_methods[] = {
	{"find_spec", (PyCFunction)(void (*)(void))importer_find_spec, METH_VARARGS | METH_KEYWORDS,
	 "find_spec(fullname, path=None, target=None)\n--\n\n"
	 "The spec of module fullname if the archive holds it, else None."},
	{"create_module", (PyCFunction)importer_create_module, METH_O,
	 "create_module(spec)\n--\n\nThe module of a C extension; None for Python modules."},
	{"exec_module", (PyCFunction)importer_exec_module, METH_O,
	 "exec_module(module)\n--\n\nRun the module's embedded code in its namespace."},
	{"get_code", (PyCFunction)importer_get_code, METH_O,
	 "get_code(fullname)\n--\n\nThe module's code object (None for C extensions)."},
	{"get_source", (PyCFunction)importer_get_source, METH_O,
	 "get_source(fullname)\n--\n\nThe module's embedded source, or None."},
	{"is_package", (PyCFunction)importer_is_package, METH_O,
	 "is_package(fullname)\n--\n\nWhether the module is a package."},
	{"get_filename", (PyCFunction)importer_get_filename, METH_O,
	 "get_filename(fullname)\n--\n\nThe module's virtual path, its __file__."},
	{"get_data", (PyCFunction)importer_get_data, METH_O,
	 "get_data(path)\n--\n\nThe bytes of the embedded data file at a virtual path."},
	{"get_resource_reader", (PyCFunction)importer_get_resource_reader, METH_O,
	 "get_resource_reader(fullname)\n--\n\n"
	 "The reader of a package's embedded data files (importlib.resources)."},
	{"invalidate_caches", (PyCFunction)importer_invalidate_caches, METH_NOARGS,
	 "invalidate_caches()\n--\n\nNothing to do: the archive is constant."},
	{NULL, NULL, 0, NULL},
};

static PyTypeObject importer_type = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "_slither.Importer",
	.tp_basicsize = sizeof(struct importer),
	.tp_dealloc = (destructor)importer_dealloc,
	.tp_repr = (reprfunc)importer_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
	.tp_doc = "Finder and loader of the modules in the archive linked into this binary.",
	.tp_methods = importer_methods,
};

/* --- path-entry finders ------------------------------------------------ */

/* PathFinder's protocol: find_spec(fullname, target=None) finds fullname
 * only if it lives directly in this finder's directory. */
static PyObject *finder_find_spec(struct entry_finder *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"fullname", "target", NULL};
	PyObject *fullname, *target = Py_None, *spec, *locations;
	const char *dir;
	Py_ssize_t dir_n;
	struct sl_entry e;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "U|O:find_spec", kwlist, &fullname, &target))
		return NULL;
	dir = PyUnicode_AsUTF8AndSize(self->dir, &dir_n);
	if (!dir)
		return NULL;
	switch (lookup(&sl_runtime_archive, fullname, &e)) {
	case -1:
		return NULL;
	case 0:
		Py_RETURN_NONE;
	}
	if (e.kind == SL_KIND_DATA || location_len(&e) != (size_t)dir_n ||
	    memcmp(e.path, dir, (size_t)dir_n) || !the_importer)
		Py_RETURN_NONE;
	if (e.kind != SL_KIND_NAMESPACE)
		return make_spec(the_importer, fullname, &e);
	/* a namespace portion, as FileFinder reports one: no loader, and the
	 * directory for the PathFinder to add to the package's __path__ */
	spec = PyObject_CallFunctionObjArgs(module_spec, fullname, Py_None, NULL);
	if (!spec)
		return NULL;
	locations = Py_BuildValue("[N]", sl_decode(e.path, e.path_len));
	if (!locations || PyObject_SetAttr(spec, id.submodule_search_locations, locations) < 0)
		Py_CLEAR(spec);
	Py_XDECREF(locations);
	return spec;
}

/* pkgutil.iter_modules() support: (name, ispkg) for each module directly in
 * this directory.  A scan of the whole index, but only when asked to list. */
static PyObject *finder_iter_modules(struct entry_finder *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"prefix", NULL};
	const struct sl_archive *a = &sl_runtime_archive;
	PyObject *prefix = NULL, *list, *item;
	const char *dir;
	Py_ssize_t dir_n;
	uint32_t i;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "|U:iter_modules", kwlist, &prefix))
		return NULL;
	dir = PyUnicode_AsUTF8AndSize(self->dir, &dir_n);
	if (!dir)
		return NULL;
	list = PyList_New(0);
	if (!list)
		return NULL;
	for (i = 0; i < a->count; i++) {
		struct sl_entry e;
		const char *tail;

		sl_archive_get(a, i, &e);
		if (e.kind == SL_KIND_DATA || location_len(&e) != (size_t)dir_n ||
		    memcmp(e.path, dir, (size_t)dir_n))
			continue;
		tail = strrchr(e.name, '.');
		tail = tail ? tail + 1 : e.name;
		item = Py_BuildValue("(NO)",
		                     prefix ? PyUnicode_FromFormat("%U%s", prefix, tail)
		                            : sl_decode(tail, strlen(tail)),
		                     e.kind == SL_KIND_PACKAGE || e.kind == SL_KIND_NAMESPACE
		                     ? Py_True : Py_False);
		if (!item || PyList_Append(list, item) < 0) {
			Py_XDECREF(item);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(item);
	}
	return list;
}

static PyObject *finder_invalidate_caches(struct entry_finder *self, PyObject *unused)
{
	Py_RETURN_NONE;
}

static PyObject *finder_repr(struct entry_finder *self)
{
	return PyUnicode_FromFormat("_slither.EntryFinder(%R)", self->path);
}

static void finder_dealloc(struct entry_finder *self)
{
	Py_XDECREF(self->path);
	Py_XDECREF(self->dir);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef finder_methods[] = {
	{"find_spec", (PyCFunction)(void (*)(void))finder_find_spec, METH_VARARGS | METH_KEYWORDS,
	 "find_spec(fullname, target=None)\n--\n\n"
	 "The spec of module fullname if the archive holds it in this directory."},
	{"iter_modules", (PyCFunction)(void (*)(void))finder_iter_modules,
	 METH_VARARGS | METH_KEYWORDS,
	 "iter_modules(prefix='')\n--\n\n(name, ispkg) for each module in this directory."},
	{"invalidate_caches", (PyCFunction)finder_invalidate_caches, METH_NOARGS,
	 "invalidate_caches()\n--\n\nNothing to do: the archive is constant."},
	{NULL, NULL, 0, NULL},
};

static PyMemberDef finder_members[] = {
	{"path", T_OBJECT, offsetof(struct entry_finder, path), READONLY,
	 "The path entry this finder serves."},
	{NULL, 0, 0, 0, NULL},
};

static PyTypeObject entry_finder_type = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "_slither.EntryFinder",
	.tp_basicsize = sizeof(struct entry_finder),
	.tp_dealloc = (destructor)finder_dealloc,
	.tp_repr = (reprfunc)finder_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
	.tp_doc = "Path-entry finder for a directory under the archive's virtual root.",
	.tp_methods = finder_methods,
	.tp_members = finder_members,
};

/* sys.path_hooks entry: a finder for a path under the root; ImportError
 * (the protocol's "not mine") for any other, which then goes to the
 * zipimport and FileFinder hooks and so to the disk. */
static PyObject *slither_path_hook(PyObject *module, PyObject *path)
{
	const struct sl_archive *a = &sl_runtime_archive;
	struct entry_finder *f;
	const char *p = NULL;
	Py_ssize_t len = 0;

	if (PyUnicode_Check(path))
		p = PyUnicode_AsUTF8AndSize(path, &len);
	if (!p || !sl_under_root(a, p, (size_t)len)) {
		PyErr_Clear();
		PyErr_SetString(PyExc_ImportError, "not under the archive's root");
		return NULL;
	}
	/* an embedded module's file is no directory to search, here or on
	 * disk: no finder (runpy.run_path then reads it with io.open_code) */
	if (sl_find_code_file(a, p, (size_t)len) >= 0)
		Py_RETURN_NONE;
	/* nor is a data file: a zip archive (an egg, a zipped package) goes
	 * on to the zipimport hook, which reads it through the file tree
	 * (vfs.c), as python3 reads one on disk */
	if (sl_find_data(a, p, (size_t)len) >= 0) {
		PyErr_SetString(PyExc_ImportError, "an embedded data file, not a directory");
		return NULL;
	}
	f = PyObject_New(struct entry_finder, &entry_finder_type);
	if (!f)
		return NULL;
	Py_INCREF(path);
	f->path = path;
	while (len > (Py_ssize_t)a->root_len && p[len - 1] == '/')
		len--;
	f->dir = PyUnicode_FromStringAndSize(p, len);
	if (!f->dir) {
		Py_DECREF(f);
		return NULL;
	}
	return (PyObject *)f;
}

/* --- the module and its installation ----------------------------------- */

static PyMethodDef slither_methods[] = {
	{"path_hook", (PyCFunction)slither_path_hook, METH_O,
	 "path_hook(path)\n--\n\nsys.path_hooks entry for paths under the archive's root."},
	{"excepthook", (PyCFunction)sl_excepthook, METH_VARARGS,
	 "excepthook(type, value, traceback)\n--\n\n"
	 "Print a traceback with the source lines of embedded modules."},
	{"unraisablehook", (PyCFunction)sl_unraisablehook, METH_O,
	 "unraisablehook(unraisable)\n--\n\n"
	 "Report an exception that cannot be raised, with the source lines of embedded modules."},
	{"_create_extension", (PyCFunction)sl_extension_create, METH_O, NULL},
	{"_exec_extension", (PyCFunction)sl_extension_exec, METH_O, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef slither_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "_slither",
	.m_doc = "The importer of the archive linked into this slither binary.",
	.m_size = -1,
	.m_methods = slither_methods,
};

PyObject *sl_importer_module_init(void)
{
	PyObject *m;

	if (PyType_Ready(&importer_type) < 0 || PyType_Ready(&entry_finder_type) < 0 ||
	    PyType_Ready(&sl_resource_type) < 0)
		return NULL;
	m = PyModule_Create(&slither_module);
	if (!m)
		return NULL;
	if (PyModule_AddObjectRef(m, "Importer", (PyObject *)&importer_type) < 0 ||
	    PyModule_AddObjectRef(m, "EntryFinder", (PyObject *)&entry_finder_type) < 0 ||
	    PyModule_AddObjectRef(m, "Resource", (PyObject *)&sl_resource_type) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}

/* Insert `importer` in sys.meta_path just before the PathFinder, or at the
 * end while there is none yet: in the core interpreter, importlib's external
 * part, which appends the PathFinder, is not installed. */
static int insert_meta_path(PyObject *importer)
{
	PyObject *meta_path = PySys_GetObject("meta_path");
	PyObject *external, *path_finder = NULL;
	Py_ssize_t i, n;

	if (!meta_path || !PyList_Check(meta_path)) {
		PyErr_SetString(PyExc_RuntimeError, "sys.meta_path is missing or not a list");
		return -1;
	}
	external = PyDict_GetItemString(PyImport_GetModuleDict(), "_frozen_importlib_external");
	if (external) {
		path_finder = PyObject_GetAttrString(external, "PathFinder");
		if (!path_finder)
			return -1;
	}
	n = PyList_GET_SIZE(meta_path);
	for (i = 0; i < n; i++)
		if (PyList_GET_ITEM(meta_path, i) == path_finder)
			break;
	Py_XDECREF(path_finder);
	return PyList_Insert(meta_path, i, importer);
}

static int intern_ids(void)
{
#define X(n) if (!(id.n = PyUnicode_InternFromString(#n))) return -1;
	IDS(X)
#undef X
	return 0;
}

static void forget_importlib(void)
{
#define X(n) Py_CLEAR(id.n);
	IDS(X)
#undef X
	Py_CLEAR(the_importer);
	Py_CLEAR(module_spec);
	Py_CLEAR(frames_removed);
	Py_CLEAR(builtin_exec);
	Py_CLEAR(path_hook);
	Py_CLEAR(create_ext);
	Py_CLEAR(exec_ext);
}

int sl_importer_install(void)
{
	const struct sl_archive *a = &sl_runtime_archive;
	PyObject *mod = NULL, *path_hooks;
	struct importer *imp;

	if (the_importer) {
		PyErr_SetString(PyExc_RuntimeError, "the slither importer is already installed");
		return -1;
	}
	if (intern_ids() < 0)
		goto error;
	module_spec = sl_module_attr("_frozen_importlib", "ModuleSpec");
	frames_removed = sl_module_attr("_frozen_importlib", "_call_with_frames_removed");
	builtin_exec = sl_module_attr("builtins", "exec");
	mod = PyImport_ImportModule("_slither");
	if (!module_spec || !frames_removed || !builtin_exec || !mod)
		goto error;
	path_hook = PyObject_GetAttrString(mod, "path_hook");
	create_ext = PyObject_GetAttrString(mod, "_create_extension");
	exec_ext = PyObject_GetAttrString(mod, "_exec_extension");
	Py_CLEAR(mod);
	if (!path_hook || !create_ext || !exec_ext)
		goto error;

	imp = PyObject_New(struct importer, &importer_type);
	if (!imp)
		goto error;
	imp->archive = a;
	imp->root = sl_decode(a->root, a->root_len);
	the_importer = (PyObject *)imp;
	if (!imp->root || insert_meta_path(the_importer) < 0)
		goto error;
	path_hooks = PySys_GetObject("path_hooks");
	if (!path_hooks || !PyList_Check(path_hooks)) {
		PyErr_SetString(PyExc_RuntimeError, "sys.path_hooks is missing or not a list");
		goto error;
	}
	if (PyList_Insert(path_hooks, 0, path_hook) < 0)
		goto error;
	/* once per process: a second interpreter keeps the first's hook */
	if (!open_code_set) {
		if (PyFile_SetOpenCodeHook(sl_open_code, NULL) < 0)
			goto error;
		open_code_set = 1;
	}
	if (sl_notfound_install() < 0)
		goto error;
	return 0;

error:
	Py_XDECREF(mod);
	forget_importlib();
	return -1;
}

/* Put our path hook first again and drop whatever other finder was cached
 * for a path under the root during initialisation. */
static int reclaim_root_paths(void)
{
	PyObject *hooks = PySys_GetObject("path_hooks");
	PyObject *cache = PySys_GetObject("path_importer_cache");
	PyObject *keys;
	Py_ssize_t i, n;

	if (!hooks || !PyList_Check(hooks) || !cache || !PyDict_Check(cache)) {
		PyErr_SetString(PyExc_RuntimeError,
		                "sys.path_hooks or sys.path_importer_cache is missing");
		return -1;
	}
	i = PySequence_Index(hooks, path_hook);
	if (i < 0)
		PyErr_Clear();
	else if (PySequence_DelItem(hooks, i) < 0)
		return -1;
	if (PyList_Insert(hooks, 0, path_hook) < 0)
		return -1;

	keys = PyDict_Keys(cache);
	if (!keys)
		return -1;
	n = PyList_GET_SIZE(keys);
	for (i = 0; i < n; i++) {
		PyObject *key = PyList_GET_ITEM(keys, i), *finder;
		const char *p;
		Py_ssize_t len;

		if (!PyUnicode_Check(key))
			continue;
		p = PyUnicode_AsUTF8AndSize(key, &len);
		if (!p) {
			PyErr_Clear();
			continue;
		}
		finder = PyDict_GetItemWithError(cache, key);
		if (!finder && PyErr_Occurred())
			goto error;
		if (finder && !Py_IS_TYPE(finder, &entry_finder_type) &&
		    sl_under_root(&sl_runtime_archive, p, (size_t)len) && PyDict_DelItem(cache, key) < 0)
			goto error;
	}
	Py_DECREF(keys);
	return 0;

error:
	Py_DECREF(keys);
	return -1;
}

int sl_importer_after_init(void)
{
	if (!the_importer) {
		PyErr_SetString(PyExc_RuntimeError, "the slither importer is not installed");
		return -1;
	}
	return reclaim_root_paths();
}

PyObject *sl_importer_get(void)
{
	return the_importer;
}
