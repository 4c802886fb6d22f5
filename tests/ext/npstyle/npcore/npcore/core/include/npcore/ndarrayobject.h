/* npcore's public C header, as numpy/arrayobject.h: installed with the
 * package (npcore.get_include()); the API itself is in the header that
 * genapi.py generates at build time, installed beside this one. */
#ifndef NPCORE_NDARRAYOBJECT_H
#define NPCORE_NDARRAYOBJECT_H
#include <Python.h>
#include "npcore/__multiarray_api.h"
#endif
