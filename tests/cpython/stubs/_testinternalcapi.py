"""A stand-in for CPython's _testinternalcapi, which a static toolchain does
not build (toolchain.txt: "excluded _testinternalcapi test-only module").

tests/t0610-cpython-tests.sh embeds it (--path, --include) in the
interpreter that embeds the test suite, and puts it on PYTHONPATH for the
parts run from disk, for one reason: without the module,
test.support.requires_debug_ranges() raises SkipTest while test_traceback is
being imported, and the whole module is skipped.  It answers only what
test.support asks, from the running interpreter itself: whether code objects
carry column positions (-X no_debug_ranges turns them off), and the size of
the GC header that check_sizeof() adds (two pointers).
"""
import sys

_POSITIONS = next(compile("x", "<probe>", "eval").co_positions())
SIZEOF_PYGC_HEAD = 2 * (sys.maxsize.bit_length() + 1) // 8


def get_config():
    return {"code_debug_ranges": _POSITIONS[2] is not None}


if sys.version_info >= (3, 13):
    # CPython 3.13's test.support asks for more (tests/t0610-cpython-tests.sh on 3.13):
    # get_recursion_depth() (it catches only ImportError), answered as its own
    # fallback counts, the Python frames from the caller's down; and whether
    # objects become immortal, a free-threaded build's switch, which the
    # default build has not
    def get_recursion_depth():
        depth, frame = 0, sys._getframe(1)
        while frame is not None:
            depth, frame = depth + 1, frame.f_back
        return depth

    def suppress_immortalization(suppress):
        return 0

    def get_immortalize_deferred():
        return False

    # what only the C module can answer: a test that asks is skipped, saying why
    # (test_class imports has_inline_values at module level)
    def _unavailable(name):
        def f(*args, **kwargs):
            import unittest
            raise unittest.SkipTest("_testinternalcapi.%s: CPython's test module is not built "
                                    "into a static toolchain (tests/cpython/stubs)" % name)
        f.__name__ = name
        return f

    has_inline_values = _unavailable("has_inline_values")
    compiler_cleandoc = _unavailable("compiler_cleandoc")
