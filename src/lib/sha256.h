/* SHA-256 of a file or of memory, as 64 hex digits and a NUL in `hex`. */
#ifndef SL_LIB_SHA256_H
#define SL_LIB_SHA256_H

#include <stddef.h>

/* -1 with errno set if the file cannot be read. */
int sha256_file(const char *path, char hex[65]);
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
