from beta._speedups import which
