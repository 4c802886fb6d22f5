import textwrap


def describe():
    return textwrap.shorten("beta plugin, with a long description", 20)
