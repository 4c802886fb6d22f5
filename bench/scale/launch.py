"""Start N copies of a command at once and measure the makespan: when the
last process reached the app's first line and when the last one ended.

    python3 launch.py N OUTDIR EXPECT -- COMMAND...

Process I runs COMMAND with "{i}" in its words replaced by I (its copy
of the tree); its stdout and stderr go to OUTDIR/I.out and OUTDIR/I.err.  The
app writes "scale-first NS" at its first line and "scale-end NS" at its
last (CLOCK_MONOTONIC, the machine's one clock); EXPECT of each must be
found in all the outputs (N for N processes; for one mpiexec of N ranks,
N = 1 and EXPECT = the ranks).  Prints one line: "first_ms end_ms wall_ms"
from the moment before the first process is started; exits 1 saying why
if a process failed or a stamp is missing.
"""
import os
import subprocess
import sys
import time


def main():
    n, outdir, expect = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    os.makedirs(outdir, exist_ok=True)
    files = []
    for i in range(n):
        files.append((open(os.path.join(outdir, "%d.out" % i), "wb"),
                      open(os.path.join(outdir, "%d.err" % i), "wb")))
    cmds = [[w.replace("{i}", str(i)) for w in cmd] for i in range(n)]
    t0 = time.monotonic_ns()
    procs = [subprocess.Popen(c, stdin=subprocess.DEVNULL, stdout=o, stderr=e)
             for c, (o, e) in zip(cmds, files)]
    codes = [p.wait() for p in procs]
    wall = time.monotonic_ns() - t0
    for o, e in files:
        o.close()
        e.close()
    first, end = [], []
    for i in range(n):
        with open(os.path.join(outdir, "%d.out" % i), "rb") as f:
            for line in f:
                if line.startswith(b"scale-first "):
                    first.append(int(line.split()[1]))
                elif line.startswith(b"scale-end "):
                    end.append(int(line.split()[1]))
    bad = [i for i, c in enumerate(codes) if c != 0]
    if bad or len(first) != expect or len(end) != expect:
        i = bad[0] if bad else 0
        with open(os.path.join(outdir, "%d.err" % i), "rb") as f:
            err = f.read()[-2000:].decode(errors="replace")
        sys.exit("launch: %s: %d of %d failed (exit %s), %d first and %d end stamps of %d; "
                 "process %d's stderr:\n%s" % (" ".join(cmd), len(bad), n, codes[i] if bad else 0,
                                               len(first), len(end), expect, i, err))
    print("%.1f %.1f %.1f" % ((max(first) - t0) / 1e6, (max(end) - t0) / 1e6, wall / 1e6))


main()
