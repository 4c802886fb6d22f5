"""Prints the constants and code objects of consts.py as CPython sees them;
tests/t0260-frozen.sh compares the output of the deep-frozen binary with
CPython's (of the same version) running the source."""
import dis
import io
import math
import struct
import sys

import consts


def show(v):
    if isinstance(v, float):
        return f"float {v!r} {struct.pack('<d', v).hex()}"
    if isinstance(v, complex):
        return f"complex {v!r} {struct.pack('<dd', v.real, v.imag).hex()}"
    if isinstance(v, tuple):
        return "(" + ", ".join(show(x) for x in v) + ")"
    return f"{type(v).__name__} {v!r}"


for name in ("INTS", "FLOATS", "COMPLEXES", "BYTES", "STRS", "NESTED"):
    print(name, show(getattr(consts, name)))
print("NANS", [math.isnan(x) for x in consts.NANS],
      [math.copysign(1.0, x) for x in consts.NANS])

# the singletons unmarshal gives are the interpreter's own
SINGLETONS = (1, "", b"", "a", ())
print("identity", [a is b for a, b in zip(SINGLETONS, (consts.INTS[1], consts.STRS[0],
      consts.BYTES[0], consts.STRS[1], consts.NESTED[1]))])
# interned names are the interpreter's interned strings
print("interned", sys.intern("identifier_like") is consts.STRS[-1],
      sys.intern("membership") is consts.membership.__code__.co_name)

for x in ("alpha", "delta", 1, 2.5, (3, 4), b"z", [1]):
    try:
        print("in", x, consts.membership(x))
    except TypeError as e:
        print("in", x, "TypeError", e)
for c in consts.membership.__code__.co_consts:
    print("const", show(c) if not isinstance(c, frozenset) else f"frozenset {sorted(map(repr, c))}")

inner = consts.closures(1, 2, 7, 8, c=9, z=10)
print("closures", inner(), inner(1))
k = consts.Klass()
print("class", consts.Klass.__doc__, consts.Klass.attr, k.method(3), k.prop(21))
try:
    consts.coroutine().send(None)
except StopIteration as e:
    print("coroutine", e.value)
print("generator", list(consts.generator()))
print("fstrings", consts.fstrings(3.5))


def codes(co, depth=0):
    attrs = ("co_name", "co_qualname", "co_argcount", "co_posonlyargcount",
             "co_kwonlyargcount", "co_nlocals", "co_stacksize", "co_flags",
             "co_firstlineno", "co_varnames", "co_cellvars", "co_freevars", "co_names")
    print("  " * depth + " ".join(f"{a}={getattr(co, a)!r}" for a in attrs))
    print("  " * depth + "code", co.co_code.hex(), co.co_linetable.hex(),
          co.co_exceptiontable.hex(), list(co.co_lines()), list(co.co_positions())[:8])
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            codes(c, depth + 1)


codes(consts.closures.__code__)
codes(consts.Klass.method.__code__)
codes(consts.generator.__code__)
out = io.StringIO()
dis.dis(consts.closures, file=out)
print(out.getvalue().replace(consts.__file__, "CONSTS"))
# the instructions a hot function specialises into
consts.spin(2000)
print("adaptive", sorted({i.opname for i in dis.get_instructions(consts.spin, adaptive=True)}))
# a frozen module's code is static data, which no reference count reaches
frozen = sys.getrefcount(consts.membership.__code__) > 500_000_000
print("frozen", frozen, file=sys.stderr)
