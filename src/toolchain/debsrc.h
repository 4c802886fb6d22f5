/* Debian source packages: the upstream tarball of a source package, fetched
 * with `apt-get source --tar-only` through a private apt state in slither's
 * cache (deb-src entries derived from the machine's own apt sources; the
 * system's apt configuration is never touched) and kept in the cache, so
 * that asking again needs no network.  Used for CPython's source and by
 * `slither source` (the real packages the extension tests build). */
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

#endif
