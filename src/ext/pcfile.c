/* pkg-config files (see pcfile.h): a small reader of the subset that link
 * flags need, so that slither pip needs no pkg-config program, and a walk
 * of Requires that follows pkg-config's --static rules. */
#include "ext/pcfile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/file.h"

struct pc {
	char *name;	/* the file name without .pc: what Requires names */
	char *file;
	/* the fields, with variables expanded; "" when absent */
	char *libs, *libs_private, *requires, *requires_private;
};

struct pc_dir {
	char *path;
	struct pc *pcs;	/* sorted by file name */
	size_t n;
};

struct pc_db {
	struct pc_dir *dirs;
	size_t n;
};

struct pc_db *pc_db_new(void)
{
	return xcalloc(1, sizeof(struct pc_db));
}

void pc_db_free(struct pc_db *db)
{
	size_t i, k;

	if (!db)
		return;
	for (i = 0; i < db->n; i++) {
		for (k = 0; k < db->dirs[i].n; k++) {
			struct pc *p = &db->dirs[i].pcs[k];
			free(p->name);
			free(p->file);
			free(p->libs);
			free(p->libs_private);
			free(p->requires);
			free(p->requires_private);
		}
		free(db->dirs[i].pcs);
		free(db->dirs[i].path);
	}
	free(db->dirs);
	free(db);
}

/* --- reading one file -------------------------------------------------- */

struct vars {
	char **names, **values;
	size_t n;
};

static const char *var_get(const struct vars *v, const char *name, size_t len)
{
	size_t i;

	/* the last definition wins, as in pkg-config */
	for (i = v->n; i-- > 0;)
		if (strlen(v->names[i]) == len && !strncmp(v->names[i], name, len))
			return v->values[i];
	return "";
}

/* `s` with ${var} replaced by the variables defined so far ($$ is $). */
static char *expand(const struct vars *v, const char *s)
{
	struct buf b = {0};

	buf_puts(&b, "");
	while (*s) {
		const char *end;
		if (s[0] == '$' && s[1] == '$') {
			buf_put(&b, "$", 1);
			s += 2;
		} else if (s[0] == '$' && s[1] == '{' && (end = strchr(s + 2, '}'))) {
			buf_puts(&b, var_get(v, s + 2, (size_t)(end - s - 2)));
			s = end + 1;
		} else {
			buf_put(&b, s, 1);
			s++;
		}
	}
	return b.data;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Read `file` into `p`; -1 if it cannot be read. */
static int pc_read(struct pc *p, const char *dir, const char *file)
{
	struct buf b = {0};
	struct vars v = {0};
	char *line, *next;
	size_t i;

	if (read_file(file, &b) < 0)
		return -1;
	/* pkg-config's own variable for the file's directory */
	v.names = xmalloc(sizeof(char *));
	v.values = xmalloc(sizeof(char *));
	v.names[0] = xstrdup("pcfiledir");
	v.values[0] = xstrdup(dir);
	v.n = 1;
	p->file = xstrdup(file);
	for (line = b.data; line && *line; line = next) {
		char *eq, *colon, *val, **field = NULL;
		size_t k;

		next = strchr(line, '\n');
		/* a backslash at the end of a line continues it */
		while (next && next > line && next[-1] == '\\') {
			next[-1] = ' ';
			*next = ' ';
			next = strchr(next, '\n');
		}
		if (next)
			*next++ = '\0';
		line[strcspn(line, "#")] = '\0';
		line = trim(line);
		k = strspn(line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
		if (!k)
			continue;
		eq = line[k] == '=' ? line + k : NULL;
		colon = line[k] == ':' ? line + k : NULL;
		if (!eq && !colon) {
			/* "Name : value" with blanks before the separator */
			char *t = trim(line + k);
			if (*t == ':')
				colon = t;
			else if (*t == '=')
				eq = t;
			else
				continue;
		}
		line[k] = '\0';
		val = trim((eq ? eq : colon) + 1);
		if (eq) {
			v.names = xrealloc(v.names, (v.n + 1) * sizeof(char *));
			v.values = xrealloc(v.values, (v.n + 1) * sizeof(char *));
			v.names[v.n] = xstrdup(line);
			v.values[v.n] = expand(&v, val);
			v.n++;
			continue;
		}
		if (!strcmp(line, "Libs"))
			field = &p->libs;
		else if (!strcmp(line, "Libs.private"))
			field = &p->libs_private;
		else if (!strcmp(line, "Requires"))
			field = &p->requires;
		else if (!strcmp(line, "Requires.private"))
			field = &p->requires_private;
		if (field) {
			free(*field);
			*field = expand(&v, val);
		}
	}
	if (!p->libs)
		p->libs = xstrdup("");
	if (!p->libs_private)
		p->libs_private = xstrdup("");
	if (!p->requires)
		p->requires = xstrdup("");
	if (!p->requires_private)
		p->requires_private = xstrdup("");
	for (i = 0; i < v.n; i++) {
		free(v.names[i]);
		free(v.values[i]);
	}
	free(v.names);
	free(v.values);
	buf_release(&b);
	return 0;
}

/* The directory `path`, read once: every .pc file in it, by name. */
static const struct pc_dir *pc_dir(struct pc_db *db, const char *path)
{
	struct pc_dir *d;
	DIR *dh;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, i;

	for (i = 0; i < db->n; i++)
		if (!strcmp(db->dirs[i].path, path))
			return &db->dirs[i];
	db->dirs = xrealloc(db->dirs, (db->n + 1) * sizeof(*db->dirs));
	d = &db->dirs[db->n++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(path);
	if (!(dh = opendir(path)))
		return d;	/* no such directory: nothing in it */
	while ((de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		if (len > 3 && !strcmp(de->d_name + len - 3, ".pc"))
			argv_push(&names, &nn, de->d_name);
	}
	closedir(dh);
	if (nn)
		qsort(names, nn, sizeof(char *), strp_cmp);
	d->pcs = xcalloc(nn ? nn : 1, sizeof(struct pc));
	for (i = 0; i < nn; i++) {
		struct pc *p = &d->pcs[d->n];
		char *file = xasprintf("%s/%s", path, names[i]);
		if (pc_read(p, path, file) == 0) {
			p->name = xstrdup(names[i]);
			p->name[strlen(p->name) - 3] = '\0';
			d->n++;
		}
		free(file);
	}
	argv_free(names);
	return d;
}

/* --- questions --------------------------------------------------------- */

/* Does the flag string `flags` name -l`lib` (as -lfoo or -l foo)? */
static int names_lib(const char *flags, const char *lib)
{
	char *copy = xstrdup(flags), *w, *save = NULL;
	int found = 0, split = 0;

	for (w = strtok_r(copy, " \t", &save); w && !found; w = strtok_r(NULL, " \t", &save)) {
		if (split)
			found = !strcmp(w, lib);
		else if (!strncmp(w, "-l", 2) && w[2])
			found = !strcmp(w + 2, lib);
		split = !strcmp(w, "-l");
	}
	free(copy);
	return found;
}

const char *pc_find_lib(struct pc_db *db, char *const *dirs, size_t n, const char *lib,
                        const char **file)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct pc_dir *d = pc_dir(db, dirs[i]);
		for (k = 0; k < d->n; k++)
			if (names_lib(d->pcs[k].libs, lib)) {
				*file = d->pcs[k].file;
				return d->pcs[k].name;
			}
	}
	return NULL;
}

static const struct pc *pc_module(struct pc_db *db, char *const *dirs, size_t n,
                                  const char *name)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct pc_dir *d = pc_dir(db, dirs[i]);
		for (k = 0; k < d->n; k++)
			if (!strcmp(d->pcs[k].name, name))
				return &d->pcs[k];
	}
	return NULL;
}

/* The module names of a Requires field ("libxml-2.0 >= 2.9, zlib"),
 * pushed onto `*names`; version constraints are not checked. */
static void push_requires(char ***names, size_t *n, const char *field)
{
	char *copy = xstrdup(field), *w, *save = NULL;
	int skip = 0;

	for (w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		size_t k = strcspn(w, "<>=!");
		if (skip) {
			skip = 0;
			continue;
		}
		if (k == 0) {
			/* an operator: the version follows unless it is glued on */
			skip = w[strspn(w, "<>=!")] == '\0';
			continue;
		}
		if (w[k]) {
			/* "name>=1.0" or "name>=" */
			skip = w[k + strspn(w + k, "<>=!")] == '\0';
			w[k] = '\0';
		}
		argv_push(names, n, w);
	}
	free(copy);
}

char *pc_static_libs(struct pc_db *db, char *const *dirs, size_t n, const char *name,
                     char ***words, size_t *nwords, char ***via, const char **who)
{
	char **queue = NULL, **chain = NULL;	/* chain[i]: "a.pc > b.pc" to queue[i] */
	size_t nq = 0, nc = 0, i, k;
	char *missing = NULL;

	/* breadth first, each module once: pkg-config's order, near enough
	 * for a link that puts every archive in one group */
	argv_push(&queue, &nq, name);
	for (i = 0; i < nq && !missing; i++) {
		size_t nw0 = *nwords, nv = nw0;
		char *here;
		const struct pc *p = pc_module(db, dirs, n, queue[i]);
		size_t before = nq;
		if (!p) {
			/* the module whose Requires named it */
			const struct pc *req = NULL;
			size_t m;
			for (m = 0; m < i && !req; m++) {
				const struct pc *q = pc_module(db, dirs, n, queue[m]);
				char **r = NULL;
				size_t nr = 0, j;
				push_requires(&r, &nr, q->requires);
				push_requires(&r, &nr, q->requires_private);
				for (j = 0; j < nr; j++)
					if (!strcmp(r[j], queue[i]))
						req = q;
				argv_free(r);
			}
			*who = req ? req->name : name;
			missing = xstrdup(queue[i]);
			break;
		}
		here = i ? xasprintf("%s > %s.pc", chain[i - 1], p->name) : xasprintf("%s.pc", p->name);
		argv_push_words(words, nwords, p->libs);
		argv_push_words(words, nwords, p->libs_private);
		for (k = nw0; k < *nwords; k++)
			argv_push(via, &nv, here);
		push_requires(&queue, &nq, p->requires);
		push_requires(&queue, &nq, p->requires_private);
		/* drop modules already queued */
		for (k = before; k < nq;) {
			size_t m;
			int dup = 0;
			for (m = 0; m < k && !dup; m++)
				dup = !strcmp(queue[m], queue[k]);
			if (dup) {
				free(queue[k]);
				memmove(&queue[k], &queue[k + 1], (nq - k) * sizeof(char *));
				nq--;
			} else {
				k++;
			}
		}
		/* the modules just queued are reached through this one */
		for (k = before; k < nq; k++)
			argv_push(&chain, &nc, here);
		free(here);
	}
	argv_free(chain);
	argv_free(queue);
	return missing;
}
