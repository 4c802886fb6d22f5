/* The subcommands of `slither`, one file each (cmd_NAME.c). */
#ifndef SL_CMDS_H
#define SL_CMDS_H

#define SLITHER_VERSION "0.1"

int cmd_toolchain(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_inspect(int argc, char **argv);

#endif
