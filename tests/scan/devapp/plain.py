import numlike

print(numlike.core.VALUE, numlike.lazy())
