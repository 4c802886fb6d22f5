#!/bin/bash
# src/scan/scan.py, the scanner: which modules an app needs (found in the
# byte-code of its imports), their virtual paths, the manifest, warnings and
# errors with file:line, --include/--exclude/--module/--interpreter, and
# byte-identical output for identical input.  Runs on the fixtures in
# tests/scan/ with a stock python3.11 (the toolchain's interpreter is the
# same version); no slither binary needed.
. "$(dirname "$0")/lib.sh"
# (a failed check stops the test: its `not ok` is the last line)
set -e

PY=${SLITHER_TEST_PYTHON:-$STOCK_PYTHON}
SCAN=$TOP/src/scan/scan.py
if ! [ -x "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
	skip "scan.py tests" "no python3.11 at $PY (set SLITHER_TEST_PYTHON)"
	exit 0
fi

# The fixtures, copied so that the test can add files and run them from two
# places; a fake extension module shows the shared-library warning.
FIX=$TMP/fix
cp -R "$TOP/tests/scan" "$FIX"
: >"$FIX/lib/fastext.cpython-311-x86_64-linux-gnu.so"

# scan ARGS...: run the scanner as `slither build` does
scan() {
	env -u PYTHONPATH -u PYTHONHOME -u PYTHONSTARTUP PYTHONHASHSEED=0 \
		"$PY" -s -S "$SCAN" "$@"
}
# has MANIFEST KIND NAME: MANIFEST has an entry of that kind and name
has() { grep -qF "entry	$2	$3	" "$1"; }
# lacks MANIFEST NAME: MANIFEST has no entry NAME
lacks() { ! awk -F '\t' -v n="$2" '$1 == "entry" && $3 == n { found = 1 } END { exit !found }' "$1"; }
# all_of DESCRIPTION MANIFEST KIND:NAME...: one line for a list of entries
all_of() {
	d=$1 m=$2 missing=""
	shift 2
	for e in "$@"; do has "$m" "${e%%:*}" "${e#*:}" || missing="$missing ${e#*:}"; done
	if [ -z "$missing" ]; then ok "$d"; else not_ok "$d; missing:$missing"; fi
}
none_of() {
	d=$1 m=$2 present=""
	shift 2
	for n in "$@"; do lacks "$m" "$n" || present="$present $n"; done
	if [ -z "$present" ]; then ok "$d"; else not_ok "$d; present:$present"; fi
}
# field MANIFEST NAME N: field N of entry NAME
field() { awk -F '\t' -v n="$2" -v f="$3" '$1 == "entry" && $3 == n { print $f }' "$1"; }

# --- the fixture app ---------------------------------------------------------
A=$TMP/a
(cd "$FIX/app" && scan --out "$A" --path ../lib --script app.py) 2>"$A.err" \
	&& ok "scanning the fixture app succeeds" \
	|| { not_ok "scanning the fixture app fails"; sed 's/^/    /' "$A.err"; done_testing; }
M=$A/manifest.txt

all_of "imports, relative imports, namespace and dynamic imports are found" "$M" \
	module:__main__ package:json module:json.decoder module:json.scanner \
	module:json.encoder package:re package:mypkg module:mypkg.x module:mypkg.helper \
	package:mypkg.sub module:mypkg.sub.y module:mypkg.sub.deep module:mypkg.z \
	namespace:nspkg module:nspkg.part package:mypkg.stars module:mypkg.stars.alpha \
	module:mypkg.stars.beta module:dynmod package:dynpkg module:dynpkg.plugin \
	module:mainguard package:thirdparty module:thirdparty.core
none_of "nothing that is not imported is embedded" "$M" \
	mypkg.unused mypkg.stars.gamma guarded_only missing_mod fastext
check "an import under if __name__ == '__main__' of an imported module is not followed" \
	lacks "$M" guarded_only

check "the manifest starts with its format version" \
	test "$(head -n 1 "$M")" = "slither-manifest	1"
magic=$("$PY" -c 'import importlib.util as u; print("%08x" % int.from_bytes(u.MAGIC_NUMBER, "little"))')
check "the magic number is recorded" grep -qx "magic	$magic" "$M"
check "the Python version is recorded" \
	grep -qx "pyversion	$("$PY" -c 'import sys; print("%08x" % sys.hexversion)')" "$M"
check "optimize and root are recorded" \
	bash -c "grep -qx 'optimize	0' '$M' && grep -qx 'root	/slither' '$M'"
check "the main record names the script" grep -qx "main	script	__main__" "$M"
check "entries are sorted by name" \
	bash -c "awk -F '\t' '\$1 == \"entry\" { print \$3 }' '$M' | LC_ALL=C sort -c"
check "the script's virtual path is /slither/app/<basename>" \
	test "$(field "$M" __main__ 4)" = /slither/app/app.py
check "a package's virtual path is its __init__.py" \
	test "$(field "$M" mypkg.sub 4)" = /slither/app/mypkg/sub/__init__.py
check "a --path module's virtual path is relative to its --path" \
	test "$(field "$M" thirdparty.core 4)" = /slither/app/thirdparty/core.py
check "a standard-library module's path is under lib/python3.11" \
	test "$(field "$M" json.decoder 4)" = /slither/lib/python3.11/json/decoder.py
check "a namespace package has a directory and no code" \
	grep -qx "entry	namespace	nspkg	/slither/app/nspkg	-	-" "$M"
check "the source file is the real, absolute path" \
	test "$(field "$M" mypkg.x 6)" = "$FIX/app/mypkg/x.py"

# every code file is a marshalled code object whose co_filename is the virtual path
cat >"$TMP/check_code.py" <<'EOF'
import marshal, sys, types
out = sys.argv[1]
for line in open(out + "/manifest.txt", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] != "entry" or f[1] == "namespace":
        continue
    code = marshal.loads(open(out + "/" + f[4], "rb").read())
    if not isinstance(code, types.CodeType) or code.co_filename != f[3]:
        sys.exit(f"{f[2]}: {f[4]} has co_filename {code.co_filename!r}, not {f[3]!r}")
EOF
check "each code file holds code whose co_filename is its virtual path" \
	"$PY" "$TMP/check_code.py" "$A"

# warnings, with file:line
check "an optional import that is missing is a warning with file:line" grep -qxF \
	"slither: warning: app.py:15: module 'missing_mod' not found; add --path or --include, or check the spelling" \
	"$A.err"
check "a shared library is a warning naming the file" grep -qF \
	"slither: warning: module 'fastext' is a shared library ($FIX/lib/fastext.cpython-311-x86_64-linux-gnu.so) and cannot be linked into a static binary; rebuild it with \`slither pip\`" \
	"$A.err"
check "a relative import beyond the top-level package is a warning" grep -qF \
	"thirdparty/core.py:2: relative import (from ... import toofar) goes beyond the top-level package 'thirdparty'" \
	"$A.err"
check "optional standard-library imports are summed up in one line" \
	grep -qE "^slither: [0-9]+ optional standard-library imports not found \(-v lists them\)$" "$A.err"
check "the standard library's missing imports are not warnings one by one" \
	bash -c "! grep -q \"warning: .*/usr/lib\" '$A.err' && ! grep -q \"'winreg'\" '$A.err'"
check "the summary counts modules and warnings" \
	grep -qE "^slither: scanned [0-9]+ modules \([0-9]+ from the standard library, 19 from the app\), 3 warnings$" "$A.err"
(cd "$FIX/app" && scan --out "$TMP/v" --path ../lib --script app.py -v) 2>"$TMP/v.err"
check "-v lists the optional standard-library imports" grep -qE "^slither:   winreg \(imported at .*:[0-9]+\)$" "$TMP/v.err"

# --- determinism -------------------------------------------------------------
(cd "$FIX/app" && scan --out "$TMP/b" --path ../lib --script app.py) 2>/dev/null
check "a second run writes a byte-identical manifest" cmp "$M" "$TMP/b/manifest.txt"
check "a second run writes byte-identical code files" diff -r "$A/code" "$TMP/b/code"
cp -R "$FIX" "$TMP/elsewhere"
scan --out "$TMP/c" --path "$TMP/elsewhere/lib" --script "$TMP/elsewhere/app/app.py" 2>/dev/null
check "the same app in another directory gives byte-identical code files" \
	diff -r "$A/code" "$TMP/c/code"
if grep -rlF -e "$FIX" -e "$TMP" "$A/code" >"$TMP/leaks"; then
	not_ok "absolute build paths leak into code files: $(tr '\n' ' ' <"$TMP/leaks")"
else
	ok "no absolute build path in any code file"
fi
scan --out "$TMP/alone" --path "$FIX/app" --module dynmod 2>/dev/null
check "a module's code does not depend on what else is embedded" \
	cmp "$A/code/dynmod.code" "$TMP/alone/code/dynmod.code"
check "a module that imports nothing is embedded alone (encodings is not implied)" \
	test "$(grep -c '^entry' "$TMP/alone/manifest.txt")" = 1
expect_fail "hash randomization is refused" "PYTHONHASHSEED=0" \
	env PYTHONHASHSEED=random "$PY" -s -S "$SCAN" --out "$TMP/r" --script "$FIX/app/app.py"

# --- options -----------------------------------------------------------------
(cd "$FIX/app" && scan --out "$A" --path ../lib --script app.py \
	--exclude mypkg.sub --exclude 'json.*' --exclude missing_mod) 2>"$A.err"
none_of "--exclude leaves out a module, a package and what is under them" "$M" \
	mypkg.sub mypkg.sub.y mypkg.sub.deep json json.decoder
check "--exclude keeps the rest" has "$M" module mypkg.helper
check "an excluded module is not reported missing" bash -c "! grep -q missing_mod '$A.err'"
check "a rerun into the same directory removes stale code files" test ! -e "$A/code/json.code"

(cd "$FIX/app" && scan --out "$A" --path ../lib --script app.py --include 'mypkg.*') 2>/dev/null
all_of "--include 'pkg.*' embeds every module of the package" "$M" \
	module:mypkg.unused module:mypkg.stars.gamma module:mypkg.sub.deep
check "--include 'pkg.*' skips directories that are not identifiers" \
	bash -c "! grep -q -e stray -e not-a-package '$M'"
expect_fail "an --include that is not found is an error" \
	"--include 'nosuchmod': module 'nosuchmod' not found in --path" \
	scan --out "$TMP/e" --path "$FIX/lib" --script "$FIX/app/app.py" --include nosuchmod

scan --out "$A" --path "$FIX/app" --script "$FIX/app/app.py" --no-source 2>/dev/null
check "--no-source leaves the source field empty" \
	bash -c "! awk -F '\t' '\$1 == \"entry\" && \$6 != \"-\"' '$M' | grep -q ."
scan --out "$A" --path "$FIX/app" --script "$FIX/app/app.py" --optimize 2 --root /opt/x 2>/dev/null
check "--optimize 2 strips docstrings" bash -c "! grep -q 'A fixture app' '$A/code/__main__.code'"
check "--optimize 0 keeps them" grep -q "A fixture app" "$TMP/b/code/__main__.code"
check "--root sets the virtual root" test "$(field "$M" mypkg.x 4)" = /opt/x/app/mypkg/x.py

# --module: runs as python -m does; a package needs its __main__
scan --out "$A" --path "$FIX/lib" --module runpkg 2>/dev/null
check "--module records the module as main" grep -qx "main	module	runpkg" "$M"
all_of "--module embeds the package, its __main__ and their imports" "$M" \
	package:runpkg module:runpkg.__main__ module:runpkg.core module:textwrap
check "--module's __main__ has its own virtual path" \
	test "$(field "$M" runpkg.__main__ 4)" = /slither/app/runpkg/__main__.py
expect_fail "--module of a package without __main__ is an error" \
	"'nomain' is a package without a __main__ module" \
	scan --out "$TMP/e" --path "$FIX/lib" --module nomain
expect_fail "--module that is not found is an error naming the search path" \
	"slither: error: module 'nosuch' not found in --path .*lib or the standard library" \
	scan --out "$TMP/e" --path "$FIX/lib" --module nosuch
expect_fail "a missing --script is an error naming it" "script '.*nope.py' not found" \
	scan --out "$TMP/e" --script "$FIX/nope.py"

# --- errors in modules -------------------------------------------------------
expect_fail "a syntax error fails the scan with file:line and the module" \
	"^slither: error: bad.py:2: SyntaxError: .* \(in module 'bad'\)$" \
	bash -c "cd '$FIX/broken' && env -u PYTHONPATH PYTHONHASHSEED=0 '$PY' -s -S '$SCAN' --out '$TMP/e' --script app.py"
printf 'import badenc\n' >"$TMP/enc.py"
printf 'x = "\377"\n' >"$TMP/badenc.py"
expect_fail "a module that is not UTF-8 fails the scan naming the file" \
	"slither: error: .*badenc.py:1: SyntaxError: .*utf-8.* \(in module 'badenc'\)" \
	scan --out "$TMP/e" --script "$TMP/enc.py"
mkdir "$TMP/pyc"
printf 'import compiled\n' >"$TMP/pyc/app.py"
printf 'X = 1\n' >"$TMP/pyc/src.py"
"$PY" -c 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2])' \
	"$TMP/pyc/src.py" "$TMP/pyc/compiled.pyc"
scan --out "$A" --script "$TMP/pyc/app.py" 2>"$A.err"
check "a module with only byte-code is a warning, and not embedded" bash -c \
	"grep -q \"warning: module 'compiled' has only byte-code\" '$A.err' && ! grep -q '	compiled	' '$M'"

# --- C extension objects made by slither pip ---------------------------------
# An ELF relocatable object with slither's section, as src/ext/ext.c makes
# it; a string in its data names a module that only C code imports.
E=$TMP/ext
mkdir -p "$E/lib/cpkg"
: >"$E/lib/cpkg/__init__.py"
printf 'X = 1\n' >"$E/lib/cpkg/other.py"
printf 'const char *api = "cpkg.other._C_API";\nint PyInit__fast(void) { return 0; }\n' >"$E/fast.c"
printf 'slither-ext 1\n' >"$E/note"
printf 'import cpkg._fast\n' >"$E/app.py"
EXT=$E/lib/cpkg/_fast.cpython-311-x86_64-linux-gnu.so
if gcc -c -o "$E/fast.o" "$E/fast.c" && objcopy --add-section .slither_ext="$E/note" "$E/fast.o" "$EXT"; then
	scan --out "$E/out" --path "$E/lib" --script "$E/app.py" 2>"$E.err"
	check "an extension object made by slither pip is an extension entry naming the object" \
		grep -qxF "entry	extension	cpkg._fast	/slither/app/cpkg/_fast.cpython-311-x86_64-linux-gnu.so	$EXT	-" \
		"$E/out/manifest.txt"
	check "... with no code file" test ! -e "$E/out/code/cpkg._fast.code"
	check "a module named in an extension's data is embedded" has "$E/out/manifest.txt" module cpkg.other
else
	not_ok "gcc and objcopy are needed to make an extension object (apt-get install gcc)"
fi

# --- imports by computed name ------------------------------------------------
# tests/scan/plugins: plugapp loads plugins with import_module(f"plugapp.plugins.{x}")
# and __import__("plugapp.plugins." + x, ...) (loader.py:5 and :9), formats
# with import_module("." + x, __package__), extras with a bare __import__(x);
# plugin alpha imports otherpkg, whose own __import__(x) does not count
P=$TMP/plug
(cd "$FIX/plugins" && scan --out "$P" --path . --module plugapp) 2>"$P.err" \
	&& ok "scanning an app that imports by computed names succeeds" \
	|| { not_ok "scanning an app that imports by computed names fails"; sed 's/^/    /' "$P.err"; }
all_of "the package of an import by computed name is embedded whole" "$P/manifest.txt" \
	module:plugapp.plugins.alpha module:plugapp.plugins.beta module:plugapp.formats.csv \
	module:plugapp.formats.json module:plugapp.extras.gamma package:otherpkg
none_of "... but its test suites, and a module that does not compile" "$P/manifest.txt" \
	plugapp.plugins.tests plugapp.plugins.tests.test_alpha plugapp.plugins.py2only
check "a module that does not compile, embedded only for that, is a warning" grep -qF \
	"slither: warning: plugapp/plugins/py2only.py:1: SyntaxError: Missing parentheses" "$P.err"
plugins="slither: plugapp/loader.py:5: imports a module by a computed name (and 1 more place): embedding package 'plugapp.plugins' whole (3 modules; --exclude NAME leaves one out)"
check "the build says so once per package, with file:line (a constant start of the name)" \
	test "$(grep -c "embedding package 'plugapp.plugins'" "$P.err")" = 1 -a \
	"$(grep -F "embedding package 'plugapp.plugins'" "$P.err")" = "$plugins"
check "... a relative name with __package__ is the caller's package" grep -qxF \
	"slither: plugapp/formats/__init__.py:5: imports a module by a computed name: embedding package 'plugapp.formats' whole (3 modules; --exclude NAME leaves one out)" \
	"$P.err"
check "... a bare computed name is the caller's package" grep -qxF \
	"slither: plugapp/extras/__init__.py:5: imports a module by a computed name: embedding package 'plugapp.extras' whole (2 modules; --exclude NAME leaves one out)" \
	"$P.err"
check "... one line per package, sorted by package" test \
	"$(grep -o "embedding package '[a-z.]*'" "$P.err" | tr '\n' ' ')" = \
	"embedding package 'plugapp.extras' embedding package 'plugapp.formats' embedding package 'plugapp.plugins' "
check "a package reached only through such modules is named, not embedded whole" bash -c \
	"grep -qxF \"slither: not embedded whole, as only modules embedded for imports by computed name reach them: otherpkg (-v says where; --include 'PKG.*' embeds one)\" '$P.err' && ! grep -q otherpkg.unused '$P/manifest.txt'"
check "the summary counts the modules embedded" grep -qE \
	"^slither: scanned [0-9]+ modules \([0-9]+ from the standard library, 12 from the app\), 1 warnings$" "$P.err"
(cd "$FIX/plugins" && scan --out "$TMP/plug2" --path . --module plugapp) 2>/dev/null
check "... and identically on a second run" cmp "$P/manifest.txt" "$TMP/plug2/manifest.txt"
(cd "$FIX/plugins" && scan --out "$P" --path . --module plugapp -v) 2>"$P.err"
check "-v says where the package not embedded whole imports by computed name" grep -qxF \
	"slither:   otherpkg (imported by a computed name at otherpkg/__init__.py:6)" "$P.err"
(cd "$FIX/plugins" && scan --out "$P" --path . --module plugapp --exclude plugapp.plugins.beta \
	--exclude plugapp.formats) 2>"$P.err"
excluded_plugin() {
	lacks "$P/manifest.txt" plugapp.plugins.beta && has "$P/manifest.txt" module plugapp.plugins.alpha &&
		grep -qF "embedding package 'plugapp.plugins' whole (2 modules" "$P.err"
}
check "--exclude wins over it: a plugin left out" excluded_plugin
excluded_package() { lacks "$P/manifest.txt" plugapp.formats.csv && ! grep -q "'plugapp.formats'" "$P.err"; }
check "--exclude of the package itself: nothing embedded, nothing said" excluded_package
(cd "$FIX/plugins" && scan --out "$P" --script script.py) 2>"$P.err"
check "a computed import outside any package is said with file:line" grep -qxF \
	"slither: script.py:4: imports a module by a computed name that slither cannot place in a package; --include the modules it may import" \
	"$P.err"
# the standard library's own (encodings' search function, unittest.loader,
# logging.config, pickle, pkgutil...) load what the app names: not followed
printf 'import unittest, logging.config, pickle, pkgutil, multiprocessing, importlib, xml.sax\n' >"$TMP/stdheavy.py"
scan --out "$P" --script "$TMP/stdheavy.py" 2>"$P.err"
stdlib_unchanged() {
	! grep -q 'computed name' "$P.err" && lacks "$P/manifest.txt" unittest.mock &&
		lacks "$P/manifest.txt" encodings.cp437
}
check "the standard library's imports by computed name embed nothing more" stdlib_unchanged

# --- test suites and build tools a library imports inside functions ----------
# tests/scan/devlib/numlike is laid out as numpy is: a lazy numlike.testing
# (module __getattr__), build tools (numlike.distutils) and pytest imported
# only inside functions; the apps in tests/scan/devapp use it three ways.
D=$TMP/d
(cd "$FIX/devapp" && scan --out "$D" --path ../devlib --script plain.py) 2>"$D.err"
all_of "a library's module-level, class-body and other function-level imports are followed" \
	"$D/manifest.txt" package:numlike module:numlike.core module:numlike.config module:numlike.helpers
none_of "... its test package and build tools imported only inside functions are not" \
	"$D/manifest.txt" numlike.testing numlike.testing.utils numlike.distutils numlike.distutils.misc \
	numlike.tests pytest
check "... the build says so in one line, naming each (and pytest, not found, is no warning)" \
	bash -c "grep -qxF 'slither: not embedded: 3 test suites and build tools that libraries import only inside functions: numlike.distutils, numlike.testing, pytest (-v says where; --include NAME embeds one)' '$D.err' && ! grep -q 'warning:' '$D.err'"
check "a library's optional import (in a try statement) not found is summed up, not a warning" \
	grep -qxF "slither: 1 optional imports of libraries (in try statements or functions) not found (-v lists them)" "$D.err"
check "an import under if TYPE_CHECKING: is not followed" bash -c "! grep -q _typing_stubs '$D.err'"
all_of "a package embedded whole for a computed import keeps its plugins" "$D/manifest.txt" \
	package:numlike.plugins module:numlike.plugins.alpha
none_of "... but not its build scripts (importing a build tool, or a module not found)" \
	"$D/manifest.txt" numlike.plugins.setup numlike.plugins.generate
check "... and says so in one line" grep -qxF \
	"slither: not embedded with their packages: 2 build and test scripts (they import a test or build tool, or a module not found): numlike.plugins.generate, numlike.plugins.setup (-v says what; --include NAME embeds one)" \
	"$D.err"
(cd "$FIX/devapp" && scan -v --out "$D" --path ../devlib --script plain.py) 2>"$D.err"
check "... -v says where each is imported" grep -qE \
	"^slither:   numlike.testing \(imported at .*devlib/numlike/__init__.py:[0-9]+\)$" "$D.err"
check "... and why a script is left out" grep -qxF \
	"slither:   numlike.plugins.generate (imports code_generators.api, which is not found)" "$D.err"
check "... and which optional imports are not found" grep -qE \
	"^slither:   fastmath_accelerator \(imported at .*devlib/numlike/__init__.py:[0-9]+\)$" "$D.err"
(cd "$FIX/devapp" && scan --out "$D" --path ../devlib --script usetesting.py) 2>"$D.err"
all_of "an app that names numlike.testing (an attribute) gets the test package" \
	"$D/manifest.txt" package:numlike.testing module:numlike.testing.utils
none_of "... but not the build tools the test package imports inside functions" \
	"$D/manifest.txt" numlike.distutils numlike.distutils.misc
(cd "$FIX/devapp" && scan --out "$D" --path ../devlib --script tools.py) 2>"$D.err"
all_of "the app's own import of a build tool, inside a function, is followed" \
	"$D/manifest.txt" package:numlike.distutils module:numlike.distutils.misc
(cd "$FIX/devapp" && scan --out "$D" --path ../devlib --script plain.py --include numlike.testing) 2>"$D.err"
all_of "--include brings a left-out test package back" "$D/manifest.txt" \
	package:numlike.testing module:numlike.testing.utils

# --- the whole standard library ----------------------------------------------
scan --out "$A" --interpreter --path "$FIX/lib" --include thirdparty 2>"$A.err"
check "--interpreter has no main module" grep -qx "main	none	" "$M"
all_of "--interpreter embeds the standard library, and what --include adds" "$M" \
	package:email module:email.mime.text package:xml.dom module:xml.dom.minidom \
	module:zipfile package:sqlite3 module:wsgiref.simple_server package:encodings \
	module:encodings.utf_8 package:thirdparty module:thirdparty.core
none_of "--interpreter skips tests, GUI and data directories" "$M" \
	idlelib tkinter turtledemo lib2to3.tests test test.support ctypes.test unittest.test runpkg

done_testing
