/* libFuzzer harness for the archive reader and the ELF reader: every input
 * is tried as a raw archive, as an ELF file (every section and symbol, as
 * slither pip's extension code reads them) and, if it is an ELF file with a
 * .slither section, as an executable.  Whatever the reader accepts must then be safe
 * to use in full, as the runtime and `slither inspect` would. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/elf.h"

/* A broken promise of the reader: crash, so libFuzzer saves the input. */
static void require(int ok)
{
	if (!ok)
		abort();
}

static void use_archive(const unsigned char *data, size_t size)
{
	struct sl_archive a;
	enum sl_archive_status st = sl_archive_open(&a, data, size);
	uint32_t i;

	require(sl_archive_strerror(st)[0] != '\0');
	if (st != SL_ARCHIVE_OK)
		return;
	require(a.base == data && a.size <= size);
	require(strlen(a.main_name) == a.main_len && strlen(a.root) == a.root_len);
	require(sl_archive_check_python(&a, a.pyc_magic, a.py_version) == SL_ARCHIVE_OK);
	for (i = 0; i < a.count; i++) {
		struct sl_entry e;
		enum sl_archive_status vst;

		sl_archive_get(&a, i, &e);
		require(e.name_len > 0 && strlen(e.name) == e.name_len);
		require(strlen(e.path) == e.path_len);
		require(e.code >= data && e.code_len + e.src_len <= (size_t)(data + a.size - e.code));
		require((e.src == NULL) == (e.src_len == 0));
		require(!(a.flags & SL_ARCHIVE_NO_SOURCE) || !e.src);
		require(sl_archive_kind_name(e.kind)[0] != '?');
		vst = sl_archive_entry_verify(&e);
		require(vst == SL_ARCHIVE_OK || vst == SL_ARCHIVE_BAD_CRC);
		vst = sl_archive_source_verify(&e);
		require(vst == SL_ARCHIVE_OK || vst == SL_ARCHIVE_BAD_CRC);
		require(sl_archive_strerror(vst)[0] != '\0');
		/* names are unique and sorted, so each finds itself; a proper
		 * prefix (if any) is another entry or none */
		require(sl_archive_find(&a, e.name, e.name_len) == (long)i);
		require(sl_archive_find(&a, e.name, e.name_len - 1) != (long)i);
	}
}

/* Every section and symbol of an ELF image lies inside it. */
static void use_elf(const unsigned char *data, size_t size)
{
	const unsigned char *end = data + size;
	struct sl_elf e;
	struct sl_elf_section s;
	struct sl_elf_symbols t;
	size_t i, n;

	if (sl_elf_open(&e, data, size) != SL_ELF_OK)
		return;
	for (i = 0; i <= e.shnum; i++) {
		sl_elf_section(&e, i, &s);
		if (s.name)
			require((const unsigned char *)s.name >= data &&
			        (const unsigned char *)s.name + strlen(s.name) < end);
		if (s.data)
			require(s.data >= data && s.size <= (size_t)(end - s.data));
	}
	n = sl_elf_symbols(&e, &t);
	require(!n || (t.syms >= data && n <= (size_t)(end - t.syms) / 24));
	for (i = 0; i < n; i++) {
		struct sl_elf_symbol sym;

		sl_elf_symbol(&t, i, &sym);
		if (sym.name)
			require((const unsigned char *)sym.name >= data &&
			        (const unsigned char *)sym.name + strlen(sym.name) < end);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off, len;
	enum sl_elf_status st;

	use_archive(data, size);
	use_elf(data, size);
	st = sl_elf_find_section(data, size, SL_ARCHIVE_SECTION, &off, &len);
	require(sl_elf_strerror(st)[0] != '\0');
	if (st == SL_ELF_OK) {
		require(off <= size && len <= size - off);
		use_archive(data + off, len);
	}
	return 0;
}
