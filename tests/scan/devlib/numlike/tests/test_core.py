import numlike


def test_value():
    assert numlike.core.VALUE == 42
