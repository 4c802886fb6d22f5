# Fixture (tests/t0800-file-tree.sh): a package that reads the files beside
# its modules in every way the file tree must serve, from Python and from a
# C extension.
from setuptools import Extension, setup

setup(name="treepkg", version="1.0", packages=["treepkg"],
      package_data={"treepkg": ["data/*.json", "data/sub/*.txt"]},
      ext_modules=[Extension("treepkg._cread", ["treepkg/_cread.c"])])
