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
#include "archive/manifest.h"
#include "lib/alloc.h"
#include "lib/file.h"
#include "lib/msg.h"

int main(int argc, char **argv)
{
	struct sl_writer *w;
	struct sl_archive a;
	size_t len, count;
	void *bytes;

	if (argc != 3 && !(argc == 5 && !strcmp(argv[3], "--corrupt")))
		die("usage: pack WORKDIR OUT.bin [--corrupt NAME]");
	w = manifest_read(argv[1], NULL, NULL, &count);
	if (sl_writer_finish(w, &bytes, &len) < 0)
		die("cannot write the archive: %s", sl_writer_error(w));
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
	return 0;
}
