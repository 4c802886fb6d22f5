import otherpkg


def describe():
    return "alpha " + otherpkg.NAME
