#!/bin/bash
# slither build: small apps built into static executables give the same
# output, exit codes and tracebacks as python3.11 running them from source;
# builds are deterministic; bad input gets a clear error.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
APPS=$TOP/tests/apps

# build NAME BUILD-ARGS...: build tests/apps' app into $TMP/NAME
build() {
	name=$1; shift
	if "$SLITHER" build --toolchain "$TC" "$@" -o "$TMP/$name" 2>"$TMP/$name.build"; then
		ok "$name: builds"
	else
		not_ok "$name: builds"; sed 's/^/    /' "$TMP/$name.build"
	fi
}

# same_as_python NAME DIR PYARGS -- RUN-ARGS: run $TMP/NAME RUN-ARGS and
# python3.11 PYARGS RUN-ARGS in DIR; compare stdout, stderr (paths
# normalised) and exit status
same_as_python() {
	name=$1 dir=$2 py=()
	shift 2
	while [ "$1" != "--" ]; do py+=("$1"); shift; done; shift
	(cd "$TMP" && "./$name" "$@") >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo "exit $?" >>"$TMP/$name.out"
	(cd "$dir" && "$STOCK_PYTHON" "${py[@]}" "$@") >"$TMP/$name.py.out" 2>"$TMP/$name.py.err"
	echo "exit $?" >>"$TMP/$name.py.out"
	sed -i -e "s|$dir/|APP/|g" -e "s|/slither/app/|APP/|g" "$TMP/$name.err" "$TMP/$name.py.err"
	if diff -u "$TMP/$name.py.out" "$TMP/$name.out" >"$TMP/diff" &&
		diff -u "$TMP/$name.py.err" "$TMP/$name.err" >>"$TMP/diff"; then
		ok "$name $*: same output, errors and exit status as python3.11"
	else
		not_ok "$name $*: differs from python3.11"; sed 's/^/    /' "$TMP/diff"
	fi
}

build pkgapp "$APPS/pkgapp/main.py"
same_as_python pkgapp "$APPS/pkgapp" main.py -- a "b c"
build nsapp "$APPS/nsapp/main.py"
same_as_python nsapp "$APPS/nsapp" main.py --
build modapp -m tool --path "$APPS/modapp"
same_as_python modapp "$APPS/modapp" -m tool -- 5 x
build errapp "$APPS/errapp/main.py"
for mode in ok exit3 exitmsg raise kbd; do
	same_as_python errapp "$APPS/errapp" main.py -- $mode
done

# one fully static ELF executable
file "$TMP/pkgapp" >"$TMP/file"
check "the output is a statically linked executable" grep -q "statically linked" "$TMP/file"
check "the output has no program interpreter" bash -c "! grep -q interpreter '$TMP/file'"

# deterministic: the same inputs give the same bytes
"$SLITHER" build --toolchain "$TC" "$APPS/pkgapp/main.py" -o "$TMP/again" 2>/dev/null
check "building twice gives byte-identical executables" cmp "$TMP/pkgapp" "$TMP/again"

# --strip: no debugging information, the same behaviour, still deterministic
"$SLITHER" build --toolchain "$TC" --strip "$APPS/pkgapp/main.py" -o "$TMP/stripped" 2>/dev/null
"$SLITHER" build --toolchain "$TC" --strip "$APPS/pkgapp/main.py" -o "$TMP/stripped2" 2>/dev/null
check "--strip leaves out the debugging information" \
	bash -c "readelf -S '$TMP/pkgapp' | grep -q debug_info && ! readelf -S '$TMP/stripped' | grep -q debug_info"
check "... so the executable is smaller ($(($(stat -c %s "$TMP/pkgapp") / 1000000)) -> $(($(stat -c %s "$TMP/stripped") / 1000000)) MB)" \
	test "$(stat -c %s "$TMP/stripped")" -lt "$(stat -c %s "$TMP/pkgapp")"
check "... runs the app as before" \
	bash -c "cmp <(cd '$TMP' && ./pkgapp 2>&1; echo \$?) <(cd '$TMP' && ./stripped 2>&1; echo \$?)"
check "... and builds byte-identically twice" cmp "$TMP/stripped" "$TMP/stripped2"

# inspect
"$SLITHER" inspect "$TMP/pkgapp" >"$TMP/inspect" 2>&1
# (the code of a deep-frozen module is in the executable: "frozen")
check "inspect lists the app's modules" grep -Eq "^module +frozen +[0-9]+ +shop\.sub\.deep$" "$TMP/inspect"
check "inspect lists packages" grep -Eq "^package +frozen +[0-9]+ +shop$" "$TMP/inspect"
check "inspect shows the CPython version" grep -q "3\.11\.2" "$TMP/inspect"
check "inspect shows the archive format version" grep -q "^archive: *slither format version 2," "$TMP/inspect"
check "inspect says the source is embedded" grep -q "^source: *embedded$" "$TMP/inspect"

# warnings and errors name the file and line
mkdir -p "$TMP/bad"
printf 'import json\ntry:\n    import numpyy\nexcept ImportError:\n    numpyy = None\nprint("fine")\n' >"$TMP/bad/opt.py"
"$SLITHER" build --toolchain "$TC" "$TMP/bad/opt.py" -o "$TMP/opt" 2>"$TMP/opt.err"
check "an unresolved import is a warning with file:line, and the build goes on" \
	grep -q "opt.py:3: .*numpyy" "$TMP/opt.err"
check "... and the app runs" test "$("$TMP/opt")" = fine
printf 'import helper\n' >"$TMP/bad/syn.py"
printf 'x = 1\ndef f(:\n    pass\n' >"$TMP/bad/helper.py"
expect_fail "a syntax error in an imported module fails the build with file:line" \
	"helper.py:2" "$SLITHER" build --toolchain "$TC" "$TMP/bad/syn.py" -o "$TMP/syn"
check "a failed build leaves no output" test ! -e "$TMP/syn"
expect_fail "a missing script is named" "nope.py: no such file" \
	"$SLITHER" build --toolchain "$TC" "$TMP/nope.py" -o "$TMP/x"
expect_fail "a missing -m module is named" "module 'nosuchmod' not found" \
	"$SLITHER" build --toolchain "$TC" -m nosuchmod -o "$TMP/x"
expect_fail "an unfinished toolchain is refused" "not a finished slither toolchain" \
	"$SLITHER" build --toolchain "$TMP" "$TMP/bad/opt.py" -o "$TMP/x"

# a corrupted archive is a clear error, never a crash
cp "$TMP/pkgapp" "$TMP/corrupt"
# (the section's number is "[ 5]" or "[11]": one field or two)
off=$(readelf -SW "$TMP/corrupt" | sed 's/^ *\[ *[0-9]*\]//' | awk '$1 == ".slither" { print $4 }')
if [ -n "$off" ]; then
	# overwrite the magic: the runtime must refuse to start
	printf 'XXXXXXXX' | dd of="$TMP/corrupt" bs=1 seek=$((16#$off)) conv=notrunc 2>/dev/null
	"$TMP/corrupt" >"$TMP/c.out" 2>&1; rc=$?
	check "a binary with a damaged archive exits 127 with a clear message" \
		bash -c "[ $rc -eq 127 ] && grep -q 'not a slither archive' '$TMP/c.out'"
	expect_fail "inspect reports a damaged archive" "not a slither archive" \
		"$SLITHER" inspect "$TMP/corrupt"
else
	not_ok "the executable has a .slither section"
fi
expect_fail "inspect refuses a foreign file" "slither" "$SLITHER" inspect /bin/sh

# -O/-OO at build time: the matching byte-code, run at the matching level
printf 'import sys\ndef f():\n    "doc"\nassert False, "not stripped"\nprint(__debug__, sys.flags.optimize, f.__doc__)\n' >"$TMP/bad/levels.py"
"$SLITHER" build --toolchain "$TC" -OO "$TMP/bad/levels.py" -o "$TMP/levels" 2>/dev/null
check "-OO strips asserts and docstrings and runs at level 2, as python3.11 -OO" \
	test "$("$TMP/levels")" = "$("$STOCK_PYTHON" -OO "$TMP/bad/levels.py")"

# SLITHER_PATH: plugins chosen at run time, searched after the archive
mkdir -p "$TMP/plugins"
echo 'print("plugin loaded from", __file__.rsplit("/", 1)[-1])' >"$TMP/plugins/extplug.py"
printf 'import importlib, sys\nimportlib.import_module(sys.argv[1])\n' >"$TMP/bad/loader.py"
"$SLITHER" build --toolchain "$TC" "$TMP/bad/loader.py" -o "$TMP/loader" 2>/dev/null
check "SLITHER_PATH adds directories searched after the archive" \
	test "$(SLITHER_PATH=$TMP/plugins "$TMP/loader" extplug)" = "plugin loaded from extplug.py"
"$TMP/loader" extplug >/dev/null 2>"$TMP/noplug.err"
check "without SLITHER_PATH nothing outside the binary is found" \
	grep -q "No module named 'extplug'" "$TMP/noplug.err"
done_testing
