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
