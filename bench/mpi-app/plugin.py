SIZE = 1 << 20
