"""bench/tree: reads the data files beside it (see __main__)."""
