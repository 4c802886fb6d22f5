"""Test-only stand-in for src/scan/scan.py: compile a test app and a whole
standard library into WORKDIR/code/*.code and write WORKDIR/manifest.txt in
the scanner's format (see scan.py), which tests/runtime/pack turns into an
archive with the real writer.  No import analysis: every module of --app and
of --stdlib is embedded, so the runtime can be tested before the scanner is.

    python3.11 mkmanifest.py WORKDIR --app DIR [--stdlib DIR]
        (--script FILE | --module NAME) [--no-source] [--root /slither]
        [--data NAME=FILE]... [--extension NAME=VPATH]...

Run it with the interpreter whose byte-code the binary runs (same magic).
"""

import argparse
import marshal
import os
import sys
import sysconfig

SKIP_DIRS = {"test", "tests", "idlelib", "tkinter", "turtledemo", "ensurepip",
             "site-packages", "dist-packages", "__pycache__", "lib2to3",
             "config-3.11-x86_64-linux-gnu", "__phello__"}
PYDIR = f"python{sys.version_info.major}.{sys.version_info.minor}"


def walk(base, prefix=""):
    """(name, kind, path) of each module and package under directory base."""
    for entry in sorted(os.listdir(base)):
        path = os.path.join(base, entry)
        if os.path.isdir(path):
            if entry in SKIP_DIRS or not entry.isidentifier():
                continue
            init = os.path.join(path, "__init__.py")
            if os.path.isfile(init):
                yield prefix + entry, "package", init
            else:
                yield prefix + entry, "namespace", path
            yield from walk(path, f"{prefix}{entry}.")
        elif entry.endswith(".py") and entry[:-3].isidentifier() and entry != "__init__.py":
            yield prefix + entry[:-3], "module", path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workdir")
    ap.add_argument("--app", required=True)
    ap.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("--script")
    ap.add_argument("--module")
    ap.add_argument("--root", default="/slither")
    ap.add_argument("--magic", type=lambda x: int(x, 16), help="a wrong magic, for tests")
    ap.add_argument("--no-source", action="store_true")
    ap.add_argument("--data", action="append", default=[])
    ap.add_argument("--extension", action="append", default=[])
    opts = ap.parse_args()

    codedir = os.path.join(opts.workdir, "code")
    os.makedirs(codedir, exist_ok=True)
    entries = {}
    areas = [(opts.stdlib, f"lib/{PYDIR}"), (opts.app, "app")]
    for base, area in areas:  # the app's modules win over the stdlib's
        for name, kind, path in walk(base):
            rel = os.path.relpath(path, base)
            entries[name] = (kind, f"{opts.root}/{area}/{rel}", path)
    if opts.script:
        script = os.path.join(opts.app, opts.script)
        entries["__main__"] = ("module", f"{opts.root}/app/{opts.script}", script)

    lines = [
        "slither-manifest\t1",
        "magic\t%08x" % (opts.magic or int.from_bytes(
            __import__("importlib.util").util.MAGIC_NUMBER, "little")),
        "pyversion\t%08x" % sys.hexversion,
        "optimize\t0",
        f"root\t{opts.root}",
        "main\tscript\t__main__" if opts.script
        else f"main\tmodule\t{opts.module}" if opts.module else "main\tnone\t",
    ]
    for name in sorted(entries):
        kind, vpath, path = entries[name]
        if kind == "namespace":
            lines.append(f"entry\tnamespace\t{name}\t{vpath}\t-\t-")
            continue
        codefile = f"code/{name}.code"
        with open(path, "rb") as f:
            source = f.read()
        try:
            code = compile(source, vpath, "exec", dont_inherit=True)
        except SyntaxError:
            continue  # lib2to3-style fixture files
        with open(os.path.join(opts.workdir, codefile), "wb") as f:
            f.write(marshal.dumps(code))
        src = "-" if opts.no_source else os.path.abspath(path)
        lines.append(f"entry\t{kind}\t{name}\t{vpath}\t{codefile}\t{src}")
    for spec in opts.data:
        name, _, path = spec.partition("=")
        if name.startswith("app/"):  # the scanner's naming: the virtual path
            lines.append(f"entry\tdata\t{name}\t{opts.root}/{name}\t{os.path.abspath(path)}\t-")
            continue
        pkg, _, rel = name.partition("/")
        pkgdir = os.path.dirname(entries[pkg][1]) if entries[pkg][0] == "package" \
            else entries[pkg][1]
        lines.append(f"entry\tdata\t{name}\t{pkgdir}/{rel}\t{os.path.abspath(path)}\t-")
    for spec in opts.extension:
        name, _, vpath = spec.partition("=")
        lines.append(f"entry\textension\t{name}\t{vpath}\t-\t-")
    # entries sorted by name, as the scanner writes them
    head, body = lines[:6], sorted(lines[6:], key=lambda l: l.split("\t")[2].encode())
    with open(os.path.join(opts.workdir, "manifest.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(head + body) + "\n")


if __name__ == "__main__":
    main()
