"""A module of the app, also run with python's -m."""
if __name__ == "__main__":
    import sys
    print("helper as __main__", sys.argv[1:])
