#!/bin/bash
# numpy's own test suite, run by a static interpreter with numpy 1.24.2
# linked in (t0560's build, from slither pip's cache): `python -m pytest
# --pyargs numpy`, the default label, with Debian's pytest and hypothesis
# on PYTHONPATH.  The tests that cannot work in a static executable are
# left out, each with its reason, in tests/numpy/exclusions.txt; every
# other test must pass or skip as numpy decides.  numpy.show_config() must
# say what is linked (OpenBLAS, statically).
#
# Memory: some tests allocate what the machine has (Debian's numpy was
# OOM-killed here at 24 GB); numpy skips those asking for more than
# NPY_AVAILABLE_MEM, and the run has an address-space limit besides.
. "$(dirname "$0")/lib.sh"

SOURCES=$(sources_dir)
NUMPY=$SOURCES/numpy-1.24.2.tar.gz
DIST=/usr/lib/python3/dist-packages
if [ ! -f "$NUMPY" ]; then
	skip "numpy's test suite" "no $NUMPY (the upstream tarball; see ../shared/sources/README.md)"
	done_testing
fi
if ! "$STOCK_PYTHON" -c 'import pytest, hypothesis, typing_extensions' 2>/dev/null; then
	not_ok "numpy's test suite needs Debian's python3-pytest, python3-hypothesis and python3-typing-extensions (tools/install-deps)"
	done_testing
fi
TC=$(toolchain)

# numpy as t0560 builds it: the same install, so slither pip's cache has it
if pip_numpy "$TC" "$NUMPY" "$TMP/site" "$TMP/pip.out"; then
	ok "numpy for the interpreter (from slither pip's cache after t0560)"
else
	not_ok "numpy for the interpreter"; tail -20 "$TMP/pip.out" | sed 's/^/    /'
	done_testing
fi
# the interpreter: the standard library and numpy with its test packages
if "$SLITHER" build --toolchain "$TC" --interpreter --path "$TMP/site" --include 'numpy.*' \
	-o "$TMP/python" >"$TMP/build.out" 2>&1; then
	ok "an interpreter with numpy and its tests builds ($(du -m "$TMP/python" | cut -f1) MB)"
else
	not_ok "an interpreter with numpy and its tests builds"; tail -30 "$TMP/build.out" | sed 's/^/    /'
	done_testing
fi

# show_config says OpenBLAS, and OpenBLAS is what the executable holds
"$TMP/python" -c 'import numpy; numpy.show_config()' >"$TMP/config" 2>&1
check "numpy.show_config() names OpenBLAS for BLAS and LAPACK" bash -c \
	"grep -A1 '^blas_opt_info:' '$TMP/config' | grep -q \"libraries = \\['openblas'\" &&
	 grep -A1 '^lapack_opt_info:' '$TMP/config' | grep -q \"libraries = \\['openblas'\""
# (OpenBLAS's own symbols, local to each extension that links it)
nm "$TMP/python" >"$TMP/nm" 2>&1
check "... and the executable holds OpenBLAS (blas_thread_init, dgemm_kernel_HASWELL, dgemm_, dgesv_)" bash -c \
	"grep -Eq ' [tT] blas_thread_init$' '$TMP/nm' && grep -Eq ' [tT] dgemm_kernel_HASWELL$' '$TMP/nm' &&
	 grep -Eq ' [tT] dgemm_$' '$TMP/nm' && grep -Eq ' [tT] dgesv_$' '$TMP/nm'"

# the exclusions: "PATH[::TEST]  reason", PATH relative to the numpy package
args=()
n=0
while read -r node reason; do
	case $node in '' | '#'*) continue ;; esac
	if [ -z "$reason" ]; then
		not_ok "tests/numpy/exclusions.txt: '$node' has no reason"
		continue
	fi
	case $node in
	*::*) args+=("--deselect=$node") ;;
	*) args+=("--ignore=/slither/app/numpy/$node") ;;
	esac
	n=$((n + 1))
done <"$TOP/tests/numpy/exclusions.txt"

mkdir "$TMP/run"
t0=$(date +%s)
(cd "$TMP/run" && ulimit -v 12000000 && bounded 200 3000 env NPY_AVAILABLE_MEM=2GB \
	PYTHONPATH="$DIST" "$TMP/python" -m pytest --pyargs numpy -q -p no:cacheprovider \
	-rfE "${args[@]}") >"$TMP/suite.out" 2>&1
rc=$?
secs=$(($(date +%s) - t0))
summary=$(tail -1 "$TMP/suite.out")
count() { printf '%s\n' "$summary" | grep -Eo "[0-9]+ $1" | grep -Eo '^[0-9]+' || echo 0; }
passed=$(count passed) failed=$(count failed) errors=$(count 'errors?')
if [ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$passed" -gt 10000 ]; then
	ok "numpy's test suite passes in the static interpreter ($n exclusions; ${secs} s): ${summary//=/}"
else
	not_ok "numpy's test suite in the static interpreter (exit $rc, ${secs} s): $summary"
	grep -E '^(FAILED|ERROR) ' "$TMP/suite.out" | head -40 | sed 's/^/    /'
fi
# each exclusion names a test file, and a test in it, that exist: a stale
# one would leave nothing out and hide that
stale=""
while read -r node reason; do
	case $node in '' | '#'*) continue ;; esac
	file=$TMP/site/numpy/${node%%::*} test=${node##*::}
	test=${test%%[*}
	if ! [ -f "$file" ] || { [ "$node" != "${node%%::*}" ] && ! grep -Eq "(def|class) $test\b" "$file"; }; then
		stale="$stale $node"
	fi
done <"$TOP/tests/numpy/exclusions.txt"
check "every exclusion names a test that exists${stale:+ (stale:$stale)}" test -z "$stale"
done_testing
