# Fixture: an extension called _speedups (single-phase init) defining a
# global function `helper`; beta has the same names.
from setuptools import Extension, setup

setup(name="alpha", version="1.0", packages=["alpha"],
      ext_modules=[Extension("alpha._speedups", ["alpha/_speedups.c"])])
