import sys


def load_extra(name):
    __import__(name)
    return sys.modules[name]
