/* The subcommands of `slither`, one file each (cmd_NAME.c). */
#ifndef SL_CMDS_H
#define SL_CMDS_H

#define SLITHER_VERSION "0.1"

int cmd_toolchain(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_pip(int argc, char **argv);
int cmd_source(int argc, char **argv);
/* shim.c: slither pip's link shim (shim.h).  `slither ext-link` (not listed) makes
 * a -shared link line an extension object; run as `slither-cc` or
 * `slither-c++` (is_cc_shim), slither is the compiler but for -shared
 * links, which go to ext-link. */
int cmd_ext_link(int argc, char **argv);
int is_cc_shim(const char *argv0);
int cmd_cc_shim(int argc, char **argv);

#endif
