"""npcore: a fixture built the way numpy builds (see setup.py)."""
import os

from .core import _multiarray_umath, sum_double, sum_int, sum_long  # noqa: F401

__version__ = "1.7"


def get_include():
    """The directory of npcore's C headers, as numpy.get_include()."""
    return os.path.join(os.path.dirname(__file__), "core", "include")
