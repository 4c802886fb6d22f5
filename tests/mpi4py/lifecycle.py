"""mpi4py's configuration and MPI's life cycle as a program sees them
(tests/t0570-mpi4py.sh): run by a slither --mpi binary and by python3.11
with Debian's mpi4py, each rank prints the same lines.  With the argument
"finalize" the program finalises MPI itself, then goes on importing and
reading files, as it may once MPI is gone."""
import atexit
import sys

import mpi4py

rc = mpi4py.rc
LEVELS = {}


def out(*words):
    sys.stdout.write("rank %d: %s\n" % (RANK, " ".join(str(w) for w in words)))
    sys.stdout.flush()


RANK = 0
before = (rc.initialize, rc.threads, rc.thread_level, rc.finalize)
from mpi4py import MPI  # noqa: E402

comm = MPI.COMM_WORLD
RANK = comm.Get_rank()
LEVELS.update({MPI.THREAD_SINGLE: "single", MPI.THREAD_FUNNELED: "funneled",
               MPI.THREAD_SERIALIZED: "serialized", MPI.THREAD_MULTIPLE: "multiple"})
out("rc", "initialize=%s threads=%s thread_level=%s finalize=%s" % before)
out("rc after import", rc.initialize, rc.threads, rc.thread_level, rc.finalize, repr(rc))
out("Is_initialized", MPI.Is_initialized(), "Is_finalized", MPI.Is_finalized())
out("Query_thread", LEVELS[MPI.Query_thread()], "Is_thread_main", MPI.Is_thread_main())
out("size", comm.Get_size(), "allreduce", comm.allreduce(RANK + 1))
out("errhandler is ERRORS_RETURN",
    comm.Get_errhandler() == MPI.ERRORS_RETURN)
try:
    comm.Send(b"x", dest=comm.Get_size() + 5)
except MPI.Exception as e:
    out("bad send raises", type(e).__name__, MPI.Get_error_class(e.Get_error_code()) == MPI.ERR_RANK)


def at_exit():
    out("atexit Is_finalized", MPI.Is_finalized())
    if not MPI.Is_finalized():
        out("atexit allreduce", comm.allreduce(1))


atexit.register(at_exit)
if sys.argv[1:] == ["finalize"]:
    comm.Barrier()
    MPI.Finalize()
    out("after Finalize: Is_finalized", MPI.Is_finalized(), "Is_initialized", MPI.Is_initialized())
    import lifecycle_late  # noqa: E402,F401  (a module from disk, after MPI is gone)
    out("late import", lifecycle_late.VALUE)
out("end")
