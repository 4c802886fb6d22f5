"""Fixture: reads the files beside its modules in every way the embedded
file tree serves; report() prints what it found, with paths relative to
the package, so python3 on disk and a slither binary print the same."""
import errno
import glob
import mmap
import os
import stat

HERE = os.path.dirname(__file__)


def rel(p):
    return os.path.relpath(p, HERE)


def err(f, *a):
    try:
        f(*a)
        return "ok"
    except OSError as e:
        return f"{type(e).__name__} {errno.errorcode[e.errno]}"


def report():
    from . import _cread
    data = os.path.join(HERE, "data")
    table = os.path.join(data, "table.json")
    kernel = os.path.join(data, "sub", "kernel.txt")
    with open(__file__, encoding="utf-8") as f:
        print("open(__file__):", f.readline().rstrip())
    with open(table, "rb") as f:
        f.seek(2)
        print("binary, seek:", f.read(6))
    with open(kernel) as f:
        print("text lines:", f.read().splitlines())
    with open(table, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        print("mmap:", m[:9], len(m))
    st = os.stat(table)
    print("stat:", stat.S_ISREG(st.st_mode), st.st_size, bool(st.st_mode & stat.S_IRUSR))
    print("lstat dir:", stat.S_ISDIR(os.lstat(data).st_mode))
    with open(table) as f:
        print("fstat:", os.fstat(f.fileno()).st_size)
    print("exists:", os.path.exists(table), os.path.isfile(kernel), os.path.isdir(data),
          os.path.exists(os.path.join(data, "missing.json")))
    print("access:", os.access(table, os.R_OK), os.access(data, os.X_OK))
    print("listdir:", sorted(os.listdir(data)))
    print("scandir:", sorted((e.name, e.is_dir(), e.is_file()) for e in os.scandir(data)))
    print("walk:", sorted((rel(d), sorted(ds), sorted(fs)) for d, ds, fs in os.walk(data)))
    print("glob:", sorted(rel(p) for p in glob.glob(os.path.join(data, "**", "*.txt"),
                                                     recursive=True)))
    print("realpath:", rel(os.path.realpath(os.path.join(data, "sub", "..", "table.json"))))
    print("C fopen:", _cread.fopen_read(kernel))
    print("C open/fstat:", _cread.open_read(table))
    print("missing:", err(open, os.path.join(data, "missing.json")))
    print("C missing:", err(_cread.fopen_read, os.path.join(data, "missing.json")))
