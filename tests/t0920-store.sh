#!/bin/bash
# A site's toolchain store (SLITHER_TOOLCHAINS): the cached toolchain, bind
# mounted read-only at another path in a mount namespace of the test's own
# (so nothing can change it, and the mount goes with the namespace), makes
# a root-owned store; user nobody, with a cache of its own, finds it and
# builds an app and a C extension with it (slither build, slither pip),
# writing nothing there (strace: no call that writes names the store); the
# deep-frozen objects and the runtime's go to nobody's cache; nobody cannot
# build into the store and is told who does; prune leaves it alone; a
# store without the toolchain asked for is an error naming it and how the
# staff fill it; the store's owner makes it the store's default with
# 'toolchain build'.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "toolchain store" "the test makes a root-owned store and runs as nobody: it needs root"
	done_testing
fi
if ! unshare -m true 2>/dev/null; then
	skip "toolchain store" "no mount namespace here (unshare -m) for a read-only bind mount"
	done_testing
fi
if [ -z "${SLITHER_STORE_INSIDE:-}" ]; then
	TC=$(toolchain)
	# again, in a mount namespace of its own (unshare makes its mounts private)
	rmdir "$TMP"
	SLITHER_STORE_INSIDE=1 TC=$TC exec unshare -m bash "$0" "$@"
fi

NAME=$(basename "$TC")
chmod 755 "$TMP"
STORE=$TMP/store
STAFF=$TMP/staff
# the cached toolchain must never be written: read-only mounts, unmounted
# before $TMP is removed (and rm stays on $TMP's file system)
trap 'umount "$STORE/$NAME" "$STAFF/$NAME" 2>/dev/null; rm -rf --one-file-system "$TMP"' EXIT
# ro_mount DIR: the cached toolchain at DIR, read-only, or the test stops
ro_mount() {
	mkdir -p "$1"
	if ! mount --bind "$TC" "$1" || ! mount -o remount,bind,ro "$1" ||
		touch "$1/lib/slither/used" 2>/dev/null; then
		umount "$1" 2>/dev/null
		not_ok "a read-only bind mount of $TC at $1"
		done_testing
	fi
}
ro_mount "$STORE/$NAME"
ok "the store: the toolchain bind mounted read-only at $STORE/$NAME"
echo "$NAME" >"$STORE/default"
chmod 755 "$STORE"
U=$TMP/user
mkdir -p "$U/home/.cache/slither" "$U/work/pkg"
# time: nobody's cache starts with the deep-frozen standard library the
# test suite's own cache holds (entries are keyed by content and checked
# before use); the app's own modules are frozen into it afresh
ROOT_CACHE=${SLITHER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slither}
[ -d "$ROOT_CACHE/frozen" ] && cp -a "$ROOT_CACHE/frozen" "$U/home/.cache/slither/"
(cd "$U/home/.cache/slither" && find frozen -type f 2>/dev/null | sort) >"$TMP/seeded"
chown -R 65534:65534 "$U"
# as: run as user nobody, whose home and cache are in $U (not the suite's
# SLITHER_CACHE or XDG_CACHE_HOME, which root owns)
as() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -u SLITHER_CACHE -u XDG_CACHE_HOME \
		HOME="$U/home" SLITHER_TOOLCHAINS="$STORE" TMPDIR="$U" "$@"
}
cd "$U/work" || exit 1

out=$(as "$SLITHER" toolchain path 2>&1)
check "toolchain path gives the store's default ($out)" test "$out" = "$STORE/$NAME"
as "$SLITHER" toolchain list >list.out 2>&1
check "toolchain list shows it, in the store" grep -q "^3.11.2 *$STORE/$NAME (default) (store)$" list.out

cat >app.py <<'PY'
import json, sys
import pkg.mod
print("from the store", pkg.mod.VALUE, json.dumps(sys.argv[1:]))
PY
echo 'VALUE = 7' >pkg/mod.py
: >pkg/__init__.py
cp -R "$TOP/tests/ext/alpha" alpha-src
chown -R 65534:65534 .
# every call that could write, on any path
WRITES='open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,rmdir,utimensat,utime,utimes,link,linkat,symlink,symlinkat,chmod,fchmodat,truncate'
as strace -f -qq -o "$U/build.trace" -e trace=$WRITES "$SLITHER" build app.py -o app \
	>build.out 2>&1
rc=$?
check "nobody builds an app with the store's default toolchain (exit $rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || tail -20 build.out | sed 's/^/    /'
./app x >run.out 2>&1
check "... which runs" grep -qx 'from the store 7 \["x"\]' run.out
# writes into the store: a write mode, or a call that changes a name
writes_in_store() {
	grep -F "$STORE" "$1" | grep -E 'O_WRONLY|O_RDWR|O_CREAT|^[0-9]+ +(creat|mkdir|rename|unlink|rmdir|utime|link|symlink|chmod|fchmodat|truncate)' || true
}
writes_in_store "$U/build.trace" >store-writes.txt
reads=$(grep -cF "$STORE/$NAME" "$U/build.trace")
check "... without trying to write anything in the store (strace: $reads calls read there)" \
	test ! -s store-writes.txt -a "$reads" -gt 0
head -5 store-writes.txt | sed 's/^/    /'
n=$( (cd "$U/home/.cache/slither" && find frozen -type f | sort) | comm -13 "$TMP/seeded" - | wc -l)
check "... the deep-frozen objects it made ($n: the app's modules) in nobody's own cache" \
	test "$n" -gt 0
check "... and the runtime's objects" \
	test -n "$(find "$U/home/.cache/slither/runtime" -type f 2>/dev/null | head -1)"

as strace -f -qq -o "$U/pip.trace" -e trace=$WRITES "$SLITHER" pip install --no-index \
	--no-build-isolation --target site ./alpha-src >pip.out 2>&1
rc=$?
check "slither pip builds a C extension with the store's toolchain (exit $rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || tail -20 pip.out | sed 's/^/    /'
writes_in_store "$U/pip.trace" >pip-writes.txt
check "... without trying to write anything in the store (strace)" test ! -s pip-writes.txt
head -5 pip-writes.txt | sed 's/^/    /'
printf 'import alpha._speedups\nprint(alpha.which(), alpha._speedups.count())\n' >ext.py
chown 65534:65534 ext.py
as "$SLITHER" build --toolchain "$NAME" --path site ext.py -o ext >ext.out 2>&1
./ext >ext-run.out 2>&1
check "--toolchain NAME: a toolchain of the store by its name; the extension links and runs" \
	grep -qx 'alpha helper 1' ext-run.out
grep -qx 'alpha helper 1' ext-run.out || sed 's/^/    /' ext-run.out ext.out

# what nobody cannot do, and is told why
expect_fail "nobody cannot build into the store, and is told who does" \
	"cannot build into the toolchain store $STORE \(SLITHER_TOOLCHAINS\): it is not writable by you.*built by its owner.*SLITHER_TOOLCHAINS=$STORE slither toolchain build" \
	as "$SLITHER" toolchain build
as "$SLITHER" toolchain prune --days 0 >prune.out 2>&1
check "prune --days 0 leaves the store alone" test -f "$STORE/$NAME/lib/slither/finished"
expect_fail "a store without the --optimize default: the error names the store and how it is filled" \
	"the toolchain store $STORE \(SLITHER_TOOLCHAINS\) holds no default toolchain built with --optimize.*SLITHER_TOOLCHAINS=$STORE slither toolchain build --optimize' as the store's owner" \
	as "$SLITHER" toolchain path --optimize
mkdir -p "$TMP/empty"
expect_fail "an empty store: slither build fails naming the store and how the staff fill it" \
	"the toolchain store $TMP/empty \(SLITHER_TOOLCHAINS\) holds no default toolchain.*the site's staff fill it by running 'SLITHER_TOOLCHAINS=$TMP/empty slither toolchain build' as the store's owner" \
	as env SLITHER_TOOLCHAINS="$TMP/empty" "$SLITHER" build app.py -o app2
check "... and builds no toolchain in nobody's cache" \
	test ! -d "$U/home/.cache/slither/toolchains/logs"
expect_fail "--toolchain NAME that the store lacks: the error names the store" \
	"no toolchain 'cpython-nosuch': it is neither a directory nor a toolchain in the store $STORE" \
	as "$SLITHER" build --toolchain cpython-nosuch app.py -o app3

# the store's owner: toolchain build finds the toolchain built and makes
# it the default of a new store, by name (the store may be mounted elsewhere)
ro_mount "$STAFF/$NAME"
if [ -n "$(find "${SLITHER_CACHE:-$HOME/.cache/slither}/src" -name 'python3.11_*.orig.tar.*' 2>/dev/null)" ]; then
	SLITHER_TOOLCHAINS=$STAFF "$SLITHER" toolchain build >staff.out 2>&1
	rc=$?
	check "the owner's toolchain build into the store: already there (exit $rc)" \
		grep -q "already built at $STAFF/$NAME" staff.out
	check "... made the store's default for its version, by name" \
		test "$(cat "$STAFF/default-3.11" 2>/dev/null)" = "$NAME"
else
	skip "the owner's toolchain build into the store" "no cached Debian source tarball of python3.11"
fi
done_testing
