"""The app of tests/t0500-extensions.sh: imports every fixture extension."""
import sys

import alpha
import alpha._speedups
import beta._speedups
import pkg.sub._mod
import pkg.sub._multi
import topmod
import user
import withlib

print("helpers:", alpha.which(), "|", beta._speedups.which())
print("single-phase state:", alpha._speedups.count(), alpha._speedups.count())
print("multi-phase state:", beta._speedups.init, beta._speedups.count(), beta._speedups.count())
for m in (alpha._speedups, beta._speedups, pkg.sub._mod, pkg.sub._multi, topmod):
    print("name:", m.__name__, m.__spec__.name, m.__file__)
print("nested:", pkg.sub._mod.greeting, pkg.sub._mod.triple(14), pkg.VERSION)
print("nested multi-phase:", pkg.sub._multi.one, pkg.sub._multi.two)
print("top-level:", topmod.where())
print("static library:", withlib.scaled(7))
print("capsule:", user.combined(2, 3), "prov._core" in sys.modules)
# a single-phase module (m_size -1) imported again gets what CPython's
# extension cache gives, python3.11 and python3.13 alike: a new module
# holding a copy of the dict its init left (not what was added later), its
# init not run again
first = pkg.sub._mod
first.added_later = True
del sys.modules["pkg.sub._mod"]
import pkg.sub._mod as again
print("re-import:", again.greeting, again.triple(2), "a new module:", again is not first,
      "init's dict:", not hasattr(again, "added_later"), "inits:", again.inits)
# one that may be initialised again (m_size 0): its init runs again
import pkg.sub._reinit
first = pkg.sub._reinit
del sys.modules["pkg.sub._reinit"]
import pkg.sub._reinit as again
print("re-import, m_size 0:", "a new module:", again is not first, "inits:", first.inits,
      again.inits)
if len(sys.argv) > 1 and sys.argv[1] == "cxx":
    import cxxpkg._one
    import cxxpkg._two
    print("c++:", cxxpkg._one.run(3), cxxpkg._one.run(5), cxxpkg._two.run(5))
