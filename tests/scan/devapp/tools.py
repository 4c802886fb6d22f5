import numlike


def main():
    # the app's own import of a build tool, inside a function: followed
    import numlike.distutils.misc
    return numlike.distutils.misc.suffix("x")


print(main())
