/* A growable byte buffer; `data` is always NUL-terminated once anything
 * (even nothing: buf_grow(b, 0)) was put in it.  Start from {0}. */
#ifndef SL_LIB_BUF_H
#define SL_LIB_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len, cap;
};
/* Room for `n` more bytes and the NUL. */
void buf_grow(struct buf *b, size_t n);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_release(struct buf *b);

#endif
