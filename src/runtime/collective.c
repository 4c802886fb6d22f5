/* The collective loader's one primitive, the built-in module `_slither_mpi`:
 * share(name, producer) runs producer() on rank 0 only and gives every rank
 * the bytes it returned, or the error it raised, so that a job of N ranks
 * makes one reader's file-system calls instead of N.  The Python side
 * (src/runtime/py/slither.py: read_bytes, open, the path hook, the main
 * script) is built on it.
 *
 * One share() is: rank 0 runs producer(); it broadcasts a header (a hash of
 * the name it was given, the outcome, the payload's size); every rank checks
 * the name against its own, and one MPI_Allreduce tells every rank the first
 * that disagrees, so that all of them fail together, naming both names,
 * rather than some waiting forever; then the payload follows in blocks of at
 * most SL_MPI_CHUNK, received straight into the bytes object returned. */
#include "runtime/runtime.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

enum outcome {
	OUTCOME_BYTES,		/* payload: the bytes */
	OUTCOME_OSERROR,	/* payload: the file name; `err` the errno */
	OUTCOME_OTHER,		/* payload: "TypeName\0message" */
};

struct header {
	uint64_t hash;		/* FNV-1a of rank 0's name */
	uint64_t name_len;
	uint64_t size;		/* of the payload */
	int32_t outcome;
	int32_t err;
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3u;
	}
	return h;
}

/* Broadcast `len` bytes from `root` in blocks of at most SL_MPI_CHUNK. */
static int bcast_all(char *p, size_t len, int root)
{
	while (len) {
		size_t n = len < SL_MPI_CHUNK ? len : SL_MPI_CHUNK;

		if (sl_mpi_bcast(p, n, root) < 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* A name of `len` bytes broadcast from `root`: a new str, or NULL. */
static PyObject *bcast_name(const char *mine, size_t len, int root)
{
	uint64_t n = len;
	PyObject *b, *s;

	if (sl_mpi_bcast(&n, sizeof(n), root) < 0)
		return NULL;
	b = PyBytes_FromStringAndSize(sl_mpi_rank() == root ? mine : NULL, (Py_ssize_t)n);
	if (!b)
		return NULL;
	if (bcast_all(PyBytes_AS_STRING(b), (size_t)n, root) < 0) {
		Py_DECREF(b);
		return NULL;
	}
	s = PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
	Py_DECREF(b);
	return s;
}

/* The ranks disagree; `first` is the lowest rank whose name differs from
 * rank 0's.  Every rank learns both names and raises the same error. */
static PyObject *diverged(const char *name, size_t len, int first)
{
	PyObject *zero = bcast_name(name, len, 0), *other = zero ? bcast_name(name, len, first) : NULL;

	if (other)
		PyErr_Format(PyExc_RuntimeError,
		             "MPI ranks diverged: rank 0 reads '%U' but rank %d reads '%U'; every "
		             "rank must import the same modules and read the same files through "
		             "slither, in the same order (see \"MPI builds\" in slither's README)",
		             zero, first, other);
	Py_XDECREF(zero);
	Py_XDECREF(other);
	return NULL;
}

/* On rank 0: the outcome of producer() as a header and a payload (a new
 * bytes object); the exception, if any, is kept in *exc for rank 0 to
 * raise itself. */
static PyObject *produce(PyObject *producer, struct header *h, PyObject **exc)
{
	PyObject *r = PyObject_CallNoArgs(producer), *type, *tb, *v;

	if (r) {
		if (PyBytes_Check(r)) {
			h->outcome = OUTCOME_BYTES;
			return r;
		}
		Py_DECREF(r);
		PyErr_SetString(PyExc_TypeError, "share(): the producer must return bytes");
	}
	PyErr_Fetch(&type, &v, &tb);
	PyErr_NormalizeException(&type, &v, &tb);
	if (tb)
		PyException_SetTraceback(v, tb);
	Py_XDECREF(type);
	Py_XDECREF(tb);
	*exc = v;
	if (PyErr_GivenExceptionMatches(v, PyExc_OSError)) {
		PyObject *no = PyObject_GetAttrString(v, "errno");
		PyObject *fn = PyObject_GetAttrString(v, "filename");

		h->outcome = OUTCOME_OSERROR;
		h->err = no && PyLong_Check(no) ? (int32_t)PyLong_AsLong(no) : EIO;
		r = fn && PyUnicode_Check(fn) ? PyUnicode_EncodeFSDefault(fn) : PyBytes_FromString("");
		Py_XDECREF(no);
		Py_XDECREF(fn);
	} else {
		PyObject *msg = PyObject_Str(v);

		h->outcome = OUTCOME_OTHER;
		r = PyBytes_FromFormat("%s%c%s", Py_TYPE(v)->tp_name, 0,
		                       msg ? PyUnicode_AsUTF8(msg) : "(no message)");
		Py_XDECREF(msg);
	}
	PyErr_Clear();
	return r;
}

/* On the other ranks: rank 0's failure, raised here. */
static void raise_outcome(const struct header *h, PyObject *payload)
{
	const char *p = PyBytes_AS_STRING(payload);

	if (h->outcome == OUTCOME_OSERROR) {
		PyObject *fn = PyUnicode_DecodeFSDefaultAndSize(p, PyBytes_GET_SIZE(payload));

		if (!fn)
			return;
		errno = h->err;
		if (PyUnicode_GET_LENGTH(fn))
			PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, fn);
		else
			PyErr_SetFromErrno(PyExc_OSError);
		Py_DECREF(fn);
	} else {
		/* a built-in exception type is raised as such; others as RuntimeError */
		const char *msg = p + strlen(p) + 1;
		PyObject *t = PyDict_GetItemString(PyEval_GetBuiltins(), p);

		if (t && PyExceptionClass_Check(t))
			PyErr_SetString(t, msg);
		else
			PyErr_Format(PyExc_RuntimeError, "on rank 0: %s: %s", p, msg);
	}
}

static PyObject *mpi_share(PyObject *module, PyObject *args)
{
	PyObject *name_obj, *producer, *name = NULL, *payload = NULL, *exc = NULL;
	struct header h = {0};
	const char *s;
	size_t len;
	int rank = sl_mpi_rank(), size = sl_mpi_size(), first;

	if (!PyArg_ParseTuple(args, "UO:share", &name_obj, &producer))
		return NULL;
	if (size == 1)
		return PyObject_CallNoArgs(producer);
	name = PyUnicode_EncodeFSDefault(name_obj);
	if (!name)
		return NULL;
	s = PyBytes_AS_STRING(name);
	len = (size_t)PyBytes_GET_SIZE(name);

	if (rank == 0) {
		payload = produce(producer, &h, &exc);
		if (!payload)
			goto fail;	/* out of memory: the other ranks wait; MPI aborts the job */
		h.hash = fnv1a(s, len);
		h.name_len = len;
		h.size = (uint64_t)PyBytes_GET_SIZE(payload);
	}
	if (sl_mpi_bcast(&h, sizeof(h), 0) < 0)
		goto fail;
	first = sl_mpi_min(h.hash == fnv1a(s, len) && h.name_len == len ? size : rank);
	if (first < 0)
		goto fail;
	if (first < size) {
		diverged(s, len, first);
		goto fail;
	}
	if (rank != 0) {
		if (h.size > (uint64_t)PY_SSIZE_T_MAX) {
			PyErr_NoMemory();
			goto fail;	/* cannot happen: rank 0 holds it */
		}
		payload = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)h.size);
		if (!payload)
			goto fail;
	}
	if (bcast_all(PyBytes_AS_STRING(payload), (size_t)h.size, 0) < 0)
		goto fail;
	Py_DECREF(name);
	if (h.outcome == OUTCOME_BYTES)
		return payload;
	/* rank 0 raises what its producer raised; the others the same */
	if (rank == 0)
		PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	else
		raise_outcome(&h, payload);
	Py_XDECREF(exc);
	Py_DECREF(payload);
	return NULL;

fail:
	Py_XDECREF(exc);
	Py_XDECREF(payload);
	Py_XDECREF(name);
	return NULL;
}

static PyMethodDef mpi_methods[] = {
	{"share", mpi_share, METH_VARARGS,
	 "share(name, producer)\n--\n\n"
	 "Run producer() on rank 0 only and return the bytes it returns on every rank, or\n"
	 "raise on every rank what it raised (an OSError with the same errno and file name).\n"
	 "Every rank must call share() with the same name at the same point; when one does\n"
	 "not, every rank raises RuntimeError naming both names."},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef mpi_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "_slither_mpi",
	.m_doc = "The collective read behind slither's MPI builds (see the module slither).",
	.m_size = -1,
	.m_methods = mpi_methods,
};

PyObject *sl_collective_module_init(void)
{
	PyObject *m = PyModule_Create(&mpi_module);
	const char *lib = sl_mpi_library();

	if (!m)
		return NULL;
	if (PyModule_AddIntConstant(m, "rank", sl_mpi_rank()) < 0 ||
	    PyModule_AddIntConstant(m, "size", sl_mpi_size()) < 0 ||
	    PyModule_AddIntConstant(m, "CHUNK", (long)SL_MPI_CHUNK) < 0 ||
	    (lib ? PyModule_AddStringConstant(m, "library", lib)
	         : PyModule_AddObjectRef(m, "library", Py_None)) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}

int sl_collective_install(void)
{
	PyObject *r, *install = sl_module_attr("slither", "_install");

	if (!install)
		return -1;
	r = PyObject_CallNoArgs(install);
	Py_DECREF(install);
	Py_XDECREF(r);
	return r ? 0 : -1;
}

/* The script of an --interpreter --mpi job (`python script.py`): rank 0
 * reads it (slither._main_code, which also works out sys.path[0]) for every
 * rank, and run.c runs the code it returns. */
PyObject *sl_collective_main_code(const char *progname, PyObject *path)
{
	PyObject *prepare = sl_module_attr("slither", "_main_code"), *code;

	if (!prepare)
		return NULL;
	code = PyObject_CallFunction(prepare, "sO", progname, path);
	Py_DECREF(prepare);
	return code;
}
