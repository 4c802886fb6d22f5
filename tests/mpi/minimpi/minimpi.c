/* Fixture: what mpi4py does with MPI, in small.  At import it initialises
 * MPI only if nobody has (as mpi4py does) and then owns finalisation;
 * rank(), size(), bcast(bytes) from rank 0, allreduce_sum(int).
 * check_at_exit() registers a C atexit handler that reports, after the
 * interpreter and the runtime are done, whether MPI was finalised. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int we_initialised;

static PyObject *m_initialized(PyObject *self, PyObject *unused)
{
	int flag = 0;

	MPI_Initialized(&flag);
	return PyBool_FromLong(flag);
}

static PyObject *m_owner(PyObject *self, PyObject *unused)
{
	return PyBool_FromLong(we_initialised);
}

static PyObject *m_rank(PyObject *self, PyObject *unused)
{
	int r = -1;

	MPI_Comm_rank(MPI_COMM_WORLD, &r);
	return PyLong_FromLong(r);
}

static PyObject *m_size(PyObject *self, PyObject *unused)
{
	int s = -1;

	MPI_Comm_size(MPI_COMM_WORLD, &s);
	return PyLong_FromLong(s);
}

static PyObject *m_bcast(PyObject *self, PyObject *arg)
{
	long long n = PyBytes_Check(arg) ? (long long)PyBytes_GET_SIZE(arg) : 0;
	PyObject *out;

	MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
	out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n);
	if (!out)
		return NULL;
	if (PyBytes_Check(arg) && PyBytes_GET_SIZE(arg) == n)
		memcpy(PyBytes_AS_STRING(out), PyBytes_AS_STRING(arg), (size_t)n);
	MPI_Bcast(PyBytes_AS_STRING(out), (int)n, MPI_BYTE, 0, MPI_COMM_WORLD);
	return out;
}

static PyObject *m_allreduce_sum(PyObject *self, PyObject *arg)
{
	long v = PyLong_AsLong(arg), sum = 0;

	if (v == -1 && PyErr_Occurred())
		return NULL;
	MPI_Allreduce(&v, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
	return PyLong_FromLong(sum);
}

static void report_at_exit(void)
{
	int done = 0;

	MPI_Finalized(&done);
	printf("minimpi: finalized at exit: %d\n", done);
	fflush(stdout);
}

static PyObject *m_check_at_exit(PyObject *self, PyObject *unused)
{
	atexit(report_at_exit);
	Py_RETURN_NONE;
}

static void finalize(void)
{
	int done = 0;

	MPI_Finalized(&done);
	if (!done)
		MPI_Finalize();
}

static PyMethodDef methods[] = {
	{"initialized", m_initialized, METH_NOARGS, NULL},
	{"owner", m_owner, METH_NOARGS, NULL},
	{"rank", m_rank, METH_NOARGS, NULL},
	{"size", m_size, METH_NOARGS, NULL},
	{"bcast", m_bcast, METH_O, NULL},
	{"allreduce_sum", m_allreduce_sum, METH_O, NULL},
	{"check_at_exit", m_check_at_exit, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "minimpi", NULL, -1, methods};

PyMODINIT_FUNC PyInit_minimpi(void)
{
	int flag = 0;

	MPI_Initialized(&flag);
	if (!flag) {
		int provided;
		MPI_Init_thread(NULL, NULL, MPI_THREAD_MULTIPLE, &provided);
		we_initialised = 1;
		Py_AtExit(finalize);
	}
	return PyModule_Create(&def);
}
