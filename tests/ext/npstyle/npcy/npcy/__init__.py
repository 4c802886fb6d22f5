"""npcy: a Cython extension generated in a subprocess of its build."""
