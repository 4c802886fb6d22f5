/* `slither source PKG`: the upstream tarball of a Debian source package,
 * fetched once into slither's cache (src/toolchain/debsrc.h); prints its
 * path, ready for `slither pip install`. */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "lib/msg.h"
#include "toolchain/debsrc.h"

static const char usage_text[] =
	"usage: slither source PKG\n"
	"\n"
	"Fetches the upstream tarball of Debian source package PKG with\n"
	"'apt-get source --tar-only' (deb-src entries derived from this machine's apt\n"
	"sources, in slither's own apt state), keeps it in slither's cache and prints\n"
	"its path:\n"
	"\n"
	"    slither pip install --no-build-isolation --target site \"$(slither source markupsafe)\"\n";

int cmd_source(int argc, char **argv)
{
	char *path;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		die("source: give one source package name\n%s", usage_text);
	path = debsrc_fetch(argv[1], "download the package's source tarball yourself");
	puts(path);
	return 0;
}
