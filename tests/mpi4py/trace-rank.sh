#!/bin/sh
# trace-rank.sh SYSCALLS DIR CMD...: run CMD, one rank of an MPI job, under
# strace, its threads included, writing DIR/trace.RANK (tests/t0570: the
# path look-ups of each rank apart).  The rank comes from the launcher:
# MPICH's hydra sets PMI_RANK, Open MPI's mpiexec OMPI_COMM_WORLD_RANK.
calls=$1 dir=$2
shift 2
rank=${PMI_RANK:-${OMPI_COMM_WORLD_RANK:-}}
if [ -z "$rank" ]; then
	echo "trace-rank.sh: no PMI_RANK or OMPI_COMM_WORLD_RANK: run it under mpiexec" >&2
	exit 2
fi
exec strace -f -qq -o "$dir/trace.$rank" -e trace="$calls" "$@"
