/* Helpers for the `slither` command: messages that exit, memory that never
 * returns NULL, files, child processes and progress lines.  These may exit
 * the process, so the runtime (src/runtime) never uses them. */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

extern const char *argv0;	/* "slither", for messages */
extern int verbose;		/* -v given */

/* Print "slither: error: MSG" and exit(1); a MSG ending in ':' gets
 * strerror(errno) appended (as samurai's util.c). */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* When set, die() also hands its message (the text after "error: ") to
 * this function before it exits: slither pip's link shim records it for
 * the pip command, which repeats it after pip's own output. */
extern void (*die_hook)(const char *msg);
/* Print "slither: warning: MSG" with the same ':' convention. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "slither: MSG" to stderr (a progress or status line). */
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* A freshly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer; `data` is always NUL-terminated. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_release(struct buf *b);

/* Append a copy of `s` to the NULL-terminated argument vector *v holding
 * *n strings (start with NULL and 0). */
void argv_push(char ***v, size_t *n, const char *s);
/* Free such a vector and its strings. */
void argv_free(char **v);

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
 * temporary (which the caches' clean-ups remove); -1 on failure. */
int rm_rf_renamed(const char *path);
/* The eviction of slither's caches: remove the entries (files or
 * directories) of `dir` whose names end in `suffix` (NULL: any) and whose
 * mtime, which each use of an entry renews, is more than `days` days old;
 * and the "*.tmp.*" an interrupted store left there over a day ago. */
void cache_prune(const char *dir, const char *suffix, int days);
/* How long slither's caches keep what no build has used. */
#define CACHE_UNUSED_DAYS 30
int path_exists(const char *path);
int is_dir(const char *path);
/* Absolute form of `path` (which need not exist), newly allocated. */
char *abspath(const char *path);
/* The directory holding the running slither executable, newly allocated. */
char *self_dir(void);

/* Run argv[0] with `argv` (NULL-terminated), in directory `cwd` (NULL: here),
 * with `env` entries "K=V" set and entries "K" unset (NULL-terminated or NULL).  Output goes to
 * the file `log` (appended) when not NULL, else to ours.  Returns the exit
 * status (0-255), or 128+signal, or -1 if it could not be started. */
int run(char *const argv[], const char *cwd, char *const env[], const char *log);
/* As run(), but return the child's pid at once (-1 if it could not be
 * started); reap it with waitpid(). */
pid_t run_async(char *const argv[], const char *cwd, char *const env[], const char *log);
/* As run(), with stdout captured into `out` (stderr to `log` or ours). */
int run_capture(char *const argv[], const char *cwd, char *const env[], const char *log,
                struct buf *out);
/* Find `prog` on PATH; newly allocated full path, or NULL. */
char *which(const char *prog);

/* Print the last `n` lines of file `path` to stderr, indented. */
void print_tail(const char *path, int n);

/* Progress reporting: on a terminal one line rewritten in place with a
 * percentage, otherwise one line per phase. */
void progress_phase(const char *phase);
void progress_percent(int pct);
void progress_done(void);

/* SHA-256 of a file or memory as 64 hex digits + NUL in `hex`. */
int sha256_file(const char *path, char hex[65]);
void sha256_hex(const void *data, size_t len, char hex[65]);

/* The per-user cache directory ($XDG_CACHE_HOME/slither or ~/.cache/slither),
 * newly allocated; created on demand by callers. */
char *cache_dir(void);

#endif
