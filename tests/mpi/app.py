# The app of tests/t0700-mpi.sh and tests/t0710-slurm.sh: each rank says
# what it is (minimpi, the fixture extension calling MPI, and slither's own
# view), then a broadcast and a reduction; with an argument, rank 1 exits
# with that status (t0710: the job's exit status).
import sys
import minimpi
import slither
minimpi.check_at_exit()
r, n = minimpi.rank(), minimpi.size()
sys.stdout.write("rank %d/%d initialized=%s owner=%s slither=%d/%d\n" % (
    r, n, minimpi.initialized(), minimpi.owner(), slither.rank, slither.size))
sys.stdout.write("bcast %r sum %d\n" % (minimpi.bcast(b"from 0" if r == 0 else None),
                                        minimpi.allreduce_sum(r + 1)))
sys.stdout.flush()
if len(sys.argv) > 1:  # rank 1's exit status
    sys.exit(int(sys.argv[1]) if r == 1 else 0)
