import textwrap


def main():
    print(textwrap.shorten("run as python -m runpkg", 10))
