/* Child processes.  Each child runs in a process group of its own, and
 * every running child's group is remembered, so that a signal that stops
 * slither (Ctrl-C, kill, hang-up) reaches the whole tree below each of
 * them (configure, make, the compilers of a parallel compile) and nothing
 * keeps running or writing after slither is gone. */
#ifndef SL_LIB_PROC_H
#define SL_LIB_PROC_H

#include <stddef.h>
#include <sys/types.h>

struct buf;

/* Run argv[0] with `argv` (NULL-terminated), in directory `cwd` (NULL:
 * here), with `env` entries "K=V" set and entries "K" unset (NULL-terminated
 * or NULL).  Output goes to the file `log` (appended) when not NULL, else to
 * ours.  Returns the exit status (0-255), or 128+signal, or -1 if it could
 * not be started. */
int run(char *const argv[], const char *cwd, char *const env[], const char *log);
/* As run(), with stdout captured into `out` (stderr to `log` or ours). */
int run_capture(char *const argv[], const char *cwd, char *const env[], const char *log,
                struct buf *out);
/* As run(), but return the child's pid at once (-1 if it could not be
 * started); reap it with proc_wait(). */
pid_t run_async(char *const argv[], const char *cwd, char *const env[], const char *log);
/* Reap the child `pid` started by run_async(): its status as run() gives
 * it.  With `block` 0, return -2 at once if it has not ended. */
int proc_wait(pid_t pid, int block);

/* One job of run_jobs(): a command, its directory and log. */
struct job {
	char **argv;
	const char *cwd;	/* NULL: here */
	const char *log;	/* NULL: our output */
	int status;		/* set when it ends, as run() gives it; -1 if never started */
};
/* Run jobs[0..n), `width` at a time (0: one per online CPU), the share
 * ended shown on the progress line.  After a job fails, no new one starts
 * and those running are let finish.  Returns the index of the first job
 * that failed, or -1 if none did. */
long run_jobs(struct job *jobs, size_t n, int width);

/* Find `prog` on PATH; newly allocated full path, or NULL. */
char *which(const char *prog);

#endif
