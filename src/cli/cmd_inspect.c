/* `slither inspect FILE`: list what an archive, or the executable that
 * carries one in its .slither section, holds, and check every checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/elf.h"
#include "cli/cmds.h"
#include "cli/help.h"
#include "lib/buf.h"
#include "lib/file.h"
#include "lib/msg.h"

/* the usage, from the one table of the command line (help.c) */
#define usage_text help_text("inspect")

/* Print `len` bytes of a string from the file, with control characters
 * escaped: names come from untrusted input and must not drive the terminal. */
static void put_escaped(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

/* PY_VERSION_HEX as CPython prints it: 0x030b02f0 is 3.11.2, 0x030d00c1 is
 * 3.13.0rc1. */
static void put_py_version(uint32_t v)
{
	static const char *const levels[16] = {[0xa] = "a", [0xb] = "b", [0xc] = "rc", [0xf] = ""};
	const char *level = levels[(v >> 4) & 0xf];

	printf("%u.%u.%u", (unsigned)(v >> 24), (unsigned)(v >> 16 & 0xff), (unsigned)(v >> 8 & 0xff));
	if (!level)
		printf(" (release level %u)", (unsigned)(v >> 4 & 0xf));
	else if (*level)
		printf("%s%u", level, (unsigned)(v & 0xf));
}

static const char *main_mode_name(uint32_t mode)
{
	switch (mode) {
	case SL_MAIN_SCRIPT:
		return "script";
	case SL_MAIN_MODULE:
		return "module";
	}
	return "none";
}

int cmd_inspect(int argc, char **argv)
{
	const char *file = NULL, *where = "";
	int machine = -1;	/* an executable's processor (ELF e_machine) */
	struct buf data = {0};
	const unsigned char *base;
	size_t size, code_total = 0, src_total = 0, bad = 0;
	struct sl_archive a;
	enum sl_archive_status st;
	uint32_t i;
	int k;

	for (k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help")) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (argv[k][0] == '-' && argv[k][1])
			die("inspect: unknown option '%s'\n%s", argv[k], usage_text);
		if (file)
			die("inspect: one FILE at a time\n%s", usage_text);
		file = argv[k];
	}
	if (!file)
		die("inspect: give a FILE\n%s", usage_text);

	if (read_file(file, &data) < 0)
		die("cannot read %s:", file);
	base = (const unsigned char *)data.data;
	size = data.len;
	if (sl_elf_is_elf(base, size)) {
		size_t off, len;
		enum sl_elf_status est = sl_elf_find_section(base, size, SL_ARCHIVE_SECTION, &off, &len);
		struct sl_elf e;

		if (sl_elf_open(&e, base, size) == SL_ELF_OK)
			machine = e.machine;

		if (est == SL_ELF_NO_SECTION)
			die("%s: no %s section: not built by slither", file, SL_ARCHIVE_SECTION);
		if (est != SL_ELF_OK)
			die("%s: %s", file, sl_elf_strerror(est));
		base += off;
		size = len;
		where = " (section " SL_ARCHIVE_SECTION ")";
	}
	st = sl_archive_open(&a, base, size);
	if (st != SL_ARCHIVE_OK)
		die("%s%s: %s", file, where, sl_archive_strerror(st));

	printf("archive:   slither format version %u, %zu bytes%s\n", (unsigned)a.version, a.size,
	       *where ? ", in the ELF section " SL_ARCHIVE_SECTION : "");
	if (machine >= 0) {
		const char *m = sl_elf_machine_name(machine);
		if (m)
			printf("target:    %s\n", m);
		else
			printf("target:    ELF machine %d\n", machine);
	}
	printf("python:    ");
	put_py_version(a.py_version);
	printf(", pyc magic %u (0x%08x)\n", (unsigned)(a.pyc_magic & 0xffff), (unsigned)a.pyc_magic);
	printf("optimize:  %u\n", (unsigned)a.optimize);
	printf("source:    %s\n", a.flags & SL_ARCHIVE_NO_SOURCE ? "none (--no-source)" : "embedded");
	printf("main:      %s", main_mode_name(a.main_mode));
	if (a.main_mode != SL_MAIN_NONE) {
		putchar(' ');
		put_escaped(a.main_name, a.main_len);
	}
	printf("\nroot:      ");
	put_escaped(a.root, a.root_len);
	printf("\nentries:   %u\n\n", (unsigned)a.count);

	printf("%-10s %10s %10s  %s\n", "KIND", "CODE", "SOURCE", "NAME");
	for (i = 0; i < a.count; i++) {
		struct sl_entry e;

		sl_archive_get(&a, i, &e);
		if (e.frozen)	/* the code is in the executable, not the archive */
			printf("%-10s %10s %10zu  ", sl_archive_kind_name(e.kind), "frozen", e.src_len);
		else
			printf("%-10s %10zu %10zu  ", sl_archive_kind_name(e.kind), e.code_len,
			       e.src_len);
		put_escaped(e.name, e.name_len);
		putchar('\n');
		code_total += e.code_len;
		src_total += e.src_len;
	}
	printf("%-10s %10zu %10zu\n", "total", code_total, src_total);
	if (fflush(stdout) != 0)
		die("cannot write the listing:");

	/* after the listing, so the damage is the last thing on the screen */
	for (i = 0; i < a.count; i++) {
		struct sl_entry e;

		sl_archive_get(&a, i, &e);
		st = sl_archive_entry_verify(&e);
		if (st != SL_ARCHIVE_OK) {
			warn("%s%s: %s '%.*s': %s", file, where, sl_archive_kind_name(e.kind), (int)e.name_len,
			     e.name, sl_archive_strerror(st));
			bad++;
		}
	}
	buf_release(&data);
	if (bad)
		die("%s: %zu damaged %s", file, bad, bad == 1 ? "entry" : "entries");
	return 0;
}
