/* The one description of slither's command line: every command, its
 * synopsis, text and options, the global options and the environment.
 * `--help` (each command's and slither's own), the manual page (`slither
 * --man`, which `make` turns into slither.1) and the bash completion
 * (`slither --bash-completion`) are all printed from it, so they cannot
 * drift apart; tests/t0910-help.sh checks that every option a parser in
 * src/cli accepts is in it. */
#ifndef SL_CLI_HELP_H
#define SL_CLI_HELP_H

#include <stdio.h>

/* One option: how it is written, with its value's name ("-o FILE",
 * "-O, -OO", "--toolchain DIR"), and what it does, wrapped for --help
 * (lines of at most 57 characters; the manual page refills them). */
struct help_opt {
	const char *flags;
	const char *text;
};

/* One command ("build") or subcommand ("toolchain build"). */
struct help_cmd {
	const char *name;
	const char *synopsis;	/* what follows "slither NAME " in the usage line */
	const char *summary;	/* one line, in slither --help's list (NULL: a subcommand) */
	/* paragraphs separated by blank lines, wrapped at 78 columns; a line
	 * starting with four spaces is an example, printed as it is */
	const char *text;
	const struct help_opt *opts;	/* ended by {NULL}, or NULL */
};

/* The commands, in the order slither --help lists them, ended by {NULL}. */
extern const struct help_cmd help_cmds[];

/* The usage of command `name` ("build", "toolchain" for all of its
 * subcommands, "" for slither itself) as --help prints it; a static
 * string, made on first use. */
const char *help_text(const char *name);

/* The manual page, troff with the man macros. */
void help_man(FILE *f);

/* A bash completion script for slither's commands and options. */
void help_bash_completion(FILE *f);

#endif
