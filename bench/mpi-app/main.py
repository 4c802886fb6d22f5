# The app bench/mpi starts N times: an import-heavy start, one module found
# outside the binary (SLITHER_PATH or PYTHONPATH) and one data file.
import sys
import json, decimal, argparse, logging, email.message, http.client, xml.etree.ElementTree
if sys.prefix != "/slither":
    from mpi4py import MPI  # stock python: MPI initialised as mpi4py apps do
try:
    from slither import read_bytes  # an --mpi build: rank 0 reads
except ImportError:
    def read_bytes(path):
        with open(path, "rb") as f:
            return f.read()
import plugin
assert len(read_bytes(sys.argv[1])) == plugin.SIZE
