#!/bin/bash
# CPython 3.13's own regression tests, for the module list t0610 runs on
# 3.11 (tests/cpython/modules.txt: one list), run by a static 3.13
# interpreter (slither build --interpreter with the 3.13 toolchain, built
# once into the cache: t0150) with its embedded standard library and its
# own test package embedded too (--include 'test.*', data files included),
# as t0610 does: `python -m test` with no PYTHONPATH.
#
# tests/cpython/exclusions-3.13.txt names every test that is not run and
# why; all the others must pass, with no test module skipped.  The stand-ins
# for CPython's test modules a static toolchain does not build:
# tests/cpython/stubs/_testinternalcapi.py (3.13's test.support asks it for
# more) and tests/cpython/stubs-3.13/_testsinglephase.py; each says why.
# Not yet here (t0610's other parts on 3.11): test_importlib,
# test_sqlite3, test_concurrent_futures, test_multiprocessing_spawn,
# test_ctypes (3.13's test.test_ctypes), the chroot run.
. "$(dirname "$0")/lib.sh"

CPY=$TOP/tests/cpython
MODULES=$(sed 's/#.*//' "$CPY/modules.txt")
TC=$("$SLITHER" toolchain build --python 3.13 2>"$TMP/tc.err") ||
	{ sed 's/^/    /' "$TMP/tc.err"; not_ok "the CPython 3.13 toolchain builds"; done_testing; }

start=$(date +%s)
if "$SLITHER" build --toolchain "$TC" --interpreter --include 'test.*' --path "$CPY/stubs" \
	--path "$CPY/stubs-3.13" --include _testinternalcapi --include _testsinglephase \
	-o "$TMP/python" 2>"$TMP/build.err"; then
	ok "the static 3.13 interpreter builds, with the test suite embedded ($(($(date +%s) - start)) s)"
else
	not_ok "the static 3.13 interpreter builds with the test suite"; cat "$TMP/build.err"; done_testing
fi
check "the test package and its data files are embedded (test.support.TEST_HOME_DIR is /slither/lib/python3.13/test)" test \
	"$(cd "$TMP" && env -u PYTHONPATH "$TMP/python" -c 'import os, test.support as s
print(s.TEST_HOME_DIR, os.path.isfile(os.path.join(s.TEST_HOME_DIR, "certdata", "keycert.pem")),
      len(os.listdir(os.path.join(s.TEST_HOME_DIR, "decimaltestdata"))) > 10)')" = \
	"/slither/lib/python3.13/test True True"

bad=$(awk -f "$CPY/exclusions.awk" "$CPY/exclusions-3.13.txt")
if [ -n "$bad" ]; then
	not_ok "exclusions-3.13.txt gives a defined reason for every excluded test, and uses every reason"
	echo "$bad" | sed 's/^/    /'
else
	ok "exclusions-3.13.txt gives a defined reason for every excluded test, and uses every reason"
fi
awk -v ids=1 -f "$CPY/exclusions.awk" "$CPY/exclusions-3.13.txt" >"$TMP/ignorefile"
echo "# $(wc -l <"$TMP/ignorefile") tests excluded (tests/cpython/exclusions-3.13.txt)"

# as t0610's regrtest: every module given must pass ("All N tests OK.":
# none failed, none skipped as a whole), within the time and process bounds
mkdir -p "$TMP/run"
n=$(echo $MODULES | wc -w)
start=$(date +%s)
# shellcheck disable=SC2086
(cd "$TMP/run" && unset PYTHONDONTWRITEBYTECODE PYTHONPATH &&
	bounded 600 420 "$TMP/python" -m test -j2 -W --timeout 240 \
	--ignorefile "$TMP/ignorefile" $MODULES) >"$TMP/regrtest.log" 2>&1
rc=$?
sed -n '/^== Tests result/,$p' "$TMP/regrtest.log" | grep -v '^$' | sed 's/^/# /'
if [ "$rc" -eq 0 ] && grep -q "^All $n tests OK\.$" "$TMP/regrtest.log"; then
	ok "CPython 3.13 tests: all $n test modules pass ($(($(date +%s) - start)) s)"
else
	[ "$rc" -eq 124 ] && echo "# stopped after 420 s"
	not_ok "CPython 3.13 tests: python -m test (exit $rc)"
	grep -E '^0:.*(failed|crashed|skipped)' "$TMP/regrtest.log" | sed 's/^/    /'
	awk '/^(FAIL|ERROR):/ { on = 1 } /^(==========|Ran [0-9]+ tests? in)/ { on = 0 }
		on' "$TMP/regrtest.log" | head -80 | sed 's/^/    /'
fi
done_testing
