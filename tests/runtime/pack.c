/* Test-only: turn a scanner manifest (see src/scan/scan.py) into an archive
 * file with the real writer, as `slither build` does, so the runtime can be
 * tested on its own.  With --corrupt NAME, flip a byte of module NAME's code
 * after writing, to test the runtime's checksum check.
 *
 *     pack WORKDIR OUT.bin [--corrupt NAME] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive_write.h"
#include "cli/util.h"

static enum sl_kind kind_of(const char *k)
{
	static const char *const names[] = {"", "module", "package", "namespace", "data",
	                                    "extension"};
	int i;

	for (i = 1; i < 6; i++)
		if (!strcmp(k, names[i]))
			return (enum sl_kind)i;
	die("unknown kind '%s'", k);
}

int main(int argc, char **argv)
{
	char *manifest, *line, *save = NULL, *main_name = NULL, *root = NULL;
	uint32_t magic = 0, pyver = 0, mode = SL_MAIN_NONE;
	struct sl_writer *w = NULL;
	struct sl_archive a;
	struct buf m = {0};
	size_t len;
	void *bytes;

	if (argc != 3 && !(argc == 5 && !strcmp(argv[3], "--corrupt")))
		die("usage: pack WORKDIR OUT.bin [--corrupt NAME]");
	manifest = xasprintf("%s/manifest.txt", argv[1]);
	if (read_file(manifest, &m) < 0)
		die("cannot read %s:", manifest);
	for (line = strtok_r(m.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6] = {0};
		int n = 0;

		for (f[n++] = line; n < 6 && (line = strchr(line, '\t')); f[n++] = line)
			*line++ = '\0';
		if (!strcmp(f[0], "magic"))
			magic = (uint32_t)strtoul(f[1], NULL, 16);
		else if (!strcmp(f[0], "pyversion"))
			pyver = (uint32_t)strtoul(f[1], NULL, 16);
		else if (!strcmp(f[0], "root"))
			root = xstrdup(f[1]);
		else if (!strcmp(f[0], "main")) {
			mode = !strcmp(f[1], "script") ? SL_MAIN_SCRIPT
			       : !strcmp(f[1], "module") ? SL_MAIN_MODULE : SL_MAIN_NONE;
			main_name = xstrdup(n > 2 ? f[2] : "");
		} else if (!strcmp(f[0], "entry") && n == 6) {
			struct buf code = {0}, src = {0};

			if (!w && !(w = sl_writer_new(magic, pyver, 0, mode, main_name, root)))
				die("out of memory");
			if (strcmp(f[4], "-")) {
				char *p = f[4][0] == '/' ? xstrdup(f[4]) : xasprintf("%s/%s", argv[1], f[4]);
				if (read_file(p, &code) < 0)
					die("cannot read %s:", p);
				free(p);
			}
			if (strcmp(f[5], "-") && read_file(f[5], &src) < 0)
				die("cannot read %s:", f[5]);
			if (sl_writer_add(w, kind_of(f[1]), f[2], f[3], code.data, code.len, src.data,
			                  src.len) < 0)
				die("%s: %s", f[2], sl_writer_error(w));
			buf_release(&code);
			buf_release(&src);
		}
	}
	if (!w || sl_writer_finish(w, &bytes, &len) < 0)
		die("cannot write the archive: %s", w ? sl_writer_error(w) : "no entries");
	if (argc == 5) {
		struct sl_entry e;
		long i;

		if (sl_archive_open(&a, bytes, len) != SL_ARCHIVE_OK)
			die("the written archive does not open");
		i = sl_archive_find(&a, argv[4], strlen(argv[4]));
		if (i < 0)
			die("no entry '%s' to corrupt", argv[4]);
		sl_archive_get(&a, (uint32_t)i, &e);
		((unsigned char *)bytes)[e.code - a.base + e.code_len / 2] ^= 0x55;
	}
	if (write_file_atomic(argv[2], bytes, len) < 0)
		die("cannot write %s:", argv[2]);
	free(bytes);
	sl_writer_free(w);
	buf_release(&m);
	free(manifest);
	free(main_name);
	free(root);
	return 0;
}
