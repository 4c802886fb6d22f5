"""Not in __all__: a star import does not embed it."""
