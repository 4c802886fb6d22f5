/* The files ./slither carries inside itself, with .incbin: the table
 * sl_embedded of lib/embed.h.  Which files is EMBEDDED in the Makefile,
 * which writes one "EMBED path" line per file into embedded.list (a
 * generated file, beside this one); paths are relative to the top of the
 * source tree, where make runs. */

	.macro EMBED path
	.section .rodata
	.balign 8
1:
	.incbin "\path"
2:
	.byte 0
3:
	.asciz "\path"
	.section .data.rel.ro
	.quad 3b, 1b, 2b
	.endm

	.section .data.rel.ro
	.balign 8
	.globl sl_embedded
sl_embedded:
	.include "src/lib/embedded.list"
	.section .data.rel.ro
	.quad 0, 0, 0

	.section .note.GNU-stack,"",@progbits
