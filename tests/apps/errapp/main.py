"""Exit codes, SystemExit with a message, uncaught exceptions with tracebacks."""
import sys

import failing

mode = sys.argv[1] if len(sys.argv) > 1 else ""
print("mode", mode, flush=True)
if mode == "exit3":
    sys.exit(3)
if mode == "exitmsg":
    sys.exit("fatal: bad input")
if mode == "raise":
    failing.explode(7)
if mode == "kbd":
    raise KeyboardInterrupt
print("stderr line", file=sys.stderr)
