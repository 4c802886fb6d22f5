"""Fixture: reads the files beside its modules in every way the embedded
file tree serves; report() prints what it found, with paths relative to
the package, so python3 on disk and a slither binary print the same."""
import errno
import glob
import mmap
import os
import shutil
import stat
import tempfile

HERE = os.path.dirname(__file__)


def rel(p):
    return os.path.relpath(p, HERE)


def err(f, *a, **kw):
    try:
        f(*a, **kw)
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
    print("readlink:", err(os.readlink, table), err(os.readlink, os.path.join(data, "missing.json")))
    print("C readdir:", _cread.readdir(data))
    # (the tree has no byte-code caches: python3 on disk has written some)
    print("C readdir (root):", [e for e in _cread.readdir(HERE) if e[0] != "__pycache__"])
    dir_fds(data, table, _cread)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy2(table, tmp)
        shutil.copytree(data, os.path.join(tmp, "copy"))
        print("copy2, copytree:", sorted((os.path.relpath(os.path.join(d, f), tmp), os.stat(os.path.join(d, f)).st_size)
                                         for d, ds, fs in os.walk(tmp) for f in fs))


def dir_fds(data, table, _cread):
    """A directory as a file descriptor, and calls relative to one."""
    fd = os.open(data, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        print("dir fd fstat:", stat.S_ISDIR(st.st_mode), os.path.samestat(st, os.stat(data)))
        print("listdir(fd):", sorted(os.listdir(fd)), sorted(os.listdir(fd)) == sorted(os.listdir(data)))
        print("scandir(fd):", sorted((e.name, e.is_dir(), e.is_file(), e.stat().st_size if e.is_file() else 0,
                                      e.inode() == os.stat(os.path.join(data, e.name)).st_ino)
                                     for e in os.scandir(fd)))
        print("stat dir_fd:", os.stat("table.json", dir_fd=fd).st_size,
              stat.S_ISDIR(os.stat("sub", dir_fd=fd, follow_symlinks=False).st_mode),
              os.stat("sub/../table.json", dir_fd=fd).st_size)
        print("stat dir_fd ..:", os.path.samestat(os.stat("..", dir_fd=fd), os.stat(HERE)),
              rel_size("../__init__.py", fd))
        print("access dir_fd:", os.access("table.json", os.R_OK, dir_fd=fd),
              os.access("missing.json", os.R_OK, dir_fd=fd))
        print("missing dir_fd:", err(os.stat, "missing.json", dir_fd=fd),
              err(os.open, "missing.json", os.O_RDONLY, dir_fd=fd))
        with open("sub/kernel.txt", opener=lambda p, f: os.open(p, f, dir_fd=fd)) as f:
            print("opener dir_fd:", f.read().splitlines())
        print("glob dir_fd:", sorted(glob.glob("**/*.txt", dir_fd=fd, recursive=True)))
        print("readlink dir_fd:", err(os.readlink, "table.json", dir_fd=fd))
        print("open dir fd as a file:", err(open, fd, closefd=False))
        dup = os.dup(fd)
        print("dup:", os.path.samestat(os.fstat(dup), st), sorted(os.listdir(dup)))
        os.close(dup)
        print("C fdopendir:", _cread.fdreaddir(fd))
    finally:
        os.close(fd)
    fd = os.open(data, os.O_RDONLY | os.O_DIRECTORY)
    print("O_DIRECTORY:", stat.S_ISDIR(os.fstat(fd).st_mode))
    os.close(fd)
    print("open(dir):", err(open, data), err(open, data, "rb"))
    print("O_DIRECTORY file:", err(os.open, table, os.O_RDONLY | os.O_DIRECTORY))
    print("fwalk:", sorted((rel(d), sorted(ds), sorted(fs), os.path.samestat(os.fstat(dfd), os.stat(d)))
                           for d, ds, fs, dfd in os.fwalk(data)))
    print("fwalk bottom-up:", [(rel(d), sorted(fs)) for d, ds, fs, dfd in os.fwalk(data, topdown=False)])
    print("C open dir/fstat:", _cread.open_dir(data))


def rel_size(name, fd):
    return os.stat(name, dir_fd=fd).st_size == os.stat(__file__).st_size
    print("C missing:", err(_cread.fopen_read, os.path.join(data, "missing.json")))
