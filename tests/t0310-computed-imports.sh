#!/bin/bash
# Imports by computed name (issue 14) end to end: a package that loads its
# plugins with import_module/__import__ of a computed name is embedded
# whole by `slither build`, which says so once per package with file:line,
# and --exclude leaves a plugin out.  The fixture tests/scan/plugins, then
# two Debian applications run as a new user would, with -m and --path
# /usr/lib/python3/dist-packages: docutils (readers, writers, parsers and
# directives by name) and pygments (lexers, formatters, styles by name);
# each binary's output must be byte-identical to /usr/bin/python3.11's
# (stderr with the modules' virtual paths).
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
PLUG=$TOP/tests/scan/plugins
DIST=/usr/lib/python3/dist-packages

# built NAME BUILD-ARGS...: slither build into $TMP/NAME, run in the
# current directory (the build's notes show paths relative to it)
built() {
	local name=$1; shift
	if "$SLITHER" build --toolchain "$TC" "$@" -o "$TMP/$name" 2>"$TMP/$name.build"; then
		ok "$name: builds"
	else
		not_ok "$name: builds"; sed 's/^/    /' "$TMP/$name.build"
		return 1
	fi
}
# same DESCRIPTION NAME DIR PYARGS -- ARGS...: $TMP/NAME ARGS and
# python3.11 PYARGS ARGS, both run in DIR, print the same bytes on stdout
# and exit alike; stderr is the same once the modules' real paths are
# their virtual ones (a warning names its file)
same() {
	local d=$1 name=$2 dir=$3 py=()
	shift 3
	while [ "$1" != "--" ]; do py+=("$1"); shift; done; shift
	(cd "$dir" && "$TMP/$name" "$@") >"$TMP/got" 2>"$TMP/got.err"
	echo "exit $?" >>"$TMP/got"
	(cd "$dir" && PYTHONDONTWRITEBYTECODE=1 "$STOCK_PYTHON" "${py[@]}" "$@") >"$TMP/want" 2>"$TMP/want.err"
	echo "exit $?" >>"$TMP/want"
	sed -i -e "s|$DIST/|/slither/app/|g" -e "s|$dir/|/slither/app/|g" "$TMP/want.err"
	if cmp -s "$TMP/want" "$TMP/got" && cmp -s "$TMP/want.err" "$TMP/got.err"; then
		ok "$d"
	else
		not_ok "$d"
		{ diff -u "$TMP/want" "$TMP/got"; diff -u "$TMP/want.err" "$TMP/got.err"; } |
			head -30 | sed 's/^/    /'
	fi
}

# --- the fixture ---------------------------------------------------------------
cd "$PLUG" || exit 1
ARGS="plugin:alpha plugin:beta again:beta format:json format:csv extra:plugapp.extras.gamma plugin:nosuch"
if built plug -m plugapp --path .; then
	check "the build says once, with file:line, that it embeds the plugins' package" test \
		"$(grep -c "embedding package 'plugapp.plugins'" "$TMP/plug.build")" = 1 -a \
		"$(grep -F "embedding package 'plugapp.plugins'" "$TMP/plug.build")" = \
		"slither: plugapp/loader.py:5: imports a module by a computed name (and 1 more place): embedding package 'plugapp.plugins' whole (3 modules; --exclude NAME leaves one out)"
	# shellcheck disable=SC2086
	same "plugins loaded by computed names: the same output as python3.11" plug "$PLUG" -m plugapp -- $ARGS
fi
if built plug-x -m plugapp --path . --exclude plugapp.plugins.beta; then
	check "--exclude leaves a plugin out, and the build counts one module less" grep -qF \
		"embedding package 'plugapp.plugins' whole (2 modules" "$TMP/plug-x.build"
	"$TMP/plug-x" plugin:alpha plugin:beta >"$TMP/plug-x.out" 2>&1
	check "... the other plugins still load, the excluded one is not found" test \
		"$(cat "$TMP/plug-x.out")" = "plugin:alpha alpha uses otherpkg
plugin:beta ModuleNotFoundError plugapp.plugins.beta"
	check "... and its message says it is not embedded" grep -q \
		"^No module named 'plugapp.plugins.beta': it is not embedded in this executable" \
		<("$TMP/plug-x" why:beta 2>&1)
fi
cd "$TMP" || exit 1

# --- Debian's docutils and pygments ------------------------------------------------
cat >"$TMP/in.rst" <<'EOF'
A title
=======

Some *emphasis*, ``literal`` text and a list:

- one
- two

.. note:: A note, made by a directive.

.. code:: python

   def f(x):
       return x + 1

=====  =====
A      B
=====  =====
1      2
=====  =====
EOF
printf 'def f(x):\n    """Add one."""\n    return x + 1  # a comment\n' >"$TMP/in.py"

if ! [ -d "$DIST/docutils" ] || ! "$STOCK_PYTHON" -c 'import docutils' 2>/dev/null; then
	not_ok "docutils: Debian's python3-docutils is needed (tools/install-deps)"
# pygments, which the rst parser's code directive uses, is reached only
# through docutils' parsers (embedded whole for a computed import), so the
# build would not embed its lexers whole (it names pygments.lexers in a
# note): the app names the package, as a user would, and is then built as
# one that imports pygments.  (Until the scan stopped following libraries'
# imports of test tools inside functions, a lexer came in by accident:
# numpy.testing -> pytest -> pygments.lexers.python.)
elif built docutils -m docutils --path "$DIST" --include pygments; then
	check "docutils: the build says it embeds the readers by computed name" grep -qF \
		"docutils/readers/__init__.py:107: imports a module by a computed name (and 1 more place): embedding package 'docutils.readers' whole" \
		"$TMP/docutils.build"
	check "docutils: ... and leaves out the test tools libraries import inside functions (numpy.testing, pytest)" \
		grep -Eq "not embedded: [0-9]+ test suites and build tools that libraries import only inside functions: .*numpy.testing.*pytest" \
		"$TMP/docutils.build"
	same "docutils: an .rst file as HTML, byte-identical to python3.11's" docutils "$TMP" \
		-m docutils -- in.rst
	same "docutils: ... as LaTeX (another writer by name)" docutils "$TMP" \
		-m docutils -- --writer=latex in.rst
	same "docutils: ... as pseudo-XML, with another reader by name" docutils "$TMP" \
		-m docutils -- --reader=standalone --writer=pseudoxml in.rst
fi

if ! [ -d "$DIST/pygments" ] || ! "$STOCK_PYTHON" -c 'import pygments' 2>/dev/null; then
	not_ok "pygments: Debian's python3-pygments is needed (tools/install-deps)"
elif built pygments -m pygments --path "$DIST"; then
	check "pygments: the build says it embeds the lexers by computed name" grep -qF \
		"pygments/lexers/__init__.py:33: imports a module by a computed name: embedding package 'pygments.lexers' whole" \
		"$TMP/pygments.build"
	same "pygments: Python as HTML, byte-identical to python3.11's" pygments "$TMP" \
		-m pygments -- -l python -f html in.py
	same "pygments: a guessed lexer, a 256-colour terminal and a style by name" pygments "$TMP" \
		-m pygments -- -g -f terminal256 -O style=monokai in.rst
fi
done_testing
