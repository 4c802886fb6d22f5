/* Finding a named section in a 64-bit little-endian ELF file, which is how
 * `slither inspect` finds the archive inside an executable.  The file is
 * untrusted input, so every offset is checked; the fuzzer covers this too. */
#ifndef SL_ELF_H
#define SL_ELF_H

#include <stddef.h>

enum sl_elf_status {
	SL_ELF_OK = 0,
	SL_ELF_NOT_ELF,		/* no ELF magic number */
	SL_ELF_UNSUPPORTED,	/* an ELF file, but not 64-bit little-endian */
	SL_ELF_CORRUPT,		/* a header, offset or size is impossible */
	SL_ELF_NO_SECTION,	/* no section of that name (or no section table) */
};

/* Whether the `size` bytes at `base` start with the ELF magic number. */
int sl_elf_is_elf(const void *base, size_t size);

/* Find the section called `name` in the ELF image of `size` bytes at `base`;
 * on SL_ELF_OK its bytes are [base+*off, base+*off+*len), inside the image. */
enum sl_elf_status sl_elf_find_section(const void *base, size_t size, const char *name,
                                       size_t *off, size_t *len);

/* A static English sentence for a status. */
const char *sl_elf_strerror(enum sl_elf_status st);

#endif
