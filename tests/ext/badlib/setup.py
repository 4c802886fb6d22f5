# Fixture: an extension that links a library with no static archive.
from setuptools import Extension, setup

setup(name="badlib", version="1.0", packages=["badlib"],
      ext_modules=[Extension("badlib._x", ["badlib/_x.c"],
                             libraries=["slitherfixturemissing"])])
