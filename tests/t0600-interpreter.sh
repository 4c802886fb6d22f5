#!/bin/bash
# slither build --interpreter: a drop-in static python with the whole
# standard library embedded.  Its command line behaves as python3.11's:
# same output, errors and exit status for the same command lines.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
if "$SLITHER" build --toolchain "$TC" --interpreter -o "$TMP/python" 2>"$TMP/build.err"; then
	ok "the static interpreter builds ($(grep -o '[0-9]* modules embedded' "$TMP/build.err"))"
else
	not_ok "the static interpreter builds"; cat "$TMP/build.err"; done_testing
fi
cd "$TMP"
printf 'import sys, os\nprint("script", os.path.basename(__file__), sys.argv[1:], sys.path[0] == os.path.dirname(os.path.abspath(__file__)))\n' >script.py
printf 'import sys\nprint("stdin script", sys.argv)\n' >stdin.py
mkdir -p pp
echo 'WHO = "from PYTHONPATH"' >ppmod.py
mv ppmod.py pp/

# same CMD...: run ./python and python3.11 with the same arguments and stdin
same() {
	local input=$1; shift
	printf '%s' "$input" | ./python "$@" >ours.out 2>ours.err; echo "exit $?" >>ours.out
	printf '%s' "$input" | "$STOCK_PYTHON" "$@" >stock.out 2>stock.err; echo "exit $?" >>stock.out
	sed -i -e "s|$STOCK_PYTHON|PYTHON|g" -e "s|$TMP/python|PYTHON|g" -e "s|\./python|PYTHON|g" stock.err ours.err
	if diff -u stock.out ours.out >diff && diff -u stock.err ours.err >>diff; then
		ok "python ${*//$'\n'/\\n}: same as python3.11"
	else
		not_ok "python ${*//$'\n'/\\n}: differs from python3.11"; sed 's/^/    /' diff
	fi
}
same "" -c 'import sys; print(sys.argv, sys.path[0])' a b
same "" -c 'import sys; sys.exit(5)'
same "" -c 'raise ValueError("boom")'
same "" -c 'import sys; sys.exit("message to stderr")'
same '{"b": [1, 2], "a": null}' -m json.tool --sort-keys
same "" script.py x y
same "$(cat stdin.py)" - p q
same "" -E -s -u -O -c 'import sys; f = sys.flags; print(f.ignore_environment, f.no_user_site, f.optimize, __debug__)'
same "" -OO -c $'def f():\n "doc"\nprint(f.__doc__)\nassert False, "asserts are off"'
# the standard library runs at the level asked for, not the one embedded
same "" -OO -c $'import json.decoder, urllib.parse, email.message\nassert False, "off"\nprint(__debug__, json.decoder.__doc__, json.decoder.JSONDecoder.decode.__doc__)'
same "" -c $'import json.decoder\nprint(__debug__, json.decoder.__doc__)'
same "" -I -c 'import sys; print(sys.flags.isolated, sys.flags.safe_path)'
same "" -W error -c 'import warnings; warnings.warn("turned into an error")'
same "" -X utf8=0 -c 'import sys; print(sys.flags.utf8_mode)'
same "" -X dev -c 'import sys; print(sys.flags.dev_mode)'
same "" -X warn_default_encoding -c 'import sys; print(sys.flags.warn_default_encoding); open("/dev/null").close()'
same "" --version
same "" -c 'import email.message, decimal, sqlite3, ssl; print(decimal.Decimal(1) / 3)'
same "print(6 * 7)" -i -q
# user and group look-ups that miss /etc/passwd: static glibc must not load
# shared NSS modules (libnss_systemd crashed it); services go on as usual
same "" -c $'import pwd, grp, socket\nfor f, a in ((pwd.getpwnam, "no-such-user"), (pwd.getpwuid, 4123456), (grp.getgrnam, "no-such-group"), (grp.getgrgid, 4123456)):\n    try: f(a)\n    except KeyError as e: print(f.__name__, "KeyError", e)\nprint(pwd.getpwnam("root").pw_uid, grp.getgrgid(0).gr_name, socket.getservbyname("http", "tcp"), socket.getprotobyname("tcp"))'
same "" -m nosuchmodule
# a module found nowhere: python3.11's message first, then what each finder
# searched (PathFinder: the current directory, PYTHONPATH) and how to embed it
PYTHONPATH=$TMP/pp ./python -c 'import nosuch' >/dev/null 2>ours.err
PYTHONPATH=$TMP/pp "$STOCK_PYTHON" -c 'import nosuch' >/dev/null 2>stock.err
check "python -c 'import nosuch': python3.11's message, then what was searched" \
	test "$(tail -1 ours.err)" = "$(tail -1 stock.err): it is not embedded in this executable (no built-in module 'nosuch'; no frozen module 'nosuch'; no module 'nosuch' in the embedded archive; no static extension 'nosuch'; no 'nosuch' in the current directory; no 'nosuch' in $TMP/pp); to embed it, build with slither build --include nosuch, or --path DIR for the directory that holds it"
same "" nosuchscript.py
same "" -Z
# what cannot work in a static executable says so
expect_fail "python -m venv fails, saying why and what to do instead" \
	"venv is not available in this static python.*slither build --path" ./python -m venv "$TMP/venv"
check "... and creates nothing" test ! -e "$TMP/venv"
expect_fail "python -m ensurepip fails, saying why" \
	"ensurepip is not available in this static python.*slither pip" ./python -m ensurepip
if "$SLITHER" build --toolchain "$TC" --interpreter --no-source -o "$TMP/python-nosrc" 2>"$TMP/build.err"; then
	check "built with --no-source, it runs at its own level" \
		test "$("$TMP/python-nosrc" -c 'import json; print(json.dumps([__debug__]))')" = "[true]"
	expect_fail "... and refuses another level (-O) instead of mixing levels" \
		"built at optimisation level 0 without its modules' source .*, so it cannot run at level 1" \
		"$TMP/python-nosrc" -O -c pass
	check "... and its archive's header says it has no source (slither inspect)" \
		bash -c "'$SLITHER' inspect '$TMP/python-nosrc' | grep -q '^source: *none (--no-source)$'"
else
	not_ok "an interpreter builds with --no-source"; sed 's/^/    /' "$TMP/build.err"
fi
check "PYTHONPATH is honoured" test "$(PYTHONPATH=$TMP/pp ./python -c 'import ppmod; print(ppmod.WHO)')" = "from PYTHONPATH"
check "... and ignored with -E" bash -c "! PYTHONPATH=$TMP/pp ./python -E -c 'import ppmod' 2>/dev/null"
check "-h prints python's usage" bash -c "./python -h | grep -q '^-c cmd'"

# the standard library is never looked up on disk: with -P (no sys.path[0])
# nothing at all is; without it, python looks in the current directory
# (sys.path[0] for -c) for the optional modules that exist nowhere (msvcrt,
# org.python.core), as python3.11 does, and nowhere else
HEAVY='import json, decimal, asyncio, email.message, http.client, xml.etree.ElementTree, sqlite3, ssl, argparse, logging, unittest'
strace -f -qq -o trace.P -e trace=$SYSCALLS ./python -P -c "$HEAVY"
strace -f -qq -o trace -e trace=$SYSCALLS ./python -c "$HEAVY"
strace -f -qq -o trace.stock -e trace=$SYSCALLS "$STOCK_PYTHON" -c "$HEAVY"
nP=$(path_calls trace.P | wc -l) n=$(path_calls trace | wc -l) ns=$(path_calls trace.stock | wc -l)
echo "# python -c 'import <heavy set>': path syscalls: static $n (with -P: $nP), stock python3.11 $ns"
if [ "$nP" -eq 0 ]; then ok "python -P -c 'import <heavy set>' makes no path look-up (stock: $ns)"
else not_ok "python -P makes $nP path look-ups"; path_calls trace.P | head | sed 's/^/    /'; fi
if [ -z "$(path_calls trace | grep -v "\"$TMP\"")" ]; then
	ok "python -c 'import <heavy set>' looks only in sys.path[0], the current directory ($n calls)"
else
	not_ok "python -c looks outside sys.path[0]"; path_calls trace | grep -v "\"$TMP\"" | head | sed 's/^/    /'
fi

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p root
	cp python root/
	out=$(echo '{"x": 1}' | chroot root /python -m json.tool --compact)
	check "the interpreter runs in an empty chroot (-m json.tool)" test "$out" = '{"x":1}'
else
	skip "the interpreter runs in an empty chroot" "chroot needs root"
fi
done_testing
