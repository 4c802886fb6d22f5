"""Plugins loaded by a computed name: the package is embedded whole, but
for its build scripts."""
import importlib


def load(name):
    return importlib.import_module(__name__ + "." + name)
