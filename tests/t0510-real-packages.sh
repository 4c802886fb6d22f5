#!/bin/bash
# Real packages from Debian's source packages, unmodified, built with
# `slither pip` and linked by `slither build`; each app's output is compared
# with the same package on Debian's python3.11 (python3-<name>), and the C
# extension must be the one in use.  markupsafe: a plain C extension; on
# CPython 3.11 (the default toolchain), then on 3.13 (lib.sh's also_on),
# compared with python3.11's output both times.
. "$(dirname "$0")/lib.sh"
also_on 3.13

TC=$(toolchain)

debian_source markupsafe
if "$SLITHER" pip --toolchain "$TC" install --no-index --no-build-isolation \
	--target "$TMP/site" "$src" >"$TMP/pip.out" 2>&1; then
	ok "slither pip builds markupsafe"
else
	not_ok "slither pip builds markupsafe"
	sed 's/^/    /' "$TMP/pip.out"
	done_testing
fi
check "... its C speedups as an object to link statically" grep -q \
	"C extension built to link statically: markupsafe._speedups" "$TMP/pip.out"

APP=$TOP/tests/ext/real/markupsafe_app.py
"$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$APP" -o "$TMP/msapp" \
	2>"$TMP/build.err" || { sed 's/^/    /' "$TMP/build.err"; }
check "an app using markupsafe builds" test -x "$TMP/msapp"
"$TMP/msapp" >"$TMP/static.out" 2>&1
check "the binary uses the C speedups (markupsafe._speedups)" \
	grep -q "^escape from: markupsafe._speedups builtin_function_or_method$" "$TMP/static.out"

if "$STOCK_PYTHON" -c 'import markupsafe._speedups' 2>/dev/null; then
	"$STOCK_PYTHON" "$APP" >"$TMP/stock.out" 2>&1
	if diff -u "$TMP/stock.out" "$TMP/static.out" >"$TMP/diff"; then
		ok "the same output as Debian's python3-markupsafe on python3.11"
	else
		not_ok "the output differs from Debian's python3-markupsafe on python3.11"
		sed 's/^/    /' "$TMP/diff"
	fi
else
	not_ok "Debian's python3-markupsafe is needed for the comparison (apt-get install python3-markupsafe)"
fi

silent "importing markupsafe makes no path-based file-system call" "$TMP/msapp"
done_testing
