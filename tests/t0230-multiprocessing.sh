#!/bin/bash
# An app that starts worker processes never re-runs itself: multiprocessing
# (fork, spawn, forkserver), its resource tracker and shared memory, and
# ProcessPoolExecutor give python3's results, start as many processes as
# python3 does, and sys.executable run with python's command line does what
# the README says (src/runtime/role.c).  Every run is bounded in processes
# (a cgroup's pids.max, which holds for root) and in time, so that a
# regression fails here instead of flooding the machine.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
APPS=$TOP/tests/apps

# build NAME BUILD-ARGS...
build() {
	local name=$1
	shift
	if "$SLITHER" build --toolchain "$TC" "$@" -o "$TMP/$name" 2>"$TMP/$name.build"; then
		ok "$name: builds"
	else
		not_ok "$name: builds"; sed 's/^/    /' "$TMP/$name.build"; done_testing
	fi
}

# guarded DESCRIPTION OUT MAXPROCS SECONDS CMD...: CMD, bounded, must exit 0
# without meeting the process limit; its stdout and stderr go to OUT
guarded() {
	local d=$1 out=$2 max=$3 secs=$4 rc
	shift 4
	bounded "$max" "$secs" "$@" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq 125 ]; then
		not_ok "$d: no process limit can be set here"; return 1
	elif [ "$BOUNDED_HIT" = 1 ] || [ "$rc" -ne 0 ]; then
		not_ok "$d (exit $rc$([ "$BOUNDED_HIT" = 1 ] && echo ", hit the limit of $max processes"))"
		tail -20 "$out" | sed 's/^/    /'; return 1
	fi
	return 0
}

build mpapp "$APPS/mpapp/main.py"
build mpapp-nosrc --no-source "$APPS/mpapp/main.py"
build argvapp "$APPS/argvapp/main.py"

# --- multiprocessing, every start method: what python3 prints -----------
guarded "python3.11 runs the multiprocessing app" "$TMP/mp.expected" 64 120 \
	"$STOCK_PYTHON" "$APPS/mpapp/main.py"
if [ "$(wc -l <"$TMP/mp.expected")" -lt 12 ]; then
	not_ok "python3.11's output of the multiprocessing app is complete"; cat "$TMP/mp.expected"
fi
for name in mpapp mpapp-nosrc; do
	if guarded "$name runs within 64 processes and 120 s" "$TMP/$name.out" 64 120 "$TMP/$name"; then
		if diff -u "$TMP/mp.expected" "$TMP/$name.out" >"$TMP/diff"; then
			ok "$name: fork, spawn, forkserver, ProcessPoolExecutor, SharedMemory and sys.executable -c print what python3.11 prints"
		else
			not_ok "$name: differs from python3.11"; sed 's/^/    /' "$TMP/diff"
		fi
	fi
done

# the processes it starts: as many, and started as python3's are (each
# worker runs the worker bootstrap: no process runs the app's main again)
count() { # TRACE: "execs forks"
	echo "$(grep -c 'execve(' "$1") $(grep -E '(clone|clone3|fork|vfork)\(' "$1" | grep -vc CLONE_THREAD)"
}
bounded 64 120 strace -f -qq -o "$TMP/stock.trace" -e trace=execve,clone,clone3,fork,vfork \
	"$STOCK_PYTHON" "$APPS/mpapp/main.py" >/dev/null 2>&1
bounded 64 120 strace -f -qq -o "$TMP/app.trace" -e trace=execve,clone,clone3,fork,vfork \
	"$TMP/mpapp" >/dev/null 2>&1
stock=$(count "$TMP/stock.trace") app=$(count "$TMP/app.trace")
if [ "$stock" = "$app" ] && [ "${app%% *}" -ge 10 ]; then
	ok "the app starts the processes python3.11 starts (execs and forks: $app)"
else
	not_ok "processes started (execs forks): python3.11 $stock, the app $app"
fi
# the app's main runs once: every other exec is a worker's or helper's
# command line (--multiprocessing-fork, or -c multiprocessing's bootstrap,
# or the app's own -c print(1 + 1))
others=$(grep 'execve(' "$TMP/app.trace" | grep -v -e '"--multiprocessing-fork"' \
	-e '"from multiprocessing\.' -e '"print(1 + 1)"' | wc -l)
check "only the first process runs the app's main (others exec'd: $((others - 1)))" test "$others" -eq 1

# alone in an empty chroot: no /proc, no /lib; /dev/shm, which every node
# has, for multiprocessing's semaphores and shared memory
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TMP/root/dev/shm"
	cp "$TMP/mpapp" "$TMP/root/app"
	if mount -t tmpfs slither-test "$TMP/root/dev/shm"; then
		if guarded "the app in an empty chroot" "$TMP/chroot.out" 64 120 \
			chroot "$TMP/root" /app; then
			if diff -u "$TMP/mp.expected" "$TMP/chroot.out" >"$TMP/diff"; then
				ok "in an empty chroot without /proc: the same output"
			else
				not_ok "in an empty chroot: differs"; sed 's/^/    /' "$TMP/diff"
			fi
		fi
		umount "$TMP/root/dev/shm"
	else
		not_ok "cannot mount a tmpfs for the chroot's /dev/shm"
	fi
else
	skip "the app in an empty chroot" "chroot needs root"
fi

# --- sys.executable with python's command line (README) -----------------
argv() { # MODE ARGS...: run the argv app from a shell, bounded
	local mode=$1
	shift
	(cd "$TMP" && MODE=$mode SCRIPT=$APPS/argvapp/main.py bounded 20 60 ./argvapp "$@") 2>&1 |
		sed "s|$APPS/argvapp/|APP/|g; s|$TMP/|TMP/|g"
}
expect() { # DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"; diff -u <(echo "$2") <(echo "$3") | sed 's/^/    /'
	fi
}
own="app argv ['-c', 'cfg.yaml'] frozen True"
expect "from a shell, -c is the app's own option (and sys.frozen is set)" "$own" "$(argv "" -c cfg.yaml)"
expect "the app restarting itself with its own arguments (subprocess) runs the app" \
	"$own
restart -> 0" "$(argv restart -c cfg.yaml)"
expect "the app restarting itself with its own arguments (os.execv) runs the app" \
	"$own" "$(argv exec -c cfg.yaml)"
expect "sys.executable with python's command line, from the app, runs what python3 runs" \
	"python command lines:
  ['-c', \"import sys; print('python', sys.argv, __name__)\"] -> exit 0: \"python ['-c'] __main__\"
  ['-S', '-c'] -> exit 0: '4'
  ['-m', 'helper'] -> exit 0: \"helper as __main__ ['x']\"
  ['APP/script.py', 'y'] -> exit 0: \"script ['y']\"
  ['--version'] -> exit 0: 'Python 3.11.2'
  ['-c', 'import wave'] -> exit 1: ''
  stderr:
    ModuleNotFoundError: No module named 'wave': it is not embedded in this executable (no built-in module 'wave'; no frozen module 'wave'; no module 'wave' in the embedded archive; no static extension 'wave'; no 'wave' in the current directory); to embed it, build with slither build --include wave, or --path DIR for the directory that holds it
    TMP/argvapp is an app built by slither, not a Python interpreter: it holds only the modules the app imports.  A full interpreter is built with \`slither build --interpreter\`." \
	"$(argv python)"
expect "spawn without sys.frozen (python's -c bootstrap) works" \
	"unfrozen spawn [0, 1, 4, 9]" "$(argv unfrozen)"

# an app that starts itself with its own Python-looking arguments every
# time: the third process in the chain stops with status 2
(cd "$TMP" && MODE=loop bounded 20 60 strace -f -qq -o "$TMP/loop.trace" -e trace=execve \
	./argvapp -c x) >"$TMP/loop.out" 2>&1
rc=$?
n=$(grep -c 'execve(' "$TMP/loop.trace")
if [ "$rc" -eq 3 ] && [ "$n" -eq 3 ] && grep -q "level 2 .*stopping here rather than loop" "$TMP/loop.out"; then
	ok "an app starting itself with the same arguments over and over stops at the third process, status 2"
else
	not_ok "the self-starting loop (exit $rc, $n processes)"; sed 's/^/    /' "$TMP/loop.out"
fi
done_testing
