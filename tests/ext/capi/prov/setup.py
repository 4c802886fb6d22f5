# Fixture: an extension exporting a C API through a capsule, as numpy does
# (prov._core._C_API, a table of functions).
from setuptools import Extension, setup

setup(name="prov", version="1.0", packages=["prov"],
      ext_modules=[Extension("prov._core", ["prov/_core.c"])])
