/* NULL-terminated vectors of strings: argument lists, name lists. */
#ifndef SL_LIB_ARGV_H
#define SL_LIB_ARGV_H

#include <stddef.h>

/* Append a copy of `s` to the vector *v holding *n strings (start with
 * NULL and 0). */
void argv_push(char ***v, size_t *n, const char *s);
/* Append the string printf formats from `fmt`. */
void argv_push_fmt(char ***v, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Append each blank-separated word of `s` ("-I/x -DY"), as a shell would
 * split a flags variable without quotes. */
void argv_push_words(char ***v, size_t *n, const char *s);
/* Free such a vector and its strings. */
void argv_free(char **v);
/* qsort's comparison of two char * (a vector sorted by strcmp). */
int strp_cmp(const void *a, const void *b);

#endif
