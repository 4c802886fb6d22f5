"""Run mpi4py's own test suite (test/runtests.py of its source) leaving out
what tests/mpi4py/exclusions.txt lists, each with its reason.

    run-suite.py EXCLUSIONS TESTDIR/runtests.py [RUNTESTS-OPTIONS...]

Run by every rank of the job (tests/t0570-mpi4py.sh); the suite itself is
unchanged: runtests.main() runs it, with -e for excluded modules and the
excluded tests taken out of the suite it loads."""
import os
import sys
import unittest


def read_exclusions(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            what, _, why = line.partition(" ")
            if not why.strip():
                sys.exit("%s:%d: %r has no reason" % (path, n, what))
            entries.append(what)
    return entries


def tests_of(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from tests_of(t)
        else:
            yield t


def main():
    exclusions, runtests_py = sys.argv[1], sys.argv[2]
    entries = read_exclusions(exclusions)
    blocked = [e[len("import:"):] for e in entries if e.startswith("import:")]
    modules = [e for e in entries if not e.startswith("import:") and "." not in e]
    tests = {e for e in entries if not e.startswith("import:") and "." in e}
    for name in blocked:
        sys.modules[name] = None
    sys.path.insert(0, os.path.dirname(os.path.abspath(runtests_py)))
    sys.dont_write_bytecode = True
    import runtests

    load_tests = runtests.load_tests
    found = set()

    def load_without_excluded(options, args):
        kept = unittest.TestSuite()
        for t in tests_of(load_tests(options, args)):
            if t.id() in tests:
                found.add(t.id())
            else:
                kept.addTest(t)
        missing = sorted(tests - found)
        if missing:
            sys.exit("%s: excluded tests not in the suite: %s" % (exclusions, " ".join(missing)))
        sys.stderr.write("run-suite: %d tests excluded, %d modules, %d helpers blocked (%s)\n" % (
            len(found), len(modules), len(blocked), os.path.basename(exclusions)))
        return kept

    runtests.load_tests = load_without_excluded
    args = sys.argv[3:]
    for m in modules:
        args += ["-e", "^%s$" % m]
    return runtests.main(args)


if __name__ == "__main__":
    sys.exit(main())
