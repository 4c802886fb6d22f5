#!/bin/bash
# CPython's own regression tests, run by the static interpreter
# (slither build --interpreter) with the standard library it embeds, and
# with the test suite embedded too (--include 'test.*', its data files
# included: test_ssl's certificates, test_decimal's decTest files): regrtest
# lists the test package's directory and the tests open files beside their
# __file__ through the embedded tree as files (runtime/vfs.c), and
# `python -m test` runs with no PYTHONPATH.  The children the tests start
# (with -I or -E too) are this interpreter, which holds the test package.
# On the default toolchain (3.11), then whole again on 3.13 (also_on).
#
# Two parts read the suite from disk instead, with a second interpreter that
# does not embed it (a copy of the toolchain's Lib/test on PYTHONPATH):
# test_sqlite3, which CPython 3.11.2's `make install` leaves out of Lib/test,
# and test_importlib but for its test_importlib.frozen tests, because it puts
# directories and zip files of its own package on sys.path (namespace_pkgs,
# zipdata01/ziptestdata.zip, the eggs of test_zip...): a path under /slither
# on sys.path is searched by the archive's importer, which imports only the
# modules embedded under that name (not a zip file, nor the .py files of a
# directory that is not a package, which are not embedded at all).
#
# tests/cpython/exclusions-X.Y.txt names every test that is not run on that
# version and why; all the others must pass, with no test module skipped.
# Stand-ins for CPython test modules a static toolchain does not build are
# in tests/cpython/stubs (embedded; stubs-X.Y too, for one version) and
# tests/cpython/sqlite-stubs (on PYTHONPATH for test_sqlite3 only); each
# says why.
. "$(dirname "$0")/lib.sh"
also_on 3.13

CPY=$TOP/tests/cpython
# the modules run whole: tests/cpython/modules.txt, one list for every version
MODULES=$(sed 's/#.*//' "$CPY/modules.txt")

TC=$(toolchain)
version=$(sed -n 's/^version //p' "$TC/lib/slither/toolchain.txt")
VER=${version%.*}
STDLIB=$TC/lib/python$VER
EXCLUSIONS=$CPY/exclusions-$VER.txt
[ -f "$EXCLUSIONS" ] || { not_ok "tests/cpython/exclusions-$VER.txt exists for CPython $VER"; done_testing; }
# The interpreter with the test suite: the _testinternalcapi stand-in (and
# a version's own, stubs-X.Y) comes from --path; 3.11's ctypes tests are
# ctypes.test, a sub-package of the embedded ctypes, so it must be named too
# (test_objects imports ctypes.test.test_objects for its doctests); 3.13's
# are test.test_ctypes.  A fresh cache deep-freezes the test suite's ~770
# modules once (about 220 s of CPU); afterwards the build only links.
stubs=(--path "$CPY/stubs" --include _testinternalcapi)
stubs_ver=""
if [ -d "$CPY/stubs-$VER" ]; then
	stubs_ver=$CPY/stubs-$VER
	stubs+=(--path "$stubs_ver")
	for f in "$CPY/stubs-$VER"/*.py; do stubs+=(--include "$(basename "$f" .py)"); done
fi
[ -d "$STDLIB/ctypes/test" ] && stubs+=(--include 'ctypes.test.*')
start=$(date +%s)
if "$SLITHER" build --toolchain "$TC" --interpreter --include 'test.*' "${stubs[@]}" \
	-o "$TMP/python" 2>"$TMP/build.err"; then
	ok "the static interpreter builds, with the test suite embedded ($(($(date +%s) - start)) s)"
else
	not_ok "the static interpreter builds with the test suite"; cat "$TMP/build.err"; done_testing
fi
# the interpreter without it, for the parts read from disk (the header)
if "$SLITHER" build --toolchain "$TC" --interpreter -o "$TMP/python-disk" 2>"$TMP/build.err"; then
	ok "the static interpreter builds"
else
	not_ok "the static interpreter builds"; cat "$TMP/build.err"; done_testing
fi
# as python3, it writes byte-code of modules it imports from disk unless told
# not to: the tests that rely on writing it run below
check "python -c writes byte-code unless -B or PYTHONDONTWRITEBYTECODE" test \
	"$(env -u PYTHONDONTWRITEBYTECODE "$TMP/python" -c 'import sys; print(sys.dont_write_bytecode)')" = False
# the suite is the embedded one, data files and all, not a copy on disk
# (test_ssl's keycert.pem: in test/ on 3.11, test/certdata/ on 3.13)
check "the test package and its data files are embedded (test.support.TEST_HOME_DIR is /slither/lib/python$VER/test)" test \
	"$(cd "$TMP" && env -u PYTHONPATH "$TMP/python" -c 'import os, test.support as s
print(s.TEST_HOME_DIR, any("keycert.pem" in f for _, _, f in os.walk(s.TEST_HOME_DIR)),
      len(os.listdir(os.path.join(s.TEST_HOME_DIR, "decimaltestdata"))) > 10)')" = \
	"/slither/lib/python$VER/test True True"

# The test suite as files, for the interpreter without it.  CPython 3.11.2's
# `make install` leaves out Lib/test/test_sqlite3 (missing from TESTSUBDIRS,
# fixed in 3.11.3); it is taken from the source tarball slither cached when
# it built the toolchain.
LIB=$TMP/lib
mkdir -p "$LIB"
cp -r "$STDLIB/test" "$LIB/"
find "$LIB" -name __pycache__ -prune -exec rm -rf {} +
tarball=$(ls "$(dirname "$(dirname "$TC")")/src/python$VER/python${VER}_$version".orig.tar.* 2>/dev/null | head -1)
if [ ! -d "$LIB/test/test_sqlite3" ] && [ -n "$tarball" ]; then
	tar -xf "$tarball" -C "$TMP" --strip-components=2 "Python-$version/Lib/test/test_sqlite3"
	mv "$TMP/test/test_sqlite3" "$LIB/"test/ && rmdir "$TMP/test"
fi
# 3.11's ctypes tests (ctypes.test), each run as a top-level module from a
# directory on disk, so that the ones that cannot be imported (no
# _ctypes_test) are left out by name: test_ctypes would find them by listing
# the embedded ctypes/test, but then one that fails to import fails the
# whole run, and a directory under /slither on sys.path holds no top-level
# module (the archive's importer serves only the modules embedded under that
# name).  3.13's test.test_ctypes skips what needs _ctypes_test itself, and
# runs from the embedded suite.
CTYPES=$TMP/ctypes-tests
if [ -d "$STDLIB/ctypes/test" ]; then
	mkdir -p "$CTYPES"
	cp "$STDLIB"/ctypes/test/test_*.py "$CTYPES/"
fi

# The exclusions: every test id with a reason defined in the file; ids of
# 3.11's ctypes tests lose their "ctypes.test." (they run as top-level
# modules from their directory), and a bare ctypes test module is not run.
bad=$(awk -f "$CPY/exclusions.awk" "$EXCLUSIONS")
if [ -n "$bad" ]; then
	not_ok "exclusions-$VER.txt gives a defined reason for every excluded test, and uses every reason"
	echo "$bad" | sed 's/^/    /'
else
	ok "exclusions-$VER.txt gives a defined reason for every excluded test, and uses every reason"
fi
awk -v ids=1 -f "$CPY/exclusions.awk" "$EXCLUSIONS" >"$TMP/excluded"
grep -Ev '^ctypes\.test\.[^.]+$' "$TMP/excluded" | sed 's/^ctypes\.test\.//' >"$TMP/ignorefile"
sed -n 's/^ctypes\.test\.\([^.]*\)$/\1/p' "$TMP/excluded" >"$TMP/ctypes-excluded"
for f in "$CTYPES"/test_*.py; do
	[ -f "$f" ] || continue
	m=$(basename "$f" .py)
	grep -qx "$m" "$TMP/ctypes-excluded" || echo "$m"
done >"$TMP/ctypes-modules"
echo "# $(wc -l <"$TMP/ignorefile") tests and $(wc -l <"$TMP/ctypes-excluded") ctypes test modules excluded (tests/cpython/exclusions-$VER.txt)"

# regrtest NAME TIMEOUT PYTHON PYTHONPATH ARGS...: run `PYTHON -m test -j2 -W
# ARGS` (PYTHONPATH unset when empty) within TIMEOUT seconds and 600
# processes and threads (lib.sh's bounded); it must pass every module it is
# given ("All N tests OK.": none failed, and none skipped as a whole, which
# regrtest would count as a success).  With PYTHONDONTWRITEBYTECODE unset,
# the tests that write byte-code run too.
regrtest() {
	local name=$1 limit=$2 python=$3 path=$4 n ran start rc
	shift 4
	n=$(printf '%s\n' "$@" | grep -c '^test_')
	start=$(date +%s)
	(cd "$TMP/run" && unset PYTHONDONTWRITEBYTECODE PYTHONPATH &&
		if [ -n "$path" ]; then export PYTHONPATH="$path"; fi &&
		bounded 600 "$limit" "$python" -m test -j2 -W --timeout 240 \
		--ignorefile "$TMP/ignorefile" "$@") >"$TMP/$name.log" 2>&1
	rc=$?
	sed -n '/^== Tests result/,$p' "$TMP/$name.log" | grep -v '^$' | sed 's/^/# /'
	# (3.13's regrtest counts each module of a test package: N >= n)
	ran=$(sed -n 's/^All \([0-9]*\) tests OK\.$/\1/p; s/^\(1\) test OK\.$/\1/p' "$TMP/$name.log")
	if [ "$rc" -eq 0 ] && [ "${ran:-0}" -ge "$n" ] && ! grep -qE '^[0-9]+ tests? skipped:$' "$TMP/$name.log"; then
		ok "$name: all $ran test modules pass ($(($(date +%s) - start)) s)"
	else
		[ "$rc" -eq 124 ] && echo "# $name: stopped after $limit s"
		not_ok "$name: python -m test (exit $rc)"
		# -W printed each failing module's output: its FAIL and ERROR reports
		grep -E '^0:.*(failed|crashed)' "$TMP/$name.log" | sed 's/^/    /'
		awk '/^(FAIL|ERROR):/ { on = 1 } /^(==========|Ran [0-9]+ tests? in)/ { on = 0 }
			on' "$TMP/$name.log" | head -80 | sed 's/^/    /'
		# no report of a failing test (one that does not import, say):
		# what regrtest printed before its summary
		grep -qE '^(FAIL|ERROR):' "$TMP/$name.log" ||
			sed '/^== Tests result/,$d' "$TMP/$name.log" | tail -n 25 | sed 's/^/    /'
	fi
}
mkdir -p "$TMP/run"
# shellcheck disable=SC2086
regrtest "CPython tests" 420 "$TMP/python" "" $MODULES
# test_argparse's TestEncoding ran, and passed: it reads argparse.py and
# test_argparse.py through their embedded __file__
(cd "$TMP/run" && env -u PYTHONPATH timeout 60 "$TMP/python" -m test -v -m TestEncoding \
	test_argparse) >"$TMP/encoding.log" 2>&1
check "test_argparse's TestEncoding opens argparse.__file__ and test_argparse.__file__" \
	test "$(grep -cE '^test_(test_)?argparse_module_encoding .* \.\.\. ok$' "$TMP/encoding.log")" = 2
# test_importlib.frozen from the embedded suite: its tests expect a frozen
# module's file under test.support.STDLIB_DIR, the test package's parent,
# which is sys._stdlib_dir only when the test package is embedded.  (3.13's
# regrtest takes -m and --ignorefile as one list, where the first pattern
# decides what matches none: -m comes first.)
(cd "$TMP/run" && env -u PYTHONPATH -u PYTHONDONTWRITEBYTECODE timeout 120 "$TMP/python" -m test -v \
	-m 'test.test_importlib.frozen.*' --ignorefile "$TMP/ignorefile" test_importlib) \
	>"$TMP/frozen.log" 2>&1
rc=$?
ran=$(sed -n 's/^Ran \([0-9]*\) tests* in .*/\1/p' "$TMP/frozen.log")
if [ "$rc" -eq 0 ] && [ "${ran:-0}" -ge 25 ] && grep -q '^1 test OK\.$' "$TMP/frozen.log"; then
	ok "test_importlib.frozen: its $ran tests pass from the embedded test package"
else
	not_ok "test_importlib.frozen from the embedded test package (exit $rc, ${ran:-no} tests ran)"
	grep -E '^(FAIL|ERROR):' "$TMP/frozen.log" | sed 's/^/    /'
fi
STUBPATH=$CPY/stubs${stubs_ver:+:$stubs_ver}
regrtest "test_importlib (from disk, but .frozen)" 300 "$TMP/python-disk" "$LIB:$STUBPATH" \
	--ignore 'test.test_importlib.frozen.*' test_importlib
if [ -d "$LIB/test/test_sqlite3" ]; then
	regrtest "test_sqlite3" 90 "$TMP/python-disk" "$LIB:$STUBPATH:$CPY/sqlite-stubs" test_sqlite3
else
	skip "test_sqlite3" "not installed in $STDLIB/test, and no source tarball in slither's cache"
fi
# multiprocessing and concurrent.futures start this interpreter as their
# workers, fork server and resource tracker (as python3 they get
# sys.executable -c ...)
regrtest "test_concurrent_futures, test_multiprocessing_spawn" 600 "$TMP/python" "" \
	test_concurrent_futures test_multiprocessing_spawn
if [ -d "$CTYPES" ]; then
	# shellcheck disable=SC2046
	regrtest "test_ctypes (ctypes' test modules)" 60 "$TMP/python" "" \
		--testdir "$CTYPES" $(cat "$TMP/ctypes-modules")
else
	regrtest "test_ctypes" 60 "$TMP/python" "" test_ctypes
fi

# the edge cases of slither's CPython patch: the same output as python3.11
# (stdout: the outcomes; CPython 3.13 also warns on stderr of a class
# namespace with a non-string key, as 3.11 does not)
"$STOCK_PYTHON" "$CPY/patch_edges.py" >"$TMP/edges.stock" 2>/dev/null
"$TMP/python" "$CPY/patch_edges.py" >"$TMP/edges.static" 2>/dev/null
if [ "$(wc -l <"$TMP/edges.stock")" -gt 10 ] && diff -u "$TMP/edges.stock" "$TMP/edges.static" >"$TMP/edges.diff"; then
	ok "the CPython patch's edge cases (class slots, module look-ups) print what python3.11 prints"
else
	not_ok "the CPython patch's edge cases differ from python3.11"; sed 's/^/    /' "$TMP/edges.diff"
fi

# the same binary in an empty chroot: nothing but itself, the test suite
# inside it
if [ "$(id -u)" -eq 0 ] && command -v chroot >/dev/null; then
	mkdir -p "$TMP/root"
	cp "$TMP/python" "$TMP/root/"
	if env -i timeout 120 "$(command -v chroot)" "$TMP/root" /python -m test test_json \
		>"$TMP/chroot.log" 2>&1 && grep -q 'Tests result: SUCCESS' "$TMP/chroot.log"; then
		ok "python -m test test_json passes in an empty chroot"
	else
		not_ok "python -m test test_json in an empty chroot"; tail -20 "$TMP/chroot.log" | sed 's/^/    /'
	fi
else
	skip "python -m test test_json in an empty chroot" "chroot needs root"
fi
done_testing
