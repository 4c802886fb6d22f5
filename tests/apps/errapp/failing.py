def explode(n):
    return helper(n)


def helper(n):
    raise ValueError(f"exploded with {n}")
