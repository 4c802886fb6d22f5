/* The `slither` command: global options and the table of subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/help.h"
#include "lib/alloc.h"
#include "lib/msg.h"

/* What runs each command; what they are for, their options and the
 * global ones are described in help.c's table. */
static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{"toolchain", cmd_toolchain},
	{"build", cmd_build},
	{"inspect", cmd_inspect},
	{"pip", cmd_pip},
	{"source", cmd_source},
	{"ext-link", cmd_ext_link},	/* slither pip's link shim: not for users */
};

static void usage(FILE *f)
{
	fputs(help_text(""), f);
}

int main(int argc, char **argv)
{
	size_t i;

	/* slither pip's compiler shim, run under its own name (see cmd_pip.c) */
	if (argc > 0 && is_cc_shim(argv[0]))
		return cmd_cc_shim(argc, argv);
	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose")) {
			verbose = 1;
		} else if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[1], "--version")) {
			printf("slither %s\n", SLITHER_VERSION);
			return 0;
		} else if (!strcmp(argv[1], "--man")) {
			help_man(stdout);
			return 0;
		} else if (!strcmp(argv[1], "--bash-completion")) {
			help_bash_completion(stdout);
			return 0;
		} else if (!strcmp(argv[1], "--toolchains") || !strncmp(argv[1], "--toolchains=", 13)) {
			/* the store, as SLITHER_TOOLCHAINS: also for the processes
			 * slither runs (slither pip's shim) */
			const char *v = argv[1][12] == '=' ? argv[1] + 13 : argc > 2 ? argv[2] : NULL;
			if (!v || !*v)
				die("--toolchains needs a directory, the site's toolchain store");
			setenv("SLITHER_TOOLCHAINS", v, 1);
			if (argv[1][12] != '=')
				argc--, argv++;
		} else {
			fprintf(stderr, "slither: unknown option '%s'\n", argv[1]);
			usage(stderr);
			return 2;
		}
		argc--, argv++;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < LEN(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "slither: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
