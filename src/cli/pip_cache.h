/* The cache of `slither pip install --target DIR` builds, keyed by their
 * inputs, so that building a large package again (lxml: minutes) with the
 * same inputs copies the earlier result instead.
 *
 * An install is cached only when its result is determined by what the key
 * holds: pip's command is `install` with `--no-index` and `--target DIR`
 * (DIR absent or empty), and every other argument is an option or a local
 * source (a file, hashed, or a directory, hashed as a tree without build/,
 * *.egg-info and __pycache__).  The key is the SHA-256 of: this slither
 * executable's own SHA-256 (the shim's behaviour), the toolchain's prefix
 * (which names its key), the arguments, the sources' hashes, and the whole
 * environment but for the terminal session's variables (PWD, TERM...).  An entry also lists the static
 * archives the shim linked, with their hashes: if one has changed (a Debian
 * security update of libxml2.a), the entry is stale and pip runs again. */
#ifndef SL_PIP_CACHE_H
#define SL_PIP_CACHE_H

#include "toolchain/toolchain.h"

/* The cache key of `pip ARGS` (argv: pip's arguments, from the command on)
 * with slither pip's own options `options` (text, part of the key), newly
 * allocated, with `*target` set to the absolute --target directory (newly
 * allocated); NULL if this invocation is not cacheable. */
char *pip_cache_key(const struct toolchain *tc, const char *options, int argc, char **argv,
                    char **target);

/* Copy the cached result of `key` into `target`; 1 if done, 0 if there is
 * no entry or it is stale (said so on stderr). */
int pip_cache_restore(const char *key, const char *target);

/* Store `target` as the result of `key`; `inputs` is what the shim wrote
 * about the archives it linked ("archive PATH" lines).  A failure only
 * warns: the cache is an optimisation. */
void pip_cache_store(const char *key, const char *target, const char *inputs);

#endif
