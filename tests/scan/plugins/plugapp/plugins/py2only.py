print "a Python 2 leftover that no one imports"
