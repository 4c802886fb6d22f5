"""A stand-in for CPython's _testcapi, which a static toolchain does not
build, holding only the two C limits that CPython 3.11.2's
test_sqlite3/test_dbapi.py imports from it at module level (and that
test_dump, test_hooks, test_regression, test_transactions and
test_userfunctions import in turn from test_dbapi).

tests/t0610-cpython-tests.sh puts it on PYTHONPATH for the test_sqlite3 run
only: other test modules take the presence of _testcapi as a sign that its C
functions exist.
"""
INT_MAX = 2**31 - 1         # C int, on every platform CPython supports
ULLONG_MAX = 2**64 - 1      # C unsigned long long
