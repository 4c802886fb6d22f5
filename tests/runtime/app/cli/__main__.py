"""Run as `python3 -m cli`."""
import sys
from . import tool

print("cli main", __name__, __package__, sys.argv[1:])
tool.run(sys.argv[1:])
