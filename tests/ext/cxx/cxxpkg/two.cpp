// Fixture: C++ with templates shared with the other extension, and an
// exception thrown and caught inside.
#include <Python.h>

#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

static long work(long n)
{
	std::vector<long> v;
	for (long i = 1; i <= n; i++)
		v.push_back(i * 3);
	try {
		if (n > 3)
			throw std::runtime_error("two");
	} catch (const std::exception &e) {
		return std::accumulate(v.begin(), v.end(), 0L) + (long)std::string(e.what()).size();
	}
	return std::accumulate(v.begin(), v.end(), 0L);
}

static PyObject *run(PyObject *, PyObject *arg)
{
	long n = PyLong_AsLong(arg);
	if (n == -1 && PyErr_Occurred())
		return NULL;
	return PyUnicode_FromString(("two:" + std::to_string(work(n))).c_str());
}

static PyMethodDef methods[] = {
	{"run", run, METH_O, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_two", NULL, -1, methods};

PyMODINIT_FUNC PyInit__two(void)
{
	return PyModule_Create(&def);
}
