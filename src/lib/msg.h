/* Messages of the `slither` command.  die() exits the process, so the
 * runtime (src/runtime) never uses anything in src/lib. */
#ifndef SL_LIB_MSG_H
#define SL_LIB_MSG_H

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
/* Print the last `n` lines of file `path` to stderr, between rules. */
void print_tail(const char *path, int n);

#endif
