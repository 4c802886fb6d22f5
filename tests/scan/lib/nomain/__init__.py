"""A package without __main__: --module nomain must fail."""
