/* Debian source packages (see debsrc.h): `apt-get source --tar-only`
 * through a private apt state under slither's cache. */
#include "toolchain/debsrc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "lib/progress.h"

/* `suites` (the words after "Suites:" or a one-line entry's suite) with
 * each suite's release name replaced by `suite`: "bookworm
 * bookworm-updates" -> "trixie trixie-updates", "bookworm-security" ->
 * "trixie-security"; as they are when `suite` is NULL.  Appended to `out`. */
static void put_suites(struct buf *out, const char *suites, size_t len, const char *suite)
{
	size_t i = 0;

	while (i < len) {
		size_t ws = strspn(suites + i, " \t"), w;
		if (ws)
			buf_put(out, suites + i, ws);
		i += ws;
		w = strcspn(suites + i, " \t");
		if (w > len - i)
			w = len - i;
		if (suite && w) {
			/* the release name ends at the first '-' (bookworm-updates) */
			size_t rel = strcspn(suites + i, "-");
			if (rel > w)
				rel = w;
			buf_puts(out, suite);
			buf_put(out, suites + i + rel, w - rel);
		} else {
			buf_put(out, suites + i, w);
		}
		i += w;
	}
}

/* Write deb-src stanzas derived from the machine's own apt sources into
 * `parts` (a private sources.list.d), naming no host ourselves: the same
 * archives, for release `suite` (NULL: the machine's own releases). */
static int derive_deb_src(const char *parts, const char *suite)
{
	const char *dirs = "/etc/apt/sources.list.d";
	DIR *d = opendir(dirs);
	struct dirent *de;
	struct buf out = {0}, one = {0};
	int stanzas = 0;

	if (read_file("/etc/apt/sources.list", &one) == 0) {
		char *line, *save = NULL;
		for (line = strtok_r(one.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			while (*line == ' ' || *line == '\t')
				line++;
			if (!strncmp(line, "deb ", 4) || !strncmp(line, "deb\t", 4)) {
				/* deb [options] URI SUITE COMPONENTS... */
				const char *p = line + 3, *uri, *end;
				p += strspn(p, " \t");
				if (*p == '[' && (end = strchr(p, ']')))
					p = end + 1 + strspn(end + 1, " \t");
				uri = p + strcspn(p, " \t");
				uri += strspn(uri, " \t");
				end = uri + strcspn(uri, " \t");
				buf_puts(&out, "deb-src");
				buf_put(&out, line + 3, (size_t)(uri - (line + 3)));
				put_suites(&out, uri, (size_t)(end - uri), suite);
				buf_printf(&out, "%s\n", end);
				stanzas++;
			}
		}
		if (out.len) {
			char *f = xasprintf("%s/derived.list", parts);
			if (write_file_atomic(f, out.data, out.len) < 0)
				die("cannot write %s:", f);
			free(f);
		}
	}
	buf_release(&one);
	buf_release(&out);
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		struct buf in = {0}, res = {0};
		char *path, *stanza, *save = NULL;

		if (n < 9 || strcmp(de->d_name + n - 8, ".sources"))
			continue;
		path = xasprintf("%s/%s", dirs, de->d_name);
		if (read_file(path, &in) < 0) {
			free(path);
			continue;
		}
		/* deb822: stanzas separated by blank lines; keep those whose
		 * Types has "deb" and say deb-src instead. */
		for (stanza = in.data; stanza && *stanza; stanza = save) {
			char *end = strstr(stanza, "\n\n"), *types, *eol;
			save = end ? end + 2 : NULL;
			if (end)
				*end = '\0';
			types = strstr(stanza, "Types:");
			if (!types || (types != stanza && types[-1] != '\n'))
				continue;
			eol = strchr(types, '\n');
			{
				size_t tl = eol ? (size_t)(eol - types) : strlen(types);
				char *t = xasprintf("%.*s ", (int)tl, types);
				int has = strstr(t, " deb ") != NULL;
				free(t);
				if (!has)
					continue;
			}
			buf_put(&res, stanza, (size_t)(types - stanza));
			buf_puts(&res, "Types: deb-src");
			if (!eol) {
				buf_puts(&res, "\n\n");
				stanzas++;
				continue;
			}
			/* the rest of the stanza, its Suites line for `suite` */
			{
				const char *r = eol, *su = strstr(r, "\nSuites:");
				if (su) {
					const char *v = su + 8, *ve = v + strcspn(v, "\n");
					buf_put(&res, r, (size_t)(v - r));
					put_suites(&res, v, (size_t)(ve - v), suite);
					r = ve;
				}
				buf_puts(&res, r);
			}
			buf_puts(&res, "\n\n");
			stanzas++;
		}
		if (res.len) {
			char *f = xasprintf("%s/%s", parts, de->d_name);
			if (write_file_atomic(f, res.data, res.len) < 0)
				die("cannot write %s:", f);
			free(f);
		}
		buf_release(&in);
		buf_release(&res);
		free(path);
	}
	if (d)
		closedir(d);
	return stanzas;
}

/* Find source package `pkg`'s upstream tarball in `dir`: a file named
 * pkg_VERSION.orig.tar.*; newly allocated path or NULL. */
static char *find_orig(const char *dir, const char *pkg)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;
	size_t n = strlen(pkg);

	while (d && (de = readdir(d)))
		if (!strncmp(de->d_name, pkg, n) && de->d_name[n] == '_' &&
		    strstr(de->d_name, ".orig.tar.") && !strstr(de->d_name, ".asc")) {
			found = xasprintf("%s/%s", dir, de->d_name);
			break;
		}
	if (d)
		closedir(d);
	return found;
}

char *debsrc_fetch(const char *pkg, const char *suite, const char *fallback)
{
	char *cache = cache_dir();
	char *dir = xasprintf("%s/src/%s", cache, pkg);
	/* one private apt state per release asked for */
	char *apt = suite ? xasprintf("%s/apt-%s", cache, suite) : xasprintf("%s/apt", cache);
	char *tarball = find_orig(dir, pkg);
	char *parts, *lists, *acache, *tmp, *log;
	char *o[8];
	int rc;

	if (tarball) {
		info("using the cached source %s", tarball);
		goto out;
	}
	if (!which("apt-get"))
		die("cannot fetch the source package %s: apt-get is not available; %s", pkg, fallback);
	parts = xasprintf("%s/sources.list.d", apt);
	lists = xasprintf("%s/lists", apt);
	acache = xasprintf("%s/cache", apt);
	tmp = xasprintf("%s.tmp.%ld", dir, (long)getpid());
	log = xasprintf("%s/apt.log", apt);
	rm_rf(parts);
	if (mkdir_p(parts) < 0 || mkdir_p(xasprintf("%s/partial", lists)) < 0 ||
	    mkdir_p(xasprintf("%s/archives/partial", acache)) < 0 || mkdir_p(tmp) < 0)
		die("cannot create %s:", apt);
	if (derive_deb_src(parts, suite) == 0)
		die("cannot fetch the source package %s: no 'deb' entries in /etc/apt/sources.list "
		    "or /etc/apt/sources.list.d/*.sources to derive 'deb-src' entries from; %s",
		    pkg, fallback);
	o[0] = "-o", o[1] = "Dir::Etc::SourceList=/dev/null";
	o[2] = "-o", o[3] = xasprintf("Dir::Etc::SourceParts=%s", parts);
	o[4] = "-o", o[5] = xasprintf("Dir::State::Lists=%s", lists);
	o[6] = "-o", o[7] = xasprintf("Dir::Cache=%s", acache);
	progress_phase(xasprintf("fetching %s source%s%s with apt-get (log: %s)", pkg,
				 suite ? " from Debian " : "", suite ? suite : "", log));
	{
		char *argv[] = {"apt-get", "-q", o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7],
				"-o", "APT::Sandbox::User=root", "update", NULL};
		/* Only root may drop privileges to _apt; others run as themselves. */
		if (geteuid() != 0)
			argv[11] = "APT::Sandbox::User=";
		rc = run(argv, NULL, NULL, log);
		if (rc == 0) {
			char *argv2[] = {"apt-get", "-q", o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7],
					 "-o", argv[11], "source", "--tar-only", (char *)pkg, NULL};
			rc = run(argv2, tmp, NULL, log);
		}
	}
	progress_done();
	tarball = find_orig(tmp, pkg);
	if (rc != 0 || !tarball) {
		print_tail(log, 10);
		rm_rf(tmp);
		die("cannot fetch the source package %s%s%s with 'apt-get source --tar-only %s' (log: "
		    "%s); %s",
		    pkg, suite ? " of Debian " : "", suite ? suite : "", pkg, log, fallback);
	}
	free(tarball);
	rm_rf(dir);
	if (mkdir_p(xasprintf("%s/src", cache)) < 0 || rename(tmp, dir) < 0)
		die("cannot move %s into place:", tmp);
	tarball = find_orig(dir, pkg);
out:
	free(cache);
	free(dir);
	free(apt);
	return tarball;
}
