import importlib


def get_format(name):
    return importlib.import_module("." + name, __package__)
