from alpha._speedups import which
