"""How an app binary reads its command line when it starts itself
(tests/t0230-multiprocessing.sh): the MODE environment variable picks what
this run does, so that every run is one process doing one thing."""
import os
import subprocess
import sys

import helper

mode = os.environ.get("MODE", "")


def run(*args):
    r = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60)
    print(f"  {list(args)[:2]} -> exit {r.returncode}: {r.stdout.strip()!r}")
    if r.returncode and r.stderr:
        print("  stderr:", *r.stderr.strip().splitlines()[-2:], sep="\n    ")


def square(x):
    return x * x


if mode == "":
    print("app argv", sys.argv[1:], "frozen", getattr(sys, "frozen", None))
elif mode == "restart":
    # re-run with its own arguments, as a supervisor does
    os.environ["MODE"] = ""
    print("restart ->", subprocess.run([sys.executable] + sys.argv[1:]).returncode)
elif mode == "exec":
    os.environ["MODE"] = ""
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable] + sys.argv[1:])
elif mode == "python":
    # sys.executable as an interpreter, as libraries and test runners use it
    print("python command lines:")
    run("-c", "import sys; print('python', sys.argv, __name__)")
    run("-S", "-c", "print(2 + 2)")
    run("-m", "helper", "x")
    run(os.path.join(os.path.dirname(os.path.abspath(os.environ["SCRIPT"])), "script.py"), "y")
    run("--version")
    run("-c", "import wave")
elif mode == "loop":
    # a bug: the app starts itself with its own (Python-looking) arguments
    # every time, whatever they are
    r = subprocess.run([sys.executable] + sys.argv[1:], capture_output=True, text=True)
    print("level", r.returncode, r.stdout.strip().replace("\n", " | "))
    if r.stderr:
        print(r.stderr.strip())
    sys.exit(r.returncode and 3)
elif mode == "unfrozen":
    # without sys.frozen, spawn writes python's own command line:
    # sys.executable -c 'from multiprocessing.spawn import spawn_main; ...'
    if __name__ == "__main__":
        import multiprocessing as mp
        sys.frozen = False
        with mp.get_context("spawn").Pool(2) as pool:
            print("unfrozen spawn", pool.map(square, range(4)))
