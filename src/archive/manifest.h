/* The scanner's manifest (src/scan/scan.py writes it): what to embed, one
 * tab-separated line per entry, read into an archive writer.  The one
 * reader: `slither build` and the runtime tests' pack tool.  Build side
 * only (it dies on bad input; the runtime never reads a manifest).
 *
 *     slither-manifest	1
 *     magic	HEX		the interpreter's byte-code magic
 *     pyversion	HEX		its sys.hexversion
 *     optimize	N
 *     root	/slither	the virtual root
 *     main	script|module|none	NAME
 *     entry	KIND	NAME	VIRTUAL-PATH	FILE|-	SOURCE|-
 *
 * FILE is the code (relative: under the scan directory; absolute: a data
 * file), or for an extension the object to link (nothing is stored). */
#ifndef SL_ARCHIVE_MANIFEST_H
#define SL_ARCHIVE_MANIFEST_H

#include <stddef.h>

#include "archive/archive_write.h"

struct manifest_entry {
	enum sl_kind kind;
	const char *name, *path;	/* dotted name, virtual path */
	const char *file;		/* FILE made absolute, or NULL for "-" */
	const void *code;		/* FILE's bytes, but never an extension's */
	size_t code_len;
};

/* Read SCAN_DIR/manifest.txt into a new archive writer.  `each` (may be
 * NULL) sees every entry before it is added; *count is the number added.
 * Dies naming the manifest and line on anything malformed. */
struct sl_writer *manifest_read(const char *scan_dir,
                                void (*each)(void *ctx, const struct manifest_entry *e),
                                void *ctx, size_t *count);

#endif
