/* Files and directories. */
#ifndef SL_LIB_FILE_H
#define SL_LIB_FILE_H

#include <stddef.h>

struct buf;

/* Read a whole file into a buffer; returns -1 with errno set on failure. */
int read_file(const char *path, struct buf *out);
/* Write `len` bytes to `path` through a temporary file and rename(2), so a
 * reader never sees a half-written file; -1 with errno set on failure. */
int write_file_atomic(const char *path, const void *data, size_t len);
/* mkdir -p; -1 with errno set on failure. */
int mkdir_p(const char *path);
/* rm -rf; -1 on failure. */
int rm_rf(const char *path);
/* rm -rf of a directory that must never be seen half removed: one rename
 * to "PATH.tmp.PID" first, so that a removal cut short leaves only a stale
 * temporary (which the caches' pruning removes); -1 on failure. */
int rm_rf_renamed(const char *path);
int path_exists(const char *path);
int is_dir(const char *path);
/* Absolute form of `path` (which need not exist), newly allocated. */
char *abspath(const char *path);
/* The directory holding the running slither executable, newly allocated. */
char *self_dir(void);

#endif
