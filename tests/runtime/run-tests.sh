#!/bin/bash
# Run the runtime's test binaries (built by build.sh into WORK) and compare
# them with the reference interpreter running the same app from disk:
# stdout, stderr and exit status must be equal once the reference's real
# paths are mapped to the binary's virtual ones.  Then check what has no
# reference: file-system silence (strace), corruption, C extensions, data,
# namespace packages and SLITHER_PATH.  Each case is one "ok - ..." or
# "not ok - ..." line (tests/lib.sh's helpers, followed by what differs);
# the exit status is non-zero if any failed.
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
app=$here/app
work=${1:-/tmp/slither-rt}
tc=${TOOLCHAIN:?set TOOLCHAIN to a slither toolchain prefix}
ref=${REF:-$tc/bin/python3.11}
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the source tree
unset PYTHONUNBUFFERED			# buffered streams, as users have them
stdlib=$("$ref" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
cd "$work" || exit 1

# indent: what a failing case shows under its "not ok" line
indent() { sed 's/^/    /'; }

# run OUTPREFIX CMD...: stdout, stderr and status of CMD, stdin from $input
run() {
	local out=$1; shift
	printf '%s' "${input:-}" | "$@" > "$out.out" 2> "$out.err"
	echo $? > "$out.rc"
}

normalize() { sed -e "s|$app|/slither/app|g" -e "s|$stdlib|/slither/lib/python3.11|g" "$1" | addresses; }
# objects' addresses in reprs differ from run to run
addresses() { sed -E 's/ at 0x[0-9a-f]+>/ at 0x...>/g'; }

# what CASE ARGS...: a case's name, the arguments quoted as the shell
# would (some are not UTF-8), with what the environment adds
what() {
	printf '%s' "$(printf '%q ' "$@")" | sed 's/ $//'
	printf '%s' "${input:+ (with stdin)}${PYTHONUNBUFFERED:+ (PYTHONUNBUFFERED=1)}${again:+ (again)}"
}

# same CASE ARGS...: t-script CASE vs `python3.11 app/main.py CASE`
same() {
	run got ./t-script "$@"
	run want "$ref" "$app/main.py" "$@"
	for f in out err rc; do
		if ! diff -u <(normalize want.$f) <(addresses <got.$f) > diff.txt; then
			not_ok "case $(what "$@") ($f differs from python3.11's)"; indent < diff.txt
			return
		fi
	done
	ok "case $(what "$@"): the same stdout, stderr and status as python3.11"
}

for c in argv exit3 exitmsg exitobj exitnone raise raise_here chained kbi pkg stdlib \
         builtins quit traceback_module inspect atexit encoding stderr recursion \
         syntaxerror main_attrs ssl time reload codecs nosuchcase; do
	same "$c"
done
same argv "a b" "" "--x=1" "$(printf 'caf\xc3\xa9')" "$(printf '\xff\xfe')"
input=$'line one\nline two\n' same stdin
PYTHONUNBUFFERED=1 same stderr
again=1 same argv; unset input

# stdout that cannot be written: the error at exit and its status
./t-script argv > /dev/full 2> got.err; echo $? >> got.err
"$ref" "$app/main.py" argv > /dev/full 2> want.err; echo $? >> want.err
if diff -u <(normalize want.err) got.err > diff.txt; then
	ok "stdout on a full disk: the same error and status as python3.11"
else
	not_ok "stdout on a full disk"; indent < diff.txt
fi

# a real ^C: SIGINT while sleeping
interrupt() {	# interrupt OUTPREFIX CMD...
	local out=$1 i; shift
	"$@" > "$out.out" 2> "$out.err" &
	local pid=$!
	for i in $(seq 100); do grep -q ready "$out.out" && break; sleep 0.05; done
	kill -INT $pid
	wait $pid
	echo $? > "$out.rc"
}
interrupt got ./t-script sleep
interrupt want "$ref" "$app/main.py" sleep
if diff -u <(normalize want.err; cat want.rc) <(cat got.err got.rc) > diff.txt; then
	ok "SIGINT while sleeping: the same traceback and status as python3.11"
else
	not_ok "SIGINT while sleeping"; indent < diff.txt
fi

# -m mode: t-module vs `python3.11 -m cli` run from the app's directory
module_same() {
	run got ./t-module "$@"
	(cd "$app" && run "$work/want" "$ref" -m cli "$@")
	for f in out err rc; do
		if ! diff -u <(normalize want.$f) <(addresses <got.$f) > diff.txt; then
			not_ok "-m case $(what "$@") ($f differs from python3.11's)"; indent < diff.txt
			return
		fi
	done
	ok "-m case $(what "$@"): the same stdout, stderr and status as python3.11 -m cli"
}
module_same
module_same a b
module_same fail
module_same exit 7
module_same kbi


# what the binary adds to python3, or does differently
prints() {	# prints NAME EXPECTED CMD...: stdout+stderr of CMD is EXPECTED
	local name=$1 want=$2; shift 2
	local got
	got=$("$@" 2>&1)
	if [ "$got" = "$want" ]; then
		ok "$name"
	else
		not_ok "$name"; diff -u <(echo "$want") <(echo "$got") | indent
	fi
}
status() {	# status NAME WANT CMD...: exit status of CMD is WANT
	local name=$1 want=$2; shift 2
	"$@" > /dev/null 2>&1
	local rc=$?
	if [ "$rc" = "$want" ]; then ok "$name: exit status $want"; else not_ok "$name: exit status $rc, expected $want"; fi
}

prints "virtual attributes" "./t-script
['/slither/app', '/slither/lib/python3.11']
True $work/t-script
/slither /slither /slither /slither/lib/python3.11
/slither/lib/python3.11/os.py <_slither.Importer for '/slither'>
1 1 1
[<class '_frozen_importlib.BuiltinImporter'>, <class '_frozen_importlib.FrozenImporter'>, <_slither.Importer for '/slither'>, <class '_frozen_importlib_external.PathFinder'>]
<built-in function path_hook> True
/slither/app/pkg/__init__.py ['/slither/app/pkg'] /slither/app/pkg/__pycache__/__init__.cpython-311.pyc True" \
	./t-script attrs
prints "PYTHONPATH and PYTHONHOME are ignored" "['/slither/app', '/slither/lib/python3.11']" \
	env PYTHONPATH=/nonexistent PYTHONHOME=/elsewhere ./t-script attrs_path
prints "C extensions" "pkg._single hello from single-phase 1 /slither/app/pkg/_single.cpython-311-x86_64-linux-gnu.so True
pkg._multi 1 /slither/app/pkg/_multi.cpython-311-x86_64-linux-gnu.so
again 1 2
ImportError: C extension 'pkg._missing' is in the archive but its init function is not linked into this binary; rebuild it with slither build" \
	./t-script ext
prints "data files" "b'some package data\n'
b'some package data\n'
b'deep data, dotted name\n' b'deep data, slashed name\n'
b'some package data\n'
FileNotFoundError: /slither/app/pkg/nothere.txt" ./t-script data
# importlib.resources lists only data files (python3 would list the .py
# files of the package directory too)
prints "importlib.resources" "some package data True
b'scanner-style name\n'
['data.txt', 'inner']
['deep.txt', 'deep2.txt', 'deep3.txt']
True False False
b'some package data\n'
some package data
deep data, dotted name
some package data True ['data.txt', 'inner']
FileNotFoundError" ./t-script resources
prints "pkgutil.iter_modules" "['pkg._missing', 'pkg._multi', 'pkg._single', 'pkg.helper', 'pkg.inner', 'pkg.sub']
['bad', 'cli', 'json', 'nspkg', 'pkg']" ./t-script iter
prints "namespace package, no SLITHER_PATH" "archive None ['/slither/app/nspkg']
ImportError: No module named 'nspkg.extra': it is not embedded in this executable (no built-in module 'nspkg.extra'; no frozen module 'nspkg.extra'; no module 'nspkg.extra' in the embedded archive; no static extension 'nspkg.extra'); to embed it, build with slither build --include nspkg.extra, or --path DIR for the directory that holds it
ImportError: No module named 'plugin_mod': it is not embedded in this executable (no built-in module 'plugin_mod'; no frozen module 'plugin_mod'; no module 'plugin_mod' in the embedded archive; no static extension 'plugin_mod'); to embed it, build with slither build --include plugin_mod, or --path DIR for the directory that holds it" ./t-script ns
mkdir -p plugins/nspkg
echo 'WHERE = "plugin namespace portion"' > plugins/nspkg/extra.py
echo 'WHERE = "plugin module"' > plugins/plugin_mod.py
prints "SLITHER_PATH" "archive None ['/slither/app/nspkg', '$work/plugins/nspkg']
plugin namespace portion
plugin module" env SLITHER_PATH=:plugins:/nonexistent ./t-script ns
prints "SLITHER_PATH on sys.path" "['/slither/app', '/slither/lib/python3.11', '$work/plugins', '/nonexistent']" \
	env SLITHER_PATH=:plugins::/nonexistent: ./t-script attrs_path

prints "reference counts" "no leak" ./t-script leakcheck
# Py_FinalizeEx() failing (here: sys.stdout cannot flush) exits 120, as
# python3
status "finalization failure" 120 ./t-script exit120
# "Exception ignored" and warnings show the source lines of embedded modules
# (sys.unraisablehook is the runtime's; linecache is seeded with each
# module's loader)
same unraisable
same unraisable_at_exit
same warn

# no entry point: an interpreter, taking python's command line
prints "no entry point: python's command line" "42" ./t-none -c 'print(6 * 7)'
status "no entry point: python's exit status" 3 ./t-none -c 'raise SystemExit(3)'

# archives the runtime refuses, before running anything
prints "wrong magic" "./t-badmagic: slither: byte-code compiled by another CPython version (archive: magic 0a0d0000, Python 3.11; this binary: magic 0a0d0da7, Python 3.11) (rebuild the binary with slither build)" ./t-badmagic
status "wrong magic status" 127 ./t-badmagic
prints "root /" "./t-badroot: slither: corrupted archive: its root '/' is not an absolute directory other than / (rebuild the binary with slither build)" ./t-badroot
status "root / status" 127 ./t-badroot
prints "no start-up codec" "./t-noenc: slither: the archive lacks the package encodings or its module utf_8, which every start needs (rebuild the binary with slither build)" ./t-noenc
status "no start-up codec status" 127 ./t-noenc
prints "damaged module" "Traceback (most recent call last):
  File \"/slither/app/main.py\", line 20, in <module>
    import bad  # raises while being imported
    ^^^^^^^^^^
ImportError: module 'bad': corrupted archive: a module's bytes do not match their checksum; this binary is damaged, rebuild it with slither build" ./t-corrupt raise
status "damaged module status" 1 ./t-corrupt raise
prints "undamaged modules of a damaged binary" "['argv']" ./t-corrupt argv

# start-up and imports make no file-system call except under /proc/self
quiet_fs() {	# quiet_fs NAME ALLOW CMD...: strace shows no path syscall but ALLOW's
	local name=$1 allow=$2; shift 2
	# (strace -E VAR=VALUE sets the environment of CMD)
	strace -f -qq -o trace.txt -e trace=%file,readlink,getdents64 "$@" > /dev/null 2>&1
	if grep -v -e 'execve(' -e '"/proc/self/' -e 'newfstatat([0-9]*, ""' \
	        -e "$allow" trace.txt > bad.txt; then
		not_ok "$name touches the file system:"; indent < bad.txt
	else
		ok "$name makes no file-system call outside /proc/self"
	fi
}
if command -v strace > /dev/null; then
	quiet_fs "start-up" '^$' ./t-script argv
	quiet_fs "-m start-up" '^$' ./t-module
	quiet_fs "package import" '^$' ./t-script pkg
	quiet_fs "import ssl" '^$' ./t-script ssl
	quiet_fs "time zone" '^$' ./t-script time
	quiet_fs "C extensions" '^$' ./t-script ext
	quiet_fs "PYTHONPATH ignored" '^$' -E PYTHONPATH=/nonexistent ./t-script pkg
	# printing a traceback: linecache stats each frame's (virtual) file
	# before asking the loader, so only lookups under the root are allowed
	quiet_fs "uncaught exception" 'newfstatat(AT_FDCWD, "/slither/[a-z/_.]*.py", 0x[0-9a-f]*, 0) = -1 ENOENT' ./t-script raise
else
	skip "file-system silence" "strace is not installed (apt-get install strace)"
fi

# the same cases under AddressSanitizer/UBSan, with Python's allocations
# made by malloc so that ASan sees a reference counted once too often
if [ -x t-asan ]; then
	for c in argv exit3 exitmsg raise chained kbi pkg stdlib traceback_module inspect \
	         recursion ssl time reload ext data resources ns iter leakcheck; do
		ASAN_OPTIONS=detect_leaks=0 PYTHONMALLOC=malloc SLITHER_PATH=plugins \
			./t-asan "$c" > asan.out 2>&1 < /dev/null
		rc=$?
		SLITHER_PATH=plugins ./t-script "$c" > /dev/null 2>&1 < /dev/null
		want=$?
		if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' asan.out; then
			not_ok "sanitizers, case $c:"; head -30 asan.out | indent
		elif [ "$rc" != "$want" ]; then
			not_ok "sanitizers, case $c: exit status $rc, not $want"
		else
			ok "sanitizers, case $c: no ASan or UBSan report, exit status $want"
		fi
	done
else
	not_ok "sanitizers: build.sh made no t-asan"
fi

# alone in an empty chroot: no /proc (so no /proc/self/exe and no memfd
# time zone), no /usr, no /etc
if [ "$(id -u)" = 0 ]; then
	rm -rf chroot && mkdir chroot && cp t-script chroot/app
	prints "empty chroot" "['argv']
('UTC', 'UTC') UTC 0 1971-01-01 00:00
/app" sh -c 'chroot chroot /app argv && chroot chroot /app time &&
	chroot chroot /app attrs | sed -n 3p | cut -d" " -f2'
	rm -rf chroot
else
	skip "empty chroot" "chroot needs root"
fi
done_testing
