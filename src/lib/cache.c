/* slither's cache directory and its eviction (see cache.h). */
#include "lib/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/sha256.h"

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

char *cache_entry(const char *kind, const char *key1, const char *key2, const char *suffix)
{
	char *cache = cache_dir(), *dir = xasprintf("%s/%s", cache, kind), *path;
	char *text = xasprintf("%s%s", key1, key2 ? key2 : "");
	char hex[65];

	if (mkdir_p(dir) < 0)
		die("cannot create %s:", dir);
	sha256_hex(text, strlen(text), hex);
	path = xasprintf("%s/%s%s", dir, hex, suffix);
	free(text);
	free(dir);
	free(cache);
	return path;
}

/* Is the entry `name` a temporary "X.tmp.PID" that no writer will finish? */
static int stale_temporary(int dirfd_, const char *name, const struct prune_rule *r, time_t now)
{
	const char *dot = strstr(name, ".tmp.");
	struct stat st;
	long pid;

	if (!dot)
		return 0;
	if (fstatat(dirfd_, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && now - st.st_mtime > 86400)
		return 1;
	pid = strtol(dot + 5, NULL, 10);
	return r->dead_writers && pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

static int has_affixes(const char *name, const struct prune_rule *r)
{
	size_t n = strlen(name), k = r->suffix ? strlen(r->suffix) : 0;

	if (r->prefix && strncmp(name, r->prefix, strlen(r->prefix)))
		return 0;
	return !r->suffix || (n >= k && !strcmp(name + n - k, r->suffix));
}

static int kept(const char *path, const struct prune_rule *r)
{
	char *const *k;

	for (k = r->keep; k && *k; k++)
		if (!strcmp(*k, path))
			return 1;
	return 0;
}

int cache_prune(const char *dir, const struct prune_rule *r)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);
	int removed = 0;

	while (d && (de = readdir(d))) {
		struct stat st;
		time_t t;
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stale_temporary(dirfd(d), de->d_name, r, now)) {
			rm_rf(p);
		} else if (r->days >= 0 && !strstr(de->d_name, ".tmp.") && has_affixes(de->d_name, r) &&
		           !kept(p, r)) {
			t = r->last_used ? r->last_used(p)
			    : fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st.st_mtime : 0;
			if (t && now - t > (time_t)r->days * 86400) {
				if (rm_rf_renamed(p) < 0) {
					warn("cannot remove %s:", p);
				} else {
					removed++;
					if (r->what)
						info("removed the %s %s: no build used it for %ld days", r->what,
						     p, (long)((now - t) / 86400));
				}
			}
		}
		free(p);
	}
	if (d)
		closedir(d);
	return removed;
}
