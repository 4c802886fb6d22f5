#!/bin/bash
# What slither build keeps between builds (the runtime's objects, each
# module's scan and byte-code) and the linkers it can use: a cached build is
# byte-identical to an uncached one, a change that matters (a system header
# too) invalidates, a damaged entry is found and made again, never used;
# --timings names each phase; --linker picks or refuses clearly.  A private cache (SLITHER_CACHE)
# so that what is cached and removed here is this test's alone; --no-freeze
# so that a fresh cache does not deep-freeze the standard library (a
# minute; t0260 tests that cache).
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
export SLITHER_CACHE=$TMP/cache
cp -R "$TOP/tests/apps/pkgapp" "$TMP/app"
(cd "$TMP/app" && "$STOCK_PYTHON" main.py a b) >"$TMP/expected" 2>&1

# b NAME ARGS...: build the app into $TMP/NAME, messages in $TMP/NAME.err
b() {
	local name=$1; shift
	"$SLITHER" build --toolchain "$TC" --no-freeze "$@" -o "$TMP/$name" 2>"$TMP/$name.err" ||
		{ not_ok "$name: the build fails"; sed 's/^/    /' "$TMP/$name.err"; }
}
# runs NAME: the binary prints what python3.11 prints for the app
runs() {
	(cd "$TMP" && "./$1" a b) >"$TMP/$1.out" 2>&1
	check "$1: runs as python3.11 runs the app" cmp -s "$TMP/expected" "$TMP/$1.out"
}
says() { grep -q -- "$2" "$TMP/$1.err"; }
bundles() { find "$SLITHER_CACHE/runtime" -name '*.objs' 2>/dev/null | wc -l; }

# --- the runtime's objects ---------------------------------------------------
b first "$TMP/app/main.py"
check "a first build compiles the runtime and says it is cached" says first "compile the runtime (cached"
check "it stores one bundle of objects" test "$(bundles)" -eq 1
b second "$TMP/app/main.py"
check "a second build restores the runtime's objects from the cache" \
	says second "runtime's objects restored from the cache"
check "and compiles no runtime" bash -c "! grep -q 'compile the runtime' '$TMP/second.err'"
check "the cached build is byte-identical to the uncached one" cmp "$TMP/first" "$TMP/second"
runs second

# a damaged bundle: detected, removed, the runtime compiled again
bundle=$(find "$SLITHER_CACHE/runtime" -name '*.objs')
printf 'X' | dd of="$bundle" bs=1 seek=5000 conv=notrunc 2>/dev/null
b damaged "$TMP/app/main.py"
check "a damaged bundle is named and not used" says damaged "damaged cache entry: .*checksum"
check "the runtime is compiled again" says damaged "compile the runtime (cached"
check "the build is byte-identical all the same" cmp "$TMP/first" "$TMP/damaged"
head -c 1000 "$bundle" >"$bundle.cut" && mv "$bundle.cut" "$bundle"
b truncated "$TMP/app/main.py"
check "a truncated bundle is named and not used" says truncated "damaged cache entry"
check "then byte-identical too" cmp "$TMP/first" "$TMP/truncated"
b restored "$TMP/app/main.py"
check "the bundle made again is used by the next build" \
	says restored "runtime's objects restored from the cache"

# --mpi compiles other objects (mpi/mpich.c, MPICH's headers)
if pkg-config --exists mpich 2>/dev/null; then
	b mpi1 --mpi "$TMP/app/main.py"
	check "--mpi does not use the objects of a build without it" says mpi1 "compile the runtime (cached"
	check "it stores a second bundle" test "$(bundles)" -eq 2
	b mpi2 --mpi "$TMP/app/main.py"
	check "a second --mpi build restores them" says mpi2 "runtime's objects restored"
	check "--mpi builds are byte-identical, cached or not" cmp "$TMP/mpi1" "$TMP/mpi2"
	runs mpi2
else
	skip "--mpi has its own runtime objects" "no MPICH (apt-get install mpich libmpich-dev pkg-config)"
fi

# --- the system headers the runtime was compiled with -------------------------
# The bundle's key covers what slither gives the compiler; the headers it read
# (glibc's, a cross target's...) are recorded by the compile (gcc -MD) and
# hashed by each build.  A header on gcc's C_INCLUDE_PATH stands for a system
# header that changes (an upgraded libc6-dev): it wraps <errno.h> and puts a
# mark into each object including it.
mkdir -p "$TMP/inc"
mark() {
	printf '#include_next <errno.h>\n#ifndef SL_TEST_MARK\n#define SL_TEST_MARK\nstatic const char sl_test_mark[] __attribute__((used)) = "slither-test-mark-%s";\n#endif\n' \
		"$1" >"$TMP/inc/errno.h"
}
mark v1
C_INCLUDE_PATH=$TMP/inc b hdr1 "$TMP/app/main.py"
check "a build with another header compiles the runtime" says hdr1 "compile the runtime (cached"
check "against that header" grep -q slither-test-mark-v1 "$TMP/hdr1"
C_INCLUDE_PATH=$TMP/inc b hdr2 "$TMP/app/main.py"
check "the headers unchanged, the next build restores the runtime's objects" \
	says hdr2 "runtime's objects restored from the cache"
check "byte-identical to the one that compiled them" cmp "$TMP/hdr1" "$TMP/hdr2"
mark v2
C_INCLUDE_PATH=$TMP/inc b hdr3 "$TMP/app/main.py"
check "a changed header: the runtime is compiled again" says hdr3 "compile the runtime (cached"
check "against the new header" bash -c "grep -q slither-test-mark-v2 '$TMP/hdr3' && ! grep -q slither-test-mark-v1 '$TMP/hdr3'"
runs hdr3
mark v1
C_INCLUDE_PATH=$TMP/inc b hdr4 "$TMP/app/main.py"
check "the header as it was: the objects compiled then are restored" \
	says hdr4 "runtime's objects restored from the cache"
check "byte-identical to the build then" cmp "$TMP/hdr1" "$TMP/hdr4"
rm "$TMP/inc/errno.h"
C_INCLUDE_PATH=$TMP/inc b hdr5 "$TMP/app/main.py"
check "a header gone: the runtime is compiled again" says hdr5 "compile the runtime (cached"
check "byte-identical to a build that never had it" cmp "$TMP/first" "$TMP/hdr5"
b hdr6 "$TMP/app/main.py"
check "without C_INCLUDE_PATH, the first build's objects are restored" \
	says hdr6 "runtime's objects restored from the cache"
check "byte-identical to it" cmp "$TMP/first" "$TMP/hdr6"

# --- the scan cache ------------------------------------------------------------
check "the scan cache holds an entry per module" \
	test "$(find "$SLITHER_CACHE/scan" -name '*.scan' | wc -l)" -ge 100
# a changed source is scanned again: its new import is followed
printf 'from shop import extra\nprint("extra", extra.X)\n' >>"$TMP/app/main.py"
printf 'X = 42\n' >"$TMP/app/shop/extra.py"
(cd "$TMP/app" && "$STOCK_PYTHON" main.py a b) >"$TMP/expected" 2>&1
b changed "$TMP/app/main.py"
check "a changed app source is scanned again (its new import is embedded)" \
	grep -q "^extra 42$" <(cd "$TMP" && ./changed a b)
runs changed
# a damaged entry: named, not used, made again
entry=$(grep -l "shop.extra" "$SLITHER_CACHE"/scan/*.scan | head -1)
printf 'X' | dd of="$entry" bs=1 seek=$(($(stat -c %s "$entry") - 3)) conv=notrunc 2>/dev/null
b scandamaged "$TMP/app/main.py"
check "a damaged scan entry is named and made again" \
	says scandamaged "damaged scan cache entry for module '[a-z._]*'"
check "the build is byte-identical to the one before" cmp "$TMP/changed" "$TMP/scandamaged"
# a compile warning is given again when the module comes from the cache
printf 'def f(x):\n    return x is 1\n' >"$TMP/app/shop/warned.py"
printf 'import shop.warned\n' >>"$TMP/app/main.py"
b warn1 "$TMP/app/main.py"
b warn2 "$TMP/app/main.py"
check "a module's compile warning is shown when it is compiled" says warn1 'SyntaxWarning: "is" with a literal'
check "and the same when it comes from the cache" \
	cmp <(grep -v '^slither: \(deep-freeze\|wrote\|compile the runtime\)' "$TMP/warn1.err") \
	    <(grep -v '^slither: \(deep-freeze\|wrote\|compile the runtime\)' "$TMP/warn2.err")

# --- --timings -------------------------------------------------------------------
b timed --timings "$TMP/app/main.py"
for phase in "scan and compile the modules" "write the archive" "the runtime's objects" \
	"compile the app's tables" "link with" "total"; do
	check "--timings prints the phase '$phase' with its time" \
		grep -Eq "^slither: +$phase.* [0-9]+\.[0-9]{3} s$" "$TMP/timed.err"
done
check "without --timings, no times" bash -c "! grep -q ' s$' '$TMP/second.err'"

# --- linkers ---------------------------------------------------------------------
expect_fail "--linker with an unknown name fails, naming the choices" \
	"--linker=nonexistent: not a linker slither knows; choose bfd, lld or mold" \
	"$SLITHER" build --toolchain "$TC" --linker=nonexistent "$TMP/app/main.py" -o "$TMP/x"
expect_fail "SLITHER_LINKER with an unknown name fails the same way" \
	"SLITHER_LINKER=nonexistent: not a linker" \
	env SLITHER_LINKER=nonexistent "$SLITHER" build --toolchain "$TC" "$TMP/app/main.py" -o "$TMP/x"
mkdir -p "$TMP/nobin"
expect_fail "a forced linker that is not installed names the package to install" \
	"ld.mold is not installed.*apt-get install mold" \
	env PATH="$TMP/nobin" "$SLITHER" build --toolchain "$TC" --linker mold "$TMP/app/main.py" -o "$TMP/x"
check "the default linker is named in the progress" says second "^slither: link with \(mold\|lld\|bfd\)$"
for l in bfd lld mold; do
	if ! command -v "ld.$l" >/dev/null; then
		skip "--linker $l" "ld.$l is not installed (apt-get install ${l/bfd/binutils})"
		continue
	fi
	b "ld-$l-1" --linker "$l" "$TMP/app/main.py"
	b "ld-$l-2" --linker="$l" "$TMP/app/main.py"
	check "--linker $l: the progress says so" says "ld-$l-1" "^slither: link with $l$"
	check "--linker $l: two builds are byte-identical" cmp "$TMP/ld-$l-1" "$TMP/ld-$l-2"
	runs "ld-$l-1"
done
done_testing
