"""A library laid out as numpy is: a lazy test package, build tools and its
own test suite, imported only inside functions."""
from typing import TYPE_CHECKING

from numlike import core, plugins

try:
    # an optional dependency: a note if not found, as python3 goes on
    import fastmath_accelerator
except ImportError:
    fastmath_accelerator = None

if TYPE_CHECKING:
    # never runs; a stub file only
    from numlike._typing_stubs import ArrayLike


class Conf:
    # a class body runs at import: this import is followed
    from numlike import config


def __getattr__(attr):
    # numpy's lazy `np.testing`
    if attr == "testing":
        import numlike.testing as testing
        return testing
    raise AttributeError(attr)


def load_library(name):
    # numpy.ctypeslib.load_library's build-tool import
    from numlike.distutils import misc
    return misc.suffix(name)


def test():
    # numpy's PytestTester
    import pytest
    return pytest.main(["--pyargs", "numlike"])


def lazy():
    # an ordinary import inside a function: followed
    from numlike import helpers
    return helpers.VALUE
