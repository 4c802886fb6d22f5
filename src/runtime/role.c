/* Which program this process is, decided from its command line before the
 * interpreter exists: the app itself, or a helper that Python's own
 * machinery started by running sys.executable with Python's command line
 * (multiprocessing's workers, its fork server and resource tracker,
 * `subprocess.run([sys.executable, "-c", ...])`).  An app that ignored such
 * a command line would run its main again in every helper, and each of those
 * would start helpers of its own: a process storm.
 *
 * The rule (README, "Python's command line in an app"): an app's arguments
 * are its own, except
 *   1. `--multiprocessing-fork ...` first: CPython's protocol for frozen
 *      executables (multiprocessing.spawn.freeze_support()); sys.frozen is
 *      set, so spawn writes this form;
 *   2. Python options then `-c CODE` where CODE starts "from
 *      multiprocessing.": the bootstrap programs CPython's multiprocessing
 *      writes (fork server, resource tracker, spawn without sys.frozen);
 *   3. any other Python command line (Python's options first, or a `.py`
 *      script) when this process was started by a process running the same
 *      executable, with other arguments than that parent's own: Python code
 *      in the app ran sys.executable as an interpreter.  Started from a
 *      shell, a batch script or an MPI launcher, `app -c config.yaml` is the
 *      app's own `-c`; started by the app with the app's own arguments
 *      (`[sys.executable] + sys.argv[1:]`), it is the app restarting.
 * Rule 3 reads /proc (the parent's executable and command line), and only
 * when the arguments look like Python's; without /proc it assumes the app
 * started the process, so that no run can loop.  A chain of three processes
 * of the same executable with the same Python-looking arguments is a loop
 * and stops with status 2. */
#include "runtime/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* CPython 3.11's short options (Python/getopt.c's SHORT_OPTS, less 'J'),
 * those taking an argument followed by ':'. */
static const char short_opts[] = "bBc:dEhiIm:OPqRsStuvVW:xX:?";

/* Its long options; a '=' ending means it takes an argument. */
static const char *const long_opts[] = {
	"--check-hash-based-pycs=", "--help-all", "--help-env", "--help-xoptions", "--help",
	"--version",
};

enum shape { NOT_PYTHON, PYTHON, BOOTSTRAP };

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

/* Whether `arg` is one of Python's long options; *takes_value is set when
 * it needs the next argument. */
static int long_opt(const char *arg, int *takes_value)
{
	size_t i;

	for (i = 0; i < sizeof(long_opts) / sizeof(long_opts[0]); i++) {
		const char *o = long_opts[i];
		size_t n = strcspn(o, "=");

		if (strncmp(arg, o, n) || (arg[n] && (o[n] != '=' || arg[n] != '=')))
			continue;
		*takes_value = o[n] == '=' && !arg[n];
		return 1;
	}
	return 0;
}

/* How argv reads as python3's command line: not at all (an option python
 * lacks, or a first argument that is neither an option nor a .py file),
 * as one, or as one whose -c program is multiprocessing's bootstrap. */
static enum shape python_shape(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *p, *val;
		int value;

		if (arg[0] != '-' || !arg[1] || !strcmp(arg, "--"))
			/* the script (or "-" for stdin): Python's only after options */
			return i > 1 || ends_with(arg, ".py") ? PYTHON : NOT_PYTHON;
		if (arg[1] == '-') {
			if (!long_opt(arg, &value))
				return NOT_PYTHON;
			i += value;
			continue;
		}
		for (p = arg + 1; *p; p++) {
			const char *o = strchr(short_opts, *p);

			if (!o || *p == ':')
				return NOT_PYTHON;
			if (o[1] != ':')
				continue;
			/* the option's value: the rest of this argument, or the next */
			if (p[1])
				val = p + 1, value = 0;
			else if (i + 1 < argc)
				val = argv[i + 1], value = 1;
			else
				return NOT_PYTHON;
			if (*o == 'c')
				return !strncmp(val, "from multiprocessing.", 21) ? BOOTSTRAP : PYTHON;
			if (*o == 'm')
				return PYTHON;
			i += value;
			break;
		}
	}
	/* only options: python's REPL or stdin */
	return argc > 1 ? PYTHON : NOT_PYTHON;
}

/* The NUL-separated command line of process `pid` (/proc/PID/cmdline):
 * malloc'd with its length in *len, or NULL. */
static char *cmdline_of(pid_t pid, size_t *len)
{
	char path[48], *buf = NULL;
	size_t size = 0, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	for (;;) {
		char *bigger;

		if (n == size) {
			size = size ? size * 2 : 4096;
			bigger = realloc(buf, size);
			if (!bigger) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
		}
		n += fread(buf + n, 1, size - n, f);
		if (n < size)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Whether a command line (NUL-separated, `len` bytes) has argv[1..] as its
 * arguments after the program name. */
static int same_args(const char *cmd, size_t len, int argc, char **argv)
{
	const char *end = cmd + len, *p = memchr(cmd, '\0', len);
	int i;

	if (!p)
		return 0;
	for (i = 1, p++; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if ((size_t)(end - p) < n + 1 || memcmp(p, argv[i], n + 1))
			return 0;
		p += n + 1;
	}
	return p == end;
}

/* The parent of process `pid` (the PPid line of /proc/PID/status), or -1. */
static pid_t parent_of(pid_t pid)
{
	char path[48], line[256];
	long ppid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "PPid: %ld", &ppid) == 1)
			break;
	fclose(f);
	return (pid_t)ppid;
}

/* Whether process `pid` runs the executable `self`: 1 or 0 (a process that
 * is gone, or not ours to see, runs something else). */
static int runs(pid_t pid, const struct stat *self)
{
	char path[48];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%ld/exe", (long)pid);
	if (stat(path, &st) < 0)
		return 0;	/* gone, or not ours to see: not this app */
	return st.st_dev == self->st_dev && st.st_ino == self->st_ino;
}

/* 1 when the parent runs this executable, 0 when not, -1 when /proc cannot
 * tell; computed once. */
static int parent_is_self = -2;
static struct stat self_st;

int sl_started_by_self(void)
{
	if (parent_is_self == -2) {
		if (stat("/proc/self/exe", &self_st) < 0)
			parent_is_self = -1;
		else
			parent_is_self = runs(getppid(), &self_st);
	}
	return parent_is_self;
}

enum sl_role sl_role(const struct sl_archive *a, int argc, char **argv)
{
	pid_t parent, grandparent;
	size_t len;
	char *cmd;
	int same;

	if (a->main_mode == SL_MAIN_NONE)
		return SL_ROLE_PYTHON;	/* an interpreter: python's command line, always */
	if (argc >= 2 && !strcmp(argv[1], "--multiprocessing-fork"))
		return SL_ROLE_SPAWNED;
	switch (python_shape(argc, argv)) {
	case NOT_PYTHON:
		return SL_ROLE_APP;
	case BOOTSTRAP:
		return SL_ROLE_PYTHON;
	case PYTHON:
		break;
	}
	switch (sl_started_by_self()) {
	case -1:
		return SL_ROLE_PYTHON;	/* no /proc: never risk a loop */
	case 0:
		return SL_ROLE_APP;	/* a shell, a launcher: the app's own options */
	}
	/* Started by this app: with its own arguments, it is the app again */
	parent = getppid();
	cmd = cmdline_of(parent, &len);
	same = cmd && same_args(cmd, len, argc, argv);
	free(cmd);
	if (!same)
		return SL_ROLE_PYTHON;
	grandparent = parent_of(parent);
	cmd = grandparent > 0 && runs(grandparent, &self_st) ? cmdline_of(grandparent, &len) : NULL;
	same = cmd && same_args(cmd, len, argc, argv);
	free(cmd);
	return same ? SL_ROLE_LOOP : SL_ROLE_APP;
}
