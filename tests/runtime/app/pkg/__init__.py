"""A package with relative imports."""
from .sub import twice
from . import helper

VALUE = twice(2)
