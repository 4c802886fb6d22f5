"""Imports under `if __name__ == "__main__":` are not followed when imported."""


def answer():
    return 42


if __name__ == "__main__":
    import guarded_only
    print(guarded_only.VALUE)
