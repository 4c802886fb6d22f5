# Fixture: a package that builds against another package's C API, as
# scipy builds against numpy's: it includes npcore's headers (the generated
# one too) from npcore.get_include() and fetches the function table at
# import with import_npcore(), like numpy's import_array().  With npcore
# installed elsewhere (pip --target), give the headers with
# CFLAGS=-I<site>/npcore/core/include.
from setuptools import Extension, setup

try:
    import npcore
    include_dirs = [npcore.get_include()]
except ImportError:
    include_dirs = []

setup(name="npuser", version="1.0", packages=["npuser"],
      ext_modules=[Extension("npuser._ext", ["npuser/_ext.c", "npuser/helpers.c"],
                             include_dirs=include_dirs)])
