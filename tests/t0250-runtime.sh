#!/bin/bash
# The runtime on its own: test binaries built straight from the runtime's
# sources and hand-made archives (tests/runtime/build.sh), compared with the
# toolchain's python3.11 and checked for what has no reference: damaged
# modules, refused archives, C extensions by dotted name, data files,
# namespace packages, SLITHER_PATH, and the runtime under ASan and UBSan.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
if TOOLCHAIN=$TC sh "$TOP/tests/runtime/build.sh" "$TMP/rt" >"$TMP/build.log" 2>&1; then
	ok "the runtime's test binaries build"
else
	not_ok "the runtime's test binaries build"; tail -20 "$TMP/build.log" | sed 's/^/    /'
	done_testing
fi
# run-tests.sh prints one ok/not ok line per case (tests/lib.sh's helpers);
# its failures are ours, and so is an exit without a failing case (the
# script stopped early)
TOOLCHAIN=$TC bash "$TOP/tests/runtime/run-tests.sh" "$TMP/rt" 2>&1 | tee "$TMP/run.log"
rc=${PIPESTATUS[0]}
failures=$((failures + $(grep -c '^not ok' "$TMP/run.log")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$TMP/run.log"; then
	not_ok "tests/runtime/run-tests.sh exited with status $rc without a failing case"
fi
if ! grep -q '^ok' "$TMP/run.log"; then
	not_ok "tests/runtime/run-tests.sh ran no case"
fi
done_testing
