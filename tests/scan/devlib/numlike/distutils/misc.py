def suffix(name):
    return name + ".so"
