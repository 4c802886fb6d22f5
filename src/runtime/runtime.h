/* The runtime linked into every binary slither produces: what the generated
 * link-time files provide, and what the runtime's files share.  The runtime
 * uses only the archive reader and CPython's API; it never exits from a
 * library function and never uses the CLI's helpers. */
#ifndef SL_RUNTIME_H
#define SL_RUNTIME_H

#include <Python.h>

#include "archive/archive.h"

/* Provided by the generated assembly (link.c): the archive bytes, linked in
 * with .incbin, used in place. */
extern const unsigned char _slither_archive_start[];
extern const unsigned char _slither_archive_end[];

/* Provided by the generated C table (link.c): every statically linked
 * third-party C extension, by full dotted name, ended by {NULL, NULL}. */
struct sl_static_ext {
	const char *name;		/* "pkg.sub._mod" */
	PyObject *(*init)(void);	/* its (renamed) PyInit function */
};
extern const struct sl_static_ext _slither_extensions[];

/* importer.c: the archive opened and checked at start-up (main.c). */
extern struct sl_archive sl_runtime_archive;

/* importer.c: create the importer and put it on sys.meta_path before the
 * path-based finder, and its path hook first on sys.path_hooks.  Call after
 * the core interpreter exists and before the first import that needs the
 * archive (`encodings`).  Returns 0, or -1 with a Python exception set. */
int sl_importer_install(void);

/* quiet.c: keep libraries below Python from reading files at start-up
 * (time zone, OpenSSL configuration).  Called first thing in main(). */
void sl_quiet_init(void);

#endif
