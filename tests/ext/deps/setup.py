# Fixture: an extension whose link line names only -lsldepa; libsldepa.a
# needs libsldepb.a (sldepa.pc: Requires.private), which needs libsldepc.a
# (sldepb.pc: Libs.private), which is C++ (libstdc++ for the final link).
# The test builds them, with their .pc files, into $FIXTURE_LIBDIR.
import os

from setuptools import Extension, setup

setup(name="deps", version="1.0", packages=["deps"],
      ext_modules=[Extension("deps._chain", ["deps/_chain.c"],
                             library_dirs=[os.environ["FIXTURE_LIBDIR"]],
                             libraries=["sldepa"])])
