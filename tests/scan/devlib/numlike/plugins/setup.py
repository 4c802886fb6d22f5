# a build script, as numpy/core/setup.py
from numlike.distutils.misc import suffix

print(suffix("plugins"))
