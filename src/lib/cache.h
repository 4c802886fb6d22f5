/* slither's per-user cache directory, and the one rule by which every
 * cache in it (toolchains, deep-frozen objects, slither pip's installs)
 * forgets what no build uses. */
#ifndef SL_LIB_CACHE_H
#define SL_LIB_CACHE_H

#include <time.h>

/* $SLITHER_CACHE, else $XDG_CACHE_HOME/slither, else ~/.cache/slither;
 * newly allocated; created on demand by callers. */
char *cache_dir(void);

/* The entry of the cache `kind` ("runtime", "frozen") for the key text
 * key1 followed by key2 (NULL: none): <cache>/<kind>/<SHA-256 of the
 * text><suffix>, its directory created (dies if it cannot be); newly
 * allocated. */
char *cache_entry(const char *kind, const char *key1, const char *key2, const char *suffix);

/* How long slither's caches keep what no build has used. */
#define CACHE_UNUSED_DAYS 30

/* Which entries of a cache directory pruning removes. */
struct prune_rule {
	const char *prefix;	/* names that start so (NULL: any) */
	const char *suffix;	/* names that end so (NULL: any) */
	int days;		/* unused for more than this many days; < 0: none */
	/* When a build last used the entry at `path`: NULL for its mtime,
	 * which each use renews; 0 from it keeps the entry. */
	time_t (*last_used)(const char *path);
	char *const *keep;	/* paths never removed, NULL-terminated (or NULL) */
	const char *what;	/* report each removal as "the WHAT": "toolchain" (or NULL) */
	/* a temporary "NAME.tmp.PID" of a writer is stale when it is over a
	 * day old; with dead_writers also when PID no longer runs here (only
	 * for a cache that one machine writes: another host's PID means
	 * nothing here) */
	int dead_writers;
};

/* Remove the entries of `dir` that `r` selects and the stale temporaries,
 * each whole directory first renamed away (rm_rf_renamed), so that a
 * removal cut short leaves only a temporary.  Returns how many entries
 * (temporaries not counted) were removed. */
int cache_prune(const char *dir, const struct prune_rule *r);

#endif
