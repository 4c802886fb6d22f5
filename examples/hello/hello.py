"""A small app for the quick start: a package, the stdlib, and argv."""
import json
import sys

from greet import greeting

if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "HPC"
    print(greeting(name))
    print(json.dumps({"python": sys.version.split()[0], "modules": len(sys.modules)}))
