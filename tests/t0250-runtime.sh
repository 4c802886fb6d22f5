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
if TOOLCHAIN=$TC bash "$TOP/tests/runtime/run-tests.sh" "$TMP/rt" >"$TMP/run.log" 2>&1; then
	ok "runtime checks: $(tail -1 "$TMP/run.log")"
else
	not_ok "runtime checks"; grep -E "FAIL|passed|failed" "$TMP/run.log" | sed 's/^/    /'
fi
done_testing
