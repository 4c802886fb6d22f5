"""Deep-freeze modules' byte-code: marshalled code objects become C source
whose static data are the code objects themselves, laid out as the running
CPython lays them out, so that importing the module unmarshals nothing.

Run by the toolchain's own interpreter (src/link/frozen.c):

    python -s -S freeze.py JOBS

JOBS: a file of one tab-separated line per module, "NAME CODE_FILE C_FILE SYMBOL".
CODE_FILE holds marshal.dumps(code) (src/scan/scan.py writes it).  For each
job this writes C_FILE, which defines one external function,

    PyObject *SYMBOL(void)

returning a new reference to the module's code object (NULL with an
exception set if its one-time set-up fails), or writes nothing and names the
module on stdout ("skip NAME: why") when its code holds a constant that
cannot be static (a NaN with a payload, an object marshal only writes for
other callers).  Such a module stays marshalled; nothing else changes.

The objects are what unmarshalling would give, field for field (as
Objects/codeobject.c's init_code fills them), with these differences, as
for the modules CPython itself deep-froze (3.11 and 3.12): they are never
deallocated (a reference count no program reaches: on 3.12 and later
immortal), tuples are not tracked by the cyclic collector (they hold no
cycle), and frozensets, which are hash tables, are built when the function
is first called.  Strings marshal marks interned are interned then (the
names _PyCode_New interned before marshal wrote them, so no second pass
over each code object's names is needed); what else a version's init_code
does at run time (3.13: a code object's version, its adaptive counters) is
done then too.  The small ints, b'', one-byte bytes, '' and one-character
latin-1 strings are the interpreter's own singletons, as unmarshal returns
them.

What differs between CPython versions is one class per version (LAYOUTS,
picked by the running interpreter's version: the toolchain's).  Under a
version with none this writes nothing and says so, and every module stays
marshalled; src/link/frozen.c's frozen_layouts[] lists the same versions.

The output depends on the input bytes alone: the same code gives the same C.
"""

import opcode
import os
import struct
import sys

# Include/internal/pycore_code.h
CO_FAST_LOCAL, CO_FAST_CELL, CO_FAST_FREE = 0x20, 0x40, 0x80
RESUME = opcode.opmap.get("RESUME")
NAN_BITS = struct.unpack("<Q", struct.pack("<d", float("nan")))[0]


# The bytes only C reads (locations, exception handlers, kinds of locals):
# apart from the objects whose reference counts and hashes every import
# writes, so that the pages holding them are not copied on write.
COLD_FIELDS = ("exceptiontable", "localspluskinds", "linetable")
COLD = ' __attribute__((section(".data.slither_cold")))'


class Unsupported(Exception):
    pass


# --- reading marshal's format (Python/marshal.c, version 4) ----------------

class Str:
    __slots__ = ("value", "interned")

    def __init__(self, value, interned):
        self.value, self.interned = value, interned


class Bytes:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Tuple:
    __slots__ = ("items",)

    def __init__(self):
        self.items = []


class FrozenSet:
    __slots__ = ("items",)

    def __init__(self):
        self.items = []


class Code:
    __slots__ = ("argcount", "posonlyargcount", "kwonlyargcount", "stacksize", "flags",
                 "code", "consts", "names", "localsplusnames", "localspluskinds",
                 "filename", "name", "qualname", "firstlineno", "linetable",
                 "exceptiontable")


class Const:
    """None, True, False, Ellipsis, an int, a float or a complex."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Reader:
    def __init__(self, data):
        self.data, self.pos, self.refs = data, 0, []

    def take(self, n):
        if self.pos + n > len(self.data):
            raise Unsupported("truncated marshal data")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def byte(self):
        return self.take(1)[0]

    def i32(self):
        return struct.unpack("<i", self.take(4))[0]

    def obj(self):
        code = self.byte()
        flag, t = code & 0x80, chr(code & 0x7f)
        if t == "r":
            i = self.i32()
            if not 0 <= i < len(self.refs) or self.refs[i] is None:
                raise Unsupported("bad reference in marshal data")
            return self.refs[i]
        slot = None
        if flag:                        # a reference to this object may follow
            slot = len(self.refs)
            self.refs.append(None)
        if t == "N":
            o = Const(None)
        elif t == "T":
            o = Const(True)
        elif t == "F":
            o = Const(False)
        elif t == ".":
            o = Const(...)
        elif t == "i":
            o = Const(self.i32())
        elif t == "l":
            n = self.i32()
            v = 0
            for k in range(abs(n)):
                v |= struct.unpack("<H", self.take(2))[0] << (15 * k)
            o = Const(-v if n < 0 else v)
        elif t == "g":
            o = Const(struct.unpack("<d", self.take(8))[0])
            check_float(self.data[self.pos - 8:self.pos])
        elif t == "y":
            re, im = struct.unpack("<dd", self.take(16))
            check_float(self.data[self.pos - 16:self.pos - 8])
            check_float(self.data[self.pos - 8:self.pos])
            o = Const(complex(re, im))
        elif t == "s":
            o = Bytes(self.take(self.i32()))
        elif t in "tu":
            o = Str(self.take(self.i32()).decode("utf-8", "surrogatepass"), t == "t")
        elif t in "aA":
            o = Str(self.take(self.i32()).decode("latin-1"), t == "A")
        elif t in "zZ":
            o = Str(self.take(self.byte()).decode("latin-1"), t == "Z")
        elif t in "()":
            n = self.byte() if t == ")" else self.i32()
            o = Tuple()
            if slot is not None:
                self.refs[slot] = o
            o.items = [self.obj() for _ in range(n)]
        elif t == ">":
            o = FrozenSet()
            if slot is not None:
                self.refs[slot] = o
            o.items = [self.obj() for _ in range(self.i32())]
        elif t == "c":
            o = Code()
            if slot is not None:
                self.refs[slot] = o
            (o.argcount, o.posonlyargcount, o.kwonlyargcount, o.stacksize,
             o.flags) = (self.i32() for _ in range(5))
            o.code, o.consts, o.names = self.obj(), self.obj(), self.obj()
            o.localsplusnames, o.localspluskinds = self.obj(), self.obj()
            o.filename, o.name, o.qualname = self.obj(), self.obj(), self.obj()
            o.firstlineno = self.i32()
            o.linetable, o.exceptiontable = self.obj(), self.obj()
        else:
            raise Unsupported(f"marshal type {t!r} in a code object's constants")
        if slot is not None:
            self.refs[slot] = o
        return o


def check_float(b):
    """A NaN other than float('nan') and -float('nan') keeps its payload in
    marshal's bytes but not in a C constant."""
    (bits,) = struct.unpack("<Q", b)
    if (bits >> 52) & 0x7ff == 0x7ff and bits & ((1 << 52) - 1):
        if bits & ~(1 << 63) != NAN_BITS:
            raise Unsupported("a NaN constant with a payload")


# --- writing C ---------------------------------------------------------------

def c_bytes(b):
    """A C string literal of exactly the bytes `b`, in lines of 64."""
    if not b:
        return '""'
    parts = []
    for i in range(0, len(b), 64):
        s = []
        for c in b[i:i + 64]:
            if 0x20 <= c < 0x7f and c not in b'\\"?':
                s.append(chr(c))
            else:
                s.append("\\%03o" % c)
        parts.append('"' + "".join(s) + '"')
    return "\n\t".join(parts)


def c_float(x):
    if x != x:
        neg = struct.pack("<d", x)[7] & 0x80
        return "(-__builtin_nan(\"\"))" if neg else "__builtin_nan(\"\")"
    if x in (float("inf"), float("-inf")):
        return "(-__builtin_inf())" if x < 0 else "__builtin_inf()"
    return x.hex()


# --- what differs between CPython versions ---------------------------------

class Layout:
    """How one CPython version lays out the objects of byte-code, as C: the
    parts that differ between versions (Include/cpython/code.h's
    _PyCode_DEF, unicodeobject.h, longintrepr.h; what init_code does at run
    time).  Writer writes the rest the same for every version."""

    # Python.h, then these
    includes = ("internal/pycore_code.h", "internal/pycore_long.h",
                "internal/pycore_runtime.h")
    # a static object's reference count
    refcnt = None
    # a string's state besides kind, compact and ascii
    str_state = None
    # C declarations the set-up below needs
    declarations = ""
    # C run once, when the module's function is first called, over its code
    # objects (`codes`, ended by NULL), or "" if nothing needs it
    code_ready = ""

    def head(self, typ, size=None):
        h = f"{{.ob_refcnt = {self.refcnt}, .ob_type = &{typ}}}"
        if size is None:
            return f".ob_base = {h}"
        return f".ob_base = {{.ob_base = {h}, .ob_size = {size}}}"

    def long_parts(self, sign, ndigits):
        """An int's C members before its digits, and their initialisers."""
        raise NotImplementedError

    def compact_tail(self, name, s, kind):
        """What follows the state of a non-ASCII string, closing ._compact."""
        raise NotImplementedError

    def code_counts(self, c, n):
        """A code object's fields that follow co_nlocals: `n` holds the counts
        of its locals, cells and frees, and its size."""
        raise NotImplementedError

    # after co_flags
    code_flags_more = ""


class Layout311(Layout):
    refcnt = "999999999"
    str_state = ".ready = 1"
    code_flags_more = ", .co_warmup = QUICKENING_INITIAL_WARMUP_VALUE"

    def long_parts(self, sign, ndigits):
        return "PyObject_VAR_HEAD", self.head("PyLong_Type", sign * ndigits)

    def compact_tail(self, name, s, kind):
        # PyUnicode_New shares the data as wstr when wchar_t has its width
        return (f"\n#if SIZEOF_WCHAR_T == {kind}\n\t\t.wstr = (wchar_t *){name}._data}},\n"
                f"\t\t.wstr_length = {len(s)},\n#else\n\t\t}},\n#endif\n\t}},\n")

    def code_counts(self, c, n):
        return (f".co_nplaincellvars = {n['nplaincell']}, .co_ncellvars = {n['ncell']}, "
                f".co_nfreevars = {n['nfree']},\n")


class Layout313(Layout):
    """Objects are immortal (3.12): their reference counts are never
    written; strings say they are static, so that a stray dealloc leaves
    them alone; utf8, co_version, _co_cached, co_executors and
    _co_monitoring start empty, as init_code leaves them."""
    includes = Layout.includes + ("internal/pycore_frame.h", "internal/pycore_interp.h",
                                  "internal/pycore_pystate.h")
    refcnt = "_Py_IMMORTAL_REFCNT"
    str_state = ".statically_allocated = 1"
    # HACK: Python/specialize.c's, declared in no header
    declarations = "extern void _PyCode_Quicken(PyCodeObject *code);\n"
    # as init_code: a version for each code object (function calls are
    # specialised by it; 0, none, would keep them from it), then the
    # adaptive counters in the inline caches.  The counter is the
    # interpreter's: the objects are shared by all, so a subinterpreter's
    # own numbering would not hold for them (a slither binary runs one)
    code_ready = (
        "\t\tPyInterpreterState *interp = _PyInterpreterState_GET();\n\n"
        "\t\tfor (PyCodeObject *const *co = codes; *co; co++) {\n"
        "\t\t\t(*co)->co_version = interp->func_state.next_version;\n"
        "\t\t\tif (interp->func_state.next_version)\n"
        "\t\t\t\tinterp->func_state.next_version++;\n"
        "\t\t\t_PyCode_Quicken(*co);\n"
        "\t\t}\n")

    def long_parts(self, sign, ndigits):
        return ("PyObject ob_base; uintptr_t lv_tag;",
                f"{self.head('PyLong_Type')}, .lv_tag = TAG_FROM_SIGN_AND_SIZE({sign}, {ndigits})")

    def compact_tail(self, name, s, kind):
        return "}},\n"

    def code_counts(self, c, n):
        # _PyFrame_NumSlotsForCodeObject
        return (f".co_framesize = {n['nlocalsplus']} + {c.stacksize} + FRAME_SPECIALS_SIZE,\n"
                f"\t.co_ncellvars = {n['ncell']}, .co_nfreevars = {n['nfree']},\n")


LAYOUTS = {(3, 11): Layout311, (3, 13): Layout313}


class Writer:
    def __init__(self, layout):
        self.layout = layout
        self.out = []           # definitions, children before parents
        self.names = {}         # id(node) -> C expression of its address
        self.keep = []          # the nodes named, alive while ids are keys
        self.n = 0
        self.interns = {}       # id(string) -> addresses of the slots holding it
        self.sets = []          # (C variable, C tuple of its items)
        self.set_slots = []     # (address of a tuple slot, C variable)
        self.codes = []         # the C variables of the code objects

    def new(self):
        self.n += 1
        return f"o{self.n}"

    def ref(self, node, slot, cold=False):
        """The C expression for `node` stored at the address `slot`."""
        if isinstance(node, Str) and node.interned:
            self.interns.setdefault(id(node), []).append(slot)
        if isinstance(node, FrozenSet):
            var = self.emit(node)
            self.set_slots.append((slot, var))
            return "NULL"
        return self.emit(node, cold)

    def emit(self, node, cold=False):
        key = id(node)
        if key in self.names:
            return self.names[key]
        if isinstance(node, Const):
            expr = self.const(node.value)
        elif isinstance(node, Str):
            expr = self.string(node.value)
        elif isinstance(node, Bytes):
            expr = self.bytes(node.value, cold)
        elif isinstance(node, Tuple):
            expr = self.tuple(node.items)
        elif isinstance(node, FrozenSet):
            if any(contains_set(i) for i in node.items):
                raise Unsupported("a frozenset inside a frozenset constant")
            items = self.tuple(node.items)
            expr = self.new()
            self.out.append(f"static PyObject *{expr};\n")
            self.sets.append((expr, items))
        elif isinstance(node, Code):
            expr = self.code(node)
        else:
            raise Unsupported(f"a {type(node).__name__} constant")
        self.names[key] = expr
        self.keep.append(node)
        return expr

    def const(self, v):
        if v is None:
            return "Py_None"
        if v is True:
            return "Py_True"
        if v is False:
            return "Py_False"
        if v is ...:
            return "Py_Ellipsis"
        if isinstance(v, int) and -5 <= v <= 256:
            return f"(PyObject *)&_PyLong_SMALL_INTS[_PY_NSMALLNEGINTS + {v}]"
        name = self.new()
        if isinstance(v, int):
            lines = []
            for shift, cond in ((30, "#if PyLong_SHIFT == 30"), (15, "#elif PyLong_SHIFT == 15")):
                a, digits = abs(v), []
                while a:
                    digits.append(a & ((1 << shift) - 1))
                    a >>= shift
                members, init = self.layout.long_parts(1 if v > 0 else -1, len(digits))
                lines.append(cond)
                lines.append(f"static struct {{ {members} digit ob_digit[{len(digits)}]; }} "
                             f"{name} = {{{init}, .ob_digit = {{"
                             + ", ".join(map(str, digits)) + "}};")
            lines.append("#else\n#error \"unknown PyLong_SHIFT\"\n#endif")
            self.out.append("\n".join(lines) + "\n")
            return f"(PyObject *)&{name}"
        if isinstance(v, float):
            self.out.append(f"static PyFloatObject {name} = {{{self.layout.head('PyFloat_Type')}, "
                            f".ob_fval = {c_float(v)}}};\n")
            return f"(PyObject *)&{name}"
        if isinstance(v, complex):
            self.out.append(f"static PyComplexObject {name} = {{{self.layout.head('PyComplex_Type')}, "
                            f".cval = {{{c_float(v.real)}, {c_float(v.imag)}}}}};\n")
            return f"(PyObject *)&{name}"
        raise Unsupported(f"a {type(v).__name__} constant")

    def bytes(self, b, cold=False):
        if len(b) == 0:
            return "(PyObject *)&_Py_SINGLETON(bytes_empty)"
        if len(b) == 1:
            return f"(PyObject *)&_Py_SINGLETON(bytes_characters[{b[0]}])"
        name = self.new()
        self.out.append(f"static struct {{ PyObject_VAR_HEAD Py_hash_t ob_shash; "
                        f"char ob_sval[{len(b) + 1}]; }} {name}{COLD if cold else ''} = {{\n"
                        f"\t{self.layout.head('PyBytes_Type', len(b))}, .ob_shash = -1,\n"
                        f"\t.ob_sval = {c_bytes(b)}}};\n")
        return f"(PyObject *)&{name}"

    def string(self, s):
        if s == "":
            return "(PyObject *)&_Py_STR(empty)"
        top = max(map(ord, s))
        if len(s) == 1 and top < 128:
            return f"(PyObject *)&_Py_SINGLETON(strings).ascii[{top}]"
        if len(s) == 1 and top < 256:
            return f"(PyObject *)&_Py_SINGLETON(strings).latin1[{top - 128}]"
        name = self.new()
        base = f"{self.layout.head('PyUnicode_Type')}, .length = {len(s)}, .hash = -1"
        state = self.layout.str_state
        if top < 128:
            self.out.append(f"static struct {{ PyASCIIObject _ascii; uint8_t _data[{len(s) + 1}]; }} "
                            f"{name} = {{\n\t._ascii = {{{base}, .state = {{.kind = 1, "
                            f".compact = 1, .ascii = 1, {state}}}}},\n"
                            f"\t._data = {c_bytes(s.encode('ascii'))}}};\n")
            return f"(PyObject *)&{name}"
        kind, ctype = (1, "uint8_t") if top < 256 else (2, "uint16_t") if top < 65536 else (4, "uint32_t")
        data = ", ".join(str(ord(c)) for c in s) + ", 0"
        self.out.append(
            f"static struct {{ PyCompactUnicodeObject _compact; {ctype} _data[{len(s) + 1}]; }} "
            f"{name} = {{\n\t._compact = {{._base = {{{base}, .state = {{.kind = {kind}, "
            f".compact = 1, .ascii = 0, {state}}},"
            + self.layout.compact_tail(name, s, kind) +
            f"\t._data = {{{data}}}}};\n")
        return f"(PyObject *)&{name}"

    def tuple(self, items):
        if not items:
            return "(PyObject *)&_Py_SINGLETON(tuple_empty)"
        name = self.new()
        exprs = [self.ref(it, f"&{name}._object.ob_item[{i}]") for i, it in enumerate(items)]
        self.out.append(f"static struct {{ PyGC_Head _gc_head; struct {{ PyObject_VAR_HEAD "
                        f"PyObject *ob_item[{len(items)}]; }} _object; }} {name} = {{._object = {{\n"
                        f"\t{self.layout.head('PyTuple_Type', len(items))}, .ob_item = {{\n\t\t"
                        + ",\n\t\t".join(exprs) + "}}};\n")
        return f"(PyObject *)&{name}._object"

    def code(self, c):
        name = self.new()
        if not isinstance(c.code, Bytes) or not isinstance(c.localspluskinds, Bytes) \
                or not isinstance(c.localsplusnames, Tuple) \
                or len(c.localsplusnames.items) != len(c.localspluskinds.value):
            raise Unsupported("a code object of an unexpected shape")
        nlocals = nplaincell = ncell = nfree = 0
        for k in c.localspluskinds.value:
            if k & CO_FAST_LOCAL:
                nlocals += 1
                ncell += bool(k & CO_FAST_CELL)
            elif k & CO_FAST_CELL:
                ncell += 1
                nplaincell += 1
            elif k & CO_FAST_FREE:
                nfree += 1
        code = c.code.value
        first = 0
        while first < len(code) // 2 and code[2 * first] != RESUME:
            first += 1
        n = {"nlocalsplus": len(c.localspluskinds.value), "nplaincell": nplaincell,
             "ncell": ncell, "nfree": nfree}
        f = {}
        for field in ("consts", "names", "exceptiontable", "localsplusnames", "localspluskinds",
                      "filename", "name", "qualname", "linetable"):
            f[field] = self.ref(getattr(c, field), f"&{name}.co_{field}", field in COLD_FIELDS)
        self.out.append(
            f"static struct _PyCode_DEF({len(code)}) {name} = {{\n"
            f"\t{self.layout.head('PyCode_Type', len(code) // 2)},\n"
            f"\t.co_consts = {f['consts']}, .co_names = {f['names']},\n"
            f"\t.co_exceptiontable = {f['exceptiontable']},\n"
            f"\t.co_flags = {c.flags}{self.layout.code_flags_more},\n"
            f"\t.co_argcount = {c.argcount}, .co_posonlyargcount = {c.posonlyargcount},\n"
            f"\t.co_kwonlyargcount = {c.kwonlyargcount}, .co_stacksize = {c.stacksize},\n"
            f"\t.co_firstlineno = {c.firstlineno},\n"
            f"\t.co_nlocalsplus = {len(c.localspluskinds.value)}, .co_nlocals = {nlocals},\n"
            f"\t{self.layout.code_counts(c, n)}"
            f"\t.co_localsplusnames = {f['localsplusnames']},\n"
            f"\t.co_localspluskinds = {f['localspluskinds']},\n"
            f"\t.co_filename = {f['filename']}, .co_name = {f['name']},\n"
            f"\t.co_qualname = {f['qualname']}, .co_linetable = {f['linetable']},\n"
            f"\t._co_firsttraceable = {first},\n"
            f"\t.co_code_adaptive = {c_bytes(code)}}};\n")
        self.codes.append(name)
        return f"(PyObject *)&{name}"


def contains_set(node):
    if isinstance(node, FrozenSet):
        return True
    return isinstance(node, Tuple) and any(contains_set(i) for i in node.items)


def freeze(name, data, symbol, layout):
    """The C source of module `name`'s marshalled code `data`."""
    r = Reader(data)
    top = r.obj()
    if not isinstance(top, Code) or r.pos != len(data):
        raise Unsupported("not one marshalled code object")
    w = Writer(layout)
    expr = w.emit(top)
    # one group of slots per string, each group ended by NULL: a string is
    # looked up in the interned dict once, however many slots hold it
    interns = "".join("".join(f"\t{s},\n" for s in slots) + "\tNULL,\n"
                      for slots in w.interns.values())
    sets = "".join(f"\t\tif (!({v} = PyFrozenSet_New({items})))\n\t\t\treturn NULL;\n"
                   for v, items in w.sets)
    slots = "".join(f"\t\t*({slot}) = Py_NewRef({v});\n" for slot, v in w.set_slots)
    codes = ""
    if layout.code_ready:
        codes = ("\nstatic PyCodeObject *const codes[] = {\n"
                 + "".join(f"\t(PyCodeObject *)&{c},\n" for c in w.codes) + "\tNULL\n};\n")
    return (
        f"/* Generated by slither (src/scan/freeze.py): the byte-code of module\n"
        f" * {name}, deep-frozen.  Do not edit. */\n"
        "#define Py_BUILD_CORE 1\n"
        "#include \"Python.h\"\n"
        + "".join(f"#include \"{h}\"\n" for h in layout.includes) + "\n"
        + layout.declarations + ("\n" if layout.declarations else "")
        + "".join(w.out) + codes +
        f"\nstatic PyObject **const interned[] = {{\n{interns}\tNULL\n}};\n\n"
        f"PyObject *{symbol}(void);\n"
        f"PyObject *{symbol}(void)\n{{\n"
        "\tstatic int ready;\n\n"
        "\tif (!ready) {\n"
        "\t\tfor (PyObject **const *p = interned; *p; p++) {\n"
        "\t\t\tPyObject *s = **p;\n\n"
        "\t\t\tPyUnicode_InternInPlace(&s);\n"
        "\t\t\tfor (; *p; p++)\n"
        "\t\t\t\tif (**p != s)\n"
        "\t\t\t\t\t**p = Py_NewRef(s);\n"
        "\t\t}\n"
        f"{sets}{slots}{layout.code_ready}"
        "\t\tready = 1;\n"
        "\t}\n"
        f"\treturn Py_NewRef({expr});\n"
        "}\n")


def main():
    with open(sys.argv[1], "rb") as f:
        jobs = [l.split("\t") for l in f.read().decode("utf-8").splitlines() if l]
    layout = LAYOUTS.get(sys.version_info[:2])
    if layout is None or RESUME is None:
        known = ", ".join("%d.%d" % v for v in LAYOUTS)
        for job in jobs:
            print(f"skip {job[0]}: deep-freezing knows the code objects of CPython {known} only")
        return 0
    layout = layout()
    for name, code_file, c_file, symbol in jobs:
        with open(code_file, "rb") as f:
            data = f.read()
        try:
            text = freeze(name, data, symbol, layout)
        except Unsupported as e:
            print(f"skip {name}: {e}")
            continue
        with open(c_file + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(c_file + ".tmp", c_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
