# Fixture: extensions deep in nested packages (pkg.sub._mod, single-phase;
# pkg.sub._reinit, single-phase that may be initialised again;
# pkg.sub._multi, multi-phase) and one top-level extension module (topmod).
from setuptools import Extension, setup

setup(name="nested", version="1.0", packages=["pkg", "pkg.sub"],
      ext_modules=[Extension("pkg.sub._mod", ["pkg/sub/_mod.c"]),
                   Extension("pkg.sub._reinit", ["pkg/sub/_reinit.c"]),
                   Extension("pkg.sub._multi", ["pkg/sub/_multi.c"]),
                   Extension("topmod", ["topmod.c"])])
