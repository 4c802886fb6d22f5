#!/bin/bash
# The embedded tree as a read-only file tree to all code in the process
# (runtime/vfs.c): the fixture package tests/vfs/treepkg reads the files
# beside its modules in every way (open(__file__), binary and text reads,
# seek, mmap, stat/lstat/fstat, exists, access, listdir, scandir, walk,
# glob, realpath, readlink, a missing file; a directory as a descriptor:
# fstat, listdir/scandir of it, fwalk, stat/open/access/glob with dir_fd;
# shutil.copy2 and copytree out of the tree)
# and from a C extension (fopen, open and fstat, opendir/readdir with "."
# and "..", fdopendir, fstatat on dirfd); a slither binary prints what
# python3.11 prints running the same installed package from disk, also in
# an empty chroot; every write into the tree fails with EROFS, directly or
# relative to a directory's descriptor, and chdir into it fails with
# ENOTSUP; no system call names a path under the root.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
cp -R "$TOP/tests/vfs/treepkg" "$TMP/src"	# pip builds in the source tree
if (cd "$TMP" && "$SLITHER" pip --toolchain "$TC" install --no-index --no-build-isolation \
	--target "$TMP/site" ./src) >"$TMP/pip.out" 2>&1; then
	ok "slither pip installs the fixture with its data files and C extension"
else
	not_ok "slither pip installs the fixture"
	sed 's/^/    /' "$TMP/pip.out"
	done_testing
fi
check "its data files are installed" test -f "$TMP/site/treepkg/data/sub/kernel.txt"

PYTHONPATH=$TMP/site "$STOCK_PYTHON" -m treepkg >"$TMP/stock.out" 2>&1
check "python3.11 runs the fixture from disk" grep -q '^C open/fstat: (37,' "$TMP/stock.out"
if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" -m treepkg -o "$TMP/tree" \
	>"$TMP/build.out" 2>&1 &&
	mkdir -p "$TMP/w" && cp "$TMP/src/writes.py" "$TMP/w/" &&	# (not beside the unbuilt source)
	"$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$TMP/w/writes.py" -o "$TMP/writes" \
		>>"$TMP/build.out" 2>&1; then
	ok "slither build links the fixture"
else
	not_ok "slither build links the fixture"
	sed 's/^/    /' "$TMP/build.out"
	done_testing
fi

"$TMP/tree" >"$TMP/tree.out" 2>&1
if cmp -s "$TMP/stock.out" "$TMP/tree.out"; then
	ok "every way of reading the tree prints what python3.11 prints from disk"
else
	not_ok "reading the tree differs from python3.11 on disk"
	diff "$TMP/stock.out" "$TMP/tree.out" | sed 's/^/    /'
fi

want="open w EROFS
open a existing EROFS
mkdir EROFS
unlink EROFS
rmdir EROFS
rename EROFS
C fopen w EROFS
chdir ENOTSUP
chdir file ENOTDIR
fchdir ENOTSUP
unlink dir_fd EROFS
unlink dir_fd missing ENOENT
rmdir dir_fd EROFS
mkdir dir_fd EROFS
mkdir dir_fd existing EEXIST
rename dir_fd EROFS
open w dir_fd EROFS
rmtree ['EROFS']"
got=$("$TMP/writes" 2>&1)
if [ "$got" = "$want" ]; then
	ok "every write into the tree fails with EROFS"
else
	not_ok "every write into the tree fails with EROFS"
	echo "$got" | sed 's/^/    /'
fi

# an empty root: no /usr, no /lib, no /proc
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TMP/root"
	cp "$TMP/tree" "$TMP/writes" "$TMP/root/"
	chroot "$TMP/root" /tree >"$TMP/chroot.out" 2>&1
	check "the same in an empty chroot" cmp -s "$TMP/stock.out" "$TMP/chroot.out"
	got=$(chroot "$TMP/root" /writes 2>&1)
	check "writes fail with EROFS in the chroot too" test "$got" = "$want"
else
	skip "the fixture in an empty chroot" "chroot needs root"
fi

if command -v strace >/dev/null; then
	strace -f -qq -o "$TMP/trace" -e trace=$SYSCALLS,mkdir,rmdir,unlink,rename,renameat,renameat2 \
		"$TMP/tree" >/dev/null 2>&1
	n=$(grep -c '"/slither' "$TMP/trace")
	check "no system call names a path under the root ($n did)" test "$n" -eq 0
else
	skip "system calls under the root" "no strace (apt-get install strace)"
fi
# a zip archive among a package's data files, put on sys.path: the import
# system's zipimport reads it through the tree, as python3 from disk
mkdir -p "$TMP/z/zpkg/data"
"$STOCK_PYTHON" - "$TMP/z/zpkg/data/mods.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("zipmod.py", 'WHO = "a module from a zip beside the package"\n')
    z.writestr("zipped/__init__.py", "X = 42\n")
PY
cat >"$TMP/z/zpkg/__init__.py" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "data", "mods.zip"))
import zipmod, zipped
print(zipmod.WHO, zipped.X, type(zipmod.__loader__).__name__,
      zipmod.__file__.endswith(os.path.join("data", "mods.zip", "zipmod.py")))
PY
echo "import zpkg" >"$TMP/zmain.py"
want=$(PYTHONPATH=$TMP/z "$STOCK_PYTHON" "$TMP/zmain.py" 2>&1)
if "$SLITHER" build --toolchain "$TC" --path "$TMP/z" "$TMP/zmain.py" -o "$TMP/zapp" \
	>"$TMP/zbuild.out" 2>&1; then
	got=$("$TMP/zapp" 2>&1)
	check "a zip archive in the tree imports through zipimport as from disk" \
		test "$got" = "$want" -a -n "$want"
else
	not_ok "slither build of the zip case"; sed 's/^/    /' "$TMP/zbuild.out"
fi
done_testing
