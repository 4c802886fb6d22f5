#!/bin/bash
# The proof that matters on a parallel file system: a static app makes no
# path-based file-system call while starting and importing, and runs alone
# in an empty chroot (no /lib, no /usr, no dynamic loader).
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
APP=$TOP/tests/apps/heavy
"$SLITHER" build --toolchain "$TC" "$APP/main.py" -o "$TMP/heavy" 2>"$TMP/build.err" ||
	{ cat "$TMP/build.err"; not_ok "the import-heavy app builds"; done_testing; }
ok "the import-heavy app builds"
expected=$(cd "$APP" && "$STOCK_PYTHON" main.py)
check "it prints what python3.11 prints" test "$("$TMP/heavy")" = "$expected"

if command -v strace >/dev/null; then
	(cd "$TMP" && strace -f -qq -o "$TMP/static.trace" -e trace=$SYSCALLS ./heavy >/dev/null)
	(cd "$APP" && strace -f -qq -o "$TMP/stock.trace" -e trace=$SYSCALLS "$STOCK_PYTHON" main.py >/dev/null)
	ours=$(path_calls "$TMP/static.trace" | wc -l)
	stock=$(path_calls "$TMP/stock.trace" | wc -l)
	echo "# path-based file-system calls: slither binary $ours, stock python3.11 $stock"
	if [ "$ours" -eq 0 ]; then
		ok "the static app makes no path-based file-system call (stock python3.11: $stock)"
	else
		not_ok "the static app makes $ours path-based file-system calls:"
		path_calls "$TMP/static.trace" | head -20 | sed 's/^/    /'
	fi
	check "stock python3.11 does make them (the measurement works)" test "$stock" -gt 100
else
	not_ok "strace is needed for the file-system silence test (apt-get install strace)"
fi

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TMP/root"
	cp "$TMP/heavy" "$TMP/root/app"
	out=$(chroot "$TMP/root" /app 2>&1)
	check "the binary runs alone in an empty chroot" test "$out" = "$expected"
	check "the chroot holds nothing else" test "$(ls -A "$TMP/root")" = app
else
	skip "the binary runs in an empty chroot" "chroot needs root"
fi
done_testing
