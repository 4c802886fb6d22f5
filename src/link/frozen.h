/* Deep-frozen byte-code: each module's code object as static C data
 * (src/scan/freeze.py writes the C), compiled once per content into the
 * cache and linked, so that importing it unmarshals nothing. */
#ifndef SL_FROZEN_H
#define SL_FROZEN_H

#include <stddef.h>

#include "toolchain/toolchain.h"

/* One module: its dotted name, the file of its marshalled code and that
 * code's SHA-256 (the cache key's part; the caller has read it); after
 * frozen_build(), `symbol` and `object` are set (newly allocated) if it was
 * frozen, NULL if it stays marshalled. */
struct frozen_mod {
	char *name;
	char *code_file;
	char code_sha[65];
	char *symbol;		/* PyObject *symbol(void): its code object */
	char *object;		/* the compiled object, in the cache */
};

/* Whether src/scan/freeze.py knows the layout of code objects of the
 * toolchain's CPython version (one table in frozen.c: 3.11 and 3.13). */
int frozen_supported(const struct toolchain *tc);

/* Freeze and compile the `n` modules of `m`, each at most once per content
 * and toolchain (objects cached under <cache>/frozen/), in parallel, with
 * progress shown; work files go under `work`.  Dies on failure, naming the
 * log.  Returns how many were frozen. */
size_t frozen_build(const struct toolchain *tc, const char *work, struct frozen_mod *m, size_t n);

#endif
