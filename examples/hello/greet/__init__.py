from .words import HELLO


def greeting(name):
    return f"{HELLO}, {name}, from one static executable"
