# slither: one plain Makefile.  `make` builds ./slither; `make check` runs
# every test; `make demo` is the quick start's main job.
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

# The slither command.
CLI_OBJ = \
	src/cli/slither.o \
	src/cli/util.o \
	src/cli/embed.o \
	src/cli/cmd_toolchain.o \
	src/cli/cmd_build.o \
	src/cli/cmd_inspect.o \
	src/cli/cmd_pip.o \
	src/cli/pip_cache.o \
	src/cli/cmd_source.o \
	src/toolchain/toolchain.o \
	src/toolchain/debsrc.o \
	src/ext/ext.o \
	src/ext/pcfile.o \
	src/archive/archive_read.o \
	src/archive/archive_write.o \
	src/archive/elf.o \
	src/link/link.o \
	src/link/frozen.o \
	src/link/mpi.o

# Files carried inside ./slither and written out when it builds an app
# (see src/cli/embed.S): the runtime's sources and the scanner.
EMBEDDED = \
	src/archive/archive.h \
	src/archive/crc32_tables.h \
	src/archive/archive_read.c \
	src/runtime/runtime.h \
	src/runtime/importer.h \
	src/runtime/main.c \
	src/runtime/run.c \
	src/runtime/importer.c \
	src/runtime/code.c \
	src/runtime/files.c \
	src/runtime/resources.c \
	src/runtime/extension.c \
	src/runtime/hooks.c \
	src/runtime/notfound.c \
	src/runtime/quiet.c \
	src/runtime/nss.c \
	src/runtime/collective.c \
	src/runtime/role.c \
	src/runtime/mpi.c \
	src/runtime/mpi_none.c \
	src/runtime/mpi_udev.c \
	src/runtime/py/slither.py \
	src/scan/scan.py \
	src/scan/freeze.py \
	src/toolchain/cpython-3.11.patch

# C unit tests.
UNIT_TESTS = tests/unit/test_archive

all: slither

slither: $(CLI_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ)

%.o: %.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

src/cli/embed.o: src/cli/embed.S $(EMBEDDED)
	$(CC) -c -o $@ src/cli/embed.S

# header dependencies, written by the compiler (-MMD) beside each object
-include $(CLI_OBJ:.o=.d)

# Unit tests are built from sources, never from the objects of ./slither,
# so that `make unit SANITIZE=...` cannot mix flavours.
UNIT_SRC = tests/unit/test_archive.c src/archive/archive_read.c src/archive/archive_write.c \
	src/archive/elf.c
tests/unit/test_archive: $(UNIT_SRC) src/archive/archive.h src/archive/archive_write.h src/archive/elf.h
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(UNIT_SRC)

unit: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do echo "unit: $$t"; ./$$t || exit 1; done

# libFuzzer harness for the archive reader (needs clang).
FUZZ_CC = clang
fuzz/fuzz_archive: fuzz/fuzz_archive.c src/archive/archive_read.c src/archive/elf.c src/archive/archive.h src/archive/elf.h
	$(FUZZ_CC) -g -O1 -Isrc -fsanitize=fuzzer,address,undefined -o $@ fuzz/fuzz_archive.c src/archive/archive_read.c src/archive/elf.c

check: slither
	tests/run

demo: slither
	tools/demo

clean:
	rm -f slither $(CLI_OBJ) $(CLI_OBJ:.o=.d) $(UNIT_TESTS) tests/unit/*.o fuzz/fuzz_archive

.PHONY: all unit check demo clean
