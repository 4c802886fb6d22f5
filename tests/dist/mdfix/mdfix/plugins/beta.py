def make():
    return "beta made"
