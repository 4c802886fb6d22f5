"""Constants of every kind marshal writes into byte-code, for
tests/t0260-frozen.sh: deep-frozen, they must be what CPython gives."""

INTS = (0, 1, -1, -5, 256, 257, -6, 2**15 - 1, 2**15, 2**30 - 1, 2**30, 2**31,
        2**60 + 12345, -(2**64) - 1, 10**40, -(10**40) + 7, 1 << 300)
FLOATS = (0.0, -0.0, 1.5, -2.25, 1e300, 5e-324, 1e999, -1e999, 0.1)
NANS = (1e999 * 0, -(1e999 * 0))
COMPLEXES = (1j, -2.5j, 3 + 4j, -0.0j, 1e999j)
BYTES = (b"", b"x", b"\x00", b"\xff", b"ab", b"a\x00b\"c\\d?e??/", bytes(range(256)))
STRS = ("", "a", "\xe9", "\xff", "ab", "caf\xe9", "\u20ac uro", "\u4e2d\u6587",
        "\U0001f40d snake", "\ud800 lone", "tab\tand\nnewline \"q\" \\ ??=",
        "x" * 1000, "identifier_like")
NESTED = ((1, (2, (3, ("deep",)))), (), ((),), (None, True, False, ...))


def membership(x):
    # the compiler makes frozenset constants of these
    return x in {"alpha", "beta", "gamma"}, x in {1, 2.5, (3, 4)}, x not in {b"z"}


def closures(a, /, b, *args, c=3, d=(4, 5), **kw):
    e = a + b

    def inner(f=6):
        nonlocal e
        e += f
        return a, b, c, d, e, args, kw

    return inner


class Klass:
    """A class docstring."""
    attr = {"k": [1, 2]}

    def method(self, y):
        return [i * y for i in range(3)]

    @property
    def prop(self):
        return lambda z: z * 2


async def coroutine():
    return 42


def generator():
    yield from range(3)
    try:
        raise ValueError("boom")
    except ValueError as e:
        yield str(e)
    finally:
        pass


def fstrings(v):
    return f"{v!r:>10}|{v:{'^'}8}|{'lit'}"


def helper(i):
    return i


def spin(n):
    # run often, its instructions specialise (a call to a Python function
    # needs the callee's code object to have a version, 3.12 and later)
    total = 0
    for i in range(n):
        total += helper(i)
    return total
