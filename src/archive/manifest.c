/* The scanner's manifest (see manifest.h). */
#include "archive/manifest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/file.h"
#include "lib/msg.h"

/* Parse a hex field of the manifest. */
static uint32_t hex32(const char *s, const char *manifest, int line)
{
	char *end;
	unsigned long v = strtoul(s, &end, 16);

	if (!*s || *end || v > 0xffffffffUL)
		die("%s:%d: bad number '%s' (a slither bug: please report)", manifest, line, s);
	return (uint32_t)v;
}

/* Split `line` on tabs into at most `max` fields; returns the count. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* The kind named `k` (the archive's own names), or 0. */
static enum sl_kind kind_of(const char *k)
{
	uint32_t i;

	for (i = SL_KIND_MODULE; i <= SL_KIND_EXTENSION; i++)
		if (!strcmp(k, sl_archive_kind_name(i)))
			return (enum sl_kind)i;
	return 0;
}

struct sl_writer *manifest_read(const char *scan_dir,
                                void (*each)(void *ctx, const struct manifest_entry *e),
                                void *ctx, size_t *count)
{
	char *manifest = xasprintf("%s/manifest.txt", scan_dir);
	struct buf m = {0};
	char *line, *save = NULL;
	uint32_t magic = 0, pyver = 0, optimize = 0, mode = SL_MAIN_NONE;
	char *main_name = xstrdup(""), *root = NULL;
	struct sl_writer *w = NULL;
	int lineno = 0;

	*count = 0;
	if (read_file(manifest, &m) < 0)
		die("cannot read the scanner's manifest %s:", manifest);
	for (line = strtok_r(m.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6];
		int nf = split_tabs(line, f, 6);

		lineno++;
		if (lineno == 1) {
			if (nf != 2 || strcmp(f[0], "slither-manifest") || strcmp(f[1], "1"))
				die("%s: not a version 1 slither manifest", manifest);
			continue;
		}
		if (!strcmp(f[0], "magic") && nf == 2)
			magic = hex32(f[1], manifest, lineno);
		else if (!strcmp(f[0], "pyversion") && nf == 2)
			pyver = hex32(f[1], manifest, lineno);
		else if (!strcmp(f[0], "optimize") && nf == 2)
			optimize = (uint32_t)atoi(f[1]);
		else if (!strcmp(f[0], "root") && nf == 2) {
			free(root);
			root = xstrdup(f[1]);
		} else if (!strcmp(f[0], "main") && nf >= 2) {
			mode = !strcmp(f[1], "script")   ? SL_MAIN_SCRIPT
			       : !strcmp(f[1], "module") ? SL_MAIN_MODULE
							 : SL_MAIN_NONE;
			free(main_name);
			main_name = xstrdup(nf >= 3 ? f[2] : "");
		} else if (!strcmp(f[0], "entry") && nf == 6) {
			struct manifest_entry e = {.kind = kind_of(f[1]), .name = f[2], .path = f[3]};
			struct buf code = {0}, src = {0};
			char *file = NULL;

			if (!e.kind)
				die("%s:%d: unknown kind '%s'", manifest, lineno, f[1]);
			if (!w) {
				if (!root || !magic)
					die("%s: entries before the header", manifest);
				w = sl_writer_new(magic, pyver, optimize, mode, main_name, root);
				if (!w)
					die("out of memory");
			}
			if (strcmp(f[4], "-")) {
				/* relative: written by the scanner; absolute: a data file
				 * or an extension's object */
				file = f[4][0] == '/' ? xstrdup(f[4]) : xasprintf("%s/%s", scan_dir, f[4]);
				if (e.kind != SL_KIND_EXTENSION && read_file(file, &code) < 0)
					die("cannot read %s:", file);
			}
			e.file = file;
			e.code = code.data;
			e.code_len = code.len;
			if (each)
				each(ctx, &e);
			if (strcmp(f[5], "-") && read_file(f[5], &src) < 0)
				die("cannot read %s (source of module '%s'):", f[5], f[2]);
			if (sl_writer_add(w, e.kind, f[2], f[3], code.data, code.len, src.data, src.len) < 0)
				die("cannot add module '%s' to the archive: %s", f[2], sl_writer_error(w));
			buf_release(&code);
			buf_release(&src);
			free(file);
			(*count)++;
		} else {
			die("%s:%d: unexpected line (a slither bug: please report)", manifest, lineno);
		}
	}
	if (!w)
		die("%s: no modules to embed", manifest);
	buf_release(&m);
	free(manifest);
	free(main_name);
	free(root);
	return w;
}
