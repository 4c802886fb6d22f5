#!/bin/bash
# A module that is not in the executable: ModuleNotFoundError (the same
# type, `.name` set, "No module named 'x'" first, as CPython says it), then
# what each finder searched and how to embed the module.  What importlib
# does with a missing module otherwise is unchanged: find_spec() is None,
# `from pkg import missing` is "cannot import name", a module that imports
# a missing one passes its error on as is, and None in sys.modules halts.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
mkdir -p "$TMP/app" "$TMP/plugins"
cat >"$TMP/app/importsbad.py" <<'EOF'
import nosuch_inner
EOF
cat >"$TMP/app/main.py" <<'EOF'
import importlib, importlib.util, sys

def show(what, f):
    try:
        f()
        print(what, "imported")
    except ImportError as e:
        print("%s: %s is %s, name=%r: %s"
              % (what, type(e).__name__, "exact" if type(e) is ModuleNotFoundError else "other",
                 e.name, e))

def imp(name):
    return lambda: __import__(name)

show("top", imp("nosuch"))
show("sub", imp("json.nosub"))
show("parent", imp("nopkg.sub"))
show("import_module", lambda: importlib.import_module("nosuch"))
show("inner", lambda: __import__("importsbad"))
show("plugin", imp("plugin_mod"))
def from_import():
    from json import nosub
show("from", from_import)
sys.modules["halted"] = None
show("halted", imp("halted"))
print("find_spec", importlib.util.find_spec("nosuch"))
import nosuch_uncaught
EOF
echo 'print("plugin loaded")' >"$TMP/plugins/plugin_mod.py"
if "$SLITHER" build --toolchain "$TC" "$TMP/app/main.py" --include importsbad \
	-o "$TMP/app.bin" 2>"$TMP/build.err"; then
	ok "the app builds"
else
	not_ok "the app builds"; sed 's/^/    /' "$TMP/build.err"; done_testing
fi

# why NAME [DIRS...]: the message for NAME, PathFinder having searched DIRS
why() {
	local n=$1 tried="no built-in module '$1'; no frozen module '$1'; no module '$1' in the embedded archive; no static extension '$1'"
	shift
	for d in "$@"; do tried="$tried; no '$n' in $d"; done
	printf "No module named '%s': it is not embedded in this executable (%s); to embed it, build with slither build --include %s, or --path DIR for the directory that holds it" "$n" "$tried" "$n"
}
cd "$TMP" || exit 1
SLITHER_PATH=$TMP/plugins bounded 60 100 ./app.bin >out 2>err
echo "exit $?" >>out
cat >want <<EOF
top: ModuleNotFoundError is exact, name='nosuch': $(why nosuch "$TMP/plugins")
sub: ModuleNotFoundError is exact, name='json.nosub': $(why json.nosub)
parent: ModuleNotFoundError is exact, name='nopkg': $(why nopkg "$TMP/plugins")
import_module: ModuleNotFoundError is exact, name='nosuch': $(why nosuch "$TMP/plugins")
inner: ModuleNotFoundError is exact, name='nosuch_inner': $(why nosuch_inner "$TMP/plugins")
plugin loaded
plugin imported
from: ImportError is other, name='json': cannot import name 'nosub' from 'json' (/slither/lib/python3.11/json/__init__.py)
halted: ModuleNotFoundError is exact, name='halted': import of halted halted; None in sys.modules
find_spec None
exit 1
EOF
if diff -u want out >diff; then
	ok "a missing module's ModuleNotFoundError: type, name, the message and what each finder searched"
else
	not_ok "a missing module's ModuleNotFoundError"; sed 's/^/    /' diff
fi
cat >want <<EOF
Traceback (most recent call last):
  File "/slither/app/main.py", line 27, in <module>
    import nosuch_uncaught
ModuleNotFoundError: $(why nosuch_uncaught "$TMP/plugins")
EOF
if diff -u want err >diff; then
	ok "an uncaught one: the traceback, without importlib's frames"
else
	not_ok "an uncaught one: the traceback"; sed 's/^/    /' diff
fi
done_testing
