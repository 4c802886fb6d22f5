/* The message of an import that found nothing.  CPython's "No module named
 * 'x'" hides, in an executable that carries its modules inside itself, the
 * usual cause (the module was not embedded) and its fix.  The message
 * keeps those words first, since code and tests match them, then says
 * what each finder on sys.meta_path searched, as Lua's findloader lists
 * each searcher's reason, and how to embed the module:
 *
 *   No module named 'x': it is not embedded in this executable (no
 *   built-in module 'x'; no frozen module 'x'; no module 'x' in the
 *   embedded archive; no static extension 'x'; no 'x' in /plugins); to
 *   embed it, build with slither build --include x, or --path DIR for the
 *   directory that holds it
 *
 * HACK: CPython's import calls importlib's _find_and_load() by name, as an
 * attribute of the module _frozen_importlib, for every module not yet in
 * sys.modules (and importlib's _gcd_import calls it as a global of that
 * module).  It is replaced by a wrapper that calls it and, only when it
 * raises importlib's own ModuleNotFoundError for the very name asked,
 * rewrites that exception's message in place: type, `name`, traceback and
 * context stay.  A successful import pays one C call; a failed one
 * (`try: import x except ImportError`) a message made from sys.meta_path
 * and the path searched, with no file-system call. */
#include "runtime/importer.h"

#include <string.h>

static PyObject *find_and_load;		/* importlib's own _find_and_load */

/* Whether `finder` is attribute `attr` of the already imported module
 * `mod` (importlib's finders are classes, used as such). */
static int is_finder(PyObject *finder, const char *mod, const char *attr)
{
	PyObject *modules = PySys_GetObject("modules"), *m, *v;

	m = modules && PyDict_Check(modules) ? PyDict_GetItemString(modules, mod) : NULL;
	v = m && PyModule_Check(m) ? PyDict_GetItemString(PyModule_GetDict(m), attr) : NULL;
	return v && v == finder;
}

/* Append the str `s` (a new reference, NULL on failure) to the list
 * `tried`; 0 or -1. */
static int add(PyObject *tried, PyObject *s)
{
	int rc = s ? PyList_Append(tried, s) : -1;

	Py_XDECREF(s);
	return rc;
}

/* The directories PathFinder searched for `name`: its parent package's
 * __path__, or sys.path for a top-level module; a new reference to a list,
 * or NULL (with no exception) when there is none to tell.  A namespace
 * package's __path__ is read from its cache, `_path`: iterating it would
 * recompute it from the disk. */
static PyObject *searched_path(PyObject *name)
{
	Py_ssize_t dot = PyUnicode_FindChar(name, '.', 0, PyUnicode_GET_LENGTH(name), -1);
	PyObject *parent, *mod, *path = NULL;

	if (dot < 0) {
		path = PySys_GetObject("path");
		return path && PyList_Check(path) ? Py_NewRef(path) : NULL;
	}
	parent = PyUnicode_Substring(name, 0, dot);
	mod = parent ? PyImport_GetModule(parent) : NULL;
	Py_XDECREF(parent);
	if (mod && PyModule_Check(mod))	/* no __getattr__ of the module runs */
		path = PyDict_GetItemString(PyModule_GetDict(mod), "__path__");
	Py_XINCREF(path);
	Py_XDECREF(mod);
	if (path && !PyList_Check(path) && !strcmp(Py_TYPE(path)->tp_name, "_NamespacePath"))
		Py_SETREF(path, PyObject_GetAttrString(path, "_path"));
	if (path && !PyList_Check(path))
		Py_CLEAR(path);
	PyErr_Clear();
	return path;
}

/* PathFinder's part: each directory searched, but those under the root,
 * which the archive serves (its part is already said). */
static int add_path_entries(PyObject *tried, PyObject *name)
{
	PyObject *path = searched_path(name);
	Py_ssize_t i, len;
	int rc = 0;

	for (i = 0; path && rc == 0 && i < PyList_GET_SIZE(path); i++) {
		PyObject *dir = PyList_GET_ITEM(path, i);
		const char *p;

		if (!PyUnicode_Check(dir))
			continue;
		p = PyUnicode_AsUTF8AndSize(dir, &len);
		if (!p)
			PyErr_Clear();	/* a lone surrogate: no path under the root */
		else if (sl_under_root(&sl_runtime_archive, p, (size_t)len))
			continue;
		if (PyUnicode_GET_LENGTH(dir) == 0)
			rc = add(tried, PyUnicode_FromFormat("no %R in the current directory", name));
		else
			rc = add(tried, PyUnicode_FromFormat("no %R in %U", name, dir));
	}
	Py_XDECREF(path);
	return rc;
}

/* What each finder on sys.meta_path searched for `name`, in their order. */
static int add_finders(PyObject *tried, PyObject *name)
{
	PyObject *meta_path = PySys_GetObject("meta_path");
	Py_ssize_t i;
	int rc = 0;

	if (!meta_path || !PyList_Check(meta_path))
		return 0;
	for (i = 0; rc == 0 && i < PyList_GET_SIZE(meta_path); i++) {
		PyObject *f = PyList_GET_ITEM(meta_path, i);
		const char *type = PyType_Check(f) ? ((PyTypeObject *)f)->tp_name : Py_TYPE(f)->tp_name;

		if (f == sl_importer_get())
			rc = add(tried, PyUnicode_FromFormat("no module %R in the embedded archive",
			                                     name)) < 0 ||
			     add(tried, PyUnicode_FromFormat("no static extension %R", name)) < 0
			     ? -1 : 0;
		else if (is_finder(f, "_frozen_importlib", "BuiltinImporter"))
			rc = add(tried, PyUnicode_FromFormat("no built-in module %R", name));
		else if (is_finder(f, "_frozen_importlib", "FrozenImporter"))
			rc = add(tried, PyUnicode_FromFormat("no frozen module %R", name));
		else if (is_finder(f, "_frozen_importlib_external", "PathFinder"))
			rc = add_path_entries(tried, name);
		else
			rc = add(tried, PyUnicode_FromFormat("not found by %s", type));
	}
	return rc;
}

/* The message for `name`, a new str, or NULL with an exception set. */
static PyObject *message(PyObject *name)
{
	PyObject *tried = PyList_New(0), *sep, *joined, *msg = NULL;

	if (!tried || add_finders(tried, name) < 0) {
		Py_XDECREF(tried);
		return NULL;
	}
	sep = PyUnicode_FromString("; ");
	joined = sep ? PyUnicode_Join(sep, tried) : NULL;
	if (joined)
		msg = PyUnicode_FromFormat("No module named %R: it is not embedded in this executable "
		                           "(%U); to embed it, build with slither build --include %U, "
		                           "or --path DIR for the directory that holds it",
		                           name, joined, name);
	Py_XDECREF(sep);
	Py_XDECREF(joined);
	Py_DECREF(tried);
	return msg;
}

/* Rewrite `exc`'s message if it is importlib's bare "No module named 'x'"
 * for `name` (not for a module the one asked for imports, nor one already
 * explained, nor "'a' is not a package").  0, or -1 with an exception. */
static int explain(PyObject *exc, PyObject *name)
{
	PyObject *got = NULL, *msg = NULL, *bare = NULL, *args = NULL;
	int rc = 0;

	if (!Py_IS_TYPE(exc, (PyTypeObject *)PyExc_ModuleNotFoundError) || !PyUnicode_Check(name))
		return 0;
	got = PyObject_GetAttrString(exc, "name");
	msg = got ? PyObject_GetAttrString(exc, "msg") : NULL;
	if (!msg) {
		rc = -1;
	} else if (PyUnicode_Check(got) && PyUnicode_Check(msg) && !PyUnicode_Compare(got, name) &&
	           (bare = PyUnicode_FromFormat("No module named %R", name)) &&
	           !PyUnicode_Compare(msg, bare)) {
		Py_SETREF(msg, message(name));
		args = msg ? PyTuple_Pack(1, msg) : NULL;
		rc = !args || PyObject_SetAttrString(exc, "msg", msg) < 0 ||
		     PyObject_SetAttrString(exc, "args", args) < 0 ? -1 : 0;
	}
	Py_XDECREF(got);
	Py_XDECREF(msg);
	Py_XDECREF(bare);
	Py_XDECREF(args);
	return rc;
}

/* _frozen_importlib._find_and_load(name, import_), wrapped. */
static PyObject *notfound_find_and_load(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
	PyObject *r = PyObject_Vectorcall(find_and_load, args, (size_t)nargs, NULL);
	PyObject *type, *value, *tb;

	if (r || nargs < 1 || !PyErr_ExceptionMatches(PyExc_ModuleNotFoundError))
		return r;
	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (value && explain(value, args[0]) < 0)
		PyErr_Clear();	/* the original message, then */
	PyErr_Restore(type, value, tb);
	return NULL;
}

static PyMethodDef notfound_def = {
	"_find_and_load", (PyCFunction)(void (*)(void))notfound_find_and_load, METH_FASTCALL,
	"_find_and_load(name, import_)\n--\n\n"
	"importlib's _find_and_load, whose ModuleNotFoundError says what was searched.",
};

int sl_notfound_install(void)
{
	PyObject *importlib = PyImport_ImportModule("_frozen_importlib"), *wrapper;
	int rc = -1;

	if (!importlib)
		return -1;
	if (!find_and_load)
		find_and_load = PyObject_GetAttrString(importlib, "_find_and_load");
	wrapper = find_and_load ? PyCFunction_New(&notfound_def, NULL) : NULL;
	if (wrapper)
		rc = PyObject_SetAttrString(importlib, "_find_and_load", wrapper);
	Py_XDECREF(wrapper);
	Py_DECREF(importlib);
	return rc;
}
