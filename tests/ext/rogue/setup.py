# Fixture: a build that ignores the compiler settings (CC, LDSHARED) and
# links a real shared library itself, as some custom build backends do.
import os
import subprocess
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class RogueBuild(build_ext):
    def build_extension(self, ext):
        out = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.check_call(["/usr/bin/gcc", "-shared", "-fPIC",
                               "-I" + sysconfig.get_paths()["include"],
                               *ext.sources, "-o", out])


setup(name="rogue", version="1.0", packages=["rogue"],
      ext_modules=[Extension("rogue._fast", ["rogue/_fast.c"])],
      cmdclass={"build_ext": RogueBuild})
