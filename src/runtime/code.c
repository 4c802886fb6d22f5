/* A module's code object, from wherever this executable keeps it:
 * deep-frozen into the executable as static data (slither build's frozen
 * table), marshalled in the archive (unmarshalled in place, its CRC checked
 * first), or, for an interpreter run at another optimisation level than its
 * archive was built at, compiled from the embedded source. */
#include "runtime/importer.h"
#include "runtime/pyver.h"

#include <string.h>

#include <marshal.h>

/* The error of an entry whose bytes do not match their CRC: the archive
 * in the executable was damaged after slither build wrote it. */
PyObject *sl_corrupted(PyObject *name, const struct sl_entry *e)
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


/* The optimisation level the interpreter runs at (-O, PYTHONOPTIMIZE): its
 * configuration's, which sys.flags.optimize shows. */
static int running_level(void)
{
	return sl_py_config()->optimization_level;
}

/* Whether the archive carries its modules' source (slither build without
 * --no-source, which holds for every module or none, as its header says).
 * An entry without source text is then an empty file (urllib/__init__.py):
 * the format stores an empty source as none. */
int sl_has_sources(const struct sl_archive *a)
{
	return !(a->flags & SL_ARCHIVE_NO_SOURCE);
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
		return sl_corrupted(name, e);
	src = PyBytes_FromStringAndSize(e->src ? (const char *)e->src : "", (Py_ssize_t)e->src_len);
	path = src ? sl_decode(e->path, e->path_len) : NULL;
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
PyObject *sl_entry_code(PyObject *name, const struct sl_entry *e)
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
		return sl_corrupted(name, e);
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

