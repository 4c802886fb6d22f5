# Fixture: a package that builds against another package's C API, as
# scipy builds against numpy's: it includes npcore's headers (the generated
# one too) from npcore.get_include() and fetches the function table at
# import with import_npcore(), like numpy's import_array().  npcore,
# compiled extension and all, is imported here, as scipy's setup.py imports
# numpy: slither pip builds with a module builder that can import it from
# the --target directory it was installed into.
import npcore
from setuptools import Extension, setup

include_dirs = [npcore.get_include()]

setup(name="npuser", version="1.0", packages=["npuser"],
      ext_modules=[Extension("npuser._ext", ["npuser/_ext.c", "npuser/helpers.c"],
                             include_dirs=include_dirs)])
