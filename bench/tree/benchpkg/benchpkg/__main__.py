"""bench/tree's driver: times, in this process, reading the data files
beside the package (through the embedded tree in a slither binary) or the
same files from a directory on disk.

    python -m benchpkg bench [DIR]      DIR: where the files are (default:
                                        the package's own data directory)
    python -m benchpkg statloop N PATH  stat(PATH) N times, from C
    python -m benchpkg where            prints the package's data directory

bench prints tab-separated lines: "first NS" (the first call that names
DIR: in a slither binary's tree it builds the tree's path index), "op NAME
NS" (nanoseconds per operation: the fastest of 5 batches of calls, each
batch about 10 ms) and "check NAME VALUE" (what was read, so that the
sides can be compared)."""
import hashlib
import os
import sys
import time

from . import _cread

SIZES = ("small", "medium", "large")


def best_ns(fn, target=10_000_000, batches=5):
    fn()
    t = time.perf_counter_ns()
    fn()
    one = time.perf_counter_ns() - t
    n = max(1, min(100_000, target // max(one, 1)))
    best = None
    for _ in range(batches):
        t = time.perf_counter_ns()
        for _ in range(n):
            fn()
        ns = (time.perf_counter_ns() - t) / n
        best = ns if best is None or ns < best else best
    return best


def read(path, mode):
    enc = "utf-8" if "b" not in mode else None

    def f():
        with open(path, mode, encoding=enc) as fh:
            return fh.read()
    return f


def open_close(path):
    def f():
        os.close(os.open(path, os.O_RDONLY))
    return f


def open_read_4k(path):
    def f():
        fd = os.open(path, os.O_RDONLY)
        try:
            return os.read(fd, 4096)
        finally:
            os.close(fd)
    return f


def bench(d):
    def p(name):
        return os.path.join(d, name)

    t = time.perf_counter_ns()
    os.stat(p("small.bin"))
    print(f"first\t{time.perf_counter_ns() - t}")

    ops = []
    for s in SIZES:
        for kind, mode in (("txt", "r"), ("bin", "rb")):
            ops.append((f"open+read+close {s}.{kind}", read(p(f"{s}.{kind}"), mode)))
    for s in SIZES:
        ops.append((f"C fopen+fread+fclose {s}.bin",
                    lambda path=p(f"{s}.bin"): _cread.fopen_read(path)))
    ops += [
        ("open+close small.bin", open_close(p("small.bin"))),
        ("open+close large.bin", open_close(p("large.bin"))),
        ("open large.bin+read 4 KiB+close", open_read_4k(p("large.bin"))),
        ("os.stat file", lambda: os.stat(p("small.bin"))),
        ("os.stat dir", lambda: os.stat(d)),
        ("os.path.exists missing", lambda: os.path.exists(p("missing.bin"))),
        ("os.listdir dir", lambda: os.listdir(d)),
        ("C stat, per call (x100)", None),
    ]
    for name, fn in ops:
        if fn is None:
            ns = best_ns(lambda: _cread.stat_loop(p("small.bin"), 100)) / 100
        else:
            ns = best_ns(fn)
        print(f"op\t{name}\t{ns:.0f}")

    for s in SIZES:
        for kind, mode in (("txt", "r"), ("bin", "rb")):
            data = read(p(f"{s}.{kind}"), mode)()
            if kind == "txt":
                data = data.encode("utf-8")
            print(f"check\tread {s}.{kind}\t{hashlib.sha256(data).hexdigest()}")
        print(f"check\tC fopen {s}.bin\t{_cread.fopen_read(p(f'{s}.bin'))}")
    print(f"check\tlistdir\t{' '.join(sorted(os.listdir(d)))}")
    print(f"check\tstat size\t{os.stat(p('medium.bin')).st_size}")


def main(argv):
    here = os.path.join(os.path.dirname(__file__), "data")
    if argv == ["where"]:
        print(here)
    elif len(argv) >= 1 and argv[0] == "bench" and len(argv) <= 2:
        bench(argv[1] if len(argv) == 2 else here)
    elif len(argv) == 3 and argv[0] == "statloop":
        _cread.stat_loop(argv[2], int(argv[1]))
    else:
        sys.exit("usage: benchpkg bench [DIR] | benchpkg statloop N PATH | benchpkg where")


main(sys.argv[1:])
