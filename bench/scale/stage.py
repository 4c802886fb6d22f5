"""Stage the tree bench/scale serves: what a job of stock python3.11 reads
(the interpreter, every shared library ldd names for it and for the
standard library's extension modules, the dynamic loader and its cache,
/usr/lib/python3.11 with its byte-code, OpenSSL's configuration, the
site-packages the apps use) and the apps.  Files are hard links where the
tree is on the same file system as the source (else copies); symbolic links
are made again as they are (merged /usr: /lib -> usr/lib), so that
`chroot TREE /usr/bin/python3.11` runs.

    python3 stage.py TREE [--site DIR-IN-DIST-PACKAGES...]
"""
import os
import shutil
import subprocess
import sys


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def stage(tree, path):
    """Make PATH (absolute) exist in TREE as on this machine: each
    component a directory, a symbolic link (followed, then staged too) or
    a file."""
    parts = path.strip("/").split("/")
    cur = "/"
    for i, part in enumerate(parts):
        cur = os.path.join(cur, part)
        dst = tree + cur
        if os.path.islink(cur):
            target = os.readlink(cur)
            if not os.path.lexists(dst):
                os.symlink(target, dst)
            # what the link names, then the rest of the path through it
            rest = "/".join(parts[i + 1:])
            base = target if target.startswith("/") else os.path.join(os.path.dirname(cur), target)
            stage(tree, os.path.normpath(os.path.join(base, rest)) if rest else os.path.normpath(base))
            return
        if os.path.isdir(cur):
            os.makedirs(dst, exist_ok=True)
        elif os.path.exists(cur) and not os.path.lexists(dst):
            link_or_copy(cur, dst)


def stage_tree(tree, top):
    """TOP (a directory) whole, with its symbolic links as they are."""
    for root, dirs, files in os.walk(top):
        stage(tree, root)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            src = os.path.join(root, name)
            dst = tree + src
            if os.path.islink(src):
                if not os.path.lexists(dst):
                    os.symlink(os.readlink(src), dst)
            elif not os.path.lexists(dst):
                link_or_copy(src, dst)


def needed(files):
    """The shared libraries (and the loader) ldd names for FILES."""
    out = subprocess.run(["ldd"] + files, capture_output=True, text=True).stdout
    libs = set()
    for line in out.splitlines():
        words = line.split()
        if "=>" in words and len(words) > words.index("=>") + 1:
            lib = words[words.index("=>") + 1]
            if lib.startswith("/"):
                libs.add(lib)
        elif words and words[0].startswith("/"):
            libs.add(words[0])
    return sorted(libs)


def main():
    tree = os.path.abspath(sys.argv[1])
    site = sys.argv[sys.argv.index("--site") + 1:] if "--site" in sys.argv else []
    os.makedirs(tree, exist_ok=True)
    py = "/usr/bin/python3.11"
    stdlib = "/usr/lib/python3.11"
    stage_tree(tree, stdlib)
    stage(tree, py)
    objs = [py] + [os.path.join(r, f) for r, _, fs in os.walk(stdlib) for f in fs if f.endswith(".so")]
    dist = "/usr/lib/python3/dist-packages"
    for name in site:
        stage_tree(tree, os.path.join(dist, name))
        objs += [os.path.join(r, f) for r, _, fs in os.walk(os.path.join(dist, name))
                 for f in fs if ".so" in f]
    for lib in needed(objs):
        stage(tree, lib)
    for f in ("/etc/ld.so.cache", "/usr/lib/ssl/openssl.cnf"):
        if os.path.exists(f):
            stage(tree, f)
    for d in ("tmp", "dev", "proc"):
        os.makedirs(os.path.join(tree, d), exist_ok=True)


main()
