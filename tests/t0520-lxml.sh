#!/bin/bash
# lxml from Debian's source package, unmodified, built with `slither pip`:
# several extension modules of generated C, linked with static libxml2,
# libxslt and libexslt and what those need in turn (ICU, zlib, liblzma,
# libgcrypt, libgpg-error: found through their pkg-config files).  Debian's
# libxslt1-dev ships no static archive, so libxslt is built statically from
# its own Debian source package (static_lib in lib.sh, cached).  The app's
# output is compared with Debian's python3-lxml on python3.11; importing
# lxml touches no file (but glibc's iconv cache, see below); the binary runs
# in an empty chroot.  The lxml build is cached by slither pip, by inputs.
. "$(dirname "$0")/lib.sh"

TC=$(toolchain)

if ! src=$("$SLITHER" source lxml 2>"$TMP/source.err"); then
	not_ok "the lxml source package is fetched (apt-get source)"
	sed 's/^/    /' "$TMP/source.err"
	done_testing
fi
ok "the lxml source package is fetched (apt-get source)"
if ! xslt=$(static_lib libxslt --without-python); then
	not_ok "libxslt is built as static archives from its Debian source package"
	done_testing
fi
ok "libxslt is built as static archives from its Debian source package"

# lxml's setup.py asks pkg-config for libxml-2.0 and libxslt: the static
# libxslt's .pc files come first
export PKG_CONFIG_PATH=$xslt/lib/pkgconfig
pip_lxml() {
	"$SLITHER" pip --toolchain "$TC" install --no-index --no-build-isolation --target "$1" "$src"
}
t0=$(date +%s)
if pip_lxml "$TMP/site" >"$TMP/pip.out" 2>&1; then
	ok "slither pip builds lxml"
else
	not_ok "slither pip builds lxml"
	tail -40 "$TMP/pip.out" | sed 's/^/    /'
	done_testing
fi
t1=$(date +%s)
if grep -q "restored from slither's cache" "$TMP/pip.out"; then
	echo "# lxml restored from slither's cache in $((t1 - t0)) s (built by an earlier run)"
else
	echo "# lxml built in $((t1 - t0)) s"
	check "... its extensions as objects to link statically" grep -q \
		"C extensions built to link statically: .*lxml.etree, .*lxml.objectify" "$TMP/pip.out"
fi
ext_object "$(ls "$TMP"/site/lxml/etree.*.so)" "$TMP/etree.o"
nm "$TMP/etree.o" >"$TMP/nm.etree" 2>/dev/null
# one defined function from each static library, the transitive ones too
for sym in xmlParseDocument xsltApplyStylesheet exsltRegisterAll "ucnv_open(_[0-9]+)?" \
	gcry_md_hash_buffer gpgrt_lock_lock deflate lzma_code; do
	grep -Eq " T $sym$" "$TMP/nm.etree" || missing_sym="${missing_sym:-} $sym"
done
check "lxml.etree holds libxml2, libxslt, libexslt and their dependencies (ICU, libgcrypt, libgpg-error, zlib, liblzma)${missing_sym:+; missing:$missing_sym}" \
	test -z "${missing_sym:-}"

# the same install again: from the cache, the same tree
t0=$(date +%s)
pip_lxml "$TMP/site2" >"$TMP/pip2.out" 2>&1
t1=$(date +%s)
echo "# the same install again: $((t1 - t0)) s"
check "an identical slither pip install is restored from the cache" \
	grep -q "restored from slither's cache" "$TMP/pip2.out"
check "... with the same files" diff -r "$TMP/site" "$TMP/site2"

APP=$TOP/tests/ext/real/lxml_app.py
"$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$APP" -o "$TMP/app" \
	2>"$TMP/build.err" || sed 's/^/    /' "$TMP/build.err"
check "an app using lxml builds" test -x "$TMP/app"
"$TMP/app" >"$TMP/static.out" 2>&1
"$TMP/app" where >"$TMP/where.out" 2>&1
check "lxml.etree and lxml.objectify are the statically linked extensions" grep -qz \
	"^lxml.etree Importer /slither/app/lxml/etree.cpython-311-x86_64-linux-gnu.so
lxml.objectify Importer /slither/app/lxml/objectify.cpython-311-x86_64-linux-gnu.so
$" "$TMP/where.out"

if "$STOCK_PYTHON" -c 'import lxml.etree, lxml.objectify' 2>/dev/null; then
	"$STOCK_PYTHON" "$APP" >"$TMP/stock.out" 2>&1
	if diff -u "$TMP/stock.out" "$TMP/static.out" >"$TMP/diff"; then
		ok "the same output as Debian's python3-lxml on python3.11 (parse, XPath, XSLT" \
			"with EXSLT, objectify, serialisation, errors)"
	else
		not_ok "the output differs from Debian's python3-lxml on python3.11"
		sed 's/^/    /' "$TMP/diff"
	fi
else
	not_ok "Debian's python3-lxml is needed for the comparison (apt-get install python3-lxml)"
fi

# Importing lxml, traced.  One call is glibc's, not slither's: lxml.etree's
# initialisation asks libxml2 for a UCS-4 converter, libxml2 asks iconv, and
# glibc's iconv_open reads its module cache (gconv-modules.cache) at a fixed
# path; no variable turns that off (GCONV_PATH makes it read more files).
# stock python3 with python3-lxml reads it too; the binary does not need it
# (UCS-4 is built into glibc: the chroot run below has no such file).  At
# run time, libgcrypt (EXSLT's crypto functions) looks for its FIPS
# settings; that is a use, not the import, and is not asserted here.
printf 'from lxml import etree, objectify\n' >"$TMP/import_only.py"
"$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$TMP/import_only.py" \
	-o "$TMP/import_only" 2>/dev/null
if command -v strace >/dev/null; then
	strace -f -qq -o "$TMP/trace" -e trace=$SYSCALLS "$TMP/import_only" >/dev/null
	path_calls "$TMP/trace" | grep -v '"/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"' \
		>"$TMP/calls"
	n=$(wc -l <"$TMP/calls")
	if [ "$n" -eq 0 ]; then
		ok "importing lxml.etree and lxml.objectify makes no path-based file-system call" \
			"(but glibc iconv's module cache)"
	else
		not_ok "importing lxml makes $n path-based file-system calls:"
		head -20 "$TMP/calls" | sed 's/^/    /'
	fi
else
	not_ok "strace is needed for the file-system silence test (apt-get install strace)"
fi

in_chroot "the lxml app runs alone in an empty chroot, with the same output" \
	"$TMP/static.out" "$TMP/app"
done_testing
