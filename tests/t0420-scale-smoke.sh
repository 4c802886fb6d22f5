#!/bin/bash
# bench/scale --smoke: N = 1, 2, 4, 8 processes started at once against
# the model metadata server (bench/scale/mdsfs.c, FUSE); asserts the
# server's counts, not times: stock python3.11 makes hundreds of metadata
# operations per rank, the slither binary a small constant (its exec, one
# module and one data file outside it) the same at every N, and under
# --mpi the run-time reads add nothing per rank (rank 0 reads; each rank
# only execs the binary); the counts are the same from run to run.  Then
# the bench, interrupted while mounted, leaves no mount, no server and no
# scratch directory behind.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "bench/scale --smoke" "mounting and chroot need root"
	done_testing
fi
if [ ! -e /dev/fuse ] || ! command -v fusermount3 >/dev/null || ! pkg-config --exists fuse3 2>/dev/null; then
	not_ok "bench/scale needs FUSE: /dev/fuse, fuse3 and libfuse3-dev (tools/install-deps)"
	done_testing
fi
if ! command -v mpiexec.hydra >/dev/null || ! pkg-config --exists mpich 2>/dev/null; then
	skip "bench/scale --smoke" "no MPICH (apt-get install mpich libmpich-dev pkg-config)"
	done_testing
fi
toolchain >/dev/null
mounted() { grep -c " /tmp/slither-scale\.[A-Za-z0-9]*/mnt fuse" /proc/mounts || true; }
mounts() { grep -o " /tmp/slither-scale\.[A-Za-z0-9]*/mnt fuse" /proc/mounts | cut -d' ' -f2; }
before=$(mounted) before_dirs=$(mounts)

t0=$(date +%s)
"$TOP/bench/scale/run" --smoke >"$TMP/smoke.out" 2>"$TMP/smoke.err"
rc=$?
secs=$(($(date +%s) - t0))
if [ "$rc" -eq 0 ]; then
	ok "bench/scale/run --smoke runs ($secs s)"
else
	not_ok "bench/scale/run --smoke runs (exit $rc)"
	tail -30 "$TMP/smoke.err" | sed 's/^/    /'
	done_testing
fi
sed 's/^/# /' "$TMP/smoke.out" | grep -E '^# (per-rank|unstable)'
# count KIND N NAME: a count of the run of N processes
count() {
	awk -v k="$1" -v n="$2" -v name="$3" '$1 == "counts" && $2 == k && $5 == n {
		for (i = 6; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) print kv[2] } }' "$TMP/smoke.out"
}
per_rank() { awk -v k="$1" '$1 == "per-rank" && $2 == k { print $5 }' "$TMP/smoke.out"; }
s1=$(count stock 1 metadata) l1=$(count slither 1 metadata) m1=$(count mpi 1 metadata)
if [ -z "$s1" ] || [ -z "$l1" ] || [ -z "$m1" ]; then
	not_ok "the smoke run prints the server's counts"; sed 's/^/    /' "$TMP/smoke.out"
	done_testing
fi
check "stock python3.11: hundreds of metadata operations per process ($s1)" test "$s1" -ge 300
check "the slither binary: a small constant per process ($l1: its exec, one module and one data file outside it)" \
	test "$l1" -le 30
# every count N times that of one process: all per rank, nothing per job
exact=1
for n in 2 4 8; do
	for name in lookup getattr readlink open release opendir readdir releasedir; do
		for kind in stock slither; do
			[ "$(count $kind $n $name)" = "$(($(count $kind 1 $name) * n))" ] ||
				{ exact=0; echo "# $kind N=$n: $name $(count $kind $n $name), N x $(count $kind 1 $name) expected"; }
		done
	done
done
check "stock and slither: N processes make exactly N times the look-ups, stats, opens, closes and listings of one" \
	test "$exact" = 1
# --mpi: each further rank adds only its exec of the binary (the look-ups
# of the path's three names in its copy of the tree, "I/bin/heavy-mpi",
# one open, one close): the run-time reads stay with rank 0
m_exec=1
for n in 2 4 8; do
	for name in lookup open release; do
		want=$(($(count mpi 1 $name) + (n - 1) * 1))
		[ "$name" = lookup ] && want=$(($(count mpi 1 $name) + (n - 1) * 3))
		[ "$(count mpi $n $name)" = "$want" ] ||
			{ m_exec=0; echo "# mpi N=$n: $name $(count mpi $n $name), $want expected"; }
	done
	if [ "$(count mpi "$n" opendir)" != "$(count mpi 1 opendir)" ] ||
		[ "$(count mpi "$n" readdir)" != "$(count mpi 1 readdir)" ]; then
		m_exec=0; echo "# mpi N=$n: listings $(count mpi "$n" opendir)/$(count mpi "$n" readdir)"
	fi
done
check "--mpi: a rank beyond the first adds its exec alone (3 look-ups, 1 open, 1 close), the reads and listings stay rank 0's" \
	test "$m_exec" = 1
check "... so per rank: stock $(per_rank stock), slither $(per_rank slither), --mpi $(per_rank mpi) (at most 5)" \
	awk -v m="$(per_rank mpi)" -v s="$(per_rank stock)" 'BEGIN { exit !(m <= 5 && s >= 300) }'
check "the counts the bench repeats are the same every run" grep -qx "unstable none" "$TMP/smoke.out"
check "no mount left behind" test "$(mounted)" = "$before"

# Interrupted while mounted: the trap unmounts, stops the server, kills the
# runs and removes its scratch directory
"$TOP/bench/scale/run" --smoke >"$TMP/int.out" 2>"$TMP/int.err" &
bench=$!
seen='' dir=''
for _ in $(seq 1200); do
	dir=$(mounts | grep -vxF "$before_dirs" | head -1)
	if [ -n "$dir" ]; then
		seen=1
		break
	fi
	kill -0 "$bench" 2>/dev/null || break
	sleep 0.1
done
sleep 0.5
kill -TERM "$bench" 2>/dev/null
wait "$bench"
rc=$?
check "the bench was mounted when interrupted" test -n "$seen"
check "... stops on TERM (exit $rc)" test "$rc" -eq 143
check "... and leaves no mount behind" test "$(mounted)" = "$before"
if [ -n "$dir" ]; then
	left=$(pgrep -af "${dir%/mnt}" || true)
	check "... no process of its own${left:+ (left: $left)}" test -z "$left"
	check "... and no scratch directory" test ! -e "${dir%/mnt}"
fi
done_testing
