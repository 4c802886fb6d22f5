# The cases slither's CPython patches (src/toolchain/cpython-3.11.patch,
# cpython-3.13.patch) take another way, or must not: t0610, on each
# version, compares what this prints on the static interpreter with
# python3.11's output.  Class creation: a namespace with a
# non-str key or a str-subclass key (the plain walk), a metaclass with its
# own mro(), an MRO longer than the patch's 48 (the plain walk), a base
# changed between two subclasses (its remembered set renewed).  Optional
# look-ups on modules: __getattr__ answering, raising AttributeError or
# another error, a property raising AttributeError on a module subclass.
import gc
out = []
X = type('X', (), {1: 2, '__add__': lambda s, o: 'X+'})
out.append(X() + 1)
class M(type):
    def mro(cls):
        return (cls,) + tuple(reversed(type.mro(cls)[1:-1])) + (object,)
class A:
    def __len__(self): return 1
class B:
    def __len__(self): return 2
    def __iter__(self): return iter([9])
class C(A, B, metaclass=M): pass
out.append((len(C()), list(C())))
# long MRO
bases = [object]
for i in range(60):
    bases.append(type('L%d' % i, (bases[-1],), {'__eq__': (lambda i: lambda s, o: i)(i)} if i == 3 else {}))
Long = bases[-1]
out.append((len(Long.__mro__), Long() == 1, hash(Long) is not None))
try: hash(Long())
except TypeError as e: out.append('unhashable')
# base modified after a subclass and before another
class Base: pass
class S1(Base): pass
Base.__mul__ = lambda s, o: 'mul'
class S2(Base): pass
out.append((S1() * 2, S2() * 2))
del Base.__mul__
class S3(Base): pass
for c in (S1, S2, S3):
    try: c() * 2; out.append('yes')
    except TypeError: out.append('no')
# str subclass key in namespace
class K(str): pass
Y = type('Y', (), {K('__neg__'): lambda s: 'neg'})
try: out.append(-Y())
except TypeError as e: out.append('TypeError neg')
# module getattr / hasattr
import types
m = types.ModuleType('mm')
m.__getattr__ = lambda n: (_ for _ in ()).throw(AttributeError(n)) if n != 'magic' else 42
out.append((getattr(m, 'magic', None), getattr(m, 'nope', 'dflt'), hasattr(m, 'nope')))
m2 = types.ModuleType('mm2')
m2.__getattr__ = lambda n: 1/0
try: getattr(m2, 'x', None)
except ZeroDivisionError: out.append('zde propagated')
try: m2.zz
except ZeroDivisionError: out.append('zde2')
try: types.ModuleType('q').nope
except AttributeError as e: out.append(str(e))
class SubMod(types.ModuleType):
    @property
    def p(self): raise AttributeError('prop')
sm = SubMod('sm')
out.append((getattr(sm, 'p', 'd'), hasattr(sm, 'p')))
sm.__getattr__ = lambda n: 'fromgetattr'
out.append(getattr(sm, 'p', 'd'))
import enum, dataclasses, typing
class E(enum.IntFlag):
    A = 1; B = 2
out.append((E.A | E.B, repr(E.A)))
for o in out: print(o)
