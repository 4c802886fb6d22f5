#!/bin/bash
# numpy's way of building, with fixtures: tests/ext/npstyle/npcore is built as numpy.distutils builds
# (plain distutils, CPython's own under SETUPTOOLS_USE_DISTUTILS=stdlib; a
# build_src step generating the C API header and table and a .c from a
# .c.src template; a static library of its own with build_clib; a core
# extension npcore.core._multiarray_umath exporting a function table in a
# capsule; a second extension using it), from a source tarball as a user
# would give numpy's; npuser, another package, imports npcore in its
# setup.py (the module builder loads what slither pip built) for its headers
# and imports the table from C (import_array()-style); npcy runs Debian's
# Cython in a subprocess of its build, as numpy's cythonize.py does.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
FIX=$TMP/fix
cp -R "$TOP/tests/ext/npstyle" "$FIX"
# a source tarball, as numpy's sdist
tar -czf "$TMP/npcore-1.7.tar.gz" -C "$FIX" npcore || exit 1

if SETUPTOOLS_USE_DISTUTILS=stdlib "$SLITHER" pip --toolchain "$TC" install --no-index \
	--no-build-isolation --target "$TMP/site" "$TMP/npcore-1.7.tar.gz" >"$TMP/pip1.out" 2>&1; then
	ok "slither pip builds npcore from a source tarball with distutils and build_src"
else
	not_ok "slither pip builds npcore from a source tarball with distutils and build_src"
	sed 's/^/    /' "$TMP/pip1.out"
	done_testing
fi
check "... both of its extensions, deep in the package, to link statically" grep -q \
	"C extensions built to link statically: npcore.core._multiarray_umath, npcore.linalg._umath_linalg" \
	"$TMP/pip1.out"
check "... and installs the API header it generated" \
	grep -q "^#define NpCore_AddLong " "$TMP/site/npcore/core/include/npcore/__multiarray_api.h"
ext_object "$(ls "$TMP"/site/npcore/core/_multiarray_umath.*.so)" "$TMP/core.o"
nm "$TMP/core.o" >"$TMP/nm.core"
check "... the core holding the generated loops and its own static library (-lnpymath)" \
	grep -Eq " T npcore_sum_double$" "$TMP/nm.core"
check "... and libnpymath.a's member" grep -Eq " T npy_hypot3$" "$TMP/nm.core"

# the module builder imports what slither pip built: npcore's core, a
# shared library carrying the object slither build links
check "... as a shared library the module builder loads" env PYTHONPATH="$TMP/site" \
	"$TC/builder/bin/python3.11" -c "import npcore; assert npcore.sum_int([1, 2]) == 3"
check "... carrying the object slither build links (section .slither_obj)" \
	sh -c "readelf -S '$(ls "$TMP"/site/npcore/core/_multiarray_umath.*.so)' | grep -q slither_obj"

# npuser's setup.py imports npcore, compiled core and all, from the --target
# directory it was installed into, for its headers (as scipy's imports numpy)
if (cd "$FIX" && "$SLITHER" pip --toolchain "$TC" \
	install --no-index --no-build-isolation --target "$TMP/site" ./npuser) \
	>"$TMP/pip2.out" 2>&1; then
	ok "slither pip builds npuser, whose setup.py imports npcore, against its C API"
else
	not_ok "slither pip builds npuser, whose setup.py imports npcore, against its C API"
	sed 's/^/    /' "$TMP/pip2.out"
	done_testing
fi
# npcy: Cython run in a subprocess of the build (python -m cython, as numpy's
# cythonize.py does) and as the cython command, Debian's compiled Cython
if [ -d /usr/lib/python3/dist-packages/Cython ]; then
	if (cd "$FIX" && "$SLITHER" pip --toolchain "$TC" --cython install -v --no-index \
		--no-build-isolation --target "$TMP/site" ./npcy) >"$TMP/pip3.out" 2>&1; then
		ok "slither pip --cython: python -m cython and cython in a subprocess of a build"
	else
		not_ok "slither pip --cython: python -m cython and cython in a subprocess of a build"
		tail -30 "$TMP/pip3.out" | sed 's/^/    /'
		done_testing
	fi
	check "... the cython command is Debian's" grep -q "npcy: cython command: Cython version" \
		"$TMP/pip3.out"
	check "... and Cython's compiled modules load" \
		grep -q "npcy: Cython's scanner is compiled" "$TMP/pip3.out"
else
	not_ok "Debian's Cython is needed (apt-get install cython3)"
fi

if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$FIX/app.py" -o "$TMP/app" \
	2>"$TMP/build.err"; then
	ok "the app builds"
else
	not_ok "the app builds"
	sed 's/^/    /' "$TMP/build.err"
	done_testing
fi
cat >"$TMP/expected" <<'EOF'
C import loaded the core: True
combine: npuser._ext via npcore C API 107: 42 40.5
core: npcore.core._multiarray_umath /slither/app/npcore/core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so 0x107
generated loops: 6 4950 2.75
linalg: npcore.linalg._umath_linalg npcore.linalg._umath_linalg via npcore C API 107 7.0
one table: True
calls counted by the core: 5 5
error: 'str' object cannot be interpreted as an integer
cython, generated in a subprocess of its build: 5050
EOF
"$TMP/app" >"$TMP/app.out" 2>&1
if diff -u "$TMP/expected" "$TMP/app.out" >"$TMP/diff"; then
	ok "the binary runs them: the core loaded from C, one API table shared by three extensions"
else
	not_ok "the npstyle extensions misbehave in the binary"
	sed 's/^/    /' "$TMP/diff"
fi
nm "$TMP/app" >"$TMP/nm.app"
check "NpCore_API, defined by all three extensions, is local to each" \
	test "$(grep -c ' [bBdD] NpCore_API$' "$TMP/nm.app")" = 3 -a \
	"$(grep -c ' [BD] NpCore_API$' "$TMP/nm.app")" = 0

silent "importing them makes no path-based file-system call" "$TMP/app"
in_chroot "the binary runs alone in an empty chroot" "$TMP/expected" "$TMP/app"
done_testing
