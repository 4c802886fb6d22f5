from .. import money
from ..cart import total


def describe():
    return f"{__name__} {__package__} {money.fmt(1)} {total([2])}"
