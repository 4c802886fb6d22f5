/* The hooks that report exceptions: sys.excepthook and sys.unraisablehook
 * print tracebacks with the traceback module, which reads source lines
 * through linecache and the modules' loaders, where CPython's C printer
 * opens the file named in each frame, and an embedded module has none on
 * disk. */
#include "runtime/importer.h"

#include <limits.h>

#include "runtime/pyver.h"

static int explain_missing;		/* sl_hooks_explain_missing() was called */

/* CPython's flag (sl_py_unhandled_kbi()) that makes Py_RunMain() end the
 * process by SIGINT after an unhandled KeyboardInterrupt, as a shell
 * expects: every eval() or exec() of a string clears it, and printing with
 * the traceback module may import modules that do so
 * (collections.namedtuple makes its methods with eval), so the excepthook
 * below puts it back as it found it. */

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
	hint = sl_py_offer_suggestions(exc);
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
PyObject *sl_excepthook(PyObject *module, PyObject *args)
{
	PyObject *type, *value, *tb, *file, *te_class, *kw, *limit, *te = NULL, *r = NULL;
	int unhandled_kbi = *sl_py_unhandled_kbi();

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

			kw = print ? Py_BuildValue("{sO}", "file", file) : NULL;
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
	*sl_py_unhandled_kbi() = unhandled_kbi;
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
PyObject *sl_unraisablehook(PyObject *module, PyObject *u)
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
		/* at shutdown the traceback module may be gone and not
		 * importable again: then CPython's C printer, which writes the
		 * header itself (and finds no source then, as CPython's hook) */
		PyObject *print_tb = sl_module_attr("traceback", "print_tb"), *kw, *t;

		if (!print_tb) {
			PyErr_Clear();
			if (PyTraceBack_Print(tb, file) < 0)
				PyErr_Clear();	/* as the built-in hook: on with the rest */
		} else {
			if (write_str(file, "Traceback (most recent call last):\n") < 0) {
				Py_DECREF(print_tb);
				goto done;
			}
			kw = Py_BuildValue("{sO}", "file", file);
			t = kw ? PyTuple_Pack(1, tb) : NULL;
			r = t ? PyObject_Call(print_tb, t, kw) : NULL;
			Py_DECREF(print_tb);
			Py_XDECREF(kw);
			Py_XDECREF(t);
			if (!r)
				PyErr_Clear();	/* as the built-in hook: on with the rest */
			Py_CLEAR(r);
		}
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

/* Make _slither's hooks sys.excepthook and sys.unraisablehook, and the
 * __excepthook__ and __unraisablehook__ that code restoring the defaults
 * puts back. */
int sl_hooks_install(void)
{
	PyObject *hook;
	int rc;

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

void sl_hooks_explain_missing(void)
{
	explain_missing = 1;
}
