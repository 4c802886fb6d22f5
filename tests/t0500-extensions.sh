#!/bin/bash
# Third-party C extensions linked in statically.  The fixture packages in
# tests/ext/ are built with `slither pip` (two extensions called _speedups
# that both define a global `helper`, extensions deep in nested packages and
# at top level, single- and multi-phase init, an extension linking its own
# static library, a C API exported through a capsule and used from another
# package, C++), linked by `slither build` and run from the binary; what
# cannot be static is a clear error; importing them touches no file.
# Runs on CPython 3.11 (the default toolchain), then on 3.13 (lib.sh's
# also_on).
. "$(dirname "$0")/lib.sh"
also_on 3.13

TC=$(toolchain)
# pip builds in the source tree (build/, *.egg-info): work on a copy
FIX=$TMP/fix
cp -R "$TOP/tests/ext" "$FIX"

# libfixture.a, which withlib links with -lfixture: two members, the first
# needing the second
mkdir -p "$TMP/lib"
for f in fixture offset; do
	gcc -c -fPIC -O2 -o "$TMP/lib/$f.o" "$FIX/libfixture/$f.c" || exit 1
done
ar rcs "$TMP/lib/libfixture.a" "$TMP/lib/fixture.o" "$TMP/lib/offset.o" || exit 1

# pip ARGS...: slither pip install, in the fixtures' directory
pip() {
	(cd "$FIX" && FIXTURE_LIBDIR=$TMP/lib "$SLITHER" pip --toolchain "$TC" install \
		--no-index --no-build-isolation "$@")
}

pkgs="./alpha ./beta ./nested ./withlib ./capi/prov ./capi/user"
cxx=""
if command -v g++ >/dev/null; then
	pkgs="$pkgs ./cxx"
	cxx=cxx
else
	skip "C++ extensions" "no g++ (apt-get install g++)"
fi
# shellcheck disable=SC2086
if pip --target "$TMP/site" $pkgs >"$TMP/pip.out" 2>&1; then
	ok "slither pip builds the fixture packages"
else
	not_ok "slither pip builds the fixture packages"
	sed 's/^/    /' "$TMP/pip.out"
	done_testing
fi
check "slither pip names the extensions it built" grep -q \
	"C extensions built to link statically: alpha._speedups, beta._speedups, .*withlib._native" \
	"$TMP/pip.out"
file "$TMP"/site/pkg/sub/_mod.*.so >"$TMP/file.mod"
ext_object "$TMP"/site/pkg/sub/_mod.*.so "$TMP/mod.o"
check "an extension is installed under its .so name as a shared library (for the module builder)" \
	grep -q "ELF 64-bit LSB shared object" "$TMP/file.mod"
check "... carrying the relocatable object slither build links" \
	sh -c "file '$TMP/mod.o' | grep -q 'ELF 64-bit LSB relocatable'"
ext_object "$TMP"/site/withlib/_native.*.so "$TMP/withlib.o"
nm "$TMP/withlib.o" >"$TMP/nm.withlib"
check "... holding the static library it links with" \
	grep -Eq " T fixture_offset$" "$TMP/nm.withlib"

# the app, linked with every extension
if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$FIX/app.py" -o "$TMP/app" \
	2>"$TMP/build.err"; then
	ok "the app builds with its C extensions"
else
	not_ok "the app builds with its C extensions"
	sed 's/^/    /' "$TMP/build.err"
	done_testing
fi
# the extensions' file names carry the toolchain's version (3.11: cpython-311)
ver=$(sed -n 's/^version \([0-9]*\)\.\([0-9]*\)\..*/\1\2/p' "$TC/lib/slither/toolchain.txt")
so=cpython-$ver-x86_64-linux-gnu.so
cat >"$TMP/expected" <<EOF
helpers: alpha helper | beta helper
single-phase state: 1 2
multi-phase state: multi-phase 110 120
name: alpha._speedups alpha._speedups /slither/app/alpha/_speedups.$so
name: beta._speedups beta._speedups /slither/app/beta/_speedups.$so
name: pkg.sub._mod pkg.sub._mod /slither/app/pkg/sub/_mod.$so
name: pkg.sub._multi pkg.sub._multi /slither/app/pkg/sub/_multi.$so
name: topmod topmod /slither/app/topmod.$so
nested: hello from pkg.sub._mod 42 nested 1.0
nested multi-phase: 1 2
top-level: topmod
static library: 1019
capsule: prov v7: 5 True
re-import: hello from pkg.sub._mod 6 a new module: True init's dict: True inits: 1
re-import, m_size 0: a new module: True inits: 1 2
EOF
[ -n "$cxx" ] && echo "c++: one:12 one:33 two:48" >>"$TMP/expected"
(cd "$TMP" && ./app $cxx) >"$TMP/app.out" 2>&1
if diff -u "$TMP/expected" "$TMP/app.out" >"$TMP/diff"; then
	ok "every extension works from the binary: clashing names, nested and top-level," \
		"single- and multi-phase, static library, capsule${cxx:+, C++}"
else
	not_ok "the extensions misbehave in the binary"
	sed 's/^/    /' "$TMP/diff"
fi

file "$TMP/app" >"$TMP/file.app"
check "the output is statically linked" grep -q "statically linked" "$TMP/file.app"
"$SLITHER" inspect "$TMP/app" >"$TMP/inspect" 2>&1
check "inspect lists the extensions by dotted name" \
	grep -Eq "^extension +0 +0 +pkg\.sub\._mod$" "$TMP/inspect"
nm "$TMP/app" >"$TMP/nm.app"
# (the init functions are global in the objects; in the executable's symbol
# table ld.bfd and lld keep them global, mold makes them local: both link)
check "the extensions' own symbols are local, the init functions renamed after dotted names" \
	bash -c "! grep -Eq ' [TDB] helper$' '$TMP/nm.app' &&
		grep -q ' [Tt] _slither_init_3pkg3sub4_mod$' '$TMP/nm.app' &&
		grep -q ' [Tt] _slither_init_5alpha9_speedups$' '$TMP/nm.app'"
"$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$FIX/app.py" -o "$TMP/again" 2>/dev/null
check "building twice gives byte-identical executables" cmp "$TMP/app" "$TMP/again"

silent "importing the extensions makes no path-based file-system call" "$TMP/app" $cxx
in_chroot "the binary with its extensions runs alone in an empty chroot" \
	"$TMP/expected" "$TMP/app" $cxx

# what cannot be static
expect_fail "-lfoo with no libfoo.a stops the build, naming the module and the library" \
	"error: extension 'badlib\._x' links -lslitherfixturemissing, which has no static library libslitherfixturemissing\.a; install its -dev package or build it statically" \
	pip --target "$TMP/bad" ./badlib
expect_fail "a build that ignores CC and LDSHARED is reported, naming the module" \
	"error: extension 'rogue\._fast' \(.*\) was installed as a shared library" \
	pip --target "$TMP/rogue" ./rogue
printf 'import rogue._fast\n' >"$TMP/rogueapp.py"
"$SLITHER" build --toolchain "$TC" --path "$TMP/rogue" "$TMP/rogueapp.py" -o "$TMP/rogueapp" \
	2>"$TMP/rogue.err"
check "slither build warns that a shared-library extension cannot be linked" grep -q \
	"warning: module 'rogue._fast' is a shared library .* rebuild it with \`slither pip\`" \
	"$TMP/rogue.err"

# slither pip's cache keeps what installs use: a restore renews an entry;
# storing one removes entries no install used for 30 days and temporaries
# an interrupted store left over a day ago (a cache of its own here)
PC=$TMP/pcache/pip-builds
mkdir -p "$PC/old-entry/tree" "$PC/recent-entry/tree" "$PC/left.tmp.99999/tree"
touch -d '40 days ago' "$PC/old-entry" "$PC/left.tmp.99999"
touch -d '20 days ago' "$PC/recent-entry"
pc_pip() { (cd "$FIX" && SLITHER_CACHE=$TMP/pcache "$SLITHER" pip --toolchain "$TC" install \
	--no-index --no-build-isolation --target "$1" ./alpha); }
pc_pip "$TMP/pc1" >"$TMP/pc1.out" 2>&1
check "an install stores its build in slither pip's cache" grep -q "stored in slither's cache" "$TMP/pc1.out"
check "... and removes an entry no install used for 40 days" test ! -e "$PC/old-entry"
check "... and a temporary an interrupted store left" test ! -e "$PC/left.tmp.99999"
check "... but keeps one used 20 days ago" test -d "$PC/recent-entry"
new=$(ls "$PC" | grep -v recent-entry)
touch -d '20 days ago' "$PC/$new"
pc_pip "$TMP/pc2" >"$TMP/pc2.out" 2>&1
check "a restore from the cache renews the entry it used" \
	bash -c "grep -q \"restored from slither's cache\" '$TMP/pc2.out' && test -n \"\$(find '$PC/$new' -maxdepth 0 -mmin -60)\""
done_testing
