# a code generator run in the source tree, as numpy/core/cversions.py
from code_generators.api import API

print(API)
