"""slither's scanner: which modules an app needs, compiled to byte-code.

`slither build` runs this file with the toolchain's own static interpreter, so
that the byte-code is made by the very build that will run it:

    PYTHONHASHSEED=0 python -s -S scan.py --out WORKDIR [--path DIR]...
        [--include NAME]... [--exclude NAME]... [--exclude-data GLOB]...
        [--optimize 0|1|2]
        [--no-source] [--root /slither] [-v] [--cache DIR [--cache-key TEXT]]
        (--script FILE | --module NAME | --interpreter)

It never imports the app.  Starting from the entry (a script, a module run as
`python -m` runs it, or the whole standard library for --interpreter), it
compiles each module and follows the imports found in its byte-code:
`import` statements, relative imports, `from pkg import sub`, `from pkg import *`
(through a literal __all__) and constant `importlib.import_module("x")` /
`__import__("x")` calls.  A call that imports by a computed name
(`import_module("pkg.plugins." + x)`, `__import__(x)`, found in the source's
syntax tree: see computed_imports) in a module outside the standard library
embeds a whole package (see Scanner.computed_scope), but its test suites,
and says so once per package with file:line; --exclude wins.  This is done
after the imports are followed, for the top-level packages they reach: a
package that only modules so embedded reach is named, not embedded whole.
Modules are searched for in the script's directory, then each --path, then
the interpreter's standard library, as CPython's path finder would
(packages, then extension modules, source, byte-code only; then namespace
packages).

The result, in WORKDIR:

    code/NAME.code   the marshalled code object of module NAME
    manifest.txt     UTF-8, one tab-separated record per line:
        slither-manifest  1
        magic             importlib.util.MAGIC_NUMBER as a little-endian u32, %08x
        pyversion         sys.hexversion, %08x
        optimize          0, 1 or 2
        root              the virtual root, /slither by default
        main              script __main__ | module NAME | none (and an empty field)
        entry             KIND NAME VIRTUAL_PATH CODE_FILE SOURCE_FILE  (sorted by NAME)

KIND is module, package, namespace, extension or data.  VIRTUAL_PATH is the module's __file__ in
the produced binary: ROOT/lib/pythonX.Y/REL for the standard library, ROOT/app/REL
for everything else (REL is relative to the search directory the module was found
in; a package's path is its __init__.py, a namespace package's its directory).
CODE_FILE is relative to WORKDIR ("-" for a namespace package).  SOURCE_FILE is the
absolute path of the real source to embed, or "-".

C extensions: an extension module file (pkg/_mod.cpython-311-...so) that
`slither pip` built is a relocatable ELF object with slither's section
(.slither_ext, see src/ext/ext.h); it is an entry of kind extension whose
CODE_FILE is the object's absolute path, to be linked, not stored.  Imports
made by C code are invisible in byte-code, so, as a hack named as one, the
strings in the object's data that are dotted module names (PyCapsule_Import's
"pkg._core._C_API", PyImport_ImportModule's "numpy.core._multiarray_umath"), or
undotted names of modules outside the standard library, are followed quietly
when they resolve.

Data files: every file that is not a module inside the directory of an app
package (the script's directory and --path, not the standard library),
including its sub-directories that are not packages themselves, is embedded
as a data entry for importlib.resources and pkgutil.get_data: NAME is its
virtual path without the root and the leading slash (app/pkg/data/x.json),
CODE_FILE the absolute path of the file, SOURCE_FILE "-".  Standard-library
packages carry theirs too with --interpreter (lib2to3's grammar), and when an
--include 'pkg.*' names them (CPython's test suite), but not the directories
of INTERPRETER_SKIP (ensurepip's bundled wheels).  So is every file of the
*.dist-info/*.egg-info of each distribution installed in the script's
directory or a --path that provides a top-level module embedded from there,
at ROOT/app/NAME.dist-info/FILE, where importlib.metadata finds it (see
Scanner.embedded_distributions); the entry points of installed
distributions in a group the app's code names are followed as imports
(Scanner.follow_entry_points).  --exclude-data GLOB (fnmatch, against the
path below the search directory) leaves data files out, each named.

Imports that cannot be resolved are warnings with file:line for the app's own
modules (the script's directory and --path), and one summary line for the
standard library's optional ones (nt, winreg, ...; -v lists them, and says why
each module is embedded).  Imports under `if __name__ == "__main__":` are
followed only in modules that can run as the main module.  A shared library
extension module (.so, not built by `slither pip`) or a byte-code-only module
found on the path is a warning, not embedded.
A module that does not compile or cannot be read is an error (exit status 1),
except in the standard-library walk of --interpreter, where it is skipped.

The output is byte-identical for identical inputs: modules are sorted by name,
code objects see only virtual paths, and the marshalling is done by a fresh
process (this file run with --marshal-worker WORKDIR OPTIMIZE, an internal
interface) that compiles and marshals one module at a time: see marshal_worker.
The scanner refuses to run with hash randomization on, as frozenset constants
would then be marshalled in a random order.  With --cache, each module's
analysis and marshalled code are kept and reused while nothing they depend
on changes (see ModuleCache); the warnings compiling a module gives are
replayed, so the output and the messages are the same either way.
"""

import argparse
import ast
import builtins
import collections
import dis
import fnmatch
import hashlib
import importlib.machinery
import importlib.metadata
import importlib.util
import marshal
import os
import re
import struct
import subprocess
import sys
import sysconfig
import types
import warnings
import _imp

MANIFEST_VERSION = 1
PYTHON_DIR = f"python{sys.version_info[0]}.{sys.version_info[1]}"

# Directories under the standard library that --interpreter leaves out:
# installed packages, the test suite, GUI code and data.  The packages among
# them are excluded as by --exclude (test.support, say, is imported by
# multiprocessing.util), unless an --include names them.
INTERPRETER_SKIP = frozenset({
    "site-packages", "dist-packages", "test", "idlelib", "tkinter", "turtledemo",
    "lib2to3/tests", "ctypes/test", "distutils/tests", "unittest/test",
    "ensurepip/_bundled",
})

# Standard-library packages that cannot work in a static interpreter: each is
# embedded as a stub whose import raises ImportError with the reason and
# what to do instead (`python -m venv` then fails with that message), and
# none of its submodules is embedded.
STATIC_UNAVAILABLE = {
    "venv": "a virtual environment needs a python that loads its packages' shared "
            "libraries, and this one is a single static executable. Put pure-Python "
            "packages on PYTHONPATH (pip install --target DIR), or link packages in "
            "with `slither pip install --target DIR` and `slither build --path DIR`",
    "ensurepip": "pip cannot install packages into a single static executable. Build "
                 "packages with `slither pip install --target DIR` and link them in with "
                 "`slither build --path DIR`",
}

# A hack, named as one: imports that byte-code does not show, made by C code
# (time.strptime imports _strptime) or under a computed name (sysconfig's
# build-time data).  Whenever a module here is needed, so are these.
HIDDEN_IMPORTS = {
    "time": ["_strptime"],
    "_datetime": ["_strptime"],
    "_pickle": ["copyreg", "_compat_pickle"],
    "_elementtree": ["copy", "xml.etree.ElementPath"],
    "sysconfig": [sysconfig._get_sysconfigdata_name()],  # private, in 3.11 as in 3.13
}

# Calls whose constant first argument names a module to import.
IMPORT_FUNCTIONS = frozenset({"import_module", "__import__"})
NAME_LOADS = frozenset({
    "LOAD_NAME", "LOAD_GLOBAL", "LOAD_ATTR", "LOAD_METHOD", "LOAD_FAST", "LOAD_DEREF",
})
CALLS = frozenset({"PRECALL", "CALL"})
IMPORT_NAME = dis.opmap["IMPORT_NAME"]
CO_NEWLOCALS = 0x0002   # a function's code (inspect.CO_NEWLOCALS), not a class body's

# Extension modules: the interpreter's own suffixes, and any CPython's (the
# toolchain's interpreter is static and may know none).
EXTENSION_SUFFIXES = tuple(importlib.machinery.EXTENSION_SUFFIXES)
EXTENSION_RE = re.compile(r"(\.cpython-[^.]+|\.abi3)?\.so")


class ScanError(Exception):
    """A problem that stops the scan; its text is printed after "slither: error: "."""


class Reporter:
    """Prints warnings once each and counts them."""

    def __init__(self, verbose):
        self.verbose = verbose
        self.count = 0
        self._seen = set()

    def warn(self, message):
        if message in self._seen:
            return
        self._seen.add(message)
        self.count += 1
        print(f"slither: warning: {message}", file=sys.stderr)

    def note(self, message):
        print(f"slither: {message}", file=sys.stderr)

    def summary(self, message, details, form="{}"):
        """One note for a list of names, then with -v one line each:
        "  NAME (DETAIL)", DETAIL being form.format(details[NAME])."""
        self.note(message)
        if self.verbose:
            for name in sorted(details):
                self.note(f"  {name} ({form.format(details[name])})")


def display(path):
    """The path to show the user: relative to the current directory if under it."""
    rel = os.path.relpath(path)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path
    return rel


def is_module_name(name):
    return all(part.isidentifier() for part in name.split("."))


# --- C extensions ----------------------------------------------------------

EXT_SECTION = b".slither_ext"   # src/ext/ext.h: SLITHER_EXT_SECTION
OBJ_SECTION = b".slither_obj"   # src/ext/ext.h: SLITHER_OBJ_SECTION
ELF_REL, ELF_DYN = 1, 3
SHT_PROGBITS, SHF_ALLOC, SHF_EXECINSTR = 1, 0x2, 0x4
MODULE_STRING = re.compile(rb"(?<=\0)[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?=\0)")


def elf_sections(data, kinds=(ELF_REL,)):
    """(name, type, flags, bytes) of each section of a 64-bit little-endian
    ELF file of one of KINDS (relocatable objects), or None if DATA is not one."""
    try:
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            return None
        if struct.unpack_from("<H", data, 16)[0] not in kinds:
            return None
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
        if shoff == 0 or shentsize != 64:
            return None
        headers = []
        first = struct.unpack_from("<IIQQQQIIQQ", data, shoff)
        shnum = shnum or first[5]           # extended numbering
        if shstrndx == 0xffff:
            shstrndx = first[6]
        if shoff + 64 * shnum > len(data):
            return None
        for i in range(shnum):
            headers.append(struct.unpack_from("<IIQQQQIIQQ", data, shoff + 64 * i))
        strtab = headers[shstrndx]
        names = data[strtab[4]:strtab[4] + strtab[5]]
        sections = []
        for name, kind, flags, _, offset, size, *_ in headers:
            end = names.find(b"\0", name)
            body = b"" if kind == 8 else data[offset:offset + size]  # SHT_NOBITS
            sections.append((names[name:end], kind, flags, body))
        return sections
    except (struct.error, IndexError):
        return None


def extension_object(path):
    """The sections of the extension object at PATH if `slither pip` made it
    (a relocatable object with slither's section, or a shared library that
    carries one), else None: a shared library of another build, or not ELF."""
    try:
        with open(path, "rb") as f:
            sections = elf_sections(f.read(), (ELF_REL, ELF_DYN))
    except OSError:
        return None
    inner = [body for name, _, _, body in sections or () if name == OBJ_SECTION]
    if inner:
        sections = elf_sections(inner[0])
    if sections and any(name == EXT_SECTION for name, *_ in sections):
        return sections
    return None


def object_strings(sections):
    """The strings in an object's data that look like module names."""
    names = set()
    for _, kind, flags, body in sections:
        if kind == SHT_PROGBITS and flags & SHF_ALLOC and not flags & SHF_EXECINSTR:
            names.update(m.decode("ascii") for m in MODULE_STRING.findall(b"\0" + body))
    return sorted(names)


# --- finding modules -------------------------------------------------------

class Location:
    """A directory to search, and the search-path directory it derives from."""

    __slots__ = ("dir", "base")

    def __init__(self, directory, base):
        self.dir = directory
        self.base = base


class Found:
    """A resolved module.

    kind is one of: module, package, namespace, extension (these are embedded:
    an extension is an object made by `slither pip`); builtin, frozen (part of
    the interpreter); shared (a shared-library extension), extension-package (a
    package whose __init__ is an extension), sourceless, broken (found but not
    embedded).  path is the source file (a namespace package's first
    directory); locations are a package's submodule search locations.
    """

    EMBEDDED = ("module", "package", "namespace", "extension")

    def __init__(self, name, kind, path=None, base=None, locations=()):
        self.name = name
        self.kind = kind
        self.path = path
        self.base = base
        self.locations = list(locations)
        self.vpath = None
        self.is_stdlib = False
        self.origin = None
        self.cached_code = None             # marshalled code from the ModuleCache
        self.cache_record = None            # (cache, key, entry) to store once marshalled

    @property
    def embedded(self):
        return self.kind in self.EMBEDDED

    @property
    def is_package(self):
        return self.kind in ("package", "namespace")

    @property
    def package(self):
        """The package that relative imports in this module are relative to."""
        if self.kind == "package":
            return self.name
        if self.name == "__main__":
            return ""
        return self.name.rpartition(".")[0]

    @property
    def display(self):
        return display(self.path)


def module_file(entry):
    """(stem, kind) of a directory entry: kind is source, extension, sourceless
    or None for a file that is not a module."""
    stem, dot, rest = entry.partition(".")
    suffix = dot + rest
    if suffix == ".py":
        return stem, "source"
    if suffix == ".pyc":
        return stem, "sourceless"
    if suffix in EXTENSION_SUFFIXES or EXTENSION_RE.fullmatch(suffix):
        return stem, "extension"
    return stem, None


def string_constants(code):
    """Every str constant of CODE and of the code objects nested in it."""
    found = set()
    stack = [code]
    while stack:
        for const in stack.pop().co_consts:
            if isinstance(const, str):
                found.add(const)
            elif isinstance(const, types.CodeType):
                stack.append(const)
    return found


def top_level_names(dist):
    """The top-level modules distribution DIST installs: its top_level.txt,
    or else the first part of each file its RECORD (or an egg's
    installed-files.txt or SOURCES.txt) lists."""
    text = dist.read_text("top_level.txt")
    if text is not None:
        return set(text.split())
    names = set()
    for f in dist.files or ():
        parts = f.parts
        if not parts or parts[0] == ".." or parts[0].endswith(
                (".dist-info", ".egg-info", ".data")):
            continue
        stem, kind = module_file(parts[0]) if len(parts) == 1 else (parts[0], "package")
        if kind is not None and stem.isidentifier():
            names.add(stem)
    return names


class Finder:
    """CPython's path finder, without importing anything or caching globally.

    In each directory: a package directory with an __init__ wins, then an
    extension module, source, byte-code only; a directory without __init__ is a
    namespace portion, used only if no directory of the path has the module.
    """

    KIND_ORDER = ("extension", "source", "sourceless")

    def __init__(self):
        self._dirs = {}

    def _index(self, directory):
        """(entries, {stem: {kind: entry}}) of DIRECTORY, read once."""
        if directory not in self._dirs:
            try:
                entries = frozenset(os.listdir(directory))
            except OSError:
                entries = frozenset()
            modules = {}
            for entry in sorted(entries):
                stem, kind = module_file(entry)
                if kind:
                    modules.setdefault(stem, {}).setdefault(kind, entry)
            self._dirs[directory] = entries, modules
        return self._dirs[directory]

    def _module_file(self, directory, stem):
        """(kind, path) of module file STEM in DIRECTORY, or None."""
        files = self._index(directory)[1].get(stem, {})
        for kind in self.KIND_ORDER:
            if kind in files:
                path = os.path.join(directory, files[kind])
                if os.path.isfile(path):
                    return kind, path
        return None

    def find(self, name, locations):
        """Find module NAME (dotted) in LOCATIONS; a Found or None."""
        stem = name.rpartition(".")[2]
        portions = []
        for loc in locations:
            if stem in self._index(loc.dir)[0]:
                pkgdir = os.path.join(loc.dir, stem)
                if os.path.isdir(pkgdir):
                    init = self._module_file(pkgdir, "__init__")
                    if init:
                        kind, path = init
                        kind = "package" if kind == "source" else kind
                        return Found(name, kind, path, loc.base, [Location(pkgdir, loc.base)])
                    portions.append(Location(pkgdir, loc.base))
            module = self._module_file(loc.dir, stem)
            if module:
                kind, path = module
                kind = "module" if kind == "source" else kind
                return Found(name, kind, path, loc.base)
        if portions:
            return Found(name, "namespace", portions[0].dir, portions[0].base, portions)
        return None


def walk_package(prefix, locations, skip=frozenset(), skip_names=frozenset()):
    """Names of all modules under the package directories in LOCATIONS, sorted.

    PREFIX is the package's dotted name plus a dot ("" for a search directory).
    Skips __pycache__, directories that are not identifiers, the
    directories (relative to a location) in SKIP and those, at any depth,
    whose name is in SKIP_NAMES; byte-code-only files are not modules here.
    """
    names = set()
    for loc in locations:
        _walk_dir(loc.dir, prefix, "", (skip, skip_names), names)
    return sorted(names)


def _walk_dir(directory, prefix, rel, skip, names):
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return
    for entry in entries:
        path = os.path.join(directory, entry)
        relpath = f"{rel}/{entry}" if rel else entry
        if os.path.isdir(path):
            if entry.isidentifier() and relpath not in skip[0] and entry not in skip[1]:
                _walk_dir(path, f"{prefix}{entry}.", relpath, skip, names)
            continue
        stem, kind = module_file(entry)
        if kind not in ("source", "extension") or not stem.isidentifier():
            continue
        if stem != "__init__":
            names.add(prefix + stem)
        elif prefix:
            names.add(prefix[:-1])


# --- imports in byte-code --------------------------------------------------

class Import:
    """One import found in byte-code.

    level and name are as in `from ..name import x`; fromlist is the names
    after `import` ("*" for a star import); anchor is the package a relative
    import is relative to when given explicitly (import_module's package
    argument), None for the importing module's own package.
    """

    __slots__ = ("name", "level", "fromlist", "lineno", "anchor", "deferred", "guarded")

    def __init__(self, name, level, fromlist, lineno, anchor=None):
        self.name = name
        self.level = level
        self.fromlist = fromlist
        self.lineno = lineno
        self.anchor = anchor
        self.deferred = False   # inside a function: runs when it is called
        self.guarded = False    # in a try block at module level

    @property
    def optional(self):
        """Whether the module's import can go without it."""
        return self.deferred or self.guarded

    def dump(self):
        """This import as plain data, for the scan cache (see load)."""
        return (self.name, self.level, self.fromlist, self.lineno, self.anchor,
                self.deferred, self.guarded)

    @classmethod
    def load(cls, data):
        name, level, fromlist, lineno, anchor, deferred, guarded = data
        imp = cls(name, level, fromlist, lineno, anchor)
        imp.deferred, imp.guarded = deferred, guarded
        return imp


def code_objects(code):
    """CODE and every code object nested in its constants, in source order."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from code_objects(const)


def instructions(co):
    """CO's instructions, EXTENDED_ARG folded into the next one (as dis does)."""
    return [i for i in dis.get_instructions(co) if i.opname != "EXTENDED_ARG"]


def find_imports(code, run_as_main):
    """All Imports in module code object CODE and its nested functions and classes.

    Unless the module is RUN_AS_MAIN, its `if __name__ == "__main__":` blocks
    are left out: a module that is only imported never runs them, and they
    often import test helpers (doctest, unittest, ...) that would otherwise
    pull in much of the standard library.  So are `if TYPE_CHECKING:`
    blocks, which never run (their imports are often of stub files).
    An import in a try block at module level is optional (guarded).
    """
    instrs = instructions(code)
    never = type_checking_blocks(instrs) + ([] if run_as_main else main_blocks(instrs))
    tries = try_blocks(code)

    def in_main_block(ins):
        return any(start <= ins.offset < end for start, end in never)

    imports = []
    for ins, imp in _imports_in(code, instrs):
        if not in_main_block(ins):
            imp.guarded = any(start <= ins.offset < end for start, end in tries)
            imports.append(imp)
    skipped = {id(ins.argval) for ins in instrs
               if ins.opname == "LOAD_CONST" and isinstance(ins.argval, types.CodeType)
               and in_main_block(ins)}
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and id(const) not in skipped:
            imports.extend(_nested_imports(const, False))
    return imports


def _nested_imports(co, deferred):
    """The Imports of CO, a code object nested in a module's, and of those
    nested in it; deferred if CO or one it is nested in is a function (a
    class body runs at import, a function's when it is called)."""
    deferred = deferred or bool(co.co_flags & CO_NEWLOCALS)
    if IMPORT_NAME in co.co_code[::2] or IMPORT_FUNCTIONS.intersection(co.co_names):
        for _, imp in _imports_in(co, instructions(co)):
            imp.deferred = deferred
            yield imp
    for const in co.co_consts:
        if isinstance(const, types.CodeType):
            yield from _nested_imports(const, deferred)


def main_blocks(instrs):
    """(start, end) offsets of the module-level `if __name__ == "__main__":` blocks."""
    blocks = []
    for k in range(len(instrs) - 3):
        name, const, compare, jump = instrs[k:k + 4]
        if (name.opname == "LOAD_NAME" and name.argval == "__name__"
                and const.opname == "LOAD_CONST" and const.argval == "__main__"
                and compare.opname == "COMPARE_OP" and compare.argval == "=="
                and _jumps_if_false(jump)):
            blocks.append((jump.offset, jump.argval))
    return blocks


def type_checking_blocks(instrs):
    """(start, end) offsets of the module-level `if TYPE_CHECKING:` and
    `if typing.TYPE_CHECKING:` blocks."""
    return [(jump.offset, jump.argval) for test, jump in zip(instrs, instrs[1:])
            if test.opname in ("LOAD_NAME", "LOAD_ATTR") and test.argval == "TYPE_CHECKING"
            and _jumps_if_false(jump)]


def _jumps_if_false(ins):
    return ins.opname.startswith("POP_JUMP") and ins.opname.endswith("IF_FALSE")


def try_blocks(code):
    """(start, end) offsets of the try statements in CODE alone, their
    except clauses with them (`try: import a` / `except ImportError: import
    b`): the exception table's ranges but a with block's."""
    by_offset = {ins.offset: ins for ins in instructions(code)}
    blocks = []
    for entry in dis.Bytecode(code).exception_entries:
        after = by_offset.get(entry.target + 2)
        if after is None or after.opname != "WITH_EXCEPT_START":
            blocks.append((entry.start, entry.end))
    return blocks


def _imports_in(co, instrs):
    """(instruction, Import) for each import in code object CO alone."""
    lineno = co.co_firstlineno
    for index, ins in enumerate(instrs):
        if ins.positions is not None and ins.positions.lineno is not None:
            lineno = ins.positions.lineno
        elif ins.starts_line is not None:
            lineno = ins.starts_line
        if ins.opname == "IMPORT_NAME":
            yield ins, _import_statement(instrs, index, lineno)
        elif ins.opname in NAME_LOADS and ins.argval in IMPORT_FUNCTIONS:
            imp = _import_call(instrs, index, lineno)
            if imp is not None:
                yield ins, imp


def _import_statement(instrs, index, lineno):
    """IMPORT_NAME at INDEX: the two constants before it are level and fromlist."""
    level, fromlist = 0, None
    if index >= 2 and instrs[index - 2].opname == instrs[index - 1].opname == "LOAD_CONST":
        level, fromlist = instrs[index - 2].argval, instrs[index - 1].argval
    return Import(instrs[index].argval, level, tuple(fromlist or ()), lineno)


def _import_call(instrs, index, lineno):
    """import_module("x"[, "pkg" | __package__]) or __import__("x") at INDEX.

    Only calls whose arguments are single constants are recognised: the
    instructions between the function and PRECALL/CALL are then exactly the
    arguments, so `import_module("a." + x)` is never mistaken for one.
    """
    func = instrs[index].argval
    args = []
    j = index + 1
    while j < len(instrs) and len(args) < 2:
        ins = instrs[j]
        if ins.opname == "LOAD_CONST" and isinstance(ins.argval, str):
            args.append(ins.argval)
        elif args and ins.opname in ("LOAD_NAME", "LOAD_GLOBAL") and ins.argval == "__package__":
            args.append(None)
        else:
            break
        j += 1
    if j >= len(instrs) or instrs[j].opname not in CALLS or instrs[j].arg != len(args):
        return None
    if not args or args[0] is None or (func == "__import__" and len(args) != 1):
        return None
    name = args[0]
    level = len(name) - len(name.lstrip("."))
    if level == 0:
        return Import(name, 0, (), lineno)
    if func == "__import__" or len(args) < 2:
        return None  # a relative name without a package: an error at run time
    return Import(name[level:], level, (), lineno, anchor=args[1])


def literal_all(source):
    """The names in a module's literal `__all__ = [...]` (and `+= [...]`), if any."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    names = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AugAssign):
            targets, value = [node.target], node.value
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        if isinstance(value, (ast.List, ast.Tuple)):
            names.extend(e.value for e in value.elts
                         if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return [n for n in names if n.isidentifier()]


# --- imports by computed name --------------------------------------------

# Calls that import a module by name, and pkgutil's listings of a package's
# submodules (pkgutil.iter_modules(__path__)), which a package makes to
# import them.
COMPUTED_IMPORTS = frozenset({"import_module", "__import__"})
SUBMODULE_LISTINGS = frozenset({"iter_modules", "walk_packages"})
# Test suites and build tools: packages and modules named so (any part of
# the name: numpy.testing, numpy.distutils, pkg.tests), and the tools'
# top-level packages.  A library's import of one inside a function (numpy's
# lazy numpy.testing, ctypeslib.load_library's numpy.distutils) is not
# followed unless the app's own code names it, and a package embedded for
# imports by computed name leaves them out: an app does not run them, and
# their own imports (pytest, compilers' set-up code) would follow.
DEVELOPMENT_PARTS = frozenset({"test", "tests", "testing", "_testing", "conftest",
                               "distutils"})
DEVELOPMENT_TOOLS = frozenset({"setuptools", "pytest", "_pytest", "hypothesis", "nose",
                               "Cython", "pyximport", "pip", "wheel"})


def development_part(name):
    """The part of module NAME that makes it a test suite's or a build
    tool's ("testing" for numpy.testing._private), or None."""
    parts = name.split(".")
    if parts[0] in DEVELOPMENT_TOOLS:
        return parts[0]
    return next((p for p in parts if p in DEVELOPMENT_PARTS), None)


class Computed:
    """A call that imports a module whose name byte-code does not show.

    parts is what is known of the name, left to right: strings, and the
    names __name__ and __package__ (as NAME and PACKAGE), up to the first
    part that is not known; complete is true when nothing follows (the name
    is then known: `import_module(__name__ + ".impl")`).  anchor is
    import_module's package argument in the same form (a string, NAME,
    PACKAGE, None when absent, UNKNOWN when computed); fromlist is
    __import__'s constant fromlist.  A complete name is followed as an
    import is (byte-code shows `__import__("x")` alone, not
    `__import__("pkg.x", globals(), locals(), [])`).
    """

    __slots__ = ("lineno", "parts", "complete", "anchor", "fromlist")

    def __init__(self, lineno, parts, complete, anchor=None, fromlist=()):
        self.lineno = lineno
        self.parts = parts
        self.complete = complete
        self.anchor = anchor
        self.fromlist = fromlist


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


NAME, PACKAGE, UNKNOWN = _Marker("__name__"), _Marker("__package__"), _Marker("unknown")
_SPECIAL_NAMES = {"__name__": NAME, "__package__": PACKAGE}


def known_parts(node):
    """(parts, complete) of a str expression: see Computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value], True
    if isinstance(node, ast.Name) and node.id in _SPECIAL_NAMES:
        return [_SPECIAL_NAMES[node.id]], True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, complete = known_parts(node.left)
        if not complete:
            return left, False
        right, complete = known_parts(node.right)
        return left + right, complete
    if isinstance(node, ast.JoinedStr):         # f"pkg.{name}"
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.conversion != -1 or value.format_spec is not None:
                    return parts, False
                value = value.value
            inner, complete = known_parts(value)
            parts += inner
            if not complete:
                return parts, False
        return parts, True
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)):   # "pkg.{}".format(name)
        text = node.func.value.value
        if "{" not in text:
            return [text], True
        return [text[:text.index("{")]], False
    return [], False


def _argument(call, position, keyword):
    """The argument of CALL at POSITION or named KEYWORD; None if absent,
    UNKNOWN if it may come from *args or **kwargs."""
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return UNKNOWN
        if i == position:
            return arg
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
        if kw.arg is None:
            return UNKNOWN
    return None


def _called_name(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_main_guard(node):
    """`if __name__ == "__main__":` at module level."""
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__" and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")


def computed_imports(source, run_as_main):
    """The Computed imports in a module's SOURCE, in source order:
    __import__(x) and import_module(x) (as a function or any object's
    method: importlib.import_module, importlib.__import__), constant names
    included, __import__("pkg", fromlist=[x]) with a computed fromlist, and
    pkgutil.iter_modules(__path__) / walk_packages(__path__).
    As for imports in byte-code, `if __name__ == "__main__":` blocks are
    left out unless the module is RUN_AS_MAIN."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    body = [n for n in tree.body if run_as_main or not _is_main_guard(n)]
    found = []
    for top in body:
        for node in ast.walk(top):
            if not isinstance(node, ast.Call):
                continue
            func = _called_name(node)
            if func in SUBMODULE_LISTINGS:
                path = _argument(node, 0, "path")
                if isinstance(path, ast.Name) and path.id == "__path__":
                    found.append(Computed(node.lineno, [NAME, "."], False))
                continue
            if func not in COMPUTED_IMPORTS:
                continue
            name = _argument(node, 0, "name")
            if name is None:
                continue
            parts, complete = ([], False) if name is UNKNOWN else known_parts(name)
            anchor = None
            if func == "import_module":
                package = _argument(node, 1, "package")
                if package is not None:
                    anchor = UNKNOWN
                    if package is not UNKNOWN:
                        value, known = known_parts(package)
                        if known and len(value) == 1:
                            anchor = value[0]
            fromlist = ()
            if func == "__import__" and complete:
                names = _argument(node, 3, "fromlist")
                if names is None:
                    pass
                elif isinstance(names, (ast.List, ast.Tuple)) and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str)
                        for e in names.elts):
                    fromlist = tuple(e.value for e in names.elts)
                else:
                    # __import__("pkg", fromlist=[x]) imports pkg.x
                    parts, complete = parts + ["."], False
            found.append(Computed(node.lineno, parts, complete, anchor, fromlist))
    found.sort(key=lambda c: c.lineno)
    return found


def may_import_computed(code):
    """Whether CODE or a code object inside it names a function of
    COMPUTED_IMPORTS or SUBMODULE_LISTINGS (then its source is parsed)."""
    return any(COMPUTED_IMPORTS.intersection(co.co_names)
               or SUBMODULE_LISTINGS.intersection(co.co_names)
               for co in code_objects(code))


def interpreter_excludes(includes):
    """The packages of INTERPRETER_SKIP that no --include names."""
    included = [i[:-2] if i.endswith(".*") else i for i in includes]
    excludes = []
    for directory in sorted(INTERPRETER_SKIP):
        name = directory.replace("/", ".")
        if is_module_name(name) and not any(
                i == name or i.startswith(name + ".") for i in included):
            excludes.append(name)
    return excludes


# --- the scan --------------------------------------------------------------

class Origin:
    """Why a module is looked for: an import at a line of a module, or a label
    ("--include 'x'") for what the user asked for."""

    __slots__ = ("module", "lineno", "label", "optional")

    def __init__(self, module=None, lineno=None, label=None, optional=False):
        self.module = module
        self.lineno = lineno
        self.label = label
        self.optional = optional    # an import the module can go without

    def __str__(self):
        if self.module is None:
            return self.label
        return f"{self.module.display}:{self.lineno}"


class Scanner:
    """Finds every module an entry needs; the result is `modules`, by name."""

    def __init__(self, opts, reporter):
        self.reporter = reporter
        self.optimize = opts.optimize
        self.root = opts.root
        self.stdlib = os.path.abspath(sysconfig.get_paths()["stdlib"])
        self.paths = [os.path.abspath(p) for p in opts.path]
        self.excludes = [e[:-2] if e.endswith(".*") else e for e in opts.exclude]
        if opts.interpreter:
            self.excludes += interpreter_excludes(opts.include)
        self.finder = Finder()
        self.found = {}                     # name -> Found or None: every lookup
        self.modules = {}                   # name -> Found: what is embedded
        self.queue = collections.deque()    # modules still to scan
        self.lenient = set()                # names whose compile errors only warn
        self.optional = {}                  # stdlib imports not found -> Origin
        self.lib_optional = {}              # libraries' optional ones -> Origin
        self.entries = {"__main__"}         # modules run as __main__
        self.stubdir = os.path.join(opts.out, "stubs")
        self.interpreter = opts.interpreter # then any module may be
        # imports by computed name (see run and follow_computed)
        self.reached = None                 # top-level packages the imports reach
        self.deferred = []                  # (module, Computed) until then
        self.computed = {}                  # package embedded whole -> [Origin]
        self.unresolved = {}                # module name -> Origin
        self.unreached = {}                 # package not embedded whole -> Origin
        self.beyond = {}                    # not embedded, beyond_reach -> Origin
        # a library's imports of test suites and build tools inside functions
        # (see DEVELOPMENT_PARTS and follow_postponed)
        self.app_dir = os.path.dirname(os.path.abspath(opts.script)) if opts.script else None
        self.app_names = set()              # names and attributes in the app's code
        self.postponed = []                 # (Import, Origin) not followed yet
        self.left_out = {}                  # test or tool package -> Origin, not followed
        self.scripts = {}                   # build or test script -> why, not embedded
        # distributions and their entry points (see follow_entry_points)
        self.strings = set()                # string constants of the app's code
        self._dists = None                  # [(search dir, Distribution)]
        dirs = self.paths + [self.stdlib]
        if opts.script:
            dirs.insert(0, os.path.dirname(os.path.abspath(opts.script)))
        self.search = [Location(d, d) for d in dirs]
        self.cache = ModuleCache(opts.cache, opts.cache_key, reporter) if opts.cache else None

    # entries and what the user names

    def add_script(self, script):
        path = os.path.abspath(script)
        if not os.path.isfile(path):
            raise ScanError(f"script '{script}' not found")
        main = Found("__main__", "module", path, os.path.dirname(path))
        self.admit(main, Origin(label="--script"),
                   vpath=f"{self.root}/app/{os.path.basename(path)}")

    def add_module(self, name):
        """The entry of --module NAME; a package needs NAME.__main__, as python -m does."""
        origin = Origin(label="--module")
        self.entries.update((name, f"{name}.__main__"))
        found = self.require(name, origin, quiet=True)
        if found is None:
            raise ScanError(f"module '{name}' not found in {self.searched()}")
        if not found.embedded or found.kind == "extension":
            raise ScanError(f"module '{name}' is {found.kind} and cannot be run as the "
                            f"main module")
        if found.is_package and self.require(f"{name}.__main__", origin, quiet=True) is None:
            raise ScanError(f"'{name}' is a package without a __main__ module, so it "
                            f"cannot be run as the main module (python -m {name} fails too)")

    def add_include(self, pattern):
        """--include NAME or "pkg.*" (the package and all its submodules)."""
        name = pattern[:-2] if pattern.endswith(".*") else pattern
        origin = Origin(label=f"--include '{pattern}'")
        if self.excluded(name):
            raise ScanError(f"module '{name}' is both included and excluded")
        found = self.require(name, origin, quiet=True)
        if found is None:
            raise ScanError(f"--include '{pattern}': module '{name}' not found in "
                            f"{self.searched()}")
        if pattern.endswith(".*") and found.is_package:
            for sub in walk_package(name + ".", found.locations):
                if not self.excluded(sub):
                    if found.is_stdlib:
                        # as in the --interpreter walk: CPython's test suite
                        # holds modules that do not compile on purpose
                        self.lenient.add(sub)
                    self.require(sub, origin, quiet=True)

    def add_stdlib(self):
        """--interpreter: every module of the standard library, but the skipped
        directories; a module that does not compile is skipped with a warning."""
        origin = Origin(label="--interpreter")
        for name in walk_package("", [Location(self.stdlib, self.stdlib)], INTERPRETER_SKIP):
            if not self.excluded(name):
                self.lenient.add(name)
                self.require(name, origin, quiet=True)

    def searched(self):
        if self.paths:
            return f"--path {' '.join(map(display, self.paths))} or the standard library"
        return "the standard library (no --path given)"

    def excluded(self, name):
        return any(name == e or name.startswith(e + ".") for e in self.excludes)

    # following imports

    def run(self):
        """Scan every queued module and what it imports, then apply the
        imports by computed name (see computed_scope); drop orphans."""
        self.drain()
        # The top-level packages the imports reach: their imports by
        # computed name embed packages whole.  Those reached only through
        # modules so embedded do not (a plugin's optional import of another
        # plugin-loading package, which imports a third...): each such
        # embedding would bring more, and little of it would ever run.
        self.reached = {m.name.partition(".")[0] for m in self.modules.values()
                        if not m.is_stdlib}
        for module, c in self.deferred:
            self.follow_computed(module, c)
        self.drain()
        self.follow_entry_points()
        self.drain()
        for imp, origin in self.postponed:
            name = self.absolute_name(imp, origin)
            part = name.split(".").index(development_part(name))
            self.left_out.setdefault(".".join(name.split(".")[:part + 1]), origin)
        for name in sorted(self.modules):
            parent = name.rpartition(".")[0]
            if parent and parent not in self.modules:
                self.reporter.warn(f"module '{name}' skipped: its package '{parent}' "
                                   f"was skipped")
                del self.modules[name]

    def drain(self):
        """Scan the queue empty, then follow the postponed imports the
        app's code turned out to name; until nothing more is queued."""
        while self.queue:
            while self.queue:
                self.scan(self.queue.popleft())
            self.follow_postponed()

    def follow_postponed(self):
        """Follow the postponed imports (see follow) of a module embedded
        since, or of one whose test or tool part the app's own code names
        (`np.testing.assert_equal(...)`: "testing")."""
        keep = []
        for imp, origin in self.postponed:
            target = self.absolute_name(imp, origin)
            if target in self.modules or development_part(target) in self.app_names:
                self.follow(imp, origin, postpone=False)
            else:
                keep.append((imp, origin))
        self.postponed = keep

    def is_app(self, module):
        """Whether MODULE is the app's own code: the script and the modules
        beside it, or the package run with --module."""
        return (module.name in self.entries or
                (self.app_dir is not None and module.base == self.app_dir) or
                module.name.partition(".")[0] in {e.partition(".")[0] for e in self.entries
                                                  if e != "__main__"})

    def scan(self, module):
        if module.kind == "namespace":
            return
        if module.kind == "extension":
            self.scan_extension(module)
            return
        run_as_main = self.interpreter or module.name in self.entries
        analysis = self.analyse(module, run_as_main)
        if analysis is None:
            return
        imports, strings, may_compute, names = analysis
        if not module.is_stdlib:
            self.strings.update(strings)
        if self.is_app(module):
            self.app_names.update(names)
        for imp in imports:
            self.follow(imp, Origin(module, imp.lineno, optional=imp.optional))
        # The standard library's imports by computed name load what the
        # app names at run time (codecs, pickled classes, test modules,
        # logging handlers): they are not followed, or a few calls would
        # embed whole packages no app asked for.
        if not module.is_stdlib and may_compute:
            for c in computed_imports(read_source(module), run_as_main):
                if self.reached is None and not c.complete:
                    self.deferred.append((module, c))
                else:
                    self.follow_computed(module, c)

    def follow_computed(self, module, c):
        """A Computed import in MODULE: a name known after all is followed as
        an import; otherwise the package it names, or MODULE's own package,
        is embedded whole (see computed_scope and embed_package)."""
        origin = Origin(module, c.lineno)
        kind, target = self.computed_scope(module, c)
        if kind == "import":
            self.follow(target, origin)
        elif kind == "none":
            if module.name.partition(".")[0] in self.reached:
                self.unresolved.setdefault(module.name, origin)
        elif kind == "package":
            if module.name.partition(".")[0] not in self.reached:
                self.unreached.setdefault(target, origin)
            elif not self.embed_package(target, origin):
                self.unresolved.setdefault(module.name, origin)

    # installed distributions (*.dist-info, *.egg-info): importlib.metadata

    def distributions(self):
        """[(DIR, Distribution)]: the distributions installed in the script's
        directory and each --path, as importlib.metadata finds them there,
        sorted by directory name within each."""
        if self._dists is None:
            self._dists = []
            for loc in self.search:
                if loc.dir == self.stdlib:
                    continue
                found = importlib.metadata.distributions(path=[loc.dir])
                self._dists += [(loc.dir, d) for d in
                                sorted(found, key=lambda d: d._path.name)]
        return self._dists

    def follow_entry_points(self):
        """A plugin that the app finds through importlib.metadata's
        entry_points(group=...) is imported by a name no byte-code shows.
        The entry points of the installed distributions in a group whose
        name is a string constant of the app's own code (not the standard
        library's) are followed as imports: their modules are embedded,
        and so, by embedded_distributions, are their distributions.  One
        pass, after the other imports: the modules it brings do not name
        further groups."""
        strings = self.strings
        for where, dist in self.distributions():
            for ep in dist.entry_points:
                if ep.group not in strings:
                    continue
                origin = Origin(label=f"entry point '{ep.name}' of group '{ep.group}' "
                                      f"in {display(str(dist._path))}")
                name = ep.module
                if not is_module_name(name) or self.excluded(name):
                    continue
                if self.require(name, origin, quiet=True) is None:
                    self.reporter.warn(f"{origin}: module '{name}' not found in "
                                       f"{self.searched()}")

    def embedded_distributions(self):
        """(vpath, path) of every file of each installed distribution that
        provides a top-level module embedded from the directory it is
        installed in (its top_level.txt says which, or else the files its
        RECORD lists), at the virtual path importlib.metadata finds it at:
        ROOT/app/NAME.dist-info/FILE, beside the modules."""
        tops = collections.defaultdict(set)
        for m in self.modules.values():
            if not m.is_stdlib and m.base:
                tops[m.base].add(m.name.partition(".")[0])
        found = []
        for where, dist in self.distributions():
            if not top_level_names(dist) & tops[where]:
                continue
            path = str(dist._path)
            files = [path] if os.path.isfile(path) else []
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if d not in NOT_DATA_DIRS)
                files += [os.path.join(dirpath, f) for f in sorted(filenames)]
            for f in files:
                rel = os.path.relpath(f, where).replace(os.sep, "/")
                found.append((f"{self.root}/app/{rel}", f))
        return found

    def computed_scope(self, module, c):
        """What Computed import C in MODULE may import: ("import", Import) for
        a name known after all (`import_module(__name__ + ".impl")`);
        ("package", NAME) for the submodules of package NAME: the package
        the known start of the name gives (`"pkg.plugins." + x`, relative
        ones with their package: `import_module("." + x, __package__)`), or
        MODULE's own package when nothing is known; ("none", None) when
        slither cannot tell (a top-level module, a name starting
        "plugin_"), or ("error", None) for a name that fails at run time."""
        # a module run by -m is __main__, not its name, at run time
        name_known = module.name == "__main__" or not (
            module.name in self.entries and module.kind == "module")
        values = {NAME: module.name if name_known else None, PACKAGE: module.package}
        text, complete = "", c.complete
        for part in c.parts:
            value = values[part] if part is NAME or part is PACKAGE else part
            if value is None:
                complete = False
                break
            text += value
        anchor = c.anchor
        if anchor is not None:
            anchor = values[anchor] if anchor is NAME or anchor is PACKAGE else anchor
            if anchor is UNKNOWN or anchor is None:
                anchor = module.package
        level = len(text) - len(text.lstrip("."))
        rest = text[level:]
        if level and not anchor:
            return "error", None    # a relative name without a package
        if complete:
            if rest and is_module_name(rest):
                return "import", Import(rest, level, c.fromlist, c.lineno, anchor)
            return "error", None
        dotted = rest.rpartition(".")[0]
        if level:
            bits = anchor.rsplit(".", level - 1)
            if len(bits) < level:
                return "error", None    # beyond the top-level package
            scope = f"{bits[0]}.{dotted}" if dotted else bits[0]
        elif dotted:
            scope = dotted
        elif rest:
            return "none", None
        else:
            scope = module.package
        if not scope or not is_module_name(scope):
            return "none", None
        return "package", scope

    def embed_package(self, name, origin):
        """Embed package NAME with all its submodules but the excluded ones
        and test suites, for an import by computed name at ORIGIN (once per
        package; each ORIGIN is kept for the report).  False if NAME is a
        module, not a package."""
        if name in self.computed:
            self.computed[name].append(origin)
            return True
        found = self.require(name, origin)
        if found is None:
            return True     # excluded, or not found (require() said so)
        if not found.is_package:
            return False
        self.computed[name] = [origin]
        for sub in walk_package(name + ".", found.locations, skip_names=DEVELOPMENT_PARTS):
            if self.excluded(sub):
                continue
            why = self.script_reason(sub)
            if why:
                self.scripts[sub] = why
                continue
            if sub not in self.found:
                # never imported by name: a file that does not compile is
                # left out with a warning (a Python 2 leftover, a template)
                self.lenient.add(sub)
            self.require(sub, origin, quiet=True)
        return True

    def script_reason(self, name):
        """Why NAME, a module found by walking its package, is a build or
        test script (numpy/core/setup.py), not part of the package an app
        runs: the first of its imports it cannot go without that is a test
        suite or build tool, or that is not found.  None if none is, or if
        NAME was imported by name."""
        parent = self.found.get(name.rpartition(".")[0])
        if name in self.found or parent is None or not parent.is_package:
            return None
        found = self.locate(name, parent)
        if found is None or found.kind not in ("module", "package"):
            return None
        found.is_stdlib = found.base == self.stdlib
        found.vpath = self.virtual_path(found)
        entry = self.entry(found, self.interpreter)     # the scan cache's, as scan()'s
        if entry[0] is not None:
            return None     # a compile error: scan() will say so
        for imp in map(Import.load, entry[2]):
            target = None if imp.optional else self.absolute_name(imp, Origin(found, imp.lineno))
            if target is None:
                continue
            if development_part(target):
                return f"imports {target}"
            if not self.findable(target):
                return f"imports {target}, which is not found"
        return None

    def findable(self, name):
        """Whether module NAME can be found (without embedding it)."""
        found = None
        prefix = ""
        for part in name.split("."):
            if found is not None and not found.is_package:
                return True     # `os.path`: an attribute, as require() has it
            prefix = f"{prefix}.{part}" if prefix else part
            found = self.found[prefix] if prefix in self.found else self.locate(prefix, found)
            if found is None:
                return False
        return True

    def report_computed(self):
        """Say what the imports by computed name did: one line per package
        embedded whole, one per module whose imports slither cannot place,
        and one each for the packages reached only through such modules
        and for what those import and slither cannot embed."""
        for name in sorted(self.computed):
            first, *more = self.computed[name]
            count = sum(m == name or m.startswith(name + ".") for m in self.modules)
            also = f" (and {len(more)} more place{'s' if len(more) > 1 else ''})" if more else ""
            self.reporter.note(f"{first}: imports a module by a computed name{also}: "
                               f"embedding package '{name}' whole ({count} modules; "
                               f"--exclude NAME leaves one out)")
        for name in sorted(self.unresolved):
            self.reporter.note(f"{self.unresolved[name]}: imports a module by a computed "
                               f"name that slither cannot place in a package; --include "
                               f"the modules it may import")
        unreached = sorted(n for n in self.unreached if n not in self.computed)
        if unreached:
            self.reporter.summary(
                f"not embedded whole, as only modules embedded for imports by computed name "
                f"reach them: {', '.join(unreached)} (-v says where; --include 'PKG.*' "
                f"embeds one)", {n: self.unreached[n] for n in unreached},
                "imported by a computed name at {}")
        if self.scripts:
            self.reporter.summary(
                f"not embedded with their packages: {len(self.scripts)} build and test "
                f"scripts (they import a test or build tool, or a module not found): "
                f"{', '.join(sorted(self.scripts))} (-v says what; --include NAME embeds one)",
                self.scripts)
        if self.left_out:
            self.reporter.summary(
                f"not embedded: {len(self.left_out)} test suites and build tools that "
                f"libraries import only inside functions: {', '.join(sorted(self.left_out))} "
                f"(-v says where; --include NAME embeds one)", self.left_out, "imported at {}")
        if self.beyond:
            self.reporter.summary(
                f"{len(self.beyond)} imports of the packages reached only that way cannot be "
                f"embedded (not found, shared libraries; -v lists them)", self.beyond,
                "imported at {}")

    def scan_extension(self, module):
        """Follow the module names in a C extension's strings (see the top of
        this file): dotted ones, and undotted ones found outside the standard
        library, never reported when missing."""
        sections = extension_object(module.path)
        if sections is None:
            raise ScanError(f"cannot read the C extension {module.display} "
                            f"(module '{module.name}')")
        origin = Origin(label=f"named in C extension '{module.name}'")
        package = module.name.rpartition(".")[0]
        for name in object_strings(sections):
            if name == module.name or self.excluded(name):
                continue
            if "." not in name and package:
                # a sibling, as Cython's `from pkg import _mod` names it
                sibling = f"{package}.{name}"
                if sibling != module.name:
                    self.require(sibling, origin, quiet=True)
            if "." not in name:
                found = self.finder.find(name, self.search)
                if found is None or found.base == self.stdlib:
                    continue
            self.require(name, origin, quiet=True)

    def analyse(self, module, run_as_main):
        """(imports, string constants or None for the standard library, whether
        it may import by a computed name) of MODULE's code, from the cache
        when nothing it depends on changed (see ModuleCache); the warnings
        compiling it gives are replayed either way.  None if it does not
        compile and may be skipped; a ScanError if it must not."""
        entry = self.entry(module, run_as_main)
        error, caught, imports, strings, may_compute, names = entry[:6]
        for category, message, filename, lineno in caught:
            warnings.warn_explicit(message, getattr(builtins, category, Warning),
                                   filename, lineno)
        if error is None:
            return [Import.load(i) for i in imports], strings, may_compute, names
        if module.name not in self.lenient:
            raise ScanError(error)
        self.reporter.warn(f"{error}; skipped")
        del self.modules[module.name]
        self.found[module.name] = Found(module.name, "broken", module.path, module.base)
        return None

    def entry(self, module, run_as_main):
        """MODULE's ModuleCache entry: from the cache when nothing it depends
        on changed, else compiled (and stored, once marshalled: see
        marshal_modules)."""
        source = read_source(module)
        key = entry = None
        if self.cache is not None and not module.path.startswith(self.stubdir + os.sep):
            key = self.cache.key(module, source, run_as_main, self.optimize)
            entry = self.cache.load(key, module)
        if entry is None:
            entry = self.compile(module, source, run_as_main)
            if key is not None:
                if entry[0] is None:
                    module.cache_record = (self.cache, key, entry)  # see marshal_modules
                else:
                    self.cache.store(key, entry)
        else:
            module.cached_code = entry[6]
        return entry

    def compile(self, module, source, run_as_main):
        """A ModuleCache entry for MODULE, its code not yet marshalled: the
        compile error or None, the warnings caught while compiling, and
        what analyse returns, in plain data."""
        with warnings.catch_warnings(record=True) as caught:
            try:
                code = compile(source, module.vpath, "exec", dont_inherit=True,
                               optimize=self.optimize)
                error = None
            except (SyntaxError, ValueError) as e:
                code, error = None, describe_compile_error(module, e)
        caught = [(w.category.__name__, str(w.message), w.filename, w.lineno) for w in caught]
        if code is None:
            return (error, caught, [], None, False, [], None)
        imports = [i.dump() for i in find_imports(code, run_as_main)]
        strings = None if module.is_stdlib else sorted(string_constants(code))
        # the names and attributes the code uses (see Scanner.app_names)
        names = [] if module.is_stdlib else sorted({n for co in code_objects(code)
                                                    for n in co.co_names})
        return (None, caught, imports, strings, may_import_computed(code), names, None)

    def follow(self, imp, origin, postpone=True):
        target = self.absolute_name(imp, origin)
        if target is None:
            return
        # a library's import of a test suite or build tool inside a function:
        # followed only if the app turns out to need it (follow_postponed)
        if (postpone and imp.deferred and not self.interpreter
                and development_part(target) and not origin.module.is_stdlib
                and not self.is_app(origin.module)):
            self.postponed.append((imp, origin))
            return
        found = self.require(target, origin)
        if found is None or not found.is_package:
            return
        for item in imp.fromlist:
            subs = self.star_names(found) if item == "*" else [item]
            for sub in subs:
                # `from pkg import x`: x may be a submodule, or just an attribute
                self.require(f"{target}.{sub}", origin, quiet=True)

    def absolute_name(self, imp, origin):
        """The absolute name of IMP's module, or None (reported) if it has none."""
        if imp.level == 0:
            return imp.name
        relative = "." * imp.level + imp.name
        statement = (f"from {relative} import {', '.join(imp.fromlist)}" if imp.fromlist
                     else f"import_module('{relative}', ...)")
        package = origin.module.package if imp.anchor is None else imp.anchor
        if not package:
            self.missing(origin, relative, f"relative import ({statement}) in a module "
                         f"that is not in a package", error=True)
            return None
        bits = package.rsplit(".", imp.level - 1)
        if len(bits) < imp.level:
            self.missing(origin, relative, f"relative import ({statement}) goes beyond "
                         f"the top-level package '{package.partition('.')[0]}'", error=True)
            return None
        return f"{bits[0]}.{imp.name}" if imp.name else bits[0]

    def star_names(self, package):
        if package.kind != "package":
            return []
        return literal_all(read_source(package))

    def require(self, name, origin, quiet=False):
        """Resolve NAME and each of its parents; the Found, or None if any is missing
        (reported unless QUIET) or if a parent is a plain module (`os.path`)."""
        if self.excluded(name):
            return None
        found = None
        prefix = ""
        for part in name.split("."):
            if found is not None and not found.is_package:
                return None
            prefix = f"{prefix}.{part}" if prefix else part
            found = self.resolve(prefix, found, origin)
            if found is None:
                if not quiet:
                    self.missing(origin, prefix, f"module '{prefix}' not found; add "
                                 f"--path or --include, or check the spelling")
                return None
        return found

    def resolve(self, name, parent, origin):
        if name not in self.found:
            found = self.locate(name, parent)
            self.found[name] = found
            if found is not None:
                self.admit(found, origin)
        return self.found[name]

    def locate(self, name, parent):
        if name in sys.builtin_module_names or name == "__main__":
            return Found(name, "builtin")
        found = self.finder.find(name, parent.locations if parent else self.search)
        if found is None and _imp.is_frozen(name):
            return Found(name, "frozen")
        if found is not None and found.kind == "extension":
            if found.locations:
                found.kind = "extension-package"
            elif extension_object(found.path) is None:
                found.kind = "shared"
        return found

    def admit(self, found, origin, vpath=None):
        """Embed FOUND (and queue it for scanning) or warn why it cannot be."""
        found.origin = origin
        for name in HIDDEN_IMPORTS.get(found.name, ()):
            self.require(name, Origin(label=f"needed by '{found.name}'"), quiet=True)
        if found.kind in ("shared", "extension-package", "sourceless") and \
                self.beyond_reach(origin):
            self.beyond.setdefault(found.name, origin)
        elif found.kind == "shared":
            self.reporter.warn(f"module '{found.name}' is a shared library "
                               f"({found.display}) and cannot be linked into a static "
                               f"binary; rebuild it with `slither pip`")
        elif found.kind == "extension-package":
            self.reporter.warn(f"package '{found.name}' is a C extension "
                               f"({found.display}); slither cannot embed a package "
                               f"whose __init__ is an extension")
        elif found.kind == "sourceless":
            self.reporter.warn(f"module '{found.name}' has only byte-code "
                               f"({found.display}), no source; it is not embedded")
        elif found.embedded:
            found.is_stdlib = found.base == self.stdlib and found.name != "__main__"
            found.vpath = vpath or self.virtual_path(found)
            if found.is_stdlib and found.name in STATIC_UNAVAILABLE:
                found.path = self.write_stub(found.name)
                found.locations = []
            self.modules[found.name] = found
            self.queue.append(found)

    def write_stub(self, name):
        """The source of module NAME of STATIC_UNAVAILABLE, written under the
        work directory; its path."""
        reason = f"{name} is not available in this static python (built by slither): " \
                 f"{STATIC_UNAVAILABLE[name]}."
        path = os.path.join(self.stubdir, name, "__init__.py")
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(f'"""A stub: {name} cannot work in a static python."""\n'
                        f"raise ImportError({reason!r}, name={name!r})\n")
        except OSError as e:
            raise ScanError(f"cannot write {e.filename}: {e.strerror}") from None
        return path

    def virtual_path(self, found):
        rel = os.path.relpath(found.path, found.base).replace(os.sep, "/")
        area = f"lib/{PYTHON_DIR}" if found.is_stdlib else "app"
        return f"{self.root}/{area}/{rel}"

    def missing(self, origin, name, message, error=False):
        """An import that cannot be resolved: a warning for the app's own
        modules and for a library's import it cannot go without; a quiet
        note for the standard library's and for a library's optional ones
        (in a try block or inside a function), which python3 too may not
        find.  An ERROR (a relative import that cannot work) is always a
        warning in a library's code."""
        if origin.module is None:
            return
        if origin.module.is_stdlib:
            self.optional.setdefault(name, origin)
        elif self.beyond_reach(origin):
            self.beyond.setdefault(name, origin)
        elif origin.optional and not error and not self.is_app(origin.module):
            self.lib_optional.setdefault(name, origin)
        else:
            self.reporter.warn(f"{origin}: {message}")

    def beyond_reach(self, origin):
        """Whether ORIGIN is in a package that only modules embedded for
        imports by computed name reach (see run): what it imports and
        slither cannot embed is summed up, not warned about one by one, as
        the standard library's optional imports are."""
        module = origin.module
        return (self.reached is not None and module is not None and not module.is_stdlib
                and module.name.partition(".")[0] not in self.reached)


class ModuleCache:
    """Each module's analysis (Scanner.compile) and marshalled byte-code,
    kept in slither's cache (--cache DIR, written by `slither build`), so
    that a build reads what an earlier one made from the same inputs.

    An entry's key is the SHA-256 of this file's content, the toolchain
    (--cache-key, with this interpreter's version and magic number), the
    optimisation level, the module's name, path and virtual path, whether
    it runs as __main__, and its source's bytes.  Its file, DIR/KEY.scan, is
    MAGIC, the SHA-256 of the rest in hex and a newline, then the marshalled
    entry tuple (see Scanner.compile; its last item the module's marshalled
    code, as the marshal worker made it); it appears by rename, is checked
    before use (a damaged one is removed and made again, with a note), and
    is marked used when read: slither build prunes those no build used for
    30 days.  A cache that cannot be written is no error."""

    MAGIC = b"slither-scan-entry 1\n"

    def __init__(self, directory, key, reporter):
        try:
            with open(__file__, "rb") as f:
                scanner = f.read()
            os.makedirs(directory, exist_ok=True)
        except OSError as e:
            raise ScanError(f"cannot use the scan cache: {e.filename}: {e.strerror}") from None
        self.dir = directory
        self.reporter = reporter
        self.prefix = hashlib.sha256(b"\0".join((
            scanner, (key or "").encode(), sys.version.encode(),
            importlib.util.MAGIC_NUMBER))).digest()

    def key(self, module, source, run_as_main, optimize):
        h = hashlib.sha256(self.prefix)
        for part in (module.name, module.path, module.vpath, str(optimize), str(run_as_main)):
            h.update(part.encode("utf-8", "surrogateescape") + b"\0")
        h.update(source)
        return h.hexdigest()

    def load(self, key, module):
        """The entry under KEY, or None (absent, or damaged: then removed)."""
        path = os.path.join(self.dir, key + ".scan")
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return None
        n = len(self.MAGIC)
        entry = None
        if data[:n] == self.MAGIC and data[n + 64:n + 65] == b"\n" and \
                data[n:n + 64] == hashlib.sha256(data[n + 65:]).hexdigest().encode():
            try:
                entry = marshal.loads(data[n + 65:])
            except (EOFError, ValueError, TypeError):
                pass
        if isinstance(entry, tuple) and len(entry) == 7 and (
                isinstance(entry[6], bytes) or isinstance(entry[0], str)):
            try:
                os.utime(path)
            except OSError:
                pass
            return entry
        self.reporter.note(f"a damaged scan cache entry for module '{module.name}' "
                           f"({path}) is ignored and made again")
        try:
            os.unlink(path)
        except OSError:
            pass
        return None

    def store(self, key, entry):
        body = marshal.dumps(entry)
        path = os.path.join(self.dir, key + ".scan")
        tmp = f"{path}.tmp.{os.getpid()}"
        try:
            with open(tmp, "wb") as f:
                f.write(self.MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(tmp, path)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def read_source(module):
    try:
        with open(module.path, "rb") as f:
            return f.read()
    except OSError as e:
        raise ScanError(f"cannot read {module.display} (module '{module.name}'): "
                        f"{e.strerror}") from None


def describe_compile_error(module, e):
    if isinstance(e, SyntaxError):
        where = f"{module.display}:{e.lineno}" if e.lineno else module.display
        return f"{where}: {type(e).__name__}: {e.msg} (in module '{module.name}')"
    return f"{module.display}: {e} (in module '{module.name}')"


# --- output ----------------------------------------------------------------

def code_file(name):
    return f"code/{name}.code"


def manifest_lines(modules, opts, main):
    magic = int.from_bytes(importlib.util.MAGIC_NUMBER, "little")
    lines = [
        f"slither-manifest\t{MANIFEST_VERSION}",
        f"magic\t{magic:08x}",
        f"pyversion\t{sys.hexversion:08x}",
        f"optimize\t{opts.optimize}",
        f"root\t{opts.root or '/'}",
        "main\t" + "\t".join(main),
    ]
    for m in modules:
        namespace = m.kind == "namespace"
        if m.kind == "extension":
            fields = [m.kind, m.name, m.vpath, m.path, "-"]
        else:
            source = "-" if namespace or opts.no_source else m.path
            fields = [m.kind, m.name, m.vpath, "-" if namespace else code_file(m.name), source]
        for field in (m.vpath, m.path):
            check_field(field, m)
        lines.append("entry\t" + "\t".join(fields))
    return lines


NOT_DATA_DIRS = frozenset({"__pycache__"})


def stdlib_data(opts):
    """Which standard-library packages carry their data files, by name: all
    of them for --interpreter (lib2to3 reads its grammar with
    pkgutil.get_data), and those an --include 'pkg.*' names (CPython's test
    suite reads its data files)."""
    patterns = [i[:-2] for i in opts.include if i.endswith(".*")]
    return lambda name: opts.interpreter or any(
        name == p or name.startswith(p + ".") for p in patterns)


def data_files(modules, stdlib_data=lambda name: False):
    """(vpath, path) of the data files of the app's embedded packages, and of
    the standard-library packages for which STDLIB_DATA(name) is true, but
    those in INTERPRETER_SKIP (ensurepip's bundled wheels)."""
    found = []
    for m in modules:
        if m.kind != "package" or (m.is_stdlib and not stdlib_data(m.name)):
            continue
        pkgdir = os.path.dirname(m.path)
        vdir = m.vpath.rpartition("/")[0]
        for dirpath, dirnames, filenames in os.walk(pkgdir):
            rel = os.path.relpath(dirpath, pkgdir)
            # a sub-directory that is a package has its own entry, and data
            dirnames[:] = sorted(d for d in dirnames if d not in NOT_DATA_DIRS and
                                 not os.path.exists(os.path.join(dirpath, d, "__init__.py"))
                                 and not (m.is_stdlib and os.path.relpath(
                                     os.path.join(dirpath, d), m.base).replace(os.sep, "/")
                                     in INTERPRETER_SKIP))
            for f in sorted(filenames):
                # every file pip installed, dot-files too (numpy.f2py's
                # tests read their .f2py_f2cmap)
                if module_file(f)[1] is not None:
                    continue
                sub = f if rel == "." else f"{rel}/{f}".replace(os.sep, "/")
                found.append((f"{vdir}/{sub}", os.path.join(dirpath, f)))
    return found


def data_lines(files, root, exclude_data, reporter):
    """The manifest's data entries for FILES, (vpath, path) pairs, but those
    an --exclude-data GLOB matches: each of those is named in the summary."""
    lines = []
    used = set()
    for vpath, path in files:
        name = vpath[len(root):].lstrip("/")
        rel = name.partition("/")[2]
        if name.startswith("lib/"):
            rel = rel.partition("/")[2]     # lib/pythonX.Y/REL
        glob = next((g for g in exclude_data if fnmatch.fnmatchcase(rel, g)), None)
        if glob is not None:
            used.add(glob)
            try:
                size = f"{os.path.getsize(path) / 1e6:.1f} MB"
            except OSError as e:
                size = e.strerror
            reporter.note(f"data file {rel} left out by --exclude-data '{glob}' ({size})")
            continue
        for field in (vpath, path):
            if any(c in field for c in "\t\n\r"):
                raise ScanError(f"the path of data file {path!r} contains a tab or a "
                                f"line break; rename it (or leave it out with "
                                f"--exclude-data)")
        lines.append("\t".join(("entry", "data", name, vpath, path, "-")))
    for glob in exclude_data:
        if glob not in used:
            reporter.warn(f"--exclude-data '{glob}' matches no data file (it is matched "
                          f"against paths like pkg/data/file.csv, relative to the "
                          f"directory given with --path)")
    return lines


def check_field(field, module):
    """Paths go into tab-separated UTF-8 lines: refuse what would break them."""
    if any(c in field for c in "\t\n\r"):
        raise ScanError(f"the path of module '{module.name}' ({module.path!r}) contains "
                        f"a tab or a line break; rename it")
    try:
        field.encode("utf-8")
    except UnicodeEncodeError:
        raise ScanError(f"the path of module '{module.name}' ({module.path!r}) is not "
                        f"valid UTF-8; rename it") from None


def prepare_workdir(workdir):
    """Create WORKDIR/code, with no manifest and no code files of an older run."""
    codedir = os.path.join(workdir, "code")
    try:
        os.makedirs(codedir, exist_ok=True)
        for entry in os.listdir(codedir):
            if entry.endswith(".code"):
                os.unlink(os.path.join(codedir, entry))
        manifest = os.path.join(workdir, "manifest.txt")
        if os.path.exists(manifest):
            os.unlink(manifest)
    except OSError as e:
        raise ScanError(f"cannot prepare {e.filename}: {e.strerror}") from None


def marshal_modules(modules, workdir, optimize):
    """Compile and marshal MODULES in a fresh process (see marshal_worker),
    but those whose code the ModuleCache held; store the others' entries."""
    todo = []
    for m in modules:
        if m.kind in ("namespace", "extension"):
            continue
        if m.cached_code is None:
            todo.append(m)
            continue
        try:
            with open(os.path.join(workdir, code_file(m.name)), "wb") as f:
                f.write(m.cached_code)
        except OSError as e:
            raise ScanError(f"cannot write {e.filename}: {e.strerror}") from None
    if todo:
        run_marshal_worker(todo, workdir, optimize)
    for m in todo:
        if m.cache_record is not None:
            cache, key, entry = m.cache_record
            try:
                with open(os.path.join(workdir, code_file(m.name)), "rb") as f:
                    cache.store(key, entry[:6] + (f.read(),))
            except OSError as e:
                raise ScanError(f"cannot read {e.filename}: {e.strerror}") from None


def run_marshal_worker(modules, workdir, optimize):
    jobs = "".join(f"{m.name}\t{m.path}\t{m.vpath}\t{code_file(m.name)}\n" for m in modules)
    if not sys.executable:
        raise ScanError("cannot tell where this interpreter is (sys.executable is empty)")
    cmd = [sys.executable, "-s", "-S", os.path.abspath(__file__),
           "--marshal-worker", workdir, str(optimize)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    for var in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"):
        env.pop(var, None)
    try:
        result = subprocess.run(cmd, input=jobs.encode("utf-8"), env=env)
    except OSError as e:
        raise ScanError(f"cannot run {sys.executable}: {e.strerror}") from None
    if result.returncode != 0:
        raise ScanError("compiling the modules failed")


def marshal_worker(workdir, optimize):
    """Read "NAME SOURCE VIRTUAL_PATH CODE_FILE" lines on stdin; compile each
    source and write its marshalled code.

    marshal marks an object it may meet again (FLAG_REF) when its reference
    count is above one, so its output depends on what else holds the same
    interned strings.  Here nothing is kept from one module to the next: each
    module's bytes depend on that module and this interpreter alone."""
    if sys.flags.hash_randomization:
        print("slither: error: the marshal worker needs PYTHONHASHSEED=0", file=sys.stderr)
        return 1
    # the scanner has shown the warnings compiling gives (see Scanner.analyse)
    warnings.simplefilter("ignore")
    jobs = [line.split("\t") for line in sys.stdin.buffer.read().decode("utf-8").splitlines()]
    for name, source, vpath, codefile in jobs:
        try:
            with open(source, "rb") as f:
                code = compile(f.read(), vpath, "exec", dont_inherit=True, optimize=optimize)
            data = marshal.dumps(code)
            del code  # before the next compile, for the reason above
            with open(os.path.join(workdir, codefile), "wb") as f:
                f.write(data)
        except (OSError, SyntaxError, ValueError) as e:
            print(f"slither: error: {source}: {e} (in module '{name}')", file=sys.stderr)
            return 1
    return 0


def write_manifest(workdir, lines):
    path = os.path.join(workdir, "manifest.txt")
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
    except OSError as e:
        raise ScanError(f"cannot write {path}: {e.strerror}") from None


# --- command line ----------------------------------------------------------

class ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        raise ScanError(f"scan.py: {message}")


def parse_args(argv):
    p = ArgumentParser(prog="scan.py", description="Find and compile the modules an app needs.")
    p.add_argument("--out", required=True, metavar="WORKDIR")
    p.add_argument("--path", action="append", default=[], metavar="DIR")
    p.add_argument("--include", action="append", default=[], metavar="NAME")
    p.add_argument("--exclude", action="append", default=[], metavar="NAME")
    p.add_argument("--exclude-data", action="append", default=[], metavar="GLOB")
    p.add_argument("--optimize", type=int, choices=(0, 1, 2), default=0)
    p.add_argument("--no-source", action="store_true")
    p.add_argument("--root", default="/slither")
    p.add_argument("--cache", metavar="DIR")        # see ModuleCache
    p.add_argument("--cache-key", metavar="TEXT")   # the toolchain's key
    p.add_argument("-v", "--verbose", action="store_true")
    entry = p.add_mutually_exclusive_group(required=True)
    entry.add_argument("--script", metavar="FILE")
    entry.add_argument("--module", metavar="NAME")
    entry.add_argument("--interpreter", action="store_true")
    opts = p.parse_args(argv)

    if not opts.root.startswith("/") or any(c in opts.root for c in "\t\n\r"):
        raise ScanError(f"--root '{opts.root}' must be an absolute path")
    opts.root = opts.root.rstrip("/")
    for d in opts.path:
        if not os.path.isdir(d):
            raise ScanError(f"--path '{d}' is not a directory")
    for option, names in (("include", opts.include), ("exclude", opts.exclude)):
        for name in names:
            if not is_module_name(name[:-2] if name.endswith(".*") else name):
                raise ScanError(f"--{option} '{name}' is not a module name (or 'pkg.*')")
    if opts.module is not None and not is_module_name(opts.module):
        raise ScanError(f"--module '{opts.module}' is not a module name")
    return opts


def scan(opts, reporter):
    """Run the whole scan; returns the sorted modules and the main record."""
    scanner = Scanner(opts, reporter)
    if opts.script:
        scanner.add_script(opts.script)
        main = ("script", "__main__")
    elif opts.module:
        scanner.add_module(opts.module)
        main = ("module", opts.module)
    else:
        main = ("none", "")
    for pattern in opts.include:
        scanner.add_include(pattern)
    if opts.interpreter:
        scanner.add_stdlib()
    scanner.run()
    scanner.report_computed()

    for found, what in ((scanner.optional, "optional standard-library imports"),
                        (scanner.lib_optional, "optional imports of libraries (in try "
                                               "statements or functions)")):
        if found:
            reporter.summary(f"{len(found)} {what} not found (-v lists them)", found,
                             "imported at {}")
    modules = [scanner.modules[name] for name in sorted(scanner.modules)]
    if reporter.verbose:
        for m in modules:
            reporter.note(f"embedding {m.kind} {m.name} ({m.origin})")
    files = data_files(modules, stdlib_data(opts)) + scanner.embedded_distributions()
    return modules, main, sorted(files)


def main(argv):
    if argv[:1] == ["--marshal-worker"] and len(argv) == 3:
        return marshal_worker(argv[1], int(argv[2]))
    try:
        if sys.flags.hash_randomization:
            raise ScanError("hash randomization is on, which would make the output "
                            "differ from run to run; run the scanner with PYTHONHASHSEED=0")
        opts = parse_args(argv)
        reporter = Reporter(opts.verbose)
        modules, main_record, files = scan(opts, reporter)
        lines = manifest_lines(modules, opts, main_record)
        lines += data_lines(files, opts.root or "", opts.exclude_data, reporter)
        prepare_workdir(opts.out)
        marshal_modules(modules, opts.out, opts.optimize)
        write_manifest(opts.out, lines)
    except ScanError as e:
        print(f"slither: error: {e}", file=sys.stderr)
        return 1
    stdlib = sum(m.is_stdlib for m in modules)
    reporter.note(f"scanned {len(modules)} modules ({stdlib} from the standard library, "
                  f"{len(modules) - stdlib} from the app), {reporter.count} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
