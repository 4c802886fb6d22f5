/* The headers cached objects were compiled against, checked the way
 * ccache's "direct mode" does.  The key of a set of cached objects (the
 * runtime's bundle, deep-frozen objects) names what slither gives the
 * compiler, not the system headers it reads (glibc's, a cross target's,
 * MPICH's...): an upgraded libc6-dev would leave stale objects.  So each
 * such compile also writes the headers it read (gcc -MD -MF: a side effect
 * of the same compile), their list is kept beside the objects as a
 * "manifest", and a later build adds the headers' current content to the
 * objects' key: a changed or vanished header is a new key, compiled. */
#ifndef SL_LINK_HEADERS_H
#define SL_LINK_HEADERS_H

#include <stddef.h>

/* The first line of `cc --version` ("gcc (Debian 12.2.0-14) 12.2.0"), for
 * the keys of cached objects: an upgraded compiler makes other objects.
 * Asked once per compiler in a process; not to be freed.  Dies when `cc`
 * does not run. */
const char *cc_version(const char *cc);

/* The manifest of the objects of `kind` ("runtime", "frozen") whose key
 * (without headers) is `key`: <cache>/<kind>/<SHA-256 of key>.headers,
 * its directory created; newly allocated. */
char *headers_manifest(const char *kind, const char *key);

/* The headers of the manifest `path` as they are now, as key text: the
 * SHA-256 of each listed path with the SHA-256 of its content, and of the
 * environment by which the compiler looks for headers (CPATH,
 * C_INCLUDE_PATH); newly allocated.
 * NULL when there is no manifest or a listed header is gone: the objects
 * must be compiled (and headers_record() called).  Marks the manifest used. */
char *headers_state(const char *path);

/* Push the options by which compiling `obj` also writes `obj`.d, the
 * headers it read, for headers_record(). */
void headers_argv(char ***av, size_t *n, const char *obj);

/* Write the manifest `path`: the absolute paths (sorted, once each) of the
 * headers that the files `dir`/OBJ.d name, for OBJ each of objs[0..n)
 * (`dir` NULL: each OBJ.d as it is).  The source and relative paths (the
 * headers of the scratch directory), which the key covers by content, are
 * left out.  By
 * rename; then prunes the manifests no build used for CACHE_UNUSED_DAYS.
 * Dies on failure. */
void headers_record(const char *path, const char *dir, char *const *objs, size_t n);

#endif
