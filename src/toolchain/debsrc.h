/* Debian source packages: the upstream tarball of a source package, fetched
 * with `apt-get source --tar-only` through a private apt state in slither's
 * cache (deb-src entries derived from the machine's own apt sources; the
 * system's apt configuration is never touched) and kept in the cache, so
 * that asking again needs no network.  Used for CPython's source and by
 * `slither source` (the real packages the extension tests build); a binary
 * package likewise, unpacked, for the Cython of a CPython version that is
 * not the machine's python3's (toolchain_cython()). */
#ifndef SL_DEBSRC_H
#define SL_DEBSRC_H

/* The path of source package `pkg`'s upstream tarball (cache/src/PKG/
 * PKG_VERSION.orig.tar.*), newly allocated; fetched first when not cached,
 * from Debian release `suite` ("trixie": the machine's archives with only
 * the release name changed, in a private apt state of its own), or from
 * the machine's own releases when `suite` is NULL.  Dies on failure with a
 * message that ends with `fallback`, the way around it ("pass a CPython
 * tarball with --python-src FILE"). */
char *debsrc_fetch(const char *pkg, const char *suite, const char *fallback);

/* The files of Debian binary package `pkg` of release `suite` (as above),
 * fetched with `apt-get download` and unpacked with `dpkg-deb -x` once
 * into slither's cache (cache/deb/SUITE/PKG/root, SUITE "machine" for the
 * machine's own releases): the path of that root (its usr/...), newly
 * allocated.  `pkg` may name another architecture's ("libmpich-dev:arm64",
 * once dpkg --add-architecture arm64).  Dies on failure, as debsrc_fetch()
 * does. */
char *debsrc_fetch_binary(const char *pkg, const char *suite, const char *fallback);

#endif
