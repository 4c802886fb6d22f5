#!/bin/bash
# Distribution metadata in a slither binary (issue 15): two fixture
# distributions installed with slither pip (tests/dist): Metadata-Fixture
# (package mdfix), whose __init__ sets __version__ with
# importlib.metadata.version() and whose plugins are found through
# entry_points(group="mdfix.plugins"), and mdfix-extra, whose only link to
# the app is a plugin in that group.  Built with -m mdfix, the binary
# answers version, metadata, requires, files (and the bytes of each file
# have the hash its RECORD gives), entry_points, distributions and
# packages_distributions as python3.11 does on the same site, also in an
# empty chroot, and no system call names the root.  --exclude-data leaves
# a data file out and the build names it.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)
cp -R "$TOP/tests/dist/mdfix" "$TOP/tests/dist/mdfix-extra" "$TMP/"	# pip builds in the source tree
if (cd "$TMP" && "$SLITHER" pip --toolchain "$TC" install --no-index --no-build-isolation \
	--target "$TMP/site" ./mdfix ./mdfix-extra) >"$TMP/pip.out" 2>&1; then
	ok "slither pip installs the two fixture distributions"
else
	not_ok "slither pip installs the fixture distributions"
	sed 's/^/    /' "$TMP/pip.out"
	done_testing
fi

# python3.11 on the site alone (-S: not Debian's dist-packages)
(cd "$TMP" && PYTHONPATH=$TMP/site "$STOCK_PYTHON" -S -m mdfix) >"$TMP/stock.out" 2>&1
check "python3.11 runs the fixture from the site" grep -q '^plugin gamma gamma ran' "$TMP/stock.out"
if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" -m mdfix -o "$TMP/app" \
	>"$TMP/build.out" 2>&1; then
	ok "slither build links the app ($(grep -o '[0-9]* data files' "$TMP/build.out"))"
else
	not_ok "slither build links the app"
	sed 's/^/    /' "$TMP/build.out"
	done_testing
fi

(cd "$TMP" && "$TMP/app") >"$TMP/app.out" 2>&1
if cmp -s "$TMP/stock.out" "$TMP/app.out"; then
	ok "importlib.metadata answers as python3.11 on the site ($(wc -l <"$TMP/app.out") lines)"
else
	not_ok "importlib.metadata answers differ from python3.11 on the site"
	diff "$TMP/stock.out" "$TMP/app.out" | sed 's/^/    /'
fi
check "the 14 files RECORD hashes are embedded with those bytes" \
	test "$(grep -c '^file .* True True$' "$TMP/app.out")" -eq 14

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TMP/root"
	cp "$TMP/app" "$TMP/root/"
	chroot "$TMP/root" /app >"$TMP/chroot.out" 2>&1
	check "the same in an empty chroot" cmp -s "$TMP/stock.out" "$TMP/chroot.out"
else
	skip "the app in an empty chroot" "chroot needs root"
fi
if command -v strace >/dev/null; then
	strace -f -qq -o "$TMP/trace" -e trace=$SYSCALLS "$TMP/app" >/dev/null 2>&1
	n=$(grep -c '"/slither' "$TMP/trace")
	check "no system call names a path under the root ($n did)" test "$n" -eq 0
else
	skip "system calls under the root" "no strace (apt-get install strace)"
fi

# --exclude-data: the file is left out and named with its size; a glob
# that matches nothing is a warning
if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" -m mdfix -o "$TMP/slim" \
	--exclude-data 'mdfix/tables/large*' --exclude-data '*.h5' >"$TMP/slim.out" 2>&1; then
	check "--exclude-data names the file it leaves out" grep -qxF \
		"slither: data file mdfix/tables/large.csv left out by --exclude-data 'mdfix/tables/large*' (0.0 MB)" \
		"$TMP/slim.out"
	check "--exclude-data that matches nothing is a warning" grep -q \
		"^slither: warning: --exclude-data '\*.h5' matches no data file" "$TMP/slim.out"
	(cd "$TMP" && "$TMP/slim") >"$TMP/slim.run" 2>&1
	want='< file mdfix/tables/large.csv sha256 3000 True True
---
> file mdfix/tables/large.csv sha256 3000 False -'
	got=$(diff "$TMP/stock.out" "$TMP/slim.run" | tail -n +2)
	check "without it, only that file is missing" test "$got" = "$want"
else
	not_ok "slither build --exclude-data"; sed 's/^/    /' "$TMP/slim.out"
fi
done_testing
