/* What the files of src/toolchain share and nothing above them uses: the
 * files slither keeps in a toolchain's prefix, the compiler, the default
 * marks.  The interface for everyone else is toolchain.h. */
#ifndef SL_TOOLCHAIN_INTERNAL_H
#define SL_TOOLCHAIN_INTERNAL_H

/* Bump when the way a toolchain is built changes: it is part of the key. */
#define RECIPE_VERSION "4"

/* slither's files in a toolchain's prefix. */
#define STAMP "lib/slither/finished"	/* written last: the toolchain is finished */
#define INFO "lib/slither/toolchain.txt"	/* the recipe, read by toolchain_load() */
#define USED "lib/slither/used"	/* its mtime: the last build that used it */

/* The compiler: $CC, else gcc, else cc (toolchain.c). */
const char *cc_name(void);

/* Make `prefix` the default toolchain of CPython `xy` built with (or
 * without) --optimize, for `host` (NULL: native) (cache.c); dies if the mark cannot be written. */
void toolchain_set_default(const char *xy, int optimize, const char *host, const char *prefix);

#endif
