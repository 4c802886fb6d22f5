/* The registry of embedded files (see embed.h). */
#include "lib/embed.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/file.h"
#include "lib/msg.h"

void embed_extract(const char *dir, const char *prefix)
{
	const struct embedded *e;

	for (e = sl_embedded; e->name; e++) {
		const char *rel = e->name;
		char *path, *slash;

		if (strncmp(rel, prefix, strlen(prefix)))
			continue;
		if (!strncmp(rel, "src/", 4))
			rel += 4;
		path = xasprintf("%s/%s", dir, rel);
		slash = strrchr(path, '/');
		*slash = '\0';
		if (mkdir_p(path) < 0)
			die("cannot create %s:", path);
		*slash = '/';
		if (write_file_atomic(path, e->data, (size_t)(e->end - e->data)) < 0)
			die("cannot write %s:", path);
		free(path);
	}
}

const struct embedded *embed_find(const char *name)
{
	const struct embedded *e;

	for (e = sl_embedded; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}
