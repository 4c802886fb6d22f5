/* pkg-config files (.pc), read the way `pkg-config --static --libs` reads
 * them, for one question: what else must a static link take when it takes
 * libfoo.a?  CLI side only.
 *
 * A .pc file holds variables (`libdir=${prefix}/lib`) and fields
 * (`Libs: -L${libdir} -lxml2`); the fields used here are Libs,
 * Libs.private, Requires and Requires.private.  A static link of module M
 * needs M's Libs and Libs.private and, recursively, those of every module
 * M's Requires and Requires.private name.
 */
#ifndef SL_PCFILE_H
#define SL_PCFILE_H

#include <stddef.h>

/* The .pc files of some directories, each directory read once. */
struct pc_db;

struct pc_db *pc_db_new(void);
void pc_db_free(struct pc_db *db);

/* The first module, searching `dirs` in order and each directory's .pc
 * files by name, whose Libs names -l`lib`; NULL if none.  Sets `*file` to
 * the .pc file's path.  Both are owned by `db`. */
const char *pc_find_lib(struct pc_db *db, char *const *dirs, size_t n, const char *lib,
                        const char **file);

/* Append to `*words` (an argv_push vector) the link words a static link of
 * module `name` needs: its Libs and Libs.private, then those of each module
 * it requires, recursively, each module once; `*via` gets, for each word,
 * the .pc files that led to it ("a.pc > b.pc"), in a vector as long.
 * Returns NULL, or the name of a required module that has no .pc file in
 * `dirs` (newly allocated); `*who` is then the module that requires it
 * (owned by `db`). */
char *pc_static_libs(struct pc_db *db, char *const *dirs, size_t n, const char *name,
                     char ***words, size_t *nwords, char ***via, const char **who);

#endif
