"""Reached only through a plugin: its own computed import does not count."""
NAME = "uses otherpkg"


def load(name):
    return __import__(name)
