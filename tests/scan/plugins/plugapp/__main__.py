import sys

from plugapp import loader
from plugapp.extras import load_extra
from plugapp.formats import get_format

for arg in sys.argv[1:]:
    kind, _, name = arg.partition(":")
    try:
        if kind in ("plugin", "why"):
            print(arg, loader.load(name).describe())
        elif kind == "again":
            print(arg, loader.load_again(name).describe())
        elif kind == "format":
            print(arg, get_format(name).NAME)
        else:
            print(arg, load_extra(name).VALUE)
    except ImportError as e:
        # the module's name, not the message: a slither binary's message
        # goes on to say the module is not embedded (tests/t0255), which
        # "why:" shows
        print(arg, type(e).__name__, e.name)
        if kind == "why":
            print(e)
