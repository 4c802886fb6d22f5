# Shared helpers for the shell tests (tests/tNNNN-*.sh); source it.
# Each test prints "ok - what" or "not ok - what" lines and exits non-zero
# if anything failed.  SLITHER is the command under test.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
SLITHER=${SLITHER:-$TOP/slither}
STOCK_PYTHON=${STOCK_PYTHON:-/usr/bin/python3.11}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/slither-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0

ok() { printf 'ok - %s\n' "$*"; }
not_ok() { printf 'not ok - %s\n' "$*"; failures=$((failures + 1)); }
# check DESCRIPTION COMMAND...: the command must succeed; returns its
# verdict, so that `check ... || show the output` shows why it failed
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; return 1; fi; }
# expect_fail DESCRIPTION PATTERN COMMAND...: the command must fail and
# print PATTERN (a grep -E pattern) on stdout or stderr
expect_fail() {
	d=$1 pat=$2; shift 2
	if "$@" >"$TMP/out" 2>&1; then
		not_ok "$d (succeeded)"; sed 's/^/    /' "$TMP/out"
	elif grep -Eq -- "$pat" "$TMP/out"; then
		ok "$d"
	else
		not_ok "$d (message lacks /$pat/)"; sed 's/^/    /' "$TMP/out"
	fi
}
# skip DESCRIPTION REASON: a test that cannot run here, and why
skip() { printf 'ok - %s # SKIP %s\n' "$1" "$2"; }
done_testing() {
	also_on_versions
	if [ "$failures" -ne 0 ]; then
		echo "# $(basename "$0"): $failures failed"
		exit 1
	fi
	exit 0
}
# also_on VERSION...: a test that makes the same checks on other CPython
# versions says so once, after sourcing this file; done_testing then runs the
# whole test again for each VERSION (SLITHER_TEST_PYTHON=VERSION, so that
# `toolchain` is that version's, built once into the cache: t0150 builds
# 3.13's), its lines labelled "[VERSION]" and its failures counted.  The
# default toolchain's run is the test as it is; a test run with
# SLITHER_TEST_PYTHON set runs on that version alone.
TEST_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
ALSO_VERSIONS=""
also_on() { [ -n "${SLITHER_TEST_PYTHON:-}" ] || ALSO_VERSIONS="$*"; }
also_on_versions() {
	local v rc
	for v in $ALSO_VERSIONS; do
		echo "# $(basename "$0") on CPython $v"
		(cd "$TOP" && SLITHER_TEST_PYTHON=$v bash "$TEST_SCRIPT"; echo "rc $?" >"$TMP/also.$v") |
			sed -u "s/^\(ok\|not ok\) - /\1 - [$v] /"
		rc=$(sed -n 's/^rc //p' "$TMP/also.$v" 2>/dev/null)
		[ "${rc:-1}" -eq 0 ] || failures=$((failures + 1))
	done
	ALSO_VERSIONS=""
}
# The default toolchain, built once and shared through slither's cache;
# SLITHER_TEST_PYTHON=3.13 makes it that version's (to try a test on
# another CPython: tests that compare with python3.11 or name python3.11's
# files do not all follow yet).
toolchain() {
	if [ -z "${TC:-}" ]; then
		TC=$("$SLITHER" toolchain build ${SLITHER_TEST_PYTHON:+--python "$SLITHER_TEST_PYTHON"}) ||
			{ echo "# cannot build the toolchain"; exit 1; }
		if [ -n "${SLITHER_TEST_PYTHON:-}" ] &&
			! grep -q "^version ${SLITHER_TEST_PYTHON//./\\.}\." "$TC/lib/slither/toolchain.txt"; then
			echo "# $TC is not a CPython $SLITHER_TEST_PYTHON toolchain"; exit 1
		fi
	fi
	echo "$TC"
}
# Path-based file-system calls, for the silence tests: trace a command with
# strace -e trace=$SYSCALLS, then path_calls TRACE prints the traced calls
# that name a path other than /proc/self/... (calls on a file descriptor,
# with an empty path, are not path look-ups).
SYSCALLS=open,openat,stat,lstat,newfstatat,statx,access,faccessat,faccessat2,readlink,readlinkat,getdents64
path_calls() {
	grep -E "($(echo $SYSCALLS | tr , '|'))\(" "$1" |
		grep -Ev '"/proc/self/|\(-?[0-9]+, "", ' |
		grep -E '"[^"]+"' || true
}
# debian_source PACKAGE: the upstream tarball of Debian source package
# PACKAGE (`slither source`, cached) into $src, said by an ok line; a
# failure is a not ok line, with why, and ends the test
debian_source() {
	if ! src=$("$SLITHER" source "$1" 2>"$TMP/source.err"); then
		not_ok "the $1 source package is fetched (apt-get source)"
		sed 's/^/    /' "$TMP/source.err"
		done_testing
	fi
	ok "the $1 source package is fetched (apt-get source)"
}
# unpack_source: $src unpacked into $TMP/src, its top directory into $dir
# (a failure ends the test)
unpack_source() {
	mkdir "$TMP/src"
	tar -xf "$src" -C "$TMP/src" || { not_ok "$src unpacks"; done_testing; }
	dir=$(echo "$TMP"/src/*/)
}
# static_lib SOURCE-PACKAGE [CONFIGURE-ARGS...]: build the library of a Debian
# source package (its upstream tarball, `slither source`) as static archives
# only, for a -dev package that ships no lib*.a (libxslt1-dev); prints the
# install prefix (lib/*.a, lib/pkgconfig/*.pc).  Cached in slither's cache,
# keyed by the tarball's SHA-256, the arguments and the compiler.
static_lib() {
	sl_name=$1
	shift
	sl_src=$("$SLITHER" source "$sl_name" 2>"$TMP/static_lib.err") ||
		{ sed 's/^/    /' "$TMP/static_lib.err" >&2; return 1; }
	sl_key=$({ sha256sum <"$sl_src"; echo "$*"; gcc --version | head -1; } | sha256sum | cut -c1-16)
	sl_prefix=${SLITHER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slither}/test-libs/$sl_name-$sl_key
	if [ ! -e "$sl_prefix/.finished" ]; then
		rm -rf "$sl_prefix" "$TMP/static_lib"
		mkdir -p "$TMP/static_lib"
		if ! (tar xf "$sl_src" -C "$TMP/static_lib" && cd "$TMP"/static_lib/*/ &&
			./configure --prefix="$sl_prefix" --disable-shared --enable-static \
				--with-pic "$@" && make -j2 && make install) >"$TMP/static_lib.log" 2>&1; then
			echo "    building $sl_name statically failed:" >&2
			tail -20 "$TMP/static_lib.log" | sed 's/^/    /' >&2
			return 1
		fi
		touch "$sl_prefix/.finished"
	fi
	echo "$sl_prefix"
}
# silent DESCRIPTION CMD...: CMD, under strace, must make no path-based
# file-system call (path_calls); those it makes are listed
silent() {
	local d=$1 n; shift
	if ! command -v strace >/dev/null; then
		not_ok "$d: strace is needed for the file-system silence test (apt-get install strace)"
		return
	fi
	strace -f -qq -o "$TMP/silent.trace" -e trace=$SYSCALLS "$@" >/dev/null
	n=$(path_calls "$TMP/silent.trace" | wc -l)
	if [ "$n" -eq 0 ]; then
		ok "$d"
	else
		not_ok "$d: $n path-based file-system calls"
		path_calls "$TMP/silent.trace" | head -20 | sed 's/^/    /'
	fi
}
# in_chroot DESCRIPTION EXPECTED BINARY ARGS...: BINARY, copied alone into
# the empty directory $TMP/root (where a test may have put input files
# first) and run there as /app ARGS, must print the file EXPECTED (stdout
# and stderr); skipped without root
in_chroot() {
	local d=$1 expected=$2 bin=$3; shift 3
	if [ "$(id -u)" -ne 0 ]; then
		skip "$d" "chroot needs root"
		return
	fi
	mkdir -p "$TMP/root"
	cp "$bin" "$TMP/root/app"
	(cd / && chroot "$TMP/root" /app "$@") >"$TMP/chroot.out" 2>&1
	if cmp -s "$expected" "$TMP/chroot.out"; then
		ok "$d"
	else
		not_ok "$d"
		diff -u "$expected" "$TMP/chroot.out" | head -20 | sed 's/^/    /'
	fi
}
# bounded MAXPROCS SECONDS CMD...: run CMD with at most MAXPROCS processes
# and threads alive at once and kill it after SECONDS, so that a command
# that starts itself over and over fails instead of flooding the machine.
# As root, the limit is a cgroup's pids.max (cgroup v1 or v2), which holds
# for root too; as anyone else, RLIMIT_NPROC (ulimit -u), which counts all
# of the user's processes, so it is set to those running now plus MAXPROCS.
# Returns CMD's status (124 on the time limit), or 125, saying why, when
# neither can be set.  Afterwards BOUNDED_HIT is 1 if the cgroup refused a
# fork or clone for the limit.
bounded() {
	local max=$1 secs=$2 cg rc
	shift 2
	BOUNDED_HIT=0
	if [ "$(id -u)" -ne 0 ]; then
		prlimit --nproc="$(($(ps -L -u "$(id -u)" --no-headers | wc -l) + max))" \
			timeout -k 5 "$secs" "$@"
		return
	fi
	if [ -d /sys/fs/cgroup/pids ]; then
		cg=/sys/fs/cgroup/pids/slither-test.$$.$RANDOM
	elif [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw pids /sys/fs/cgroup/cgroup.controllers; then
		cg=/sys/fs/cgroup/slither-test.$$.$RANDOM
	else
		echo "# bounded: no cgroup pids controller here, so no process limit holds for root" >&2
		return 125
	fi
	if ! mkdir "$cg" 2>/dev/null || ! echo "$max" >"$cg/pids.max"; then
		echo "# bounded: cannot make a cgroup under $(dirname "$cg")" >&2
		rmdir "$cg" 2>/dev/null
		return 125
	fi
	(echo "$BASHPID" >"$cg/cgroup.procs" && exec timeout -k 5 "$secs" "$@")
	rc=$?
	# whatever the command left behind goes with the cgroup
	if [ -f "$cg/pids.events" ] && [ "$(sed -n 's/^max //p' "$cg/pids.events")" != 0 ]; then
		BOUNDED_HIT=1
	fi
	# (cgroup files have no size: read them)
	while [ -n "$(cat "$cg/cgroup.procs")" ]; do
		xargs -r kill -9 <"$cg/cgroup.procs" 2>/dev/null
		sleep 0.1
	done
	rmdir "$cg"
	return $rc
}
# ext_object FILE OUT: the relocatable object slither build links from the
# extension FILE that slither pip installed: the object a shared library
# carries in its section .slither_obj (src/ext/ext.h), or FILE itself
ext_object() {
	if readelf -S "$1" 2>/dev/null | grep -q '\.slither_obj'; then
		objcopy --dump-section .slither_obj="$2" "$1" "$2.shared" && rm -f "$2.shared"
	else
		cp "$1" "$2"
	fi
}
# The upstream sources Debian does not serve (numpy, mpi4py): $SLITHER_SOURCES,
# or ../shared/sources beside the project, or beside the repository this
# one was cloned from (a CI clone of /work/main elsewhere).
# pip_numpy TOOLCHAIN TARBALL DIR LOG: numpy 1.24.2 from its release tag's
# tarball into DIR, as tests/t0560 builds it (so the later tests restore
# it from slither pip's cache).  NPY_DISABLE_SVML=1: a git archive has no
# SVML submodule (numpy's setup.py stops otherwise, asking for `git
# submodule update`); --cython: numpy.random's .pyx sources.
pip_numpy() {
	NPY_DISABLE_SVML=1 "$SLITHER" pip --toolchain "$1" --cython install --no-index \
		--no-build-isolation --target "$3" "$2" >"$4" 2>&1
}

sources_dir() {
	local origin
	if [ -n "${SLITHER_SOURCES:-}" ]; then
		echo "$SLITHER_SOURCES"; return
	fi
	if [ -d "$TOP/../shared/sources" ]; then
		echo "$TOP/../shared/sources"; return
	fi
	origin=$(git -C "$TOP" config remote.origin.url 2>/dev/null)
	case $origin in
	/*) echo "$origin/../shared/sources" ;;
	*) echo "$TOP/../shared/sources" ;;
	esac
}
