#!/bin/bash
# Ctrl-C (SIGINT) during a parallel compile reaches every compiler, not
# only the one started last: each child of slither runs in a process group
# of its own, and slither passes the signal on to every running group.
# The deep-frozen byte-code is compiled one job per CPU; a toolchain whose
# compiler is a slow wrapper keeps the compiles running long enough to
# interrupt them.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
ncpu=$(nproc)
if [ "$ncpu" -lt 2 ]; then
	skip "Ctrl-C reaches every parallel compile" "one CPU: slither compiles one file at a time here"
	done_testing
fi

# the toolchain, its description naming a compiler that first sleeps
mkdir -p "$TMP/tc/lib/slither"
for f in "$TC"/*; do [ "$(basename "$f")" = lib ] || ln -s "$f" "$TMP/tc/"; done
for f in "$TC"/lib/*; do [ "$(basename "$f")" = slither ] || ln -s "$f" "$TMP/tc/lib/"; done
for f in "$TC"/lib/slither/*; do
	case $(basename "$f") in toolchain.txt|used) ;; *) ln -s "$f" "$TMP/tc/lib/slither/" ;; esac
done
slowcc=$TMP/slowcc
printf '#!/bin/sh\nsleep 120\nexec gcc "$@"\n' > "$slowcc"
chmod +x "$slowcc"
sed "s|^cc .*|cc $slowcc|" "$TC/lib/slither/toolchain.txt" > "$TMP/tc/lib/slither/toolchain.txt"

echo 'print("hello")' > "$TMP/app.py"
compilers() { pgrep -f "^/bin/sh $slowcc" | wc -l; }

interrupt() {
	# an empty cache: every deep-frozen object is compiled
	# (bounded in time; it starts one compiler per CPU and nothing else)
	SLITHER_CACHE=$TMP/cache timeout -s KILL 300 \
		"$SLITHER" build --toolchain "$TMP/tc" -o "$TMP/app" "$TMP/app.py" \
		> "$TMP/build.log" 2>&1 &
	tpid=$!
	n=0
	for _ in $(seq 600); do
		n=$(compilers)
		[ "$n" -ge 2 ] && break
		sleep 0.2
	done
	if [ "$n" -lt 2 ]; then
		not_ok "two compilers run in parallel (saw $n; build log follows)"
		kill -9 "$tpid"
		sed 's/^/    /' "$TMP/build.log"
		return
	fi
	ok "$n compilers run in parallel"
	kill -INT "$(pgrep -P "$tpid")"	# slither, timeout's child
	wait "$tpid"
	rc=$?
	check "slither ends on SIGINT as killed by it (status $rc)" test "$rc" -eq 130
	sleep 1
	left=$(compilers)
	check "no compiler is left running after Ctrl-C (left: $left)" test "$left" -eq 0
	pkill -9 -f "^/bin/sh $slowcc" 2>/dev/null
	check "no executable was written" test ! -e "$TMP/app"
}
interrupt
done_testing
