"""bench/numpy: start-up of `import numpy` and nothing else."""
import numpy  # noqa: F401
