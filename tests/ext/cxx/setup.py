# Fixture: two C++ extensions that instantiate the same templates (COMDAT
# groups in both objects), throw and catch, and need libstdc++.
from setuptools import Extension, setup

setup(name="cxxpkg", version="1.0", packages=["cxxpkg"],
      ext_modules=[Extension("cxxpkg._one", ["cxxpkg/one.cpp"], language="c++"),
                   Extension("cxxpkg._two", ["cxxpkg/two.cpp"], language="c++")])
