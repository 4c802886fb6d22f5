#!/bin/bash
# What an extension's static libraries need in turn, and what the final link
# cannot find.  The fixture extension (tests/ext/deps) names only -lsldepa;
# its pkg-config file requires sldepb, whose Libs.private names -lsldepc
# (C++) and -lm: slither pip must link all three archives into the
# extension's object and record libstdc++ and libm for the final link.
# Missing pieces are clear errors: a transitive library with no static
# archive (naming which -l pulled it in), a required pkg-config module with
# no .pc file, and at slither build, a symbol that nothing defines (naming
# the extension module and the symbol).
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
FIX=$TMP/fix
cp -R "$TOP/tests/ext" "$FIX"

if ! command -v g++ >/dev/null; then
	not_ok "g++ is needed for the C++ library of the chain (apt-get install g++)"
	done_testing
fi
# libsldep{a,b,c}.a and their .pc files, in $TMP/lib (and lib/pkgconfig)
mkdir -p "$TMP/lib/pkgconfig"
gcc -c -fPIC -O2 -o "$TMP/lib/a.o" "$FIX/libdeps/a.c" &&
	gcc -c -fPIC -O2 -o "$TMP/lib/b.o" "$FIX/libdeps/b.c" &&
	g++ -c -fPIC -O2 -o "$TMP/lib/c.o" "$FIX/libdeps/c.cc" &&
	ar rcs "$TMP/lib/libsldepa.a" "$TMP/lib/a.o" &&
	ar rcs "$TMP/lib/libsldepb.a" "$TMP/lib/b.o" &&
	ar rcs "$TMP/lib/libsldepc.a" "$TMP/lib/c.o" || exit 1
for pc in sldepa sldepb; do
	sed "s|@PREFIX@|$TMP/lib|" "$FIX/libdeps/$pc.pc" >"$TMP/lib/pkgconfig/$pc.pc"
done

# pip LIBDIR TARGET PKG: slither pip install of a fresh copy of fixture PKG
# (setuptools would reuse the objects an earlier build left in build/)
pip() {
	p_src=$(mktemp -d "$TMP/src.XXXXXX")
	cp -R "$FIX/$3/." "$p_src"
	FIXTURE_LIBDIR=$1 "$SLITHER" pip --toolchain "$TC" --no-cache install \
		--no-index --no-build-isolation --target "$2" "$p_src"
}

if pip "$TMP/lib" "$TMP/site" deps >"$TMP/pip.out" 2>&1; then
	ok "slither pip builds an extension whose library needs others (pkg-config)"
else
	not_ok "slither pip builds an extension whose library needs others (pkg-config)"
	sed 's/^/    /' "$TMP/pip.out"
	done_testing
fi
ext_object "$(ls "$TMP"/site/deps/_chain.*.so)" "$TMP/chain.o"
OBJ=$TMP/chain.o
nm "$OBJ" >"$TMP/nm"
check "... its object holds the three archives of the chain" \
	bash -c "grep -q ' T sldep_a$' '$TMP/nm' && grep -q ' T sldep_b$' '$TMP/nm' &&
		grep -q ' T sldep_c$' '$TMP/nm'"
readelf -p .slither_ext "$OBJ" >"$TMP/note"
check "... and records libstdc++ (a C++ archive) and libm for the final link" \
	bash -c "grep -q 'lib -lstdc++' '$TMP/note' && grep -q 'lib -lm' '$TMP/note'"

printf 'import deps\nprint(deps.chain(4))\n' >"$TMP/app.py"
if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$TMP/app.py" -o "$TMP/app" \
	2>"$TMP/build.err"; then
	check "the app links with no undefined symbol and runs the whole chain" \
		test "$("$TMP/app" 2>&1)" = "chain:10"
else
	not_ok "the app with the chain of static libraries builds"
	sed 's/^/    /' "$TMP/build.err"
fi

# the last library of the chain missing
mkdir -p "$TMP/nolib/pkgconfig"
cp "$TMP/lib/libsldepa.a" "$TMP/lib/libsldepb.a" "$TMP/nolib/"
for pc in sldepa sldepb; do
	sed "s|@PREFIX@|$TMP/nolib|" "$FIX/libdeps/$pc.pc" >"$TMP/nolib/pkgconfig/$pc.pc"
done
expect_fail "a library pulled in through pkg-config with no static archive is an error naming the module, the library and what pulled it in" \
	"error: extension 'deps\._chain' links -lsldepc \(needed by -lsldepa through sldepa\.pc > sldepb\.pc\), which has no static library libsldepc\.a; install its -dev package or build it statically" \
	pip "$TMP/nolib" "$TMP/site2" deps
# a required module with no .pc file
mkdir -p "$TMP/nopc/pkgconfig"
cp "$TMP/lib/"*.a "$TMP/nopc/"
sed "s|@PREFIX@|$TMP/nopc|" "$FIX/libdeps/sldepa.pc" >"$TMP/nopc/pkgconfig/sldepa.pc"
expect_fail "a required pkg-config module with no .pc file is an error naming it" \
	"error: extension 'deps\._chain' links -lsldepa, whose .*/sldepa\.pc requires the pkg-config module 'sldepb', which has no \.pc file" \
	pip "$TMP/nopc" "$TMP/site3" deps

# a symbol that nothing defines: pip succeeds (a partial link may leave
# symbols undefined), the final link names the module and the symbol
if pip "$TMP/lib" "$TMP/site-badref" badref >"$TMP/pip.badref" 2>&1; then
	ok "slither pip builds an extension that calls a function defined nowhere"
else
	not_ok "slither pip builds an extension that calls a function defined nowhere"
	sed 's/^/    /' "$TMP/pip.badref"
fi
printf 'import badref._x\n' >"$TMP/refapp.py"
expect_fail "an undefined symbol at the final link names the extension module, the symbol and the fix" \
	"C extensions use symbols that nothing in the link defines:.*extension 'badref\._x' needs slither_fixture_nowhere.*name the missing library with -l" \
	bash -c "'$SLITHER' build --toolchain '$TC' --path '$TMP/site-badref' '$TMP/refapp.py' -o '$TMP/badapp' 2>&1 | tr '\n' ' '; exit \${PIPESTATUS[0]}"
done_testing
