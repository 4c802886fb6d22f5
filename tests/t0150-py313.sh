#!/bin/bash
# CPython 3.13: `slither toolchain build --python 3.13` (Debian trixie's
# source; built once, ~10+ min on a fresh machine, then shared through the
# cache like the default toolchain) gives a static interpreter with every
# stdlib C module of 3.13's Setup.stdlib built in but those left out with a
# reason, pip and setuptools, and a module builder; apps built with it run
# as python3.11 runs them, their modules deep-frozen, with no path-based
# file-system call, alone in an empty chroot, byte-identical twice; its
# --interpreter runs -c and 3.13's new REPL.  t0260 (deep-frozen code),
# t0500 (extensions), t0510 (markupsafe) and t0700 (--mpi) run whole on
# 3.13 too (lib.sh's also_on); t0610 runs CPython's tests.
. "$(dirname "$0")/lib.sh"

CACHE=${SLITHER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slither}
TC=$("$SLITHER" toolchain build --python 3.13 2>"$TMP/tc.err") ||
	{ sed 's/^/    /' "$TMP/tc.err"; not_ok "the CPython 3.13 toolchain builds"; done_testing; }
ok "the CPython 3.13 toolchain builds ($TC)"
PY=$TC/bin/python3.13

# the version: chosen, listed, found again, and not taking the default's place
check "toolchain path --python 3.13 prints it" \
	test "$("$SLITHER" toolchain path --python 3.13)" = "$TC"
check "toolchain list shows its version" grep -q "^3\.13\.[0-9]* *$TC" <("$SLITHER" toolchain list)
"$SLITHER" toolchain build --python 3.13 >"$TMP/again" 2>"$TMP/again.err"
check "a second build reuses it" grep -q "nothing to do" "$TMP/again.err"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 --version | grep -q '^Python 3\.11\.'; then
	check "the default toolchain stays the machine's python3's version (3.11)" \
		bash -c "'$SLITHER' toolchain path | grep -q '/cpython-3\.11\.'"
fi
expect_fail "an unsupported --python is refused, naming those slither builds" \
	"not a version slither builds; it builds 3\.11, 3\.13" "$SLITHER" toolchain path --python 3.9
if [ -n "$(ls "$CACHE"/src/python3.11/*.orig.tar.* 2>/dev/null)" ]; then
	expect_fail "--python and a --python-src of another version disagree" "not the 3\.13 that --python" \
		"$SLITHER" toolchain build --python 3.13 --python-src "$(ls "$CACHE"/src/python3.11/*.orig.tar.* | head -1)"
fi

file "$PY" >"$TMP/file"
check "bin/python3.13 is statically linked" grep -q "statically linked" "$TMP/file"
check "libpython3.13.a is installed" test -f "$TC/lib/libpython3.13.a"
# slither's speed patch (src/toolchain/cpython-3.13.patch; what it keeps
# unchanged: t0610 on 3.13) went in: its build log, named by the key
key=$(sed -n 's/^key //p' "$TC/lib/slither/toolchain.txt") ver=$(sed -n 's/^version //p' "$TC/lib/slither/toolchain.txt")
check "the 3.13 toolchain is built with slither's speed patch (its build log)" \
	grep -q "^patching file Objects/typeobject.c" "$(dirname "$TC")/logs/cpython-$ver-${key:0:12}.log"

# every module 3.13's Setup.stdlib.in lists is built in, but those the recipe
# excludes with a reason, and _scproxy (macOS only)
src=$(ls "$CACHE"/src/python3.13/python3.13_*.orig.tar.* 2>/dev/null | head -1)
if [ -n "$src" ]; then
	tar -xOf "$src" --wildcards '*/Modules/Setup.stdlib.in' |
		sed -n 's/^@MODULE_[A-Z0-9_]*_TRUE@\([A-Za-z0-9_]*\) .*/\1/p' | sort -u >"$TMP/listed"
	"$PY" -c 'import sys; print("\n".join(sys.builtin_module_names))' | sort -u >"$TMP/ours"
	{ sed -n 's/^excluded \([^ ]*\) .*/\1/p' "$TC/lib/slither/toolchain.txt"; echo _scproxy; } |
		sort -u >"$TMP/excluded"
	comm -23 "$TMP/listed" "$TMP/ours" | comm -23 - "$TMP/excluded" >"$TMP/missing"
	if [ -s "$TMP/missing" ]; then
		not_ok "every module of 3.13's Setup.stdlib is built in; missing: $(tr '\n' ' ' <"$TMP/missing")"
	else
		ok "every module of 3.13's Setup.stdlib is built in ($(wc -l <"$TMP/ours") builtins, $(($(wc -l <"$TMP/excluded") - 1)) excluded with reasons)"
	fi
	check "each exclusion has a reason" \
		bash -c "! grep -E '^excluded [^ ]+ *$' '$TC/lib/slither/toolchain.txt'"
else
	not_ok "the python3.13 source tarball is in the cache ($CACHE/src/python3.13)"
fi

# a tiny real use of each module people miss in static builds
"$PY" "$TOP/tests/apps/cmods/main.py" >"$TMP/ours.out" 2>&1
"$STOCK_PYTHON" "$TOP/tests/apps/cmods/main.py" >"$TMP/stock.out" 2>&1
if diff -u "$TMP/stock.out" "$TMP/ours.out" >"$TMP/diff"; then
	ok "ssl ctypes sqlite3 decimal lzma bz2 zlib readline curses dbm.gnu dbm.ndbm uuid zoneinfo hashlib pwd json _asyncio work as on python3.11"
else
	not_ok "the modules behave as on python3.11"; sed 's/^/    /' "$TMP/diff"
fi

# pip from 3.13's bundled wheel, setuptools from Debian's source (3.13
# bundles pip alone), and distutils, which 3.13 lacks, through setuptools
check "pip runs" bash -c "'$PY' -m pip --version | grep -q '^pip '"
check "the module builder is a dynamic CPython 3.13" \
	bash -c "'$TC/builder/bin/python3.13' -c 'import sys; assert sys.version_info[:2] == (3, 13)'"
"$TC/builder/bin/python3.13" -c 'import setuptools, distutils.core; print(setuptools.__version__, distutils.core.__file__)' \
	>"$TMP/st.out" 2>&1
check "the module builder imports setuptools, and distutils from it ($(cut -d' ' -f1 "$TMP/st.out"))" \
	grep -q 'setuptools/_distutils/core.py' "$TMP/st.out"

# apps: a small one and the import-heavy one
if "$SLITHER" build --toolchain "$TC" "$TOP/tests/apps/pkgapp/main.py" -o "$TMP/pkgapp" \
	2>"$TMP/pkgapp.err"; then
	ok "a small app builds with the 3.13 toolchain"
else
	not_ok "a small app builds with the 3.13 toolchain"; sed 's/^/    /' "$TMP/pkgapp.err"
fi
check "its modules are deep-frozen (slither inspect: the script's byte-code is 'frozen')" \
	bash -c "'$SLITHER' inspect '$TMP/pkgapp' | grep -Eq '^module +frozen +[1-9][0-9]* +__main__\$'"
expected=$(cd "$TOP/tests/apps/pkgapp" && "$STOCK_PYTHON" main.py a "b c" 2>&1)
check "it prints what python3.11 prints" test "$("$TMP/pkgapp" a "b c" 2>&1)" = "$expected"
"$SLITHER" build --toolchain "$TC" "$TOP/tests/apps/pkgapp/main.py" -o "$TMP/again" 2>/dev/null
check "building it twice gives byte-identical executables" cmp "$TMP/pkgapp" "$TMP/again"

APP=$TOP/tests/apps/heavy
if "$SLITHER" build --toolchain "$TC" "$APP/main.py" -o "$TMP/heavy" 2>"$TMP/heavy.err"; then
	ok "the import-heavy app builds with the 3.13 toolchain"
else
	not_ok "the import-heavy app builds with the 3.13 toolchain"; sed 's/^/    /' "$TMP/heavy.err"
fi
expected=$(cd "$APP" && "$STOCK_PYTHON" main.py)
check "it prints what python3.11 prints" test "$("$TMP/heavy")" = "$expected"
if [ -x "$TMP/heavy" ]; then
	(cd "$TMP" && silent "the 3.13 import-heavy app makes no path-based file-system call" ./heavy)
else
	not_ok "the 3.13 import-heavy app makes no path-based file-system call (it did not build)"
fi
echo "$expected" >"$TMP/heavy.expected"
in_chroot "the 3.13 import-heavy app runs alone in an empty chroot" "$TMP/heavy.expected" "$TMP/heavy"

# C extensions (slither pip with the 3.13 module builder, t0500's fixture
# packages): t0500 runs whole on 3.13 too (also_on)

# the static interpreter
if "$SLITHER" build --toolchain "$TC" --interpreter -o "$TMP/python" 2>"$TMP/python.err"; then
	ok "the 3.13 static interpreter builds ($(grep -o '[0-9]* modules embedded' "$TMP/python.err"))"
	check "it runs -c" test "$("$TMP/python" -c 'import sys; print(sys.version_info[:2])')" = "(3, 13)"
	(cd "$TMP" && silent "its -c 'import json' makes no path-based file-system call" ./python -c 'import json')
	# 3.13's new interactive REPL (_pyrepl), on a terminal
	if command -v tmux >/dev/null; then
		s=slither-t0150-$$
		tmux new-session -d -s "$s" -x 100 -y 20 "$TMP/python"
		sleep 2
		tmux send-keys -t "$s" 'import sys; x = 6 * 7' Enter
		tmux send-keys -t "$s" 'print(x, "_pyrepl.readline" in sys.modules)' Enter
		sleep 2
		tmux capture-pane -t "$s" -p >"$TMP/repl.out"
		tmux send-keys -t "$s" 'exit()' Enter
		sleep 1
		tmux kill-session -t "$s" 2>/dev/null
		check "its REPL on a terminal is 3.13's new one (_pyrepl), and it runs" \
			grep -q '^42 True$' "$TMP/repl.out"
	else
		skip "the REPL on a terminal" "no tmux (apt-get install tmux)"
	fi
else
	not_ok "the 3.13 static interpreter builds"; sed 's/^/    /' "$TMP/python.err"
fi
done_testing
