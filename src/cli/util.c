/* Helpers for the `slither` command (see util.h); these may exit. */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *argv0 = "slither";
int verbose;
void (*die_hook)(const char *msg);

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: %s", argv0, kind);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	progress_done();
	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
	if (die_hook) {
		char msg[4096];
		size_t n = strlen(fmt);
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		if (n > 0 && fmt[n - 1] == ':') {
			size_t len = strlen(msg);
			snprintf(msg + len, sizeof(msg) - len, " %s", strerror(saved));
		}
		die_hook(msg);
	}
	exit(1);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	progress_done();
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void info(const char *fmt, ...)
{
	va_list ap;

	progress_done();
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

static void buf_grow(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->cap < b->len + n + 1)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->data = xrealloc(b->data, b->cap);
	b->data[b->len] = '\0';	/* an empty buffer is "" too (read_file of an empty file) */
}

void buf_put(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void argv_push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
}

void argv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

int read_file(const char *path, struct buf *out)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	buf_grow(out, 0);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int e;

	if (fd < 0)
		goto fail;
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		errno = e;
		goto fail_unlink;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0)
		goto fail_unlink;
	free(tmp);
	return 0;
fail_unlink:
	e = errno;
	unlink(tmp);
	errno = e;
fail:
	e = errno;
	free(tmp);
	errno = e;
	return -1;
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
out:
	free(p);
	return rc;
}

int rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *sub = xasprintf("%s/%s", path, de->d_name);
		if (rm_rf(sub) < 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

int rm_rf_renamed(const char *path)
{
	char *gone = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int rc = rename(path, gone) == 0 && rm_rf(gone) == 0 ? 0 : -1;

	free(gone);
	return rc;
}

void cache_prune(const char *dir, const char *suffix, int days)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);
	size_t k = suffix ? strlen(suffix) : 0;

	while (d && (de = readdir(d))) {
		struct stat st;
		size_t n = strlen(de->d_name);
		int tmp = strstr(de->d_name, ".tmp.") != NULL;
		char *p;

		if (de->d_name[0] == '.' || (!tmp && (n < k || strcmp(de->d_name + n - k, suffix ? suffix : ""))))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    now - st.st_mtime <= (tmp ? 86400 : (time_t)days * 86400))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (tmp)
			rm_rf(p);
		else
			rm_rf_renamed(p);
		free(p);
	}
	if (d)
		closedir(d);
}

int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *abspath(const char *path)
{
	char cwd[PATH_MAX];

	if (path[0] == '/')
		return xstrdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		die("getcwd:");
	return xasprintf("%s/%s", cwd, path);
}

char *self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n < 0)
		die("readlink /proc/self/exe:");
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return xstrdup(buf);
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

/* The process group of the running child: each child gets its own group
 * so that a signal that stops slither (Ctrl-C, kill) is passed on to the
 * whole tree below it (configure, make, the compilers) and nothing keeps
 * running or writing after slither is gone. */
static volatile pid_t child_pgid;

static void on_signal(int sig)
{
	if (child_pgid > 0)
		kill(-child_pgid, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static pid_t spawn(char *const argv[], const char *cwd, char *const env[], const char *log,
                   int outfd)
{
	static int handlers;
	pid_t pid;

	if (!handlers) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		handlers = 1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		setpgid(pid, pid);
		child_pgid = pid;
		return pid;
	}
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
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

	return pid < 0 ? -1 : wait_status(pid);
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
	return wait_status(pid);
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

void print_tail(const char *path, int n)
{
	struct buf b = {0};
	size_t i;
	int lines = 0;

	if (read_file(path, &b) < 0)
		return;
	i = b.len;
	if (i > 0 && b.data[i - 1] == '\n')
		i--;
	while (i > 0) {
		if (b.data[i - 1] == '\n' && ++lines >= n)
			break;
		i--;
	}
	fprintf(stderr, "---- last lines of %s ----\n", path);
	fwrite(b.data + i, 1, b.len - i, stderr);
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		fputc('\n', stderr);
	fprintf(stderr, "----\n");
	buf_release(&b);
}

/* Progress: one in-place line on a terminal, else one line per phase. */
static const char *cur_phase;
static int line_open;

void progress_phase(const char *phase)
{
	progress_done();
	cur_phase = phase;
	if (isatty(2)) {
		fprintf(stderr, "%s: %s ...", argv0, phase);
		line_open = 1;
	} else {
		fprintf(stderr, "%s: %s\n", argv0, phase);
	}
}

void progress_percent(int pct)
{
	if (!cur_phase || !isatty(2))
		return;
	if (pct > 100)
		pct = 100;
	fprintf(stderr, "\r\033[K%s: %s ... %3d%%", argv0, cur_phase, pct);
	line_open = 1;
}

void progress_done(void)
{
	if (line_open) {
		fputc('\n', stderr);
		line_open = 0;
	}
	cur_phase = NULL;
}

/* SHA-256 (FIPS 180-4). */
struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char blk[64];
	size_t n;
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
			      sha_k[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void sha_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->n = 0;
}

static void sha_update(struct sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->len += len;
	while (len > 0) {
		size_t k = 64 - s->n < len ? 64 - s->n : len;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, len -= k;
		if (s->n == 64) {
			sha_block(s, s->blk);
			s->n = 0;
		}
	}
}

static void sha_final(struct sha256 *s, char hex[65])
{
	uint64_t bits = s->len * 8;
	unsigned char pad = 0x80, zero = 0, lenb[8];
	int i;

	sha_update(s, &pad, 1);
	while (s->n != 56)
		sha_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_update(s, lenb, 8);
	for (i = 0; i < 8; i++)
		snprintf(hex + 8 * i, 9, "%08x", s->h[i]);
}

void sha256_hex(const void *data, size_t len, char hex[65])
{
	struct sha256 s;

	sha_init(&s);
	sha_update(&s, data, len);
	sha_final(&s, hex);
}

int sha256_file(const char *path, char hex[65])
{
	struct sha256 s;
	unsigned char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	sha_init(&s);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		sha_update(&s, chunk, (size_t)n);
	}
	close(fd);
	sha_final(&s, hex);
	return 0;
}

char *cache_dir(void)
{
	const char *x = getenv("SLITHER_CACHE");
	const char *home;

	if (x && *x)
		return xstrdup(x);
	x = getenv("XDG_CACHE_HOME");
	if (x && *x)
		return xasprintf("%s/slither", x);
	home = getenv("HOME");
	if (!home || !*home)
		die("neither HOME nor XDG_CACHE_HOME is set; set SLITHER_CACHE to a directory for slither's cache");
	return xasprintf("%s/.cache/slither", home);
}
