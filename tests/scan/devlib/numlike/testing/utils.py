def check(value, expected):
    assert value == expected, (value, expected)
    return "checked"


def build_extension(name):
    # numpy.testing's build helper
    from numlike.distutils.misc import suffix
    return suffix(name)
