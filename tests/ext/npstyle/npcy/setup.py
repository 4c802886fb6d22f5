# Fixture: Cython run as numpy 1.24's tools/cythonize.py runs it, in a
# subprocess of the build (`python -m cython`), and as the `cython` command
# other builds run; both must be Debian's Cython, compiled modules and all,
# under `slither pip --cython`.  The generated C is then an ordinary
# extension, which also builds against npcore's C API: npcore, installed
# before into the same --target, is imported here for its headers.
import subprocess
import sys

import npcore
from setuptools import Extension, setup

version = subprocess.run(["cython", "--version"], capture_output=True, text=True)
print("npcy: cython command:", (version.stdout + version.stderr).strip())
subprocess.check_call([sys.executable, "-m", "cython", "-3", "npcy/_fast.pyx",
                       "-o", "npcy/_fast.c"])
import Cython.Compiler.Scanning  # noqa: E402  (compiled in Debian's Cython)

print("npcy: Cython's scanner is", "compiled" if Cython.Compiler.Scanning.__file__.endswith(".so")
      else "pure Python")
setup(name="npcy", version="1.0", packages=["npcy"],
      ext_modules=[Extension("npcy._fast", ["npcy/_fast.c"],
                             include_dirs=[npcore.get_include()])])
