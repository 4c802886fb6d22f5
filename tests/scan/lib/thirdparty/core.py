try:
    from ... import toofar
except ImportError:
    toofar = None
