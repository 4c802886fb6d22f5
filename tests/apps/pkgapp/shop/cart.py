from .money import fmt


def total(items):
    return fmt(sum(items))
