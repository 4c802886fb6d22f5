import importlib.resources

from . import cart  # noqa: F401
from .money import fmt  # noqa: F401
