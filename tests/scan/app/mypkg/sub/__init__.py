from .y import thing
from .. import z
