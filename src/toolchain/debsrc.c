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

/* Write `type` stanzas ("deb-src": source packages, "deb": binary ones)
 * derived from the machine's own apt sources into `parts` (a private
 * sources.list.d), naming no host ourselves: the same archives, for
 * release `suite` (NULL: the machine's own releases). */
static int derive_entries(const char *parts, const char *type, const char *suite)
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
				buf_puts(&out, type);
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
		 * Types has "deb" and say `type` instead. */
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
			buf_printf(&res, "Types: %s", type);
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

/* Find `pkg`'s file in `dir`: a name that starts with "pkg_" and holds
 * `mark` (".orig.tar.": a source package's upstream tarball; ".deb": a
 * binary package); newly allocated path or NULL. */
static char *find_file(const char *dir, const char *pkg, const char *mark)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;
	size_t n = strlen(pkg);

	while (d && (de = readdir(d)))
		if (!strncmp(de->d_name, pkg, n) && de->d_name[n] == '_' &&
		    strstr(de->d_name, mark) && !strstr(de->d_name, ".asc")) {
			found = xasprintf("%s/%s", dir, de->d_name);
			break;
		}
	if (d)
		closedir(d);
	return found;
}

/* Fetch `pkg` (its files named `name`_...) into the new directory `into`
 * with `apt-get VERB... PKG`
 * (`verb` NULL-terminated) after an `apt-get update`, through the private
 * apt state `apt` under the cache, whose entries (`type`: "deb-src" or
 * "deb") are derived afresh from the machine's, for release `suite`.
 * Returns the path of the file of `pkg` with `mark` (find_file) it
 * fetched; dies, showing apt's log and ending with `fallback`, if none. */
static char *apt_fetch(const char *apt, const char *type, const char *suite,
		       const char *const verb[], const char *pkg, const char *name,
		       const char *mark, const char *into, const char *fallback)
{
	char *parts = xasprintf("%s/sources.list.d", apt);
	char *lists = xasprintf("%s/lists", apt);
	char *acache = xasprintf("%s/cache", apt);
	char *log = xasprintf("%s/apt.log", apt);
	char *opt[5], *argv[24], *file;
	size_t n = 0, i;
	int rc;

	if (!which("apt-get"))
		die("cannot fetch the Debian package %s: apt-get is not available; %s", pkg, fallback);
	rm_rf(parts);
	if (mkdir_p(parts) < 0 || mkdir_p(xasprintf("%s/partial", lists)) < 0 ||
	    mkdir_p(xasprintf("%s/archives/partial", acache)) < 0 || mkdir_p(into) < 0)
		die("cannot create %s:", apt);
	if (derive_entries(parts, type, suite) == 0)
		die("cannot fetch the Debian package %s: no 'deb' entries in /etc/apt/sources.list "
		    "or /etc/apt/sources.list.d/*.sources to derive '%s' entries from; %s",
		    pkg, type, fallback);
	opt[0] = "Dir::Etc::SourceList=/dev/null";
	opt[1] = xasprintf("Dir::Etc::SourceParts=%s", parts);
	opt[2] = xasprintf("Dir::State::Lists=%s", lists);
	opt[3] = xasprintf("Dir::Cache=%s", acache);
	/* only root may drop privileges to _apt; others run as themselves */
	opt[4] = geteuid() == 0 ? "APT::Sandbox::User=root" : "APT::Sandbox::User=";
	argv[n++] = "apt-get";
	argv[n++] = "-q";
	for (i = 0; i < LEN(opt); i++) {
		argv[n++] = "-o";
		argv[n++] = opt[i];
	}
	argv[n] = "update";
	argv[n + 1] = NULL;
	progress_phase(xasprintf("fetching %s with apt-get%s%s (log: %s)", pkg,
				 suite ? " from Debian " : "", suite ? suite : "", log));
	rc = run(argv, NULL, NULL, log);
	if (rc == 0) {
		for (i = 0; verb[i]; i++)
			argv[n++] = (char *)verb[i];
		argv[n++] = (char *)pkg;
		argv[n] = NULL;
		rc = run(argv, into, NULL, log);
	}
	progress_done();
	file = find_file(into, name, mark);
	if (rc != 0 || !file) {
		struct buf cmd = {0};
		for (i = 0; verb[i]; i++)
			buf_printf(&cmd, "%s ", verb[i]);
		print_tail(log, 10);
		rm_rf(into);
		die("cannot fetch the Debian package %s%s%s with 'apt-get %s%s' (log: %s); %s", pkg,
		    suite ? " of Debian " : "", suite ? suite : "", cmd.data, pkg, log, fallback);
	}
	for (i = 1; i < 4; i++)
		free(opt[i]);
	free(parts);
	free(lists);
	free(acache);
	free(log);
	return file;
}

char *debsrc_fetch(const char *pkg, const char *suite, const char *fallback)
{
	static const char *const verb[] = {"source", "--tar-only", NULL};
	char *cache = cache_dir();
	char *dir = xasprintf("%s/src/%s", cache, pkg);
	/* one private apt state per release asked for */
	char *apt = suite ? xasprintf("%s/apt-%s", cache, suite) : xasprintf("%s/apt", cache);
	char *tarball = find_file(dir, pkg, ".orig.tar.");
	char *tmp;

	if (tarball) {
		info("using the cached source %s", tarball);
		goto out;
	}
	tmp = xasprintf("%s.tmp.%ld", dir, (long)getpid());
	free(apt_fetch(apt, "deb-src", suite, verb, pkg, pkg, ".orig.tar.", tmp, fallback));
	rm_rf(dir);
	if (mkdir_p(xasprintf("%s/src", cache)) < 0 || rename(tmp, dir) < 0)
		die("cannot move %s into place:", tmp);
	free(tmp);
	tarball = find_file(dir, pkg, ".orig.tar.");
out:
	free(cache);
	free(dir);
	free(apt);
	return tarball;
}

char *debsrc_fetch_binary(const char *pkg, const char *suite, const char *fallback)
{
	static const char *const verb[] = {"download", NULL};
	char *cache = cache_dir();
	char *rel = xasprintf("%s/deb/%s", cache, suite ? suite : "machine");
	char *dir = xasprintf("%s/%s", rel, pkg);
	char *root = xasprintf("%s/root", dir);
	char *apt, *tmp, *deb, *troot, *name;

	if (is_dir(root))
		goto out;
	/* binary packages' lists in an apt state of their own per release, so
	 * that fetching a source package does not update them too */
	apt = suite ? xasprintf("%s/apt-%s-deb", cache, suite) : xasprintf("%s/apt-deb", cache);
	tmp = xasprintf("%s.tmp.%ld", dir, (long)getpid());
	/* "PKG:ARCH", another architecture's (dpkg --add-architecture):
	 * its file is PKG_VERSION_ARCH.deb */
	name = xasprintf("%.*s", (int)strcspn(pkg, ":"), pkg);
	deb = apt_fetch(apt, "deb", suite, verb, pkg, name, ".deb", tmp, fallback);
	free(name);
	troot = xasprintf("%s/root", tmp);
	{
		char *argv[] = {"dpkg-deb", "-x", deb, troot, NULL};
		if (run(argv, NULL, NULL, NULL) != 0) {
			rm_rf(tmp);
			die("cannot unpack %s with dpkg-deb -x; %s", deb, fallback);
		}
	}
	rm_rf(dir);
	if (mkdir_p(rel) < 0 || rename(tmp, dir) < 0)
		die("cannot move %s into place:", tmp);
	free(troot);
	free(deb);
	free(tmp);
	free(apt);
out:
	free(cache);
	free(rel);
	free(dir);
	return root;
}
