/* Sets of compiled objects kept in slither's cache, one file per set
 * (a "bundle": each object's name and bytes, then the SHA-256 of all of
 * it), so that a set is stored by one rename and a damaged one is seen
 * before it is used.  The runtime's objects live so (link.c). */
#ifndef SL_LINK_OBJCACHE_H
#define SL_LINK_OBJCACHE_H

#include <stddef.h>

/* The bundle of `kind` ("runtime") for the key text `key` and the
 * headers the objects were compiled against (headers_state()):
 * <cache>/<kind>/<SHA-256 of both>.objs, its directory created; newly
 * allocated. */
char *objcache_path(const char *kind, const char *key, const char *headers);

enum objcache_status {
	OBJCACHE_RESTORED,	/* every object written to the work directory */
	OBJCACHE_ABSENT,	/* no bundle for this key */
	OBJCACHE_DAMAGED,	/* a bundle that fails its checks; removed */
};

/* Write the objects of the bundle `path` as `dir`/NAME, where NAME is each
 * of names[0..n), which the bundle must hold exactly, in that order; marks
 * the bundle used.  A damaged bundle is removed and `why` (if not NULL) set
 * to a newly allocated reason. */
enum objcache_status objcache_restore(const char *path, const char *dir, char *const *names,
				      size_t n, char **why);

/* Store `dir`/NAME for each of names[0..n) as the bundle `path`, by
 * rename; then prune the bundles of that directory no build used for
 * CACHE_UNUSED_DAYS.  Dies on failure. */
void objcache_store(const char *path, const char *dir, char *const *names, size_t n);

#endif
