"""The numpy app of tests/t0560-numpy.sh: what HPC codes do with numpy,
printed so that the static binary and Debian's python3-numpy 1.24.2 can be
compared line by line (values rounded where BLAS may sum in another order)."""
import importlib.metadata
import io

import numpy as np

np.set_printoptions(precision=6, suppress=True)
print("numpy", np.__version__)
# its distribution's metadata (embedded with the package: issue 15)
print("metadata", importlib.metadata.version("numpy"),
      importlib.metadata.metadata("numpy")["Name"])

# array maths and broadcasting
a = np.arange(12, dtype=np.float64).reshape(3, 4)
b = np.array([1.0, 2.0, 3.0, 4.0])
print("broadcast\n", a * b + 1)
print("sum", a.sum(), a.sum(axis=0), a.mean(axis=1), a.std())
print("where", np.where(a > 5, a, -1))
print("ints", np.arange(10, dtype=np.int32) ** 2 % 7, np.cumsum(np.arange(5)))
print("dtypes", (a.astype(np.float32) / 3).dtype, np.array([1, 2], dtype=np.complex128) * 1j)

# numpy.linalg
m = np.array([[4.0, 1.0, 2.0], [1.0, 3.0, 0.5], [2.0, 0.5, 5.0]])
v = np.array([1.0, 2.0, 3.0])
print("solve", np.round(np.linalg.solve(m, v), 10))
print("inv", np.round(np.linalg.inv(m), 10))
print("det", round(float(np.linalg.det(m)), 10))
w, vecs = np.linalg.eigh(m)
print("eigh", np.round(w, 10))
ev = np.linalg.eigvals(np.array([[2.0, 1.0], [1.0, 2.0]]))
print("eig", np.round(np.sort(ev.real), 10))
print("svd", np.round(np.linalg.svd(m, compute_uv=False), 10))
big = np.random.default_rng(7).standard_normal((200, 200))
print("matmul", round(float(np.abs(big @ big.T).sum()), 4))
print("lstsq", np.round(np.linalg.lstsq(m[:, :2], v, rcond=None)[0], 10))

# numpy.fft
x = np.cos(2 * np.pi * np.arange(16) / 8)
print("fft", np.round(np.abs(np.fft.fft(x)), 10))
print("rfft", np.round(np.fft.irfft(np.fft.rfft(x)), 10)[:4])

# numpy.random
rng = np.random.default_rng(12345)
print("random", rng.integers(0, 100, 8), np.round(rng.random(3), 12))
print("normal", np.round(rng.normal(size=3), 12), rng.permutation(6))

# save and load through a BytesIO
buf = io.BytesIO()
np.save(buf, a)
buf.seek(0)
print("load", np.array_equal(np.load(buf), a))
buf = io.BytesIO()
np.savez_compressed(buf, a=a, b=b)
buf.seek(0)
with np.load(buf) as z:
    print("npz", sorted(z.files), z["b"])

# printing
print(repr(np.linspace(0, 1, 5)))
print(np.array([[1.5, np.nan], [np.inf, -0.0]]))
print(np.array(["a", "bc"]), np.array([True, False]), np.float64(1 / 3))
print(np.zeros((2, 2), dtype=[("x", "i4"), ("y", "f8")]))
