# Fixture: an extension that calls a function defined nowhere; slither pip
# builds it (a partial link may leave symbols undefined), slither build's
# final link cannot.
from setuptools import Extension, setup

setup(name="badref", version="1.0", packages=["badref"],
      ext_modules=[Extension("badref._x", ["badref/_x.c"])])
