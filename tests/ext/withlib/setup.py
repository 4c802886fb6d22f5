# Fixture: an extension linking its own static library, libfixture.a, which
# the test builds with ar into $FIXTURE_LIBDIR.
import os

from setuptools import Extension, setup

setup(name="withlib", version="1.0", packages=["withlib"],
      ext_modules=[Extension("withlib._native", ["withlib/_native.c"],
                             library_dirs=[os.environ["FIXTURE_LIBDIR"]],
                             libraries=["fixture"])])
