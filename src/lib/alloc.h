/* Memory that never comes back NULL: out of memory dies. */
#ifndef SL_LIB_ALLOC_H
#define SL_LIB_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* A freshly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
