#!/bin/bash
# Slurm's srun, as centres launch jobs: a single-node Slurm cluster from
# Debian's packages (munged, slurmctld, slurmd as root, configuration,
# state, sockets and logs in $TMP, ports on localhost only), started for
# this test and stopped afterwards, even on failure (a trap, and the whole
# test runs under lib.sh's `bounded`, whose cgroup takes every process the
# daemons started).  Under `srun -n 4 --mpi=pmi2` an --mpi binary finds
# the job as under mpiexec (rank detection from srun's PMI_* variables,
# MPI started and finalised once, the extension's collectives); the
# collective loader: under strace, ranks 1-3 make no path call outside
# /proc, /sys and /dev while rank 0 reads the script, modules and data;
# the job's exit status is mpiexec's.  Each other type `srun --mpi=list`
# names is run and what happens is said: none (the tasks are independent
# processes, and the binary says so once), pmix and cray_shasta (PMIs
# Debian's MPICH does not speak).  A binary without --mpi under srun -n 4:
# four independent processes.
. "$(dirname "$0")/lib.sh"

need="slurmctld slurmd srun sinfo munged munge"
for p in $need; do
	if ! command -v "$p" >/dev/null && [ ! -x "/usr/sbin/$p" ]; then
		skip "Slurm" "no $p (apt-get install slurmctld slurmd slurm-client munge)"
		done_testing
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	skip "Slurm" "slurmd starts job steps as their users and needs root"
	done_testing
fi
MPIEXEC=$(command -v mpiexec.hydra || command -v mpiexec.mpich || true)
if [ -z "$MPIEXEC" ] || ! pkg-config --exists mpich 2>/dev/null; then
	skip "Slurm" "no MPICH to compare with (apt-get install mpich libmpich-dev pkg-config)"
	done_testing
fi
if [ -z "${SLITHER_SLURM_INSIDE:-}" ]; then
	TC=$(toolchain)
	# everything the test and the daemons start, in one bounded cgroup
	SLITHER_SLURM_INSIDE=1 TC=$TC bounded 800 900 bash "$0" "$@"
	rc=$?
	if [ "$rc" -eq 125 ]; then
		SLITHER_SLURM_INSIDE=1 TC=$TC timeout -k 5 900 bash "$0" "$@"
		rc=$?
	fi
	[ "$rc" -eq 124 ] && echo "not ok - the Slurm test ran out of time (900 s)"
	exit $rc
fi
PATH=$PATH:/usr/sbin
chmod 755 "$TMP"
cd "$TMP" || exit 1

# --- the binaries (before the cluster: builds take the CPUs) ------------
cp -R "$TOP/tests/mpi/minimpi" minimpi-src
"$SLITHER" pip --toolchain "$TC" install --no-index --no-build-isolation --target site \
	./minimpi-src >pip.out 2>&1 || { not_ok "slither pip of the MPI fixture"; tail pip.out; done_testing; }
cp "$TOP/tests/mpi/app.py" app.py
cat >plain.py <<'PY'
import os, sys
with open(sys.argv[1], "rb") as f:
    n = len(f.read())
print("task %s pid %d read %d bytes" % (os.environ.get("SLURM_PROCID"), os.getpid(), n))
PY
mkdir -p proj plug
cat >proj/main.py <<'PY'
import os, sys
import slither
import plugmod, sibling
data = slither.read_bytes(sys.argv[1])
sys.stdout.write("rank %d/%d pid %d: %s %s %d\n" % (
    slither.rank, slither.size, os.getpid(), plugmod.VALUE, sibling.VALUE, len(data)))
PY
echo 'VALUE = "plugin"' >plug/plugmod.py
echo 'VALUE = "sibling"' >proj/sibling.py
head -c 5000000 /dev/zero | tr '\0' x >big.dat
for b in "app:--mpi --path site app.py" "plain:plain.py" "python:--mpi --interpreter"; do
	out=${b%%:*}
	# shellcheck disable=SC2086
	if ! "$SLITHER" build --toolchain "$TC" ${b#*:} -o "$out" >"build-$out.out" 2>&1; then
		not_ok "slither build ${b#*:}"; tail -20 "build-$out.out" | sed 's/^/    /'
		done_testing
	fi
done
ok "the binaries: an --mpi app with an MPI extension, a plain one, an --mpi interpreter"

# --- a single-node cluster on localhost ----------------------------------
# two free ports, above the ephemeral range's usual start
port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 12000))
		ss -ltn | grep -q ":$p " || { echo "$p"; return; }
	done
}
CTLD_PORT=$(port)
SLURMD_PORT=$(port)
while [ "$SLURMD_PORT" = "$CTLD_PORT" ]; do SLURMD_PORT=$(port); done
S=$TMP/slurm
mkdir -p "$S/munge-key" "$S/munge" "$S/state" "$S/spool" "$S/log"
chmod 700 "$S/munge-key"
head -c 1024 /dev/urandom >"$S/munge-key/key"
chmod 400 "$S/munge-key/key"
NODE=$(hostname -s)
CPUS=4
cat >"$S/slurm.conf" <<EOF
# a single-node cluster for tests/t0710-slurm.sh, on localhost only
ClusterName=slithertest
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
AuthInfo=socket=$S/munge/sock
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmdParameters=config_overrides
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=test Nodes=$NODE Default=YES MaxTime=10 State=UP
EOF
export SLURM_CONF=$S/slurm.conf
stop_cluster() {
	local f pid i
	for f in "$S/slurmd.pid" "$S/slurmctld.pid" "$S/munge/pid"; do
		pid=$(cat "$f" 2>/dev/null) || continue
		kill "$pid" 2>/dev/null
		for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$pid" 2>/dev/null
	done
}
trap 'stop_cluster; rm -rf "$TMP"' EXIT
started=0
if munged -f --socket="$S/munge/sock" --key-file="$S/munge-key/key" --pid-file="$S/munge/pid" \
	--log-file="$S/log/munged.log" --seed-file="$S/munge/seed" >"$S/log/start.out" 2>&1 &&
	slurmctld -f "$S/slurm.conf" >>"$S/log/start.out" 2>&1 &&
	slurmd -f "$S/slurm.conf" >>"$S/log/start.out" 2>&1; then
	for i in $(seq 60); do
		[ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && { started=1; break; }
		sleep 0.5
	done
fi
if [ "$started" != 1 ]; then
	not_ok "a single-node Slurm cluster starts (node $NODE, ports $CTLD_PORT, $SLURMD_PORT)"
	cat "$S/log/start.out" "$S/log/"*.log 2>/dev/null | tail -20 | sed 's/^/    /'
	done_testing
fi
ok "a single-node Slurm cluster starts ($(slurmctld -V), node $NODE idle)"
# srun_ ARGS...: a job step of this test's cluster, bounded; -O: 4 tasks on 2 CPUs
srun_() { timeout -k 5 120 srun -O "$@"; }
srun_ --mpi=list >mpilist.out 2>&1
MPI_TYPES=$(grep -E '^\s+[a-z_0-9]+$' mpilist.out | tr -d ' \t' | sort -u | tr '\n' ' ')
echo "# srun --mpi=list: $MPI_TYPES"

# --- --mpi=pmi2: the job as under mpiexec ----------------------------------
srun_ -l -n 4 --mpi=pmi2 env >env.out 2>&1
pmivars=$(sed -n 's/^0: \(PMI[A-Z_]*\)=.*/\1/p' env.out | sort | tr '\n' ' ')
check "srun --mpi=pmi2 gives each task PMI_FD, PMI_RANK, PMI_SIZE ($pmivars), which the binary looks for" \
	bash -c "[ \$(grep -cE '^[0-3]: PMI_(FD|RANK|SIZE)=' env.out) -eq 12 ]"
srun_ -l -n 4 --mpi=pmi2 ./app >job.out 2>&1
rc=$?
check "srun -n 4 --mpi=pmi2 runs the --mpi app (exit $rc)" test "$rc" -eq 0
for r in 0 1 2 3; do
	check "task $r: rank $r of 4, MPI started by the binary, the extension's bcast and sum, finalised once" \
		bash -c "grep -qx '$r: rank $r/4 initialized=True owner=False slither=$r/4' job.out &&
			grep -qx \"$r: bcast b'from 0' sum 10\" job.out &&
			grep -qx '$r: minimpi: finalized at exit: 1' job.out"
done
check "... no error, no warning" test "$(grep -ci 'error\|abort\|slither:' job.out)" -eq 0
[ "$rc" -eq 0 ] && [ "$(grep -ci 'error\|abort\|slither:' job.out)" -eq 0 ] || sed 's/^/    /' job.out
timeout 120 "$MPIEXEC" -n 4 ./app 5 >exit-mpiexec.out 2>&1
rc_mpiexec=$?
srun_ -n 4 --mpi=pmi2 ./app 5 >exit-srun.out 2>&1
rc_srun=$?
check "the job's exit status when rank 1 exits with 5: srun $rc_srun, mpiexec $rc_mpiexec" \
	test "$rc_srun" -eq 5 -a "$rc_mpiexec" -eq 5

# the collective loader, each task under strace (clone: its threads too)
srun_ -l -n 4 --mpi=pmi2 env SLITHER_PATH="$TMP/plug" sh -c \
	'exec strace -ff -o "tr.$SLURM_PROCID" -e trace='"$SYSCALLS"',clone,clone3 ./python proj/main.py big.dat' \
	>load.out 2>&1
rc=$?
check "the --mpi interpreter loads its script, a plugin and data under srun (exit $rc)" test "$rc" -eq 0
files="proj/main.py|proj/sibling|plug/plugmod|big.dat"
for r in 0 1 2 3; do
	check "rank $r has the modules and the bytes rank 0 read" \
		grep -q "^$r: rank $r/4 pid [0-9]*: plugin sibling 5000000$" load.out
	cat tr."$r".* 2>/dev/null >"trace.$r"
	check "... its trace ($(cat tr."$r".* 2>/dev/null | wc -l) calls, $(ls tr."$r".* 2>/dev/null | wc -l) threads)" \
		test -s "trace.$r"
	path_calls "trace.$r" | grep -Ev '"/(proc|sys|dev)/' >"files.$r"
	n=$(wc -l <"files.$r")
	if [ "$r" = 0 ]; then
		check "rank 0 looks up and reads the script, the modules and the data ($n calls)" \
			test "$(grep -cE "$TMP/($files)" "files.$r")" -ge 4
	else
		check "rank $r makes no path call outside /proc, /sys, /dev ($n calls)" test "$n" -eq 0
		head -5 "files.$r" | sed 's/^/    /'
	fi
done

# sbcast: the one file copied to node-local storage before the job starts
mkdir -p "$TMP/node-local"
srun_ -l -n 4 --mpi=pmi2 --bcast="$TMP/node-local/app" ./app >bcast.out 2>&1
rc=$?
check "srun --bcast (sbcast) copies the binary to the node, and the job runs the copy (exit $rc)" \
	test "$rc" -eq 0 -a "$(grep -c "^[0-3]: bcast b'from 0' sum 10$" bcast.out)" -eq 4
check "... a byte-identical copy" cmp -s app "$TMP/node-local/app"

# --- a binary without --mpi: independent processes -------------------------
srun_ -n 4 --mpi=pmi2 ./plain big.dat >plain.out 2>&1
rc=$?
check "a binary without --mpi under srun -n 4 (exit $rc): four tasks" \
	test "$(sed -n 's/^task \([0-3]\) pid [0-9]* read 5000000 bytes$/\1/p' plain.out | sort -u | wc -l)" -eq 4
check "... four processes, each reading the file itself" \
	test "$(sed -n 's/^task [0-3] pid \([0-9]*\) read 5000000 bytes$/\1/p' plain.out | sort -u | wc -l)" -eq 4

# --- the other types srun --mpi=list names --------------------------------
for t in $MPI_TYPES; do
	case $t in
	pmi2) ;;
	none)
		srun_ -l -n 4 --mpi=none ./app >none.out 2>&1
		rc=$?
		check "--mpi=none: no PMI, so each of the 4 tasks is a job of its own (exit $rc)" \
			test "$(grep -c '^[0-3]: rank 0/1 initialized=True owner=True slither=0/1$' none.out)" -eq 4
		check "... and task 0 says so, once, naming srun --mpi=pmi2" test "$(grep -c \
			"slither: srun started 4 tasks, but they are not one MPI job (no PMI it speaks: srun --mpi=none?): each runs alone; this binary's MPICH speaks PMI-1, which 'srun --mpi=pmi2' gives it" \
			none.out)" -eq 1
		grep -q 'srun started 4 tasks' none.out || sed 's/^/    /' none.out
		;;
	*)
		srun_ -l -n 2 --mpi="$t" ./app >"$t.out" 2>&1
		rc=$?
		case $t in
		pmix*) why="Debian's MPICH is built for PMI-1 only, with no PMIx client: MPI_Init in a task finds no PMI it speaks" ;;
		cray_shasta) why="it gives HPE Cray's PALS (PALS_* variables), which only Cray MPICH speaks" ;;
		*) why="not a PMI Debian's MPICH speaks" ;;
		esac
		if [ "$rc" -ne 0 ]; then
			skip "srun --mpi=$t cannot work with this MPICH: $why" \
				"srun fails: $(grep -m1 -o 'error: .*' "$t.out" | head -c 100)"
		else
			skip "srun --mpi=$t cannot work with this MPICH: $why" "each task runs alone"
			check "... --mpi=$t: each task a job of one (exit $rc), and task 0 says so, once" \
				test "$(grep -c '^[01]: rank 0/1 initialized=True' "$t.out")" -eq 2 -a \
				"$(grep -c "srun started 2 tasks, but they are not one MPI job" "$t.out")" -eq 1
			grep -q "srun started 2 tasks" "$t.out" || sed 's/^/    /' "$t.out"
		fi
		;;
	esac
done
done_testing
