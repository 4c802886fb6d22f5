/* `slither source PKG`: the upstream tarball of a Debian source package,
 * fetched once into slither's cache (src/toolchain/debsrc.h); prints its
 * path, ready for `slither pip install`. */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/help.h"
#include "lib/msg.h"
#include "toolchain/debsrc.h"

/* the usage, from the one table of the command line (help.c) */
#define usage_text help_text("source")

int cmd_source(int argc, char **argv)
{
	char *path;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		die("source: give one source package name\n%s", usage_text);
	path = debsrc_fetch(argv[1], NULL, "download the package's source tarball yourself");
	puts(path);
	return 0;
}
