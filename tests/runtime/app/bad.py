"""A module that fails while being imported."""
X = 1


def helper():
    raise ValueError("bad module: " + str(X))


helper()
