/* Building an archive in memory, the CLI's side of archive.h.  Entries may be
 * added in any order; they are laid out sorted, so the same inputs always
 * give the same bytes.  Nothing here exits: failures return -1 and
 * sl_writer_error() says why. */
#ifndef SL_ARCHIVE_WRITE_H
#define SL_ARCHIVE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"

struct sl_writer;

/* A new writer for an archive with these header values (see struct
 * sl_archive_header); `main_name` and `root` are copied, NULL meaning "".
 * Bad values are reported by sl_writer_finish().  NULL only when out of
 * memory; free with sl_writer_free(). */
struct sl_writer *sl_writer_new(uint32_t pyc_magic, uint32_t py_version, uint32_t optimize,
                                uint32_t main_mode, const char *main_name, const char *root);

/* Add an entry, copying `name`, `path` (NULL meaning "") and the bytes;
 * `code` or `src` may be NULL when their length is 0.  Returns 0, or -1 if
 * the name is empty or already added, the kind cannot hold these bytes, a
 * length does not fit the format, or memory ran out. */
int sl_writer_add(struct sl_writer *w, enum sl_kind kind, const char *name, const char *path,
                  const void *code, size_t code_len, const void *src, size_t src_len);

/* Set the header's flags (SL_ARCHIVE_NO_SOURCE), 0 until then.  Unknown
 * flags, or source added to an archive marked without, are reported by
 * sl_writer_finish(). */
void sl_writer_set_flags(struct sl_writer *w, uint32_t flags);

/* Mark the module or package `name` as deep-frozen into the executable
 * (SL_ENTRY_FROZEN): its byte-code leaves the archive, its source stays.
 * Returns 0, or -1 if there is no such module or it is frozen already. */
int sl_writer_freeze(struct sl_writer *w, const char *name);

/* Lay out the archive: header, entries sorted by name, strings, then blobs
 * 8-byte aligned, every gap zero, CRCs computed; the result is read back
 * with sl_archive_open() as a check.  On 0, `*out` is one malloc'd buffer
 * of `*out_len` bytes that the caller frees; on -1, nothing is returned.
 * The writer is left as it was, so more entries may follow. */
int sl_writer_finish(struct sl_writer *w, void **out, size_t *out_len);

/* Why the last call failed, as text owned by the writer. */
const char *sl_writer_error(const struct sl_writer *w);

/* Free the writer and its copies; NULL is allowed. */
void sl_writer_free(struct sl_writer *w);

#endif
