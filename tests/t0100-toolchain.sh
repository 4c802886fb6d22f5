#!/bin/bash
# slither toolchain: a fully static CPython with every stdlib C module built
# in, pip and setuptools, cached by inputs; clear errors for bad input.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
PY=$TC/bin/python3.11

# the cache: a second build with the same inputs does nothing, and says so
"$SLITHER" toolchain build >"$TMP/again" 2>"$TMP/again.err"
check "second build reuses the cached toolchain" \
	grep -q "nothing to do" "$TMP/again.err"
check "second build prints the same prefix" test "$(cat "$TMP/again")" = "$TC"
check "toolchain path prints the default prefix" test "$("$SLITHER" toolchain path)" = "$TC"
check "toolchain list shows it as the default" \
	grep -q "^3.11.2 *$TC (default)" <("$SLITHER" toolchain list)

# fully static, no program interpreter
file "$PY" >"$TMP/file"
check "bin/python3.11 is statically linked" grep -q "statically linked" "$TMP/file"
check "bin/python3.11 has no program interpreter" bash -c "! grep -q interpreter '$TMP/file'"
check "libpython3.11.a is installed" test -f "$TC/lib/libpython3.11.a"
check "the link recipe lists the libraries" grep -q '^libs .*libpython3.11.a.*-lssl' \
	"$TC/lib/slither/toolchain.txt"

# every module Debian's python3.11 has (builtin or in lib-dynload) is a
# builtin here, except the ones excluded on purpose, each with a reason
if [ -x "$STOCK_PYTHON" ] && [ -d /usr/lib/python3.11/lib-dynload ]; then
	{
		"$STOCK_PYTHON" -c 'import sys; print("\n".join(sys.builtin_module_names))'
		ls /usr/lib/python3.11/lib-dynload | sed -n 's/\.cpython-.*\.so$//p'
	} | sort -u >"$TMP/debian"
	"$PY" -c 'import sys; print("\n".join(sys.builtin_module_names))' | sort -u >"$TMP/ours"
	sed -n 's/^excluded \([^ ]*\) .*/\1/p' "$TC/lib/slither/toolchain.txt" | sort -u >"$TMP/excluded"
	comm -23 "$TMP/debian" "$TMP/ours" | comm -23 - "$TMP/excluded" >"$TMP/missing"
	if [ -s "$TMP/missing" ]; then
		not_ok "every Debian stdlib C module is built in; missing: $(tr '\n' ' ' <"$TMP/missing")"
	else
		ok "every Debian stdlib C module is built in ($(wc -l <"$TMP/ours") builtins, $(wc -l <"$TMP/excluded") excluded with reasons)"
	fi
	check "each exclusion has a reason" \
		bash -c "! grep -E '^excluded [^ ]+ *$' '$TC/lib/slither/toolchain.txt'"
else
	skip "compare builtins with Debian's python3.11" "Debian's python3.11 is not installed"
fi

# a tiny real use of each module people miss in static builds
"$PY" "$TOP/tests/apps/cmods/main.py" >"$TMP/ours.out" 2>&1
if [ -x "$STOCK_PYTHON" ]; then
	"$STOCK_PYTHON" "$TOP/tests/apps/cmods/main.py" >"$TMP/stock.out" 2>&1
	if diff -u "$TMP/stock.out" "$TMP/ours.out" >"$TMP/diff"; then
		ok "ssl ctypes sqlite3 decimal lzma bz2 zlib readline curses dbm.gnu dbm.ndbm uuid zoneinfo hashlib pwd json _asyncio work as on stock python3.11"
	else
		not_ok "modules behave as on stock python3.11"; cat "$TMP/diff"
	fi
else
	check "the modules work" grep -q "^asyncio 42$" "$TMP/ours.out"
fi

# pip and setuptools from the bundled wheels
check "pip runs" "$PY" -m pip --version
# static glibc's NSS must not load libnss_* modules (libnss_systemd crashed
# on any miss): a user or group that does not exist is a KeyError
check "a look-up of a user that does not exist is a KeyError, not a crash" \
	test "$("$PY" -c $'import pwd, grp\ntry: pwd.getpwnam("slither-no-such-user")\nexcept KeyError: print("KeyError")\ntry: grp.getgrgid(4123456)\nexcept KeyError: print("KeyError")' 2>&1 | tr '\n' ' ')" = "KeyError KeyError "
check "setuptools imports" "$PY" -c "import setuptools"

# bad input
expect_fail "a tarball that is not CPython" "not a CPython source tarball" \
	"$SLITHER" toolchain build --python-src /etc/hostname --prefix "$TMP/x"
mkdir -p "$TMP/old/Python-3.10.9/Include"
printf '#define PY_VERSION "3.10.9"\n' >"$TMP/old/Python-3.10.9/Include/patchlevel.h"
tar -czf "$TMP/old.tgz" -C "$TMP/old" Python-3.10.9
expect_fail "an unsupported CPython version" "CPython 3.10.9 is not supported" \
	"$SLITHER" toolchain build --python-src "$TMP/old.tgz" --prefix "$TMP/x"
expect_fail "a missing source" "no such file" \
	"$SLITHER" toolchain build --python-src "$TMP/nope.tgz"
# a compiler that lacks libffi.a: the fix is named
cat >"$TMP/cc" <<'SH'
#!/bin/sh
case "$1" in -print-file-name=libffi.a) echo libffi.a; exit 0;; esac
exec cc "$@"
SH
chmod +x "$TMP/cc"
expect_fail "a missing static library names the package" "apt-get install -y libffi-dev" \
	env CC="$TMP/cc" "$SLITHER" toolchain build --prefix "$TMP/x"
expect_fail "a prefix that is not a toolchain is refused" "not a slither toolchain" \
	"$SLITHER" toolchain build --prefix /etc

# interrupted: a killed build leaves nothing that looks finished
src=$(ls "${SLITHER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slither}"/src/python3.11/*.orig.tar.* 2>/dev/null | head -1)
if [ -n "$src" ]; then
	"$SLITHER" toolchain build --python-src "$src" --prefix "$TMP/killed" >"$TMP/k.out" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do grep -q "configure" "$TMP/k.out" 2>/dev/null && break; sleep 0.2; done
	sleep 3
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null
	sleep 1
	check "an interrupted build leaves no prefix behind" test ! -e "$TMP/killed"
	check "an interrupted build stops its children (configure, make)" \
		bash -c "! pgrep -f -- 'prefix=$TMP/kille[d]' >/dev/null"
	expect_fail "an interrupted prefix is not usable" "not a finished slither toolchain" \
		"$SLITHER" build --toolchain "$TMP/killed" "$TOP/tests/apps/cmods/main.py" -o "$TMP/app"
else
	skip "interrupted build" "no cached source tarball (toolchain built from --python-src?)"
fi

# each build marks the toolchain it used; prune removes cached toolchains
# no build used for 30 days, never a default one, never one in use
touch -d '1 hour ago' "$TMP/before-use"
echo 'print(1)' >"$TMP/use2.py"
"$SLITHER" build --toolchain "$TC" "$TMP/use2.py" -o "$TMP/use2" 2>/dev/null
check "a build marks the toolchain it used" test "$TC/lib/slither/used" -nt "$TMP/before-use"
C=$TMP/prune-cache
mkdir -p "$C/toolchains"
for t in old recent old-default old-tmp.tmp.1 old-unfinished; do
	mkdir -p "$C/toolchains/cpython-3.11.2-$t/lib/slither"
	[ "$t" = old-unfinished ] || touch "$C/toolchains/cpython-3.11.2-$t/lib/slither/finished"
done
touch -d '40 days ago' "$C"/toolchains/cpython-3.11.2-old*/lib/slither/finished
# used 40 days ago by a build, though finished long before
touch -d '100 days ago' "$C/toolchains/cpython-3.11.2-recent/lib/slither/finished"
touch -d '2 days ago' "$C/toolchains/cpython-3.11.2-recent/lib/slither/used"
echo "$C/toolchains/cpython-3.11.2-old-default" >"$C/toolchains/default"
SLITHER_CACHE=$C "$SLITHER" toolchain prune >"$TMP/prune.out" 2>&1
check "prune removes a toolchain unused for 40 days, and says so" 	bash -c "test ! -e '$C/toolchains/cpython-3.11.2-old' &&
		grep -q 'removed the toolchain .*cpython-3.11.2-old: no build used it for 40 days' '$TMP/prune.out'"
check "... keeps one a build used 2 days ago" test -d "$C/toolchains/cpython-3.11.2-recent"
check "... keeps the default" test -d "$C/toolchains/cpython-3.11.2-old-default"
check "... leaves unfinished and in-progress builds to their own clean-up" \
	test -d "$C/toolchains/cpython-3.11.2-old-unfinished" -a -d "$C/toolchains/cpython-3.11.2-old-tmp.tmp.1"
check "... and counts what it removed" grep -q '^slither: 1 toolchain removed$' "$TMP/prune.out"
SLITHER_CACHE=$C "$SLITHER" toolchain prune --days 1 >"$TMP/prune1.out" 2>&1
check "prune --days 1 removes the one used 2 days ago" test ! -e "$C/toolchains/cpython-3.11.2-recent"
expect_fail "prune --days needs a number" "needs a number of days" \
	env SLITHER_CACHE="$C" "$SLITHER" toolchain prune --days soon
done_testing
