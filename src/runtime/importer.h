/* What the parts of the archive importer share, inside src/runtime only:
 * importer.c (the finder, loader and path hook, the module `_slither`),
 * files.c (the virtual files under the root), code.c (a module's code
 * object), resources.c (importlib.resources), extension.c (statically
 * linked C extensions), hooks.c (tracebacks) and notfound.c (the message
 * of a failed import).  runtime.h is what the rest of the runtime sees. */
#ifndef SL_IMPORTER_H
#define SL_IMPORTER_H

#include "runtime/runtime.h"

#include <string.h>

/* A UTF-8 string of the archive (a name, a virtual path) as a str; bytes
 * that are not UTF-8 survive as surrogates, as file names do. */
static inline PyObject *sl_decode(const char *s, size_t len)
{
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "surrogateescape");
}

/* Whether the UTF-8 path `p` is the archive's root or lies under it. */
static inline int sl_under_root(const struct sl_archive *a, const char *p, size_t len)
{
	return len >= a->root_len && !memcmp(p, a->root, a->root_len) &&
	       (len == a->root_len || p[a->root_len] == '/');
}

/* Length of the directory part of a '/'-separated path: everything before
 * its last '/' ("" for a path without one). */
static inline size_t sl_dir_len(const char *path, size_t len)
{
	while (len > 0 && path[len - 1] != '/')
		len--;
	return len ? len - 1 : 0;
}

/* importer.c: module.attr(arg), `module` imported if need be: a new
 * reference, or NULL with an exception set. */
PyObject *sl_call_module_attr(const char *mod, const char *attr, PyObject *arg);

/* files.c: the index of the data entry whose virtual path is `path`
 * (UTF-8), or -1. */
long sl_find_data(const struct sl_archive *a, const char *path, size_t len);

/* files.c: the index of the module or package entry whose virtual file is
 * `path` (UTF-8; the main script's too), or -1. */
long sl_find_code_file(const struct sl_archive *a, const char *path, size_t len);

/* files.c: the bytes of the data file at virtual path `path` (a str): a
 * new bytes object, or NULL with FileNotFoundError (or another error). */
PyObject *sl_data_bytes(PyObject *path);

/* files.c: io.open_code's hook (PyFile_SetOpenCodeHook): an embedded
 * module's file is its source; any other path is opened from disk. */
PyObject *sl_open_code(PyObject *path, void *unused);

/* code.c: the code object of module or package entry `e` named `name`: a
 * new reference, or NULL with ImportError (or another error) set. */
PyObject *sl_entry_code(PyObject *name, const struct sl_entry *e);

/* code.c: raise the ImportError for entry `e` (reached by `name`, a module
 * name or a path) whose bytes fail their CRC; returns NULL. */
PyObject *sl_corrupted(PyObject *name, const struct sl_entry *e);

/* resources.c: importlib.resources' Traversable for a virtual path under
 * the root (`path`: a str without trailing '/'), also a package's resource
 * reader; a new reference, or NULL.  The type is readied by
 * sl_importer_module_init(). */
extern PyTypeObject sl_resource_type;
PyObject *sl_resource_new(PyObject *path);

/* extension.c: create_module() and exec_module() of a statically linked C
 * extension, the functions _slither._create_extension and
 * _slither._exec_extension (the Importer calls them through importlib's
 * _call_with_frames_removed, as its own loaders do). */
PyObject *sl_extension_create(PyObject *module, PyObject *spec);
PyObject *sl_extension_exec(PyObject *module, PyObject *mod);

/* hooks.c: the functions _slither.excepthook and _slither.unraisablehook
 * (see sl_hooks_install() in runtime.h). */
PyObject *sl_excepthook(PyObject *module, PyObject *args);
PyObject *sl_unraisablehook(PyObject *module, PyObject *unraisable);

/* notfound.c: put the explanation of a failed import in place (see there);
 * call once importlib's core is set up.  0, or -1 with an exception set. */
int sl_notfound_install(void);

#endif
