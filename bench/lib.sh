# shellcheck shell=bash
# What the start-up benchmarks share (bench/startup, bench/py313/run);
# source it.  No side effects but definitions.

# The import-heavy set: the imports of tests/apps/heavy/main.py, as one
# `python -P -c` command
# shellcheck disable=SC2034  # used by the scripts that source this file
BENCH_HEAVY='import json, decimal, asyncio, email.message, http.client, xml.etree.ElementTree, sqlite3, ssl, argparse, logging, unittest'

# bench_allstd FILE: writes a script that imports every standard-library
# module of the running interpreter's sys.stdlib_module_names that imports
# cleanly, in one process, and prints how many did
bench_allstd() {
	cat >"$1" <<'PY'
import sys, pkgutil, importlib, io, contextlib
skip = ("test", "idlelib", "tkinter", "turtledemo", "turtle", "antigravity", "this", "lib2to3.tests")
n = 0
for m in sorted(sys.stdlib_module_names):
    if m.startswith(skip) or m.startswith("_"):
        continue
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            importlib.import_module(m)
        n += 1
    except BaseException:
        pass
print(n)
PY
}

# bench_median FILE: the median of the numbers in FILE (one per line)
bench_median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# bench_instr [--out FILE] COMMAND...: the instructions COMMAND executes
# (valgrind's callgrind; unlike wall time on a shared virtual machine, the
# same from one run to the next); "-" without valgrind.  --out keeps the
# profile for callgrind_annotate.
bench_instr() {
	local out=/dev/null
	if [ "$1" = --out ]; then out=$2; shift 2; fi
	command -v valgrind >/dev/null || { echo "-"; return; }
	valgrind --tool=callgrind --callgrind-out-file="$out" "$@" 2>&1 >/dev/null |
		awk '/refs:/ {gsub(",", "", $NF); print $NF}'
}
