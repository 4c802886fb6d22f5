#!/bin/bash
# numpy 1.24.2, the real package, from the upstream release tag's tarball
# (../shared/sources, a git archive: no generated C, no SVML submodule),
# built by slither pip with Debian's Cython run by numpy's own
# tools/cythonize.py in a subprocess, linked with Debian's static OpenBLAS
# and the Fortran runtime its LAPACK needs; an app exercising it prints
# exactly what Debian's python3-numpy 1.24.2 prints, makes no path call at
# import but OpenBLAS's node-local CPU count, and runs alone in an empty chroot.
. "$(dirname "$0")/lib.sh"

SOURCES=$(sources_dir)
NUMPY=$SOURCES/numpy-1.24.2.tar.gz
if [ ! -f "$NUMPY" ]; then
	skip "numpy" "no $NUMPY (the upstream tarball; see ../shared/sources/README.md)"
	done_testing
fi
if [ ! -f /usr/lib/x86_64-linux-gnu/libopenblas.a ] || ! "$STOCK_PYTHON" -c 'import numpy' 2>/dev/null; then
	not_ok "numpy needs Debian's libopenblas-pthread-dev and python3-numpy (tools/install-deps)"
	done_testing
fi
TC=$(toolchain)

t0=$(date +%s)
if pip_numpy "$TC" "$NUMPY" "$TMP/site" "$TMP/pip.out"; then
	ok "slither pip --cython builds numpy 1.24.2 from its tarball ($(($(date +%s) - t0)) s)"
else
	not_ok "slither pip --cython builds numpy 1.24.2 from its tarball"
	tail -40 "$TMP/pip.out" | sed 's/^/    /'
	done_testing
fi
check "... its extensions to link statically (numpy.core._multiarray_umath, numpy.linalg._umath_linalg, numpy.random's Cython modules)" \
	grep -Eq "C extensions built to link statically: .*numpy.core._multiarray_umath.*numpy.linalg._umath_linalg.*numpy.random._generator" \
	"$TMP/pip.out"
ext_object "$(ls "$TMP"/site/numpy/linalg/_umath_linalg.*.so)" "$TMP/linalg.o"
nm "$TMP/linalg.o" >"$TMP/nm.linalg"
check "... numpy.linalg holding OpenBLAS's LAPACK (dgesv_) statically" grep -Eq " T dgesv_$" "$TMP/nm.linalg"
readelf -p .slither_ext "$TMP/linalg.o" >"$TMP/note.linalg"
check "... and the Fortran runtime recorded for the final link" \
	bash -c "grep -q 'lib -lgfortran' '$TMP/note.linalg' && grep -q 'lib -lquadmath' '$TMP/note.linalg'"

if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$TOP/tests/ext/real/numpy_app.py" \
	-o "$TMP/app" 2>"$TMP/build.err"; then
	ok "an app using numpy builds ($(du -m "$TMP/app" | cut -f1) MB)"
else
	not_ok "an app using numpy builds"; tail -30 "$TMP/build.err" | sed 's/^/    /'
	done_testing
fi
"$STOCK_PYTHON" "$TOP/tests/ext/real/numpy_app.py" >"$TMP/expected" 2>&1
"$TMP/app" >"$TMP/app.out" 2>&1
if [ "$(wc -l <"$TMP/expected")" -gt 30 ] && diff -u "$TMP/expected" "$TMP/app.out" >"$TMP/diff"; then
	ok "the app prints what Debian's python3-numpy prints (maths, linalg, fft, random, save/load, printing)"
else
	not_ok "the numpy app differs from Debian's python3-numpy"; head -40 "$TMP/diff" | sed 's/^/    /'
fi
# No path call but one, node-local: OpenBLAS sizes its thread pool from the
# CPUs the kernel lists (glibc's sysconf(_SC_NPROCESSORS_CONF) reads
# /sys/devices/system/cpu/possible), as it does under python3
strace -f -qq -o "$TMP/app.trace" -e trace=$SYSCALLS "$TMP/app" >/dev/null 2>&1
strace -f -qq -o "$TMP/stock.trace" -e trace=$SYSCALLS "$STOCK_PYTHON" \
	"$TOP/tests/ext/real/numpy_app.py" >/dev/null 2>&1
n=$(path_calls "$TMP/app.trace" | grep -v '"/sys/devices/system/cpu/possible"' | wc -l)
if [ "$n" -eq 0 ]; then
	ok "the numpy app makes no path-based file-system call but OpenBLAS's CPU count in /sys (python3.11 with Debian's numpy: $(path_calls "$TMP/stock.trace" | wc -l))"
else
	not_ok "the numpy app makes $n path-based file-system calls"
	path_calls "$TMP/app.trace" | grep -v '"/sys/devices/system/cpu/possible"' | head | sed 's/^/    /'
fi
in_chroot "the numpy app runs alone in an empty chroot" "$TMP/expected" "$TMP/app"

# Size: numpy's build tools and test packages, which numpy imports only
# inside functions (the lazy numpy.testing, ctypeslib's numpy.distutils) or
# which only its build scripts import, are not embedded
"$SLITHER" inspect "$TMP/app" >"$TMP/inspect" 2>&1
dev=$(grep -Eo ' (numpy\.(distutils|f2py|testing)|numpy(\.[a-z_]+)*\.tests)(\.[A-Za-z_]+)*$' "$TMP/inspect" | sort -u | head -5)
check "the app embeds none of numpy.distutils, numpy.f2py, numpy.testing, numpy's tests${dev:+ (embedded:$dev)}" test -z "$dev"
check "... and the build names what it leaves out" grep -qF \
	"not embedded: 3 test suites and build tools that libraries import only inside functions: numpy.distutils, numpy.testing, pytest" \
	"$TMP/build.err"
if "$SLITHER" build --toolchain "$TC" --strip --path "$TMP/site" "$TOP/tests/ext/real/numpy_app.py" \
	-o "$TMP/app-stripped" 2>"$TMP/build-stripped.err" && "$TMP/app-stripped" | cmp -s - "$TMP/expected"; then
	ok "the app: $(du -m "$TMP/app" | cut -f1) MB, $(du -m "$TMP/app-stripped" | cut -f1) MB built with --strip (which runs the same) ($(sed -n 's/.*wrote .*, \([0-9]* modules embedded\).*/\1/p' "$TMP/build.err"))"
else
	not_ok "the app built with --strip runs as the app"; tail -5 "$TMP/build-stripped.err" | sed 's/^/    /'
fi
done_testing
