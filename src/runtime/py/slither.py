"""Collective loading for slither's MPI builds.

In a binary built with ``slither build --mpi`` and started by an MPI
launcher, the files the job reads from disk are looked up and read by rank 0
only; the bytes, or the error, are broadcast to every rank:

- modules found outside the binary (``SLITHER_PATH``, ``PYTHONPATH``, the
  script's directory): the path hook installed at start-up;
- the script on an ``--interpreter`` build's command line;
- data files read with ``read_bytes()``, ``read_text()`` and ``open()``.

The contract: every rank imports the same modules and reads the same files,
through these functions, in the same order.  A rank that asks for a
different file than rank 0 makes every rank raise RuntimeError naming both;
a rank that skips a read while others make it cannot be told from a slow
one, and the job waits.

Without a launcher (or without --mpi) the same calls read locally.
"""

import _io
import marshal
import sys

import _slither_mpi

#: This process's rank in the job, and the job's size (0 and 1 alone).
rank = _slither_mpi.rank
size = _slither_mpi.size
#: The MPI library the binary was linked with ("MPICH 4.0.2"), or None when
#: the binary runs as one process.
mpi_library = _slither_mpi.library

__all__ = ["rank", "size", "mpi_library", "read_bytes", "read_text", "open"]


def _fspath(path):
    import os
    path = os.fspath(path)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    # the name every rank must agree on: relative to each rank's own cwd
    return os.path.abspath(path) if path else path


def _read(path):
    with _io.open(path, "rb") as f:
        return f.read()


def read_bytes(path):
    """The contents of the file at `path`, read by rank 0 and broadcast.

    Raises on every rank what reading raised on rank 0 (FileNotFoundError,
    PermissionError, IsADirectoryError...), with the same message."""
    path = _fspath(path)
    return _slither_mpi.share("read " + path, lambda: _read(path))


def read_text(path, encoding=None, errors=None):
    """The file at `path` decoded as open(path).read() would decode it."""
    with open(path, "r", encoding=encoding, errors=errors) as f:
        return f.read()


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
    """open() for reading: the file read once by rank 0 and broadcast, as an
    io.BytesIO ('rb') or an io.TextIOWrapper over one ('r', 'rt')."""
    if mode not in ("r", "rt", "tr", "rb", "br"):
        raise ValueError("slither.open() only reads: mode must be 'r', 'rt' or 'rb', not %r"
                         % (mode,))
    data = _io.BytesIO(read_bytes(file))
    data.name = file
    if "b" in mode:
        if encoding is not None or errors is not None or newline is not None:
            raise ValueError("binary mode doesn't take an encoding, errors or newline argument")
        return data
    text = _io.TextIOWrapper(data, encoding=_io.text_encoding(encoding), errors=errors,
                             newline=newline)
    text.mode = mode
    return text


# --- the path hook: modules outside the binary ---------------------------

def _remember_lines(path, source):
    """Give tracebacks the source lines, so that no rank opens the file to
    print one (linecache never checks an entry without an mtime)."""
    import linecache
    from importlib.util import decode_source
    try:
        text = decode_source(source)
    except (SyntaxError, UnicodeDecodeError):
        return
    linecache.cache[path] = (len(source), None, text.splitlines(True), path)


def _probe(base):
    """On rank 0: what PathFinder would find for `base` (DIR/NAME): a
    package, a module, a namespace portion or nothing, marshalled."""
    import posix
    from stat import S_ISDIR
    for kind, path in (("package", base + "/__init__.py"), ("module", base + ".py")):
        try:
            return marshal.dumps((kind, path, _read(path)))
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
    try:
        if S_ISDIR(posix.stat(base).st_mode):
            return marshal.dumps(("namespace", base, b""))
    except (FileNotFoundError, NotADirectoryError):
        pass
    return marshal.dumps(None)


class CollectiveLoader:
    """Loads one module from the source rank 0 read: compiled on every rank,
    no byte-code cache written."""

    def __init__(self, fullname, path, source, is_package):
        self.name = fullname
        self.path = path
        self.source = source
        self._is_package = is_package

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = self.get_code(module.__name__)
        _remember_lines(self.path, self.source)
        exec(code, module.__dict__)

    def get_code(self, fullname):
        return compile(self.source, self.path, "exec", dont_inherit=True)

    def get_source(self, fullname):
        from importlib.util import decode_source
        return decode_source(self.source)

    def is_package(self, fullname):
        return self._is_package

    def get_filename(self, fullname):
        return self.path

    def get_data(self, path):
        return read_bytes(path)

    def __repr__(self):
        return "<slither.CollectiveLoader %r>" % (self.path,)


class CollectiveFinder:
    """The path-entry finder for a directory outside the binary in an MPI
    job: rank 0 looks, every rank learns what it found."""

    def __init__(self, path):
        self.path = path

    def find_spec(self, fullname, target=None):
        from importlib.machinery import ModuleSpec
        base = self.path.rstrip("/") + "/" + fullname.rpartition(".")[2]
        found = marshal.loads(_slither_mpi.share("find " + base, lambda: _probe(base)))
        if found is None:
            return None
        kind, origin, source = found
        if kind == "namespace":
            spec = ModuleSpec(fullname, None)
            spec.submodule_search_locations = [base]
            return spec
        package = kind == "package"
        loader = CollectiveLoader(fullname, origin, source, package)
        spec = ModuleSpec(fullname, loader, origin=origin, is_package=package)
        spec.has_location = True
        if package:
            spec.submodule_search_locations = [base]
        return spec

    def invalidate_caches(self):
        pass

    def __repr__(self):
        return "<slither.CollectiveFinder %r>" % (self.path,)


def _under_root(path):
    return path == sys.prefix or path.startswith(sys.prefix + "/")


def _path_hook(path):
    if not path or _under_root(path):
        raise ImportError("not a directory outside the binary", path=path)
    return CollectiveFinder(path)


def _install():
    """Called by the runtime in a job: the path hook goes right after the
    archive's own, ahead of zipimport's and FileFinder's, and finders cached
    for directories outside the binary are dropped."""
    sys.path_hooks.insert(1, _path_hook)
    for key in list(sys.path_importer_cache):
        if not _under_root(key):
            del sys.path_importer_cache[key]


def _main_code(progname, path):
    """`python SCRIPT` in a job: the script read by rank 0, and sys.path[0]
    its directory as rank 0 resolved it.  The code object to run as
    __main__ (the runtime runs it, so that tracebacks start in the script),
    or the exit status when the script cannot be read."""
    import os
    if not sys.flags.safe_path:
        where = _slither_mpi.share("realpath " + path,
                                   lambda: os.fsencode(os.path.dirname(os.path.realpath(path))))
        sys.path.insert(0, os.fsdecode(where))
    try:
        source = _slither_mpi.share("read " + path, lambda: _read(path))
    except OSError as e:
        sys.stderr.write("%s: can't open file %r: [Errno %d] %s\n"
                         % (progname, path, e.errno, e.strerror))
        return 2
    _remember_lines(path, source)
    return compile(source, path, "exec", dont_inherit=True)
