# A Cython module that includes npcore's C API header, found through
# npcore.get_include() in setup.py.
cdef extern from "npcore/ndarrayobject.h":
    pass

def triangle(int n):
    cdef long total = 0
    cdef int i
    for i in range(n + 1):
        total += i
    return total
