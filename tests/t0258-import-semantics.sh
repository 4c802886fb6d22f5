#!/bin/bash
# Where the embedded importer finds a submodule, as python3's path finder
# does: only in its parent package's __path__ (a package whose __path__ a
# program points elsewhere -- setuptools' distutils shim, for one -- gets
# its submodules from there), and "pkg.__init__" as a module of its own
# (numpy.distutils imports each file of a directory it lists).  The app's
# output must equal python3.11's with the package on PYTHONPATH, the
# package's directory written as /slither/app on that side.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
mkdir -p "$TMP/lib/pk" "$TMP/alt"
printf 'WHERE = "embedded pk"\n' >"$TMP/lib/pk/__init__.py"
printf 'WHERE = "embedded pk.sub"\n' >"$TMP/lib/pk/sub.py"
printf 'WHERE = "embedded pk.other"\n' >"$TMP/lib/pk/other.py"
printf 'WHERE = "the copy of pk.sub beside the app"\n' >"$TMP/alt/sub.py"
cat >"$TMP/app.py" <<'PY'
import importlib, os, sys
import pk

# pk.__init__: package pk's __init__.py run again as a module of its own
# (a name the build cannot see, as numpy.distutils' is)
init = importlib.import_module(".".join(["pk", "__init__"]))
print("pk.__init__:", init.__name__, init.WHERE, init is not pk,
      hasattr(init, "__path__"), init.__spec__.submodule_search_locations,
      os.path.basename(init.__file__), init.__file__ == pk.__file__)
# a submodule comes from the parent's __path__
alt = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "alt")
pk.__path__ = [alt]
import pk.sub
print("pk.sub with pk.__path__ elsewhere:", pk.sub.WHERE)
try:
    import pk.other
except ImportError as e:
    print("pk.other, not in the new __path__:", type(e).__name__, e.name)
pk.__path__ = []
try:
    import pk.nothing
except ImportError as e:
    print("an empty __path__:", type(e).__name__, e.name)
PY
if "$SLITHER" build --toolchain "$TC" --path "$TMP/lib" --include pk.other "$TMP/app.py" \
	-o "$TMP/app" 2>"$TMP/build.err"; then
	ok "the app builds"
else
	not_ok "the app builds"; tail -20 "$TMP/build.err" | sed 's/^/    /'
	done_testing
fi
(cd "$TMP" && PYTHONPATH="$TMP/lib" PYTHONDONTWRITEBYTECODE=1 "$STOCK_PYTHON" app.py) >"$TMP/want" 2>&1
(cd "$TMP" && ./app) >"$TMP/got" 2>&1
if [ "$(wc -l <"$TMP/want")" -eq 4 ] && diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"; then
	ok "pk.__init__ and submodules found by __path__, as python3.11 finds them"
else
	not_ok "the app differs from python3.11"; sed 's/^/    /' "$TMP/diff" "$TMP/got" | head -30
fi
done_testing
