import numlike

print(numlike.testing.check(numlike.core.VALUE, 42))
