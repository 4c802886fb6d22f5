#!/bin/bash
# make install PREFIX=/opt/slither DESTDIR=...: the installed slither, its
# manual page and bash completion; the installed slither builds an app from
# another directory with the checkout hidden (an empty tmpfs over it, in a
# mount namespace of its own) and, under strace, names no path in the
# checkout; make uninstall removes exactly what install wrote.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
STAGE=$TMP/stage
PREFIX=/opt/slither
BIN=$STAGE$PREFIX/bin/slither
cd "$TMP" || exit 1

if make -s -C "$TOP" install PREFIX=$PREFIX DESTDIR="$STAGE" >install.out 2>&1; then
	ok "make install PREFIX=$PREFIX DESTDIR=..."
else
	not_ok "make install PREFIX=$PREFIX DESTDIR=..."; sed 's/^/    /' install.out
	done_testing
fi
(cd "$STAGE" && find . ! -type d | sort) >installed.txt
printf '%s\n' ./opt/slither/bin/slither ./opt/slither/share/bash-completion/completions/slither \
	./opt/slither/share/man/man1/slither.1 >expected.txt
check "it installs slither, its manual page and its bash completion, nothing else" \
	cmp -s expected.txt installed.txt || diff -u expected.txt installed.txt | sed 's/^/    /'
check "... the very ./slither" cmp -s "$TOP/slither" "$BIN"
check "... an executable" test -x "$BIN"
check "the manual page is the one slither --man prints" \
	cmp -s <("$BIN" --man) "$STAGE$PREFIX/share/man/man1/slither.1"
MANPATH=$STAGE$PREFIX/share/man man slither 2>/dev/null | col -b >man.txt
check "man slither finds it with MANPATH=PREFIX/share/man" grep -q "slither build" man.txt

# the installed slither alone: from another directory, the checkout hidden
mkdir -p elsewhere/pkg
cat >elsewhere/app.py <<'PY'
import sys, json
import pkg.mod
print("installed", pkg.mod.VALUE, json.dumps(sys.argv[1:]))
PY
echo 'VALUE = 42' >elsewhere/pkg/mod.py
: >elsewhere/pkg/__init__.py
if unshare -m true 2>/dev/null; then
	hide="unshare -m sh -c 'mount -t tmpfs slither-hidden \"\$0\" && exec \"\$@\"' $TOP"
	how="with the checkout hidden"
else
	hide=""
	how="(no mount namespace here: the checkout is not hidden, only traced)"
fi
if [ -n "$hide" ]; then
	check "(the checkout is hidden in that namespace)" eval "$hide" test ! -e "$TOP/Makefile"
fi
(cd elsewhere && eval "$hide" strace -f -qq -o "$TMP/build.trace" -e trace=$SYSCALLS \
	"$BIN" build --toolchain "$TC" app.py -o "$TMP/app") >build.out 2>&1
rc=$?
check "the installed slither builds an app from another directory $how (exit $rc)" \
	test "$rc" -eq 0 || tail -20 build.out | sed 's/^/    /'
"$TMP/app" a b >run.out 2>&1
check "... which runs" grep -qx 'installed 42 \["a", "b"\]' run.out || sed 's/^/    /' run.out
grep -F "\"$TOP/" build.trace >checkout-all.txt
check "... and names no path in the checkout ($TOP) in any system call" \
	test ! -s checkout-all.txt || head -5 checkout-all.txt | sed 's/^/    /'

# bash completion, as installed
cat >complete.sh <<EOF
. "$STAGE$PREFIX/share/bash-completion/completions/slither"
t() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); COMPREPLY=(); _slither; echo "\${COMPREPLY[*]}"; }
t slither bu
t slither build --exclude
t slither toolchain p
t slither pip --no
EOF
bash complete.sh >complete.out 2>&1
printf '%s\n' build "--exclude --exclude-data" "path prune" "--no-cache" >complete.expected
check "bash completion completes commands, subcommands and options" \
	cmp -s complete.expected complete.out || diff -u complete.expected complete.out | sed 's/^/    /'

# bash-completion itself loads it, with PREFIX/share in XDG_DATA_DIRS (as
# the README's environment module sets it)
BC=/usr/share/bash-completion/bash_completion
if [ -f "$BC" ]; then
	out=$(XDG_DATA_DIRS=$STAGE$PREFIX/share:/usr/local/share:/usr/share \
		bash -c ". $BC; __load_completion slither; complete -p slither" 2>&1)
	check "bash-completion loads it with PREFIX/share in XDG_DATA_DIRS ($out)" \
		test "$out" = "complete -o default -F _slither slither"
else
	skip "bash-completion loads the completion" "no $BC (apt-get install bash-completion)"
fi

# uninstall: exactly what install wrote
echo keep >"$STAGE$PREFIX/bin/other-tool"
make -s -C "$TOP" uninstall PREFIX=$PREFIX DESTDIR="$STAGE" >uninstall.out 2>&1
rc=$?
check "make uninstall (exit $rc)" test "$rc" -eq 0
(cd "$STAGE" && find . ! -type d | sort) >left.txt
check "... removes every file install wrote, and only those" \
	test "$(cat left.txt)" = "./opt/slither/bin/other-tool" || sed 's/^/    /' left.txt
done_testing
