/* Messages: die, warn, info (see msg.h). */
#include "lib/msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/file.h"
#include "lib/progress.h"

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
