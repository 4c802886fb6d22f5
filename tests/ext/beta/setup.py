# Fixture: another extension called _speedups (multi-phase init) with its
# own global `helper`.
from setuptools import Extension, setup

setup(name="beta", version="1.0", packages=["beta"],
      ext_modules=[Extension("beta._speedups", ["beta/_speedups.c"])])
