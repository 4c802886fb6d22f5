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
 * namespace package of the app, as with python3. */
#include "runtime/runtime.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <marshal.h>
#include <structmember.h>

struct sl_archive sl_runtime_archive;

/* Set up by sl_importer_install(); the runtime serves one interpreter. */
static PyObject *the_importer;		/* the Importer on sys.meta_path */
static PyObject *module_spec;		/* importlib's ModuleSpec class */
static PyObject *frames_removed;	/* importlib's _call_with_frames_removed */
static PyObject *builtin_exec;		/* builtins.exec */
static PyObject *path_hook;		/* _slither.path_hook */
static PyObject *create_ext, *exec_ext;	/* _slither._create_extension, ... */
static PyObject *single_phase_done;	/* names of single-phase extensions initialised */
static int open_code_set;		/* open_code() is io.open_code's hook */
static int explain_missing;		/* sl_importer_explain_missing() was called */

/* Attribute and keyword names, interned once as CPython's _Py_ID() are:
 * PyObject_GetAttrString() would make a new string per call (and per call
 * put a new one in the type attribute cache). */
#define IDS(X) X(__dict__) X(__file__) X(__loader__) X(__spec__) X(file) X(has_location) \
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

/* _slither.Resource: importlib.resources' Traversable for a virtual path
 * under the root, and the resource reader of a package. */
struct resource {
	PyObject_HEAD
	PyObject *path;		/* str: the virtual path, without trailing '/' */
};

static PyTypeObject importer_type, entry_finder_type, resource_type;

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

/* module.attr(arg), `module` imported if need be. */
static PyObject *call_module_attr(const char *mod, const char *attr, PyObject *arg)
{
	PyObject *f = sl_module_attr(mod, attr), *r;

	if (!f)
		return NULL;
	r = PyObject_CallOneArg(f, arg);
	Py_DECREF(f);
	return r;
}

/* --- the archive, by name and by path --------------------------------- */

/* Find module `name` (a str): 1 with `e` filled, 0 if the archive does not
 * hold it, -1 with an exception set. */
static int lookup(const struct sl_archive *a, PyObject *name, struct sl_entry *e)
{
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
	if (i < 0)
		return 0;
	sl_archive_get(a, (uint32_t)i, e);
	return 1;
}

/* Length of the directory part of a '/'-separated path: everything before
 * its last '/' ("" for a path without one). */
static size_t dir_len(const char *path, size_t len)
{
	while (len > 0 && path[len - 1] != '/')
		len--;
	return len ? len - 1 : 0;
}

/* The directory whose path-entry finder finds entry `e`: the directory of
 * a module's file, or of a package's directory. */
static size_t location_len(const struct sl_entry *e)
{
	size_t n = dir_len(e->path, e->path_len);

	return e->kind == SL_KIND_PACKAGE ? dir_len(e->path, n) : n;
}

/* Whether the UTF-8 path `p` is the archive's root or lies under it. */
static int under_root(const struct sl_archive *a, const char *p, size_t len)
{
	return len >= a->root_len && !memcmp(p, a->root, a->root_len) &&
	       (len == a->root_len || p[a->root_len] == '/');
}

static PyObject *decode(const char *s, size_t len)
{
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "surrogateescape");
}

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
static long find_data(const struct sl_archive *a, const char *path, size_t len)
{
	const char *end = path + len, *tail, *next;
	char *name, *slash, *later;
	long found = -1;

	if (!under_root(a, path, len) || len == a->root_len)
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
static long find_code_file(const struct sl_archive *a, const char *path, size_t len)
{
	static const char init[] = "/__init__.py";
	const char *rel = path + a->root_len + 1;
	size_t n;
	char *name, *p;
	long i;
	struct sl_entry e;

	if (!under_root(a, path, len) || len < a->root_len + 4 || memcmp(path + len - 3, ".py", 3))
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

static PyObject *corrupted(PyObject *name, const struct sl_entry *e)
{
	PyObject *msg = PyUnicode_FromFormat(
		"%s %R: %s; this binary is damaged, rebuild it with slither build",
		sl_archive_kind_name(e->kind), name, sl_archive_strerror(SL_ARCHIVE_BAD_CRC));

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

	origin = decode(e->path, e->path_len);
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
		locations = Py_BuildValue("[N]", decode(e->path, dir_len(e->path, e->path_len)));
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

/* The optimisation level the interpreter runs at (-O, PYTHONOPTIMIZE): its
 * configuration's, which sys.flags.optimize shows. */
static int running_level(void)
{
	return _PyInterpreterState_GetConfig(PyInterpreterState_Get())->optimization_level;
}

/* Whether the archive carries its modules' source (slither build without
 * --no-source, which holds for every module or none).  An entry without
 * source text is then an empty file (urllib/__init__.py): the format
 * stores an empty source as none. */
int sl_has_sources(const struct sl_archive *a)
{
	struct sl_entry e;
	long i = sl_archive_find(a, "encodings", 9);	/* in every archive, never empty */

	if (i < 0)
		return 0;
	sl_archive_get(a, (uint32_t)i, &e);
	return e.src != NULL;
}

/* A module's code at `level`, compiled from its embedded source, for an
 * interpreter run at another level than its archive was built at (python
 * -O with a stdlib embedded at level 0), so that levels never mix: no
 * assert of a stdlib module runs under -O, no docstring survives -OO, as
 * with python3's .opt-N.pyc files.  An entry without source (slither build
 * --no-source) cannot be recompiled, and says so. */
static PyObject *entry_code_at(PyObject *name, const struct sl_entry *e, int level)
{
	PyObject *src, *path, *code;
	PyCompilerFlags flags = _PyCompilerFlags_INIT;

	if (!e->src && !sl_has_sources(&sl_runtime_archive))
		return PyErr_Format(PyExc_ImportError,
		                    "module %R is embedded compiled at optimisation level %u "
		                    "without its source, so it cannot run at level %d (-O/-OO); "
		                    "rebuild with slither build -O%s, or without --no-source",
		                    name, sl_runtime_archive.optimize, level, level == 2 ? "O" : "");
	if (e->src && sl_archive_source_verify(e) != SL_ARCHIVE_OK)
		return corrupted(name, e);
	src = PyBytes_FromStringAndSize(e->src ? (const char *)e->src : "", (Py_ssize_t)e->src_len);
	path = src ? decode(e->path, e->path_len) : NULL;
	code = path ? Py_CompileStringObject(PyBytes_AS_STRING(src), path, Py_file_input, &flags,
	                                     level) : NULL;
	Py_XDECREF(src);
	Py_XDECREF(path);
	return code;
}

/* The deep-frozen code of entry `e`, or NULL: a binary search of the table
 * slither build wrote. */
static const struct sl_frozen_code *frozen_code(const struct sl_entry *e)
{
	size_t lo = 0, hi = _slither_frozen_code_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(e->name, _slither_frozen_code[mid].name);
		if (c == 0)
			return &_slither_frozen_code[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The code object of a module or package entry: deep-frozen into the
 * executable (static data, nothing to read; the archive then holds only
 * its source, SL_ENTRY_FROZEN), or, for a module built with
 * --no-freeze or that could not be frozen, its CRC checked, then
 * unmarshalled straight from the archive's bytes; or compiled from its
 * source when the interpreter runs at another optimisation level. */
static PyObject *entry_code(PyObject *name, const struct sl_entry *e)
{
	PyObject *code;
	const struct sl_frozen_code *fz;
	int level = running_level();

	if (level >= 0 && (unsigned)level != sl_runtime_archive.optimize)
		return entry_code_at(name, e, level);
	if ((fz = frozen_code(e)))
		return fz->get();
	if (e->frozen)
		return PyErr_Format(PyExc_ImportError,
		                    "%s %R: its archive entry says its byte-code is deep-frozen "
		                    "into the executable, which has none for it (a slither bug: "
		                    "please report)", sl_archive_kind_name(e->kind), name);
	if (sl_archive_entry_verify(e) != SL_ARCHIVE_OK)
		return corrupted(name, e);
	code = PyMarshal_ReadObjectFromString((const char *)e->code, (Py_ssize_t)e->code_len);
	if (code && !PyCode_Check(code)) {
		PyErr_Format(PyExc_ImportError, "%s %R: its archive entry holds a %.100s, not "
		             "byte-code (a slither bug: please report)",
		             sl_archive_kind_name(e->kind), name, Py_TYPE(code)->tp_name);
		Py_DECREF(code);
		return NULL;
	}
	return code;
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
	code = entry_code(name, &e);
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
	return entry_code(fullname, &e);
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
		return corrupted(fullname, &e);
	bytes = PyBytes_FromStringAndSize((const char *)e.src, (Py_ssize_t)e.src_len);
	if (!bytes)
		return NULL;
	text = call_module_attr("_frozen_importlib_external", "decode_source", bytes);
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
	return decode(e.path, e.path_len);
}

/* Look up the str `path` with `find` (find_data or find_code_file) into
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
static PyObject *data_bytes(PyObject *path)
{
	const struct sl_archive *a = &sl_runtime_archive;
	struct sl_entry e;
	long i;

	if (find_path(a, path, find_data, &i) < 0)
		return NULL;
	if (i < 0) {
		errno = ENOENT;
		return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
	}
	sl_archive_get(a, (uint32_t)i, &e);
	if (sl_archive_entry_verify(&e) != SL_ARCHIVE_OK)
		return corrupted(path, &e);
	return PyBytes_FromStringAndSize((const char *)e.code, (Py_ssize_t)e.code_len);
}

/* io.open_code(path), the call that reads a file to run it as code (runpy's
 * run_path, as multiprocessing's spawn uses it to import the main script as
 * __mp_main__ in a worker; pdb, profile and trace): the file of an embedded
 * module is its embedded source, or, built with --no-source, a .pyc image
 * of its code (what runpy and pkgutil.read_code accept).  Any other path is
 * opened as CPython opens it without a hook, `_io.open(path, "rb")`. */
static PyObject *open_code(PyObject *path, void *unused)
{
	const struct sl_archive *a = &sl_runtime_archive;
	PyObject *bytes = NULL, *name, *code, *magic, *r;
	struct sl_entry e;
	long i;

	if (find_path(a, path, find_code_file, &i) < 0)
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
			return corrupted(path, &e);
		bytes = PyBytes_FromStringAndSize((const char *)e.src, (Py_ssize_t)e.src_len);
	} else if (sl_has_sources(a)) {
		bytes = PyBytes_FromStringAndSize("", 0);	/* an empty file */
	} else if ((name = decode(e.name, e.name_len))) {
		/* a .pyc: magic, 12 bytes of flags and date (none), the code */
		code = entry_code(name, &e);
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
	r = call_module_attr("_io", "BytesIO", bytes);
	Py_DECREF(bytes);
	return r;
}

/* pkgutil.get_data() joins a package's directory and a relative name and
 * reads that: here, an embedded data file (and nothing from the disk). */
static PyObject *importer_get_data(struct importer *self, PyObject *arg)
{
	PyObject *path = PyOS_FSPath(arg), *r;

	if (path && PyBytes_Check(path))
		Py_SETREF(path, PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path),
		                                                 PyBytes_GET_SIZE(path)));
	if (!path)
		return NULL;
	r = data_bytes(path);
	Py_DECREF(path);
	return r;
}

static PyObject *resource_new(PyObject *path);

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
	dir = decode(e.path, dir_len(e.path, e.path_len));
	if (!dir)
		return NULL;
	r = resource_new(dir);
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
	locations = Py_BuildValue("[N]", decode(e.path, e.path_len));
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
		                            : decode(tail, strlen(tail)),
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
	if (!p || !under_root(a, p, (size_t)len)) {
		PyErr_Clear();
		PyErr_SetString(PyExc_ImportError, "not under the archive's root");
		return NULL;
	}
	/* an embedded module's file is no directory to search, here or on
	 * disk: no finder (runpy.run_path then reads it with io.open_code) */
	if (find_code_file(a, p, (size_t)len) >= 0)
		Py_RETURN_NONE;
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

/* --- resources (importlib.resources) ---------------------------------- */

/* A Resource for `path` (a str under the root, without trailing '/'). */
static PyObject *resource_new(PyObject *path)
{
	struct resource *r = PyObject_New(struct resource, &resource_type);

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
	PyObject *tail = decode(name, n), *child;
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
	return PyBool_FromLong(find_data(&sl_runtime_archive, p, (size_t)len) >= 0);
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
		PyObject *r = resource_new(PyList_GET_ITEM(list, i));

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

		if (p && !under_root(a, p, (size_t)len))
			PyErr_Format(PyExc_ValueError, "%R leads outside the archive", joined);
		else if (p)
			r = resource_new(joined);
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

	if (!Py_IS_TYPE(self, &resource_type))
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
	bytes = data_bytes(self->path);
	if (!bytes)
		return NULL;
	raw = call_module_attr("io", "BytesIO", bytes);
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
	return data_bytes(self->path);
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

static PyTypeObject resource_type = {
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

/* --- statically linked C extensions ------------------------------------ */

static const struct sl_static_ext *find_extension(const char *name)
{
	const struct sl_static_ext *x;

	/* a handful of rows, searched only when an extension is imported */
	for (x = _slither_extensions; x->name; x++)
		if (!strcmp(x->name, name))
			return x;
	return NULL;
}

/* create_module() of a C extension, as CPython's dynamic loader does it
 * (_PyImport_LoadDynamicModuleWithSpec in Python/importdl.c), with the init
 * function taken from the link-time table instead of dlsym().  A
 * single-phase module is initialised once and cached by CPython (keyed by
 * origin and name); a second import is served from that cache by
 * _imp.create_dynamic(), which finds it there before it would try dlopen(). */
static PyObject *slither_create_extension(PyObject *module, PyObject *spec)
{
	const struct sl_static_ext *x;
	PyObject *name, *origin = NULL, *m = NULL;
	const char *cname, *oldcontext;
	PyModuleDef *def;
	int r;

	name = PyObject_GetAttr(spec, id.name);
	if (!name)
		return NULL;
	if (!PyUnicode_Check(name)) {
		PyErr_SetString(PyExc_TypeError, "spec.name must be a string");
		goto error;
	}
	cname = PyUnicode_AsUTF8(name);
	origin = PyObject_GetAttr(spec, id.origin);
	if (!cname || !origin)
		goto error;
	x = find_extension(cname);
	if (!x) {
		PyObject *msg = PyUnicode_FromFormat(
			"C extension %R is in the archive but its init function is not linked "
			"into this binary; rebuild it with slither build", name);
		if (msg) {
			PyErr_SetImportError(msg, name, origin);
			Py_DECREF(msg);
		}
		goto error;
	}
	r = PySet_Contains(single_phase_done, name);
	if (r < 0)
		goto error;
	if (r) {
		Py_DECREF(name);
		Py_DECREF(origin);
		return call_module_attr("_imp", "create_dynamic", spec);
	}
	if (PySys_Audit("import", "OOOOO", name, origin, Py_None, Py_None, Py_None) < 0)
		goto error;

	/* A single-phase init creates its module with PyModule_Create() and the
	 * short name in its PyModuleDef; the package context makes it the full
	 * dotted name, as importdl.c does. */
	oldcontext = _Py_PackageContext;
	_Py_PackageContext = cname;
	m = x->init();
	_Py_PackageContext = oldcontext;

	if (!m) {
		if (!PyErr_Occurred())
			PyErr_Format(PyExc_SystemError,
			             "initialization of %s failed without raising an exception", cname);
		goto error;
	}
	if (PyErr_Occurred()) {
		PyErr_Clear();
		PyErr_Format(PyExc_SystemError, "initialization of %s raised unreported exception",
		             cname);
		m = NULL;	/* as importdl.c: its reference is not ours to trust */
		goto error;
	}
	if (Py_IS_TYPE(m, NULL)) {
		/* a PyModuleDef returned without PyModuleDef_Init() */
		PyErr_Format(PyExc_SystemError, "init function of %s returned uninitialized object",
		             cname);
		m = NULL;
		goto error;
	}
	if (PyObject_TypeCheck(m, &PyModuleDef_Type)) {
		/* multi-phase: the def is static, not a reference we own */
		Py_DECREF(name);
		Py_DECREF(origin);
		return PyModule_FromDefAndSpec((PyModuleDef *)m, spec);
	}

	/* single-phase */
	if (!PyUnicode_IS_ASCII(name)) {
		PyErr_Format(PyExc_SystemError, "initialization of %s did not return PyModuleDef",
		             cname);
		goto error;
	}
	def = PyModule_GetDef(m);
	if (!def) {
		PyErr_Format(PyExc_SystemError,
		             "initialization of %s did not return an extension module", cname);
		goto error;
	}
	def->m_base.m_init = x->init;
	if (PyModule_AddObjectRef(m, "__file__", origin) < 0)
		PyErr_Clear();	/* not important enough to report, says importdl.c */
	if (_PyImport_FixupExtensionObject(m, name, origin, PyImport_GetModuleDict()) < 0 ||
	    PySet_Add(single_phase_done, name) < 0)
		goto error;
	Py_DECREF(name);
	Py_DECREF(origin);
	return m;

error:
	Py_XDECREF(m);
	Py_XDECREF(origin);
	Py_DECREF(name);
	return NULL;
}

/* exec_module() of a C extension: run a multi-phase module's exec slots
 * once, as _imp.exec_dynamic() does. */
static PyObject *slither_exec_extension(PyObject *module, PyObject *mod)
{
	PyModuleDef *def;

	if (!PyModule_Check(mod))
		Py_RETURN_NONE;
	def = PyModule_GetDef(mod);
	if (!def || PyModule_GetState(mod))
		Py_RETURN_NONE;	/* single-phase, or already initialised */
	if (PyModule_ExecDef(mod, def) < 0)
		return NULL;
	Py_RETURN_NONE;
}

/* --- tracebacks -------------------------------------------------------- */

/* HACK: CPython's own flag (Include/internal/pycore_pylifecycle.h) that
 * makes Py_RunMain() end the process by SIGINT after an unhandled
 * KeyboardInterrupt, as a shell expects.  Every eval() or exec() of a string
 * clears it, and printing with the traceback module may import modules
 * that do so (collections.namedtuple makes its methods with eval), so the
 * hook below puts it back as it found it. */
extern int _Py_UnhandledKeyboardInterrupt;

/* The built-in printer shows the last sys.tracebacklimit entries of each
 * traceback (none when it is 0 or less; the last 1000 when it is unset or
 * not an int), where traceback.print_exception() without a limit would
 * show the first ones: the limit= argument that prints the same. */
static PyObject *traceback_limit(void)
{
	PyObject *v = PySys_GetObject("tracebacklimit");
	long n = 1000;	/* PyTraceBack_LIMIT in Python/traceback.c */
	int overflow = 0;

	if (v && PyLong_Check(v)) {
		n = PyLong_AsLongAndOverflow(v, &overflow);
		if (n == -1 && PyErr_Occurred())
			return NULL;
		if (overflow)
			n = overflow > 0 ? LONG_MAX : 0;
	}
	return PyLong_FromLong(n > 0 ? -n : 0);
}

/* HACK: CPython's own "Did you mean" finder (Python/suggestions.c, declared
 * in Include/internal/pycore_pyerrors.h): a new reference to the name to
 * suggest for an AttributeError or NameError, or NULL. */
extern PyObject *_Py_Offer_Suggestions(PyObject *exception);

/* Add to the message of `te`, a traceback.TracebackException made from
 * `exc`, and of the exceptions chained to both, the hint CPython 3.11's
 * built-in printer adds (print_exception_suggestions in Python/pythonrun.c)
 * and its traceback module does not: ". Did you mean: 'name'?".  HACK: it
 * appends to TracebackException's private _str; a message that is empty is
 * left so (the built-in printer would print "AttributeError. Did you ..."). */
static int add_suggestions(PyObject *te, PyObject *exc, int depth)
{
	static const char *const links[] = {"__cause__", "__context__"};
	PyObject *hint, *msg, *sub_te, *sub_exc;
	size_t i;
	int rc = 0;

	if (te == Py_None || !exc || !PyExceptionInstance_Check(exc) || depth > 100)
		return 0;
	hint = _Py_Offer_Suggestions(exc);
	PyErr_Clear();
	msg = hint ? PyObject_GetAttrString(te, "_str") : NULL;
	if (msg && PyUnicode_Check(msg) && PyUnicode_GET_LENGTH(msg) > 0 && PyUnicode_Check(hint))
		Py_SETREF(msg, PyUnicode_FromFormat("%U. Did you mean: '%U'?", msg, hint));
	else
		Py_CLEAR(msg);
	if (msg)
		rc = PyObject_SetAttrString(te, "_str", msg);
	Py_XDECREF(hint);
	Py_XDECREF(msg);
	PyErr_Clear();
	/* TracebackException makes its __cause__ and __context__ from the
	 * exception's, or leaves them None; an exception group's members
	 * are in the same order in both */
	for (i = 0; rc == 0 && i < sizeof(links) / sizeof(links[0]); i++) {
		sub_te = PyObject_GetAttrString(te, links[i]);
		sub_exc = PyObject_GetAttrString(exc, links[i]);
		if (sub_te && sub_exc)
			rc = add_suggestions(sub_te, sub_exc, depth + 1);
		Py_XDECREF(sub_te);
		Py_XDECREF(sub_exc);
	}
	sub_te = PyObject_GetAttrString(te, "exceptions");
	sub_exc = sub_te && sub_te != Py_None ? PyObject_GetAttrString(exc, "exceptions") : NULL;
	if (sub_exc && PyList_Check(sub_te) && PyTuple_Check(sub_exc))
		for (i = 0; rc == 0 && i < (size_t)PyList_GET_SIZE(sub_te) &&
		     i < (size_t)PyTuple_GET_SIZE(sub_exc); i++)
			rc = add_suggestions(PyList_GET_ITEM(sub_te, i), PyTuple_GET_ITEM(sub_exc, i),
			                     depth + 1);
	Py_XDECREF(sub_te);
	Py_XDECREF(sub_exc);
	PyErr_Clear();
	return rc;
}

/* sys.excepthook: CPython's built-in hook prints source lines by opening
 * the file named in each frame, which for embedded modules does not exist
 * (it would even search sys.path, SLITHER_PATH directories included, for a
 * file of the same name).  The traceback module reads them through
 * linecache and the module's loader instead, and prints the same format:
 * traceback.print_exception() does TracebackException(type(value), value,
 * tb, limit=..., compact=True).print(file=...), done here with the
 * built-in printer's limit and hints added.  Without it (not embedded, or
 * failing) the built-in printer is used. */
static PyObject *slither_excepthook(PyObject *module, PyObject *args)
{
	PyObject *type, *value, *tb, *file, *te_class, *kw, *limit, *te = NULL, *r = NULL;
	int unhandled_kbi = _Py_UnhandledKeyboardInterrupt;

	if (!PyArg_UnpackTuple(args, "excepthook", 3, 3, &type, &value, &tb))
		return NULL;
	if (explain_missing && PyErr_GivenExceptionMatches(value, PyExc_ModuleNotFoundError)) {
		PyObject *exe = PySys_GetObject("executable");
		PyObject *note = PyUnicode_FromFormat(
			"%S is an app built by slither, not a Python interpreter: it holds only "
			"the modules the app imports.  A full interpreter is built with "
			"`slither build --interpreter`.", exe ? exe : Py_None);
		PyObject *r2 = note ? PyObject_CallMethod(value, "add_note", "O", note) : NULL;

		Py_XDECREF(note);
		Py_XDECREF(r2);
		PyErr_Clear();
	}
	file = PySys_GetObject("stderr");
	if (file && file != Py_None) {
		te_class = sl_module_attr("traceback", "TracebackException");
		limit = traceback_limit();
		kw = limit ? Py_BuildValue("{sOsO}", "limit", limit, "compact", Py_True) : NULL;
		Py_XDECREF(limit);
		if (te_class && kw) {
			PyObject *a = PyTuple_Pack(3, (PyObject *)Py_TYPE(value), value, tb);

			te = a ? PyObject_Call(te_class, a, kw) : NULL;
			Py_XDECREF(a);
		}
		Py_XDECREF(te_class);
		Py_XDECREF(kw);
		if (te && add_suggestions(te, value, 0) == 0) {
			PyObject *print = PyObject_GetAttrString(te, "print");

			kw = print ? Py_BuildValue("{OO}", id.file, file) : NULL;
			r = kw ? PyObject_VectorcallDict(print, NULL, 0, kw) : NULL;
			Py_XDECREF(print);
			Py_XDECREF(kw);
		}
		Py_XDECREF(te);
	}
	if (!r) {
		PyErr_Clear();
		PyErr_Display(type, value, tb);
	}
	Py_XDECREF(r);
	_Py_UnhandledKeyboardInterrupt = unhandled_kbi;
	Py_RETURN_NONE;
}

/* Write `s` to `file`; -1 with an exception on failure. */
static int write_str(PyObject *file, const char *s)
{
	return PyFile_WriteString(s, file);
}

/* sys.unraisablehook ("Exception ignored in: ..."): CPython's built-in
 * hook prints the traceback with the same C printer as its excepthook, so
 * no source lines for embedded modules (see above).  This one writes the
 * same report, the traceback through traceback.print_tb(), which reads
 * lines through linecache and the loaders.  As the built-in hook, it
 * prints no chained exceptions. */
static PyObject *slither_unraisablehook(PyObject *module, PyObject *u)
{
	PyObject *type = NULL, *value = NULL, *tb = NULL, *msg = NULL, *obj = NULL, *file;
	PyObject *mod = NULL, *qualname = NULL, *r = NULL;
	int rc = 0;

	file = PySys_GetObject("stderr");	/* borrowed */
	if (!file || file == Py_None)
		Py_RETURN_NONE;
	Py_INCREF(file);
	if (!(type = PyObject_GetAttrString(u, "exc_type")) ||
	    !(value = PyObject_GetAttrString(u, "exc_value")) ||
	    !(tb = PyObject_GetAttrString(u, "exc_traceback")) ||
	    !(msg = PyObject_GetAttrString(u, "err_msg")) ||
	    !(obj = PyObject_GetAttrString(u, "object")))
		goto done;
	if (obj != Py_None) {
		if (msg != Py_None)
			rc = PyFile_WriteObject(msg, file, Py_PRINT_RAW) < 0 || write_str(file, ": ") < 0;
		else
			rc = write_str(file, "Exception ignored in: ") < 0;
		if (!rc && PyFile_WriteObject(obj, file, 0) < 0) {
			PyErr_Clear();
			rc = write_str(file, "<object repr() failed>") < 0;
		}
		rc = rc || write_str(file, "\n") < 0;
	} else if (msg != Py_None) {
		rc = PyFile_WriteObject(msg, file, Py_PRINT_RAW) < 0 || write_str(file, ":\n") < 0;
	}
	if (rc)
		goto done;
	if (tb != Py_None) {
		PyObject *print_tb = sl_module_attr("traceback", "print_tb"), *kw, *t;

		if (write_str(file, "Traceback (most recent call last):\n") < 0)
			goto done;
		kw = print_tb ? Py_BuildValue("{OO}", id.file, file) : NULL;
		t = kw ? PyTuple_Pack(1, tb) : NULL;
		r = t ? PyObject_Call(print_tb, t, kw) : NULL;
		Py_XDECREF(print_tb);
		Py_XDECREF(kw);
		Py_XDECREF(t);
		if (!r)
			PyErr_Clear();	/* as the built-in hook: on with the rest */
		Py_CLEAR(r);
	}
	if (type == Py_None)
		goto done;
	mod = PyObject_GetAttrString(type, "__module__");
	if (!mod || !PyUnicode_Check(mod)) {
		PyErr_Clear();
		rc = write_str(file, "<unknown>") < 0;
	} else if (PyUnicode_CompareWithASCIIString(mod, "builtins") &&
	           PyUnicode_CompareWithASCIIString(mod, "__main__")) {
		rc = PyFile_WriteObject(mod, file, Py_PRINT_RAW) < 0 || write_str(file, ".") < 0;
	}
	qualname = rc ? NULL : PyObject_GetAttrString(type, "__qualname__");
	if (!qualname || !PyUnicode_Check(qualname)) {
		PyErr_Clear();
		rc = rc || write_str(file, "<unknown>") < 0;
	} else {
		rc = PyFile_WriteObject(qualname, file, Py_PRINT_RAW) < 0;
	}
	if (!rc && value != Py_None) {
		rc = write_str(file, ": ") < 0;
		if (!rc && PyFile_WriteObject(value, file, Py_PRINT_RAW) < 0) {
			PyErr_Clear();
			rc = write_str(file, "<exception str() failed>") < 0;
		}
	}
	if (!rc)
		rc = write_str(file, "\n") < 0;
	if (!rc) {
		r = PyObject_CallMethod(file, "flush", NULL);
		Py_XDECREF(r);
	}
done:
	PyErr_Clear();	/* a hook that fails has nobody to tell */
	Py_XDECREF(type);
	Py_XDECREF(value);
	Py_XDECREF(tb);
	Py_XDECREF(msg);
	Py_XDECREF(obj);
	Py_XDECREF(mod);
	Py_XDECREF(qualname);
	Py_DECREF(file);
	Py_RETURN_NONE;
}

/* --- the module and its installation ----------------------------------- */

static PyMethodDef slither_methods[] = {
	{"path_hook", (PyCFunction)slither_path_hook, METH_O,
	 "path_hook(path)\n--\n\nsys.path_hooks entry for paths under the archive's root."},
	{"excepthook", (PyCFunction)slither_excepthook, METH_VARARGS,
	 "excepthook(type, value, traceback)\n--\n\n"
	 "Print a traceback with the source lines of embedded modules."},
	{"unraisablehook", (PyCFunction)slither_unraisablehook, METH_O,
	 "unraisablehook(unraisable)\n--\n\n"
	 "Report an exception that cannot be raised, with the source lines of embedded modules."},
	{"_create_extension", (PyCFunction)slither_create_extension, METH_O, NULL},
	{"_exec_extension", (PyCFunction)slither_exec_extension, METH_O, NULL},
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
	    PyType_Ready(&resource_type) < 0)
		return NULL;
	m = PyModule_Create(&slither_module);
	if (!m)
		return NULL;
	if (PyModule_AddObjectRef(m, "Importer", (PyObject *)&importer_type) < 0 ||
	    PyModule_AddObjectRef(m, "EntryFinder", (PyObject *)&entry_finder_type) < 0 ||
	    PyModule_AddObjectRef(m, "Resource", (PyObject *)&resource_type) < 0) {
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
	Py_CLEAR(single_phase_done);
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
	single_phase_done = PySet_New(NULL);
	if (!path_hook || !create_ext || !exec_ext || !single_phase_done)
		goto error;

	imp = PyObject_New(struct importer, &importer_type);
	if (!imp)
		goto error;
	imp->archive = a;
	imp->root = decode(a->root, a->root_len);
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
		if (PyFile_SetOpenCodeHook(open_code, NULL) < 0)
			goto error;
		open_code_set = 1;
	}
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
		    under_root(&sl_runtime_archive, p, (size_t)len) && PyDict_DelItem(cache, key) < 0)
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
	PyObject *hook;
	int rc;

	if (!the_importer) {
		PyErr_SetString(PyExc_RuntimeError, "the slither importer is not installed");
		return -1;
	}
	if (reclaim_root_paths() < 0)
		return -1;
	hook = sl_module_attr("_slither", "excepthook");
	if (!hook)
		return -1;
	rc = PySys_SetObject("excepthook", hook) < 0 || PySys_SetObject("__excepthook__", hook) < 0
	     ? -1 : 0;
	Py_DECREF(hook);
	hook = rc ? NULL : sl_module_attr("_slither", "unraisablehook");
	if (!hook)
		return -1;
	rc = PySys_SetObject("unraisablehook", hook) < 0 ||
	     PySys_SetObject("__unraisablehook__", hook) < 0 ? -1 : 0;
	Py_DECREF(hook);
	return rc;
}

void sl_importer_explain_missing(void)
{
	explain_missing = 1;
}

PyObject *sl_importer_get(void)
{
	return the_importer;
}
