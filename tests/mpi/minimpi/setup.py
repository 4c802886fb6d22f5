# Fixture: a stand-in for mpi4py (whose source cannot be fetched here): a C
# extension that calls MPI itself, built with `slither pip` against MPICH.
import subprocess

from setuptools import Extension, setup

cflags = subprocess.run(["pkg-config", "--cflags", "mpich"], check=True, capture_output=True,
                        text=True).stdout.split()
setup(name="minimpi", version="1.0",
      ext_modules=[Extension("minimpi", ["minimpi.c"], libraries=["mpich"],
                             include_dirs=[f[2:] for f in cflags if f.startswith("-I")])])
