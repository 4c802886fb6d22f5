"""A fixture app for tests/t0300-scan.sh: the scanner must find all of this."""
import json
import importlib
from mypkg import helper
import mypkg.sub.deep
import nspkg.part
from mypkg.stars import *
import mainguard
import thirdparty

dynamic = importlib.import_module("dynmod")
plugin = importlib.import_module(".plugin", "dynpkg")

try:
    import missing_mod
except ImportError:
    missing_mod = None

try:
    import fastext
except ImportError:
    fastext = None
