/* Finding a section by name in a 64-bit little-endian ELF image (see elf.h),
 * decoding bytes rather than casting, since the image may sit anywhere. */
#include "archive/elf.h"

#include <stdint.h>
#include <string.h>

/* Offsets of the fields we use in the ELF header and a section header
 * (System V ABI, ELF-64). */
enum {
	EI_CLASS = 4,
	EI_DATA = 5,
	ELFCLASS64 = 2,
	ELFDATA2LSB = 1,
	EHDR_SIZE = 64,
	E_SHOFF = 0x28,
	E_SHENTSIZE = 0x3a,
	E_SHNUM = 0x3c,
	E_SHSTRNDX = 0x3e,
	SHDR_SIZE = 64,
	SH_NAME = 0,
	SH_TYPE = 4,
	SH_OFFSET = 24,
	SH_SIZE = 32,
	SH_LINK = 40,
	SHT_NOBITS = 8,
	SHN_UNDEF = 0,
	SHN_XINDEX = 0xffff,
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

int sl_elf_is_elf(const void *base, size_t size)
{
	return size >= 4 && memcmp(base, "\177ELF", 4) == 0;
}

/* The file bytes of section header `sh`, checked to lie inside the image. */
static int section_bytes(const unsigned char *sh, size_t size, uint64_t *off, uint64_t *len)
{
	*off = le64(sh + SH_OFFSET);
	*len = le64(sh + SH_SIZE);
	if (le32(sh + SH_TYPE) == SHT_NOBITS)
		*len = 0;
	return *off <= size && *len <= size - *off;
}

enum sl_elf_status sl_elf_find_section(const void *base, size_t size, const char *name,
                                       size_t *off, size_t *len)
{
	const unsigned char *b = base;
	const unsigned char *sh0, *strtab;
	uint64_t shoff, shnum, shstrndx, stroff, strsize, i;
	size_t shentsize, namelen = strlen(name);

	if (!sl_elf_is_elf(b, size))
		return SL_ELF_NOT_ELF;
	if (size < EHDR_SIZE)
		return SL_ELF_CORRUPT;
	if (b[EI_CLASS] != ELFCLASS64 || b[EI_DATA] != ELFDATA2LSB)
		return SL_ELF_UNSUPPORTED;

	shoff = le64(b + E_SHOFF);
	shentsize = le16(b + E_SHENTSIZE);
	shnum = le16(b + E_SHNUM);
	shstrndx = le16(b + E_SHSTRNDX);
	if (shoff == 0)
		return SL_ELF_NO_SECTION;	/* the section table was stripped */
	if (shentsize < SHDR_SIZE || shoff > size || shentsize > size - shoff)
		return SL_ELF_CORRUPT;

	/* With 0xff00 sections or more, the real count and string table index
	 * live in section 0 (the ELF "extended numbering"). */
	sh0 = b + shoff;
	if (shnum == 0)
		shnum = le64(sh0 + SH_SIZE);
	if (shstrndx == SHN_XINDEX)
		shstrndx = le32(sh0 + SH_LINK);
	if (shnum > (size - shoff) / shentsize)
		return SL_ELF_CORRUPT;
	if (shstrndx == SHN_UNDEF)
		return SL_ELF_NO_SECTION;	/* sections without names */
	if (shstrndx >= shnum)
		return SL_ELF_CORRUPT;
	if (!section_bytes(sh0 + shstrndx * shentsize, size, &stroff, &strsize))
		return SL_ELF_CORRUPT;
	strtab = b + stroff;

	for (i = 0; i < shnum; i++) {
		const unsigned char *sh = sh0 + i * shentsize;
		uint32_t nm = le32(sh + SH_NAME);
		uint64_t soff, slen;

		/* compare the NUL too, so ".slither.x" does not match */
		if (nm >= strsize || namelen + 1 > strsize - nm ||
		    memcmp(strtab + nm, name, namelen + 1) != 0)
			continue;
		if (le32(sh + SH_TYPE) == SHT_NOBITS || !section_bytes(sh, size, &soff, &slen))
			return SL_ELF_CORRUPT;
		*off = (size_t)soff;
		*len = (size_t)slen;
		return SL_ELF_OK;
	}
	return SL_ELF_NO_SECTION;
}

const char *sl_elf_strerror(enum sl_elf_status st)
{
	switch (st) {
	case SL_ELF_OK:
		return "no error";
	case SL_ELF_NOT_ELF:
		return "not an ELF file";
	case SL_ELF_UNSUPPORTED:
		return "not a 64-bit little-endian ELF file";
	case SL_ELF_CORRUPT:
		return "corrupted or truncated ELF file";
	case SL_ELF_NO_SECTION:
		return "no such section";
	}
	return "unknown ELF error";
}
