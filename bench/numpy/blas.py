"""bench/numpy's BLAS-bound work, timed in the process: a 2000x2000 float64
matmul (dgemm) and a 1000x1000 solve (LAPACK's dgesv: LU with partial
pivoting, then the triangular solves).  The inputs come from a fixed seed,
so both sides compute the same thing; each result's checksum is printed so
that the run can check them against each other.

Usage: blas.py REPEATS
Prints tab-separated lines:
    op      NAME    SECONDS (the fastest of REPEATS)
    check   NAME    VALUE   (rounded: the two BLAS may differ in the last bits)
    blas    WHAT    VALUE   (what this process really runs)
"""
import os
import sys
import time

import numpy as np

repeats = int(sys.argv[1])
rng = np.random.default_rng(13)
a = rng.standard_normal((2000, 2000))
b = rng.standard_normal((2000, 2000))
m = rng.standard_normal((1000, 1000)) + 1000 * np.eye(1000)  # well conditioned
y = rng.standard_normal(1000)


def best(f):
    f()  # warm: the thread pool, the pages of the result
    t = []
    for _ in range(repeats):
        s = time.perf_counter()
        r = f()
        t.append(time.perf_counter() - s)
    return min(t), r


t, c = best(lambda: a @ b)
print(f"op\tmatmul 2000x2000\t{t:.6f}")
print(f"check\tmatmul 2000x2000\t{c.sum():.6e}")
t, x = best(lambda: np.linalg.solve(m, y))
print(f"op\tsolve 1000x1000\t{t:.6f}")
print(f"check\tsolve 1000x1000\t{np.abs(m @ x - y).max() < 1e-9} {x.sum():.9e}")

# which BLAS: numpy's own account of its build, and the libraries the
# process has mapped (a dynamic python3 maps libblas.so.3 through Debian's
# alternatives; a static binary maps none)
info = np.__config__.blas_opt_info if hasattr(np.__config__, "blas_opt_info") else {}
print(f"blas\tnumpy.show_config blas_opt_info libraries\t{info.get('libraries')}")
libs = set()
exe = os.readlink("/proc/self/exe")
with open("/proc/self/maps") as f:
    for line in f:
        path = line.split()[-1]
        if path.startswith("/") and path != exe and any(k in path for k in ("blas", "lapack", "gfortran")):
            libs.add(path)
print(f"blas\tmapped\t{' '.join(sorted(libs)) or 'none (static)'}")
