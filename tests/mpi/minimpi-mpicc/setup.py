# Fixture: minimpi (tests/mpi/minimpi/minimpi.c, copied here by the test)
# built the way mpi4py builds: the MPI compiler wrapper, $MPICC or mpicc,
# replaces the compiler and the linker, and the package names no MPI flags
# of its own; a configure check first links an MPI test program with it,
# and `mpicc -show` must print the compiler command line it stands for.
import os
import shlex
import shutil
import subprocess
import tempfile

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

TEST_PROGRAM = """#include <mpi.h>
int main(int argc, char **argv) { MPI_Init(&argc, &argv); return MPI_Finalize(); }
"""


def show():
    words = shlex.split(subprocess.run(["mpicc", "-show"], check=True, capture_output=True,
                                       text=True).stdout)
    if not words or not shutil.which(words[0]) or not any(w.startswith("-I") for w in words) \
            or "-lmpich" not in words:
        raise SystemExit("minimpi-mpicc: unexpected 'mpicc -show': %r" % words)
    print("minimpi-mpicc: mpicc -show:", " ".join(words))


class mpi_build_ext(build_ext):
    def build_extensions(self):
        mpicc = shlex.split(os.environ.get("MPICC", "mpicc"))
        c = self.compiler
        for cmd in (c.compiler, c.compiler_so, c.linker_so, c.linker_exe):
            cmd[:1] = mpicc  # mpi4py's fix_compiler_cmd / fix_linker_cmd
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "conftest.c")
            with open(src, "w") as f:
                f.write(TEST_PROGRAM)
            objs = c.compile([src], output_dir=tmp)
            c.link_executable(objs, "conftest", output_dir=tmp)
        show()
        super().build_extensions()


setup(name="minimpi-mpicc", version="1.0", cmdclass={"build_ext": mpi_build_ext},
      ext_modules=[Extension("minimpi", ["minimpi.c"])])
