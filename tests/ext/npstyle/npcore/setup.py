# Fixture: a package built the way numpy builds with numpy.distutils, in
# plain distutils (which numpy.distutils extends): a build_src command that
# generates C at build time (the API headers and table from api.txt, loops.c
# from the template loops.c.src), run first by `build` and by a build_ext
# subclass; a static helper library of its own (build_clib, -lnpymath) and
# -lm; a core extension deep in the package that exports a C API table
# through a capsule; a second extension using that API; and the generated
# public header installed with the package for other packages to build with.
import os
import re
import sys
import sysconfig
from distutils.cmd import Command
from distutils.command.build import build
from distutils.command.build_ext import build_ext
from distutils.core import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "npcore", "core", "code_generators"))
import genapi  # noqa: E402


def conv_template(text):
    """Expand /**begin repeat ... */ ... /**end repeat**/ blocks, as
    numpy.distutils.conv_template does (one level, no nesting)."""
    def expand(m):
        names = dict((k, [v.strip() for v in vals.split(",")])
                     for k, vals in re.findall(r"#(\w+)\s*=\s*([^#]*)#", m.group(1)))
        counts = {len(v) for v in names.values()}
        if len(counts) != 1:
            raise SystemExit("conv_template: lists of different lengths in a repeat block")
        out = []
        for i in range(counts.pop()):
            body = m.group(2)
            for k, v in names.items():
                body = body.replace("@%s@" % k, v[i])
            out.append(body)
        return "".join(out)
    return re.sub(r"/\*\*begin repeat(.*?)\*/(.*?)/\*\*end repeat\*\*/", expand, text,
                  flags=re.S)


class build_src(Command):
    description = "generate C sources and headers (as numpy.distutils' build_src)"
    user_options = []

    def initialize_options(self):
        self.build_base = self.build_lib = self.build_src = None

    def finalize_options(self):
        self.set_undefined_options("build", ("build_base", "build_base"),
                                   ("build_lib", "build_lib"))
        plat = "%s-%d.%d" % (sysconfig.get_platform(), *sys.version_info[:2])
        self.build_src = os.path.join(self.build_base, "src." + plat)

    def run(self):
        inc = os.path.join(self.build_src, "npcore", "core", "include")
        genapi.main(os.path.join(HERE, "npcore", "core", "code_generators", "api.txt"),
                    os.path.join(inc, "npcore"))
        for ext in self.distribution.ext_modules:
            sources = []
            for src in ext.sources:
                if src.endswith(".c.src"):
                    out = os.path.join(self.build_src, src[:-len(".src")])
                    self.mkpath(os.path.dirname(out))
                    with open(src) as f, open(out, "w") as g:
                        g.write(conv_template(f.read()))
                    src = out
                sources.append(src)
            ext.sources = sources
            if inc not in ext.include_dirs:
                ext.include_dirs.insert(0, inc)
        # the generated API header goes with the package, for users' builds
        dest = os.path.join(self.build_lib, "npcore", "core", "include", "npcore")
        self.mkpath(dest)
        self.copy_file(os.path.join(inc, "npcore", "__multiarray_api.h"), dest)


class npcore_build_ext(build_ext):
    def run(self):
        self.run_command("build_src")
        build_ext.run(self)


build.sub_commands.insert(0, ("build_src", None))

setup(
    name="npcore",
    version="1.7",
    packages=["npcore", "npcore.core", "npcore.linalg"],
    package_data={"npcore.core": ["include/npcore/*.h"]},
    libraries=[("npymath", {"sources": ["npcore/core/src/npymath.c"]})],
    ext_modules=[
        Extension("npcore.core._multiarray_umath",
                  ["npcore/core/src/multiarray.c", "npcore/core/src/loops.c.src"],
                  include_dirs=["npcore/core/include"], libraries=["m"]),
        Extension("npcore.linalg._umath_linalg", ["npcore/linalg/umath_linalg.c"],
                  include_dirs=["npcore/core/include"]),
    ],
    cmdclass={"build_src": build_src, "build_ext": npcore_build_ext},
)
