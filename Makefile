# slither: one plain Makefile.  `make` builds ./slither; `make check` runs
# every test; `make demo` is the quick start's main job; `make install
# PREFIX=DIR` installs it (see install:).
#   SANITIZE=address,undefined   build with sanitizers
#   DEVELOPER=1                  warnings are errors

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wno-unused-parameter
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
ifneq ($(SANITIZE),)
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(SANFLAGS) -Isrc $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

# The slither command: the commands (cli), the layers below them, and the
# helpers every build-side layer shares (lib).
CLI_OBJ = \
	src/cli/slither.o \
	src/cli/help.o \
	src/cli/cmd_toolchain.o \
	src/cli/cmd_build.o \
	src/cli/cmd_inspect.o \
	src/cli/cmd_pip.o \
	src/cli/shim.o \
	src/cli/pip_cache.o \
	src/cli/cmd_source.o \
	src/toolchain/toolchain.o \
	src/toolchain/cache.o \
	src/toolchain/modules.o \
	src/toolchain/modules-3.11.o \
	src/toolchain/modules-3.13.o \
	src/toolchain/target.o \
	src/toolchain/debsrc.o \
	src/ext/ext.o \
	src/ext/pcfile.o \
	src/link/link.o \
	src/link/frozen.o \
	src/link/headers.o \
	src/link/mpi.o \
	src/link/objcache.o \
	src/link/timing.o \
	src/archive/archive_read.o \
	src/archive/archive_write.o \
	src/archive/manifest.o \
	src/archive/elf.o \
	$(LIB_OBJ)
LIB_OBJ = \
	src/lib/alloc.o \
	src/lib/argv.o \
	src/lib/buf.o \
	src/lib/cache.o \
	src/lib/embed.o \
	src/lib/embedded.o \
	src/lib/file.o \
	src/lib/msg.o \
	src/lib/proc.o \
	src/lib/progress.o \
	src/lib/sha256.o

# Files carried inside ./slither and written out when it builds an app
# (lib/embed.h): the runtime's sources (link.c compiles every C file of
# src/runtime/ and picks the MPI backend from src/runtime/mpi/ and the
# CPython version's file from src/runtime/pyver/), the
# scanner, the CPython patches, the cross targets' configure answers.  The one list: src/lib/embedded.list is made from it.
EMBEDDED = $(sort \
	$(wildcard src/runtime/*.c src/runtime/*.h src/runtime/mpi/*.c src/runtime/pyver/*.c \
		src/runtime/py/*.py) \
	src/archive/archive.h \
	src/archive/crc32_tables.h \
	src/archive/archive_read.c \
	src/scan/scan.py \
	src/scan/freeze.py \
	$(wildcard src/toolchain/cpython-*.patch) \
	src/toolchain/config.site-aarch64-linux-gnu)

# What a `slither pip` build runs: the code of pip, its shim and cache, the
# layers below them it calls, and the compiler flags.  Their hash keys
# slither pip's cache (src/cli/pip_cache.c), so that a change to the
# runtime, the scanner or the final link, which no pip build uses, keeps
# the cached builds (numpy's takes minutes).  Written only when it changes.
PIP_INPUTS = $(sort $(wildcard src/cli/slither.c src/cli/cmds.h src/cli/cmd_pip.c \
	src/cli/shim.[ch] src/cli/pip_cache.[ch] src/ext/*.[ch] src/toolchain/*.[ch] \
	src/toolchain/*.patch src/toolchain/config.site-* src/link/mpi.[ch] src/lib/*.[ch] \
	src/runtime/nss.c))
src/cli/pip_inputs.h: FORCE
	@{ printf '#define PIP_INPUTS_SHA256 "'; cat $(PIP_INPUTS) | sha256sum | \
		cut -c1-64 | tr -d '\n'; printf '"\n'; } > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
src/cli/pip_cache.o: src/cli/pip_inputs.h

# C unit tests.
UNIT_TESTS = tests/unit/test_archive

all: slither

slither: $(CLI_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ)

%.o: %.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# embed.list is rewritten only when the list changes (a new or removed file)
src/lib/embedded.list: FORCE
	@printf '\tEMBED "%s"\n' $(EMBEDDED) > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

src/lib/embedded.o: src/lib/embedded.S src/lib/embedded.list $(EMBEDDED)
	$(CC) -c -o $@ src/lib/embedded.S

# The compiler flags are a dependency too (git's GIT-CFLAGS): a change of
# CFLAGS, SANITIZE or DEVELOPER rebuilds everything.
FLAGS_NOW = $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)
.flags: FORCE
	@echo '$(FLAGS_NOW)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(CLI_OBJ): .flags
slither: .flags

# header dependencies, written by the compiler (-MMD) beside each object
-include $(CLI_OBJ:.o=.d)

# Unit tests are built from sources, never from the objects of ./slither,
# so that `make unit SANITIZE=...` cannot mix flavours.
UNIT_SRC = tests/unit/test_archive.c src/archive/archive_read.c src/archive/archive_write.c \
	src/archive/elf.c
tests/unit/test_archive: $(UNIT_SRC) src/archive/archive.h src/archive/archive_write.h src/archive/elf.h .flags
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(UNIT_SRC)

unit: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do echo "unit: $$t"; ./$$t || exit 1; done

# libFuzzer harness for the archive reader (needs clang).
FUZZ_CC = clang
fuzz/fuzz_archive: fuzz/fuzz_archive.c src/archive/archive_read.c src/archive/elf.c src/archive/archive.h src/archive/elf.h
	$(FUZZ_CC) -g -O1 -Isrc -fsanitize=fuzzer,address,undefined -o $@ fuzz/fuzz_archive.c src/archive/archive_read.c src/archive/elf.c

check: slither
	tests/run

# `make install PREFIX=/opt/slither` (DESTDIR=... for a package's staging
# tree): ./slither carries everything it needs (its runtime's sources, the
# scanner, the CPython patch: EMBEDDED above), so it is one file; beside it
# the manual page and the bash completion, both printed by ./slither from
# the table --help prints (src/cli/help.c).  `make uninstall` with the same
# PREFIX and DESTDIR removes exactly the files install wrote (INSTALLED),
# and no directory.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALLED = $(BINDIR)/slither $(MANDIR)/man1/slither.1 $(BASHCOMPDIR)/slither

slither.1: slither
	./slither --man >$@.tmp && mv $@.tmp $@
slither.bash-completion: slither
	./slither --bash-completion >$@.tmp && mv $@.tmp $@

install: slither slither.1 slither.bash-completion
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 slither $(DESTDIR)$(BINDIR)/slither
	install -m 644 slither.1 $(DESTDIR)$(MANDIR)/man1/slither.1
	install -m 644 slither.bash-completion $(DESTDIR)$(BASHCOMPDIR)/slither

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

demo: slither
	tools/demo

clean:
	rm -f slither $(CLI_OBJ) $(CLI_OBJ:.o=.d) $(UNIT_TESTS) tests/unit/*.o fuzz/fuzz_archive \
		src/lib/embedded.list src/cli/pip_inputs.h .flags slither.1 slither.bash-completion

.PHONY: all unit check demo clean install uninstall FORCE
