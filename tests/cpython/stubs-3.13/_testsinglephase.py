"""A stand-in for CPython 3.13's test extension _testsinglephase, which a
static toolchain does not build (toolchain.txt: "excluded _testsinglephase test-only module, must be
a shared library").

tests/t0610-cpython-tests.sh embeds it on 3.13 for one reason: 3.13's
test.test_importlib.util imports it at module level
(import_helper.import_module, which raises SkipTest without it), and
test_types and test_pkgutil import that module (through test.test_import),
so without it both are skipped whole.  The tests that load the extension
look for its shared-library file on sys.path (EXTENSIONS.path), find none,
and are skipped as on 3.11 (the exclusions' no-test-ext).
"""
