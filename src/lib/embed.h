/* The files ./slither carries inside itself (src/lib/embedded.S): the
 * runtime's sources, compiled against each toolchain, the scanner, and
 * the CPython patch.  Which files: EMBEDDED in the Makefile, the one list. */
#ifndef SL_LIB_EMBED_H
#define SL_LIB_EMBED_H

struct embedded {
	const char *name;		/* "src/runtime/main.c" */
	const unsigned char *data, *end;
};

/* Every embedded file in the Makefile's (sorted) order, ended by an
 * entry whose name is NULL. */
extern const struct embedded sl_embedded[];

/* Write each embedded file whose name starts with `prefix` to `dir`/NAME
 * (NAME without its leading "src/"); dies on failure. */
void embed_extract(const char *dir, const char *prefix);

/* The embedded file `name` ("src/scan/freeze.py"), or NULL. */
const struct embedded *embed_find(const char *name);

#endif
