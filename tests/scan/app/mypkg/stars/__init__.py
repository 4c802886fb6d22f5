__all__ = ["alpha", "beta", "NAME"]
NAME = 1
