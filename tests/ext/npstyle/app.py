"""The app of tests/t0550-npstyle.sh: npuser first (its C code imports
npcore's core extension), then npcore's own extensions."""
import sys

import npuser

print("C import loaded the core:", "npcore.core._multiarray_umath" in sys.modules)
print("combine:", npuser.combine(40, 2))
import npcore  # noqa: E402
import npcore.linalg  # noqa: E402
from npcore.core import _multiarray_umath as core  # noqa: E402
from npcore.linalg import _umath_linalg as linalg  # noqa: E402

print("core:", core.__name__, core.__file__, hex(core.API_VERSION))
print("generated loops:", npcore.sum_int([1, 2, 3]), npcore.sum_long(range(100)),
      npcore.sum_double([0.5, 0.25, 2]))
print("linalg:", linalg.__name__, linalg.describe, npcore.linalg.norm3(2, 3, 6))
print("one table:", npuser.table_id() == linalg.table_id() == core.table_id())
print("calls counted by the core:", npuser.calls(), core.call_count())
try:
    npcore.sum_int(["x"])
except TypeError as e:
    print("error:", e)
import npcy._fast  # noqa: E402

print("cython, generated in a subprocess of its build:", npcy._fast.triangle(100))
