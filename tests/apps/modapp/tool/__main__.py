import sys

from . import VERSION
from .helper import shout

print("name", __name__, "spec", __spec__.name, "package", __package__)
print("argv", sys.argv[1:])
print(shout("tool " + VERSION))
sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 0)
