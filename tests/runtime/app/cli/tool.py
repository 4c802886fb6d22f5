import sys


def run(args):
    if args and args[0] == "fail":
        raise LookupError("tool failed")
    if args and args[0] == "exit":
        sys.exit(int(args[1]))
    if args and args[0] == "kbi":
        raise KeyboardInterrupt
