#!/bin/bash
# MPI builds (slither build --mpi): MPICH linked statically; MPI started
# before the interpreter under a launcher and finalised once, a C extension
# calling MPI itself (tests/mpi/minimpi, an mpi4py stand-in); without a
# launcher one plain process; the collective loader: under strace, only
# rank 0 looks up and reads the script, the modules outside the binary and
# the data files, and ranks 1-3 (with their threads) make no path call at
# all outside /proc, /sys and /dev: neither for the app nor in the MPI stack
# (UCX's ucx.conf search, hwloc's udev data); a missing file, a denied one
# and divergent imports fail every rank with the same message, within a
# time bound.  All of it on CPython 3.11 (the default toolchain), then again
# on 3.13 (lib.sh's also_on).
. "$(dirname "$0")/lib.sh"
also_on 3.13

MPIEXEC=$(command -v mpiexec.hydra || command -v mpiexec.mpich || true)
if [ -z "$MPIEXEC" ] || ! pkg-config --exists mpich 2>/dev/null; then
	skip "MPI builds" "no MPICH (apt-get install mpich libmpich-dev pkg-config)"
	done_testing
fi
TC=$(toolchain)
chmod 755 "$TMP"
cd "$TMP" || exit 1
# mpirun N ARGS...: a job of N ranks, each line labelled [rank], bounded
mpirun() { n=$1; shift; timeout 120 "$MPIEXEC" -l -n "$n" "$@"; }

# --- the link, MPI's life cycle, an extension calling MPI ---------------
cp -R "$TOP/tests/mpi/minimpi" minimpi-src
if "$SLITHER" pip --toolchain "$TC" install --no-index --no-build-isolation --target site \
	./minimpi-src >pip.out 2>&1; then
	ok "slither pip builds the MPI fixture extension"
else
	not_ok "slither pip builds the MPI fixture extension"; sed 's/^/    /' pip.out
	done_testing
fi
cp "$TOP/tests/mpi/app.py" app.py
expect_fail "an extension calling MPI needs --mpi" \
	"the C extension 'minimpi' calls MPI \(it links -lmpich\); build with --mpi" \
	"$SLITHER" build --toolchain "$TC" --path site app.py -o nompi
if "$SLITHER" build --toolchain "$TC" --mpi --path site app.py -o app >build.out 2>&1; then
	ok "slither build --mpi links MPICH statically"
else
	not_ok "slither build --mpi links MPICH statically"; tail -20 build.out | sed 's/^/    /'
	done_testing
fi
file app >file.out
check "... into a static executable" grep -q "statically linked" file.out
mpirun 4 ./app >job.out 2>&1
rc=$?
check "a job of 4 ranks runs (exit $rc)" test "$rc" -eq 0
for r in 0 1 2 3; do
	check "rank $r: MPI initialised by the binary before the extension, 4 ranks" \
		grep -qx "\[$r\] rank $r/4 initialized=True owner=False slither=$r/4" job.out
	check "rank $r: the extension's broadcast and reduction" \
		grep -qx "\[$r\] bcast b'from 0' sum 10" job.out
	check "rank $r: MPI finalised once, by the binary, at exit" \
		grep -qx "\[$r\] minimpi: finalized at exit: 1" job.out
done
check "no MPI error" test "$(grep -ci 'error\|abort' job.out)" -eq 0 ||
	sed 's/^/    /' job.out
timeout 60 ./app >alone.out 2>&1
rc=$?
check "without a launcher, one process (exit $rc)" test "$rc" -eq 0
check "... which did not start MPI itself: the extension did, as mpi4py would" \
	grep -qx "rank 0/1 initialized=True owner=True slither=0/1" alone.out

# --- an extension built the way mpi4py builds: with mpicc ---------------
cp -R "$TOP/tests/mpi/minimpi-mpicc" mpicc-src
cp "$TOP/tests/mpi/minimpi/minimpi.c" mpicc-src/
if "$SLITHER" pip --toolchain "$TC" --mpi --no-cache install --no-index --no-build-isolation -v \
	--target site-mpicc ./mpicc-src >pip-mpicc.out 2>&1; then
	ok "slither pip --mpi builds an extension with \$MPICC as compiler and linker"
else
	not_ok "slither pip --mpi builds an extension with \$MPICC as compiler and linker"
	grep -v '^  ' pip-mpicc.out | tail -20 | sed 's/^/    /'
fi
check "... through the MPI wrapper, which linked a configure test program" \
	grep -q "slither-mpicc .*conftest.o -o " pip-mpicc.out
check "... and whose -show names the shim, MPICH's headers and -lmpich" grep -q \
	"minimpi-mpicc: mpicc -show: /.*/slither-cc -I/[^ ]*mpich[^ ]* -lmpich$" pip-mpicc.out
expect_fail "the mpicc-built extension calls MPI: it needs --mpi" \
	"the C extension 'minimpi' calls MPI \(it links -lmpich\); build with --mpi" \
	"$SLITHER" build --toolchain "$TC" --path site-mpicc app.py -o nompi
if "$SLITHER" build --toolchain "$TC" --mpi --path site-mpicc app.py -o app-mpicc \
	>build-mpicc.out 2>&1; then
	mpirun 4 ./app-mpicc >job-mpicc.out 2>&1
	rc=$?
	check "its job of 4 ranks runs (exit $rc)" test "$rc" -eq 0
	check "... every rank's broadcast and reduction" \
		test "$(grep -c "^\[[0-3]\] bcast b'from 0' sum 10$" job-mpicc.out)" -eq 4 ||
		sed 's/^/    /' job-mpicc.out
else
	not_ok "slither build --mpi with the mpicc-built extension"
	tail -20 build-mpicc.out | sed 's/^/    /'
fi
ln -s "$SLITHER" slither-mpicc
expect_fail "slither-mpicc outside 'slither pip --mpi': an error naming the fix" \
	"slither-mpicc is an MPI compiler wrapper for 'slither pip --mpi'; run the build with that" \
	./slither-mpicc -c x.c

# --- the collective loader --------------------------------------------
if "$SLITHER" build --toolchain "$TC" --mpi --interpreter -o python >ibuild.out 2>&1; then
	ok "slither build --interpreter --mpi"
else
	not_ok "slither build --interpreter --mpi"; tail -20 ibuild.out | sed 's/^/    /'
	done_testing
fi
mkdir -p proj plug plug/nspkg
cat >proj/main.py <<'PY'
import os, sys
import slither
import plugmod, sibling, nspkg.part
data = slither.read_bytes(sys.argv[1])
with slither.open(sys.argv[2]) as f:
    text = f.read()
sys.stdout.write("rank %d pid %d: %s %s %s %d %r %s\n" % (
    slither.rank, os.getpid(), plugmod.VALUE, sibling.VALUE, nspkg.part.VALUE, len(data),
    text, __file__))
sys.stdout.flush()
PY
echo 'VALUE = "plugin"' >plug/plugmod.py
echo 'VALUE = "nspart"' >plug/nspkg/part.py
echo 'VALUE = "sibling"' >proj/sibling.py
# 10 MB: broadcast in 3 blocks
head -c 10000000 /dev/zero | tr '\0' x >big.dat
printf 'some text\n' >small.txt
# clone too: a rank's threads trace to files of their own (tids below)
strace -ff -o tr -e trace="$SYSCALLS,clone,clone3" env SLITHER_PATH="$TMP/plug" \
	timeout 120 "$MPIEXEC" -l -n 4 ./python proj/main.py big.dat small.txt >load.out 2>&1
rc=$?
check "the job loads its script, modules and data (exit $rc)" test "$rc" -eq 0
for r in 0 1 2 3; do
	check "rank $r sees the bytes rank 0 read" grep -q \
		"^\[$r\] rank $r pid [0-9]*: plugin sibling nspart 10000000 'some text\\\\n' $TMP/proj/main.py$" \
		load.out
done
# tids PID: PID and the threads and processes it started, and theirs
tids() {
	local queue="$1" next t
	while [ -n "$queue" ]; do
		next=""
		for t in $queue; do
			echo "$t"
			next="$next $(sed -n 's/^clone.* = \([0-9][0-9]*\)$/\1/p' "tr.$t" 2>/dev/null)"
		done
		queue=$next
	done
}
files="proj/main.py|proj/sibling|plug/plugmod|plug/nspkg|big.dat|small.txt"
for r in 0 1 2 3; do
	pid=$(sed -n "s/^\[$r\] rank $r pid \([0-9]*\):.*/\1/p" load.out)
	if [ -z "$pid" ] || [ ! -f "tr.$pid" ]; then
		not_ok "rank $r's trace"
		continue
	fi
	: >"calls.$r"
	for t in $(tids "$pid"); do
		path_calls "tr.$t" >>"calls.$r"
	done
	grep -Ev '"/(proc|sys|dev)/' "calls.$r" >"files.$r"
	n=$(wc -l <"files.$r")
	if [ "$r" = 0 ]; then
		check "rank 0 looks up and reads the script, the modules and the data ($n calls)" \
			test "$(grep -cE "$TMP/($files)" "files.$r")" -ge 6
	else
		check "rank $r makes no path call outside /proc, /sys, /dev ($n calls)" \
			test "$n" -eq 0 || sed 's/^/    /' "files.$r"
	fi
done

# errors: the same on every rank, no hang
cat >proj/errors.py <<'PY'
import sys, slither
try:
    slither.read_bytes(sys.argv[1])
except OSError as e:
    sys.stdout.write("rank %d: %s: %s\n" % (slither.rank, type(e).__name__, e))
PY
mpirun 4 ./python proj/errors.py "$TMP/no-such-file" >missing.out 2>&1
check "a missing file: FileNotFoundError on every rank" test "$(grep -c \
	"rank [0-3]: FileNotFoundError: \[Errno 2\] No such file or directory: '$TMP/no-such-file'$" \
	missing.out)" -eq 4 || sed 's/^/    /' missing.out
mpirun 4 ./python proj/no-script.py >noscript.out 2>&1
rc=$?
check "a missing script: python's message on every rank (exit $rc)" test "$(grep -c \
	"can't open file '$TMP/proj/no-script.py': \[Errno 2\] No such file or directory" \
	noscript.out)" -eq 4
printf 'secret\n' >secret.txt
chmod 000 secret.txt
if [ "$(id -u)" = 0 ]; then
	asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	asuser=""
fi
$asuser timeout 120 "$MPIEXEC" -l -n 4 ./python proj/errors.py "$TMP/secret.txt" >denied.out 2>&1
check "permission denied: PermissionError on every rank" test "$(grep -c \
	"rank [0-3]: PermissionError: \[Errno 13\] Permission denied: '$TMP/secret.txt'$" \
	denied.out)" -eq 4 || sed 's/^/    /' denied.out
echo 'VALUE = "a"' >plug/mod_a.py
echo 'VALUE = "b"' >plug/mod_b.py
cat >proj/diverge.py <<'PY'
import slither
if slither.rank == 2:
    import mod_b
else:
    import mod_a
print("not reached")
PY
SLITHER_PATH="$TMP/plug" mpirun 4 ./python proj/diverge.py >diverge.out 2>&1
rc=$?
check "divergent imports fail the job (exit $rc, not a timeout)" \
	test "$rc" -ne 0 -a "$rc" -ne 124
check "... with the same message on every rank, naming both modules" test "$(grep -c \
	"RuntimeError: MPI ranks diverged: rank 0 reads 'find $TMP/proj/mod_a' but rank 2 reads 'find $TMP/proj/mod_b'" \
	diverge.out)" -eq 4 || sed 's/^/    /' diverge.out
check "... and none goes on" test "$(grep -c 'not reached' diverge.out)" -eq 0

# --- multiprocessing in a job: its processes are not ranks --------------
# A spawn worker inherits the launcher's variables but must not start MPI
# as a rank of its own; a process forked from a rank reads files alone
# (a collective read there would wait for ranks that never come).
cat >mp.py <<'PY'
import multiprocessing as mp
import sys
import slither

def work(x):
    return x * x, slither.rank, slither.size

def forked_read(path):
    return len(slither.read_bytes(path))

if __name__ == "__main__":
    import minimpi
    r = minimpi.rank()
    with mp.get_context("spawn").Pool(2) as pool:
        spawned = pool.map(work, range(3))
    with mp.get_context("fork").Pool(2) as pool:
        forked = pool.map(forked_read, [sys.argv[1]] * 2)
    sys.stdout.write("rank %d spawn %s fork %s sum %d\n" % (
        r, spawned, forked, minimpi.allreduce_sum(r + 1)))
    sys.stdout.flush()
PY
if "$SLITHER" build --toolchain "$TC" --mpi --path site mp.py -o mpapp >mpbuild.out 2>&1; then
	bounded 100 120 "$MPIEXEC" -l -n 2 ./mpapp small.txt >mp.out 2>&1
	rc=$?
	for r in 0 1; do
		check "rank $r of 2: spawn workers are no ranks, forked ones read alone (exit $rc)" grep -q \
			"^\[$r\] rank $r spawn \[(0, 0, 1), (1, 0, 1), (4, 0, 1)\] fork \[10, 10\] sum 3" mp.out ||
			sed 's/^/    /' mp.out
	done
else
	not_ok "slither build --mpi of a multiprocessing app"; tail -20 mpbuild.out | sed 's/^/    /'
fi

# the same binary alone: plain local reads
timeout 60 env SLITHER_PATH="$TMP/plug" ./python proj/main.py big.dat small.txt >one.out 2>&1
check "the --mpi interpreter without a launcher runs as one process" grep -q \
	"^rank 0 pid [0-9]*: plugin sibling nspart 10000000 'some text\\\\n' $TMP/proj/main.py$" one.out
done_testing
