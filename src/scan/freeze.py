"""Deep-freeze modules' byte-code: marshalled code objects become C source
whose static data are the code objects themselves, laid out as CPython 3.11
lays them out, so that importing the module unmarshals nothing.

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
for the modules CPython itself deep-freezes: they are never deallocated (a
reference count no program reaches), tuples are not tracked by the cyclic
collector (they hold no cycle), and frozensets, which are hash tables, are
built when the function is first called.  Strings marshal marks interned
are interned then (the names _PyCode_New interned before marshal wrote
them, so no second pass over each code object's names is needed).  The small ints, b'', one-byte bytes, '' and one-character latin-1
strings are the interpreter's own singletons, as unmarshal returns them.

Only the layout of CPython 3.11 is known here: under another version this
writes nothing and says so, and every module stays marshalled.

The output depends on the input bytes alone: the same code gives the same C.
"""

import opcode
import os
import struct
import sys

KNOWN_LAYOUT = (3, 11)

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


def head(typ, size=None):
    h = f"{{.ob_refcnt = 999999999, .ob_type = &{typ}}}"
    if size is None:
        return f".ob_base = {h}"
    return f".ob_base = {{.ob_base = {h}, .ob_size = {size}}}"


class Writer:
    def __init__(self):
        self.out = []           # definitions, children before parents
        self.names = {}         # id(node) -> C expression of its address
        self.keep = []          # the nodes named, alive while ids are keys
        self.n = 0
        self.interns = {}       # id(string) -> addresses of the slots holding it
        self.sets = []          # (C variable, C tuple of its items)
        self.set_slots = []     # (address of a tuple slot, C variable)

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
                size = len(digits) if v > 0 else -len(digits)
                lines.append(cond)
                lines.append(f"static struct {{ PyObject_VAR_HEAD digit ob_digit[{len(digits)}]; }} "
                             f"{name} = {{{head('PyLong_Type', size)}, .ob_digit = {{"
                             + ", ".join(map(str, digits)) + "}};")
            lines.append("#else\n#error \"unknown PyLong_SHIFT\"\n#endif")
            self.out.append("\n".join(lines) + "\n")
            return f"(PyObject *)&{name}"
        if isinstance(v, float):
            self.out.append(f"static PyFloatObject {name} = {{{head('PyFloat_Type')}, "
                            f".ob_fval = {c_float(v)}}};\n")
            return f"(PyObject *)&{name}"
        if isinstance(v, complex):
            self.out.append(f"static PyComplexObject {name} = {{{head('PyComplex_Type')}, "
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
                        f"\t{head('PyBytes_Type', len(b))}, .ob_shash = -1,\n"
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
        base = f"{head('PyUnicode_Type')}, .length = {len(s)}, .hash = -1"
        if top < 128:
            self.out.append(f"static struct {{ PyASCIIObject _ascii; uint8_t _data[{len(s) + 1}]; }} "
                            f"{name} = {{\n\t._ascii = {{{base}, .state = {{.kind = 1, "
                            f".compact = 1, .ascii = 1, .ready = 1}}}},\n"
                            f"\t._data = {c_bytes(s.encode('ascii'))}}};\n")
            return f"(PyObject *)&{name}"
        kind, ctype = (1, "uint8_t") if top < 256 else (2, "uint16_t") if top < 65536 else (4, "uint32_t")
        data = ", ".join(str(ord(c)) for c in s) + ", 0"
        # PyUnicode_New shares the data as wstr when wchar_t has its width
        self.out.append(
            f"static struct {{ PyCompactUnicodeObject _compact; {ctype} _data[{len(s) + 1}]; }} "
            f"{name} = {{\n\t._compact = {{._base = {{{base}, .state = {{.kind = {kind}, "
            f".compact = 1, .ascii = 0, .ready = 1}},\n"
            f"#if SIZEOF_WCHAR_T == {kind}\n\t\t.wstr = (wchar_t *){name}._data}},\n"
            f"\t\t.wstr_length = {len(s)},\n#else\n\t\t}},\n#endif\n\t}},\n"
            f"\t._data = {{{data}}}}};\n")
        return f"(PyObject *)&{name}"

    def tuple(self, items):
        if not items:
            return "(PyObject *)&_Py_SINGLETON(tuple_empty)"
        name = self.new()
        exprs = [self.ref(it, f"&{name}._object.ob_item[{i}]") for i, it in enumerate(items)]
        self.out.append(f"static struct {{ PyGC_Head _gc_head; struct {{ PyObject_VAR_HEAD "
                        f"PyObject *ob_item[{len(items)}]; }} _object; }} {name} = {{._object = {{\n"
                        f"\t{head('PyTuple_Type', len(items))}, .ob_item = {{\n\t\t"
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
        f = {}
        for field in ("consts", "names", "exceptiontable", "localsplusnames", "localspluskinds",
                      "filename", "name", "qualname", "linetable"):
            f[field] = self.ref(getattr(c, field), f"&{name}.co_{field}", field in COLD_FIELDS)
        self.out.append(
            f"static struct _PyCode_DEF({len(code)}) {name} = {{\n"
            f"\t{head('PyCode_Type', len(code) // 2)},\n"
            f"\t.co_consts = {f['consts']}, .co_names = {f['names']},\n"
            f"\t.co_exceptiontable = {f['exceptiontable']},\n"
            f"\t.co_flags = {c.flags}, .co_warmup = QUICKENING_INITIAL_WARMUP_VALUE,\n"
            f"\t.co_argcount = {c.argcount}, .co_posonlyargcount = {c.posonlyargcount},\n"
            f"\t.co_kwonlyargcount = {c.kwonlyargcount}, .co_stacksize = {c.stacksize},\n"
            f"\t.co_firstlineno = {c.firstlineno},\n"
            f"\t.co_nlocalsplus = {len(c.localspluskinds.value)}, .co_nlocals = {nlocals},\n"
            f"\t.co_nplaincellvars = {nplaincell}, .co_ncellvars = {ncell}, "
            f".co_nfreevars = {nfree},\n"
            f"\t.co_localsplusnames = {f['localsplusnames']},\n"
            f"\t.co_localspluskinds = {f['localspluskinds']},\n"
            f"\t.co_filename = {f['filename']}, .co_name = {f['name']},\n"
            f"\t.co_qualname = {f['qualname']}, .co_linetable = {f['linetable']},\n"
            f"\t._co_firsttraceable = {first},\n"
            f"\t.co_code_adaptive = {c_bytes(code)}}};\n")
        return f"(PyObject *)&{name}"


def contains_set(node):
    if isinstance(node, FrozenSet):
        return True
    return isinstance(node, Tuple) and any(contains_set(i) for i in node.items)


def freeze(name, data, symbol):
    """The C source of module `name`'s marshalled code `data`."""
    r = Reader(data)
    top = r.obj()
    if not isinstance(top, Code) or r.pos != len(data):
        raise Unsupported("not one marshalled code object")
    w = Writer()
    expr = w.emit(top)
    # one group of slots per string, each group ended by NULL: a string is
    # looked up in the interned dict once, however many slots hold it
    interns = "".join("".join(f"\t{s},\n" for s in slots) + "\tNULL,\n"
                      for slots in w.interns.values())
    sets = "".join(f"\t\tif (!({v} = PyFrozenSet_New({items})))\n\t\t\treturn NULL;\n"
                   for v, items in w.sets)
    slots = "".join(f"\t\t*({slot}) = Py_NewRef({v});\n" for slot, v in w.set_slots)
    return (
        f"/* Generated by slither (src/scan/freeze.py): the byte-code of module\n"
        f" * {name}, deep-frozen.  Do not edit. */\n"
        "#define Py_BUILD_CORE 1\n"
        "#include \"Python.h\"\n"
        "#include \"internal/pycore_code.h\"\n"
        "#include \"internal/pycore_long.h\"\n"
        "#include \"internal/pycore_runtime.h\"\n\n"
        + "".join(w.out) +
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
        f"{sets}{slots}"
        "\t\tready = 1;\n"
        "\t}\n"
        f"\treturn Py_NewRef({expr});\n"
        "}\n")


def main():
    with open(sys.argv[1], "rb") as f:
        jobs = [l.split("\t") for l in f.read().decode("utf-8").splitlines() if l]
    if sys.version_info[:2] != KNOWN_LAYOUT or RESUME is None:
        for job in jobs:
            print(f"skip {job[0]}: deep-freezing knows CPython "
                  f"{KNOWN_LAYOUT[0]}.{KNOWN_LAYOUT[1]} only")
        return 0
    for name, code_file, c_file, symbol in jobs:
        with open(code_file, "rb") as f:
            data = f.read()
        try:
            text = freeze(name, data, symbol)
        except Unsupported as e:
            print(f"skip {name}: {e}")
            continue
        with open(c_file + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(c_file + ".tmp", c_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
