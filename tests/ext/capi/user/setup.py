# Fixture: an extension in another package that imports prov's C API with
# PyCapsule_Import at init (as numpy's import_array()) and calls it.
from setuptools import Extension, setup

setup(name="user", version="1.0", packages=["user"],
      ext_modules=[Extension("user._use", ["user/_use.c"])])
