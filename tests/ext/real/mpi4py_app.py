"""The MPI app of tests/t0570-mpi4py.sh: mpi4py with numpy buffers, as an
HPC code uses them; every rank prints one line."""
import sys

import numpy as np
from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
local = np.arange(4, dtype=np.float64) * (rank + 1)
total = np.empty_like(local)
comm.Allreduce(local, total, op=MPI.SUM)
ints = np.array([rank], dtype=np.int64)
biggest = np.empty_like(ints)
comm.Allreduce(ints, biggest, op=MPI.MAX)
data = comm.bcast({"from": 0, "list": [1, 2, 3], "array": np.eye(2)} if rank == 0 else None,
                  root=0)
gathered = comm.gather(rank * rank, root=0)
comm.Barrier()
name = MPI.Get_processor_name()
sys.stdout.write("rank %d/%d allreduce %s max %d bcast %s %s gather %s name %s init %s\n" % (
    rank, size, total.tolist(), biggest[0], data["list"], data["array"].tolist(),
    gathered, bool(name), MPI.Is_initialized()))
sys.stdout.flush()
