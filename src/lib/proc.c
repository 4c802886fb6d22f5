/* Child processes (see proc.h). */
#include "lib/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/msg.h"
#include "lib/progress.h"

/* The process groups of the running children (their pids), for the
 * signal handler: a fixed table, which a handler may read safely.  More
 * children than this at once is no case of slither's. */
#define MAX_CHILDREN 256
static volatile pid_t children[MAX_CHILDREN];

static void remember(pid_t pid)
{
	size_t i;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (!children[i]) {
			children[i] = pid;
			return;
		}
	die("more than %d child processes at once (a slither bug: please report)", MAX_CHILDREN);
}

static void forget(pid_t pid)
{
	size_t i;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i] == pid)
			children[i] = 0;
}

static void on_signal(int sig)
{
	size_t i;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0)
			kill(-children[i], sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int decode(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

int proc_wait(pid_t pid, int block)
{
	int st;
	pid_t r;

	while ((r = waitpid(pid, &st, block ? 0 : WNOHANG)) < 0)
		if (errno != EINTR) {
			forget(pid);
			return -1;
		}
	if (r == 0)
		return -2;
	forget(pid);
	return decode(st);
}

static pid_t spawn(char *const argv[], const char *cwd, char *const env[], const char *log,
                   int outfd)
{
	static int handlers;
	sigset_t stop, old;
	pid_t pid;

	if (!handlers) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		handlers = 1;
	}
	fflush(stdout);
	fflush(stderr);
	/* a signal waits until the child is in the table (parent) or has
	 * the default actions back (child) */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	pid = fork();
	if (pid != 0) {
		if (pid > 0) {
			setpgid(pid, pid);
			remember(pid);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		return pid < 0 ? -1 : pid;
	}
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (log) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd < 0) {
			fprintf(stderr, "%s: cannot open log %s: %s\n", argv0, log, strerror(errno));
			_exit(127);
		}
		if (outfd < 0)
			dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	if (outfd >= 0) {
		dup2(outfd, 1);
		close(outfd);
	}
	if (cwd && chdir(cwd) < 0) {
		fprintf(stderr, "%s: cannot enter %s: %s\n", argv0, cwd, strerror(errno));
		_exit(127);
	}
	for (; env && *env; env++) {
		if (strchr(*env, '='))
			putenv(*env);
		else
			unsetenv(*env);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "%s: cannot run %s: %s\n", argv0, argv[0], strerror(errno));
	_exit(127);
}

pid_t run_async(char *const argv[], const char *cwd, char *const env[], const char *log)
{
	return spawn(argv, cwd, env, log, -1);
}

int run(char *const argv[], const char *cwd, char *const env[], const char *log)
{
	pid_t pid = spawn(argv, cwd, env, log, -1);

	return pid < 0 ? -1 : proc_wait(pid, 1);
}

int run_capture(char *const argv[], const char *cwd, char *const env[], const char *log,
                struct buf *out)
{
	int fds[2];
	pid_t pid;
	char chunk[4096];
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = spawn(argv, cwd, env, log, fds[1]);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -1;
	}
	buf_grow(out, 0);
	while ((n = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		buf_put(out, chunk, (size_t)n);
	}
	close(fds[0]);
	return proc_wait(pid, 1);
}

long run_jobs(struct job *jobs, size_t n, int width)
{
	pid_t *pids = xcalloc(n ? n : 1, sizeof(*pids));
	size_t next = 0, ended = 0, running = 0, i;
	long failed = -1;

	if (width <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		width = cpus > 0 ? (int)cpus : 1;
	}
	for (i = 0; i < n; i++)
		jobs[i].status = -1;
	for (;;) {
		int st;
		pid_t pid;

		while (failed < 0 && next < n && running < (size_t)width) {
			pids[next] = spawn(jobs[next].argv, jobs[next].cwd, NULL, jobs[next].log, -1);
			if (pids[next] < 0) {
				failed = (long)next;
				break;
			}
			next++;
			running++;
		}
		if (!running)
			break;
		pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			die("waitpid:");
		}
		for (i = 0; i < next && pids[i] != pid; i++)
			;
		if (i == next)
			continue;	/* not one of these jobs */
		forget(pid);
		running--;
		jobs[i].status = decode(st);
		if (jobs[i].status != 0 && (failed < 0 || (long)i < failed))
			failed = (long)i;
		progress_percent((int)(100 * ++ended / n));
	}
	free(pids);
	return failed;
}

char *which(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? xstrdup(prog) : NULL;
	copy = xstrdup(path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *dir ? dir : ".", prog);
		if (access(p, X_OK) == 0) {
			found = p;
			break;
		}
		free(p);
	}
	free(copy);
	return found;
}
