#!/bin/bash
# The layering HACKING.md draws: each folder of src/ is a layer, and a file
# includes only from its own layer or those below it.  Build side, top to
# bottom: cli, link, ext, toolchain, archive, lib.  The runtime stands
# apart: it includes only itself and the archive format and reader.
. "$(dirname "$0")/lib.sh"

rank() {
	case $1 in
	cli) echo 6 ;; link) echo 5 ;; ext) echo 4 ;; toolchain) echo 3 ;;
	archive) echo 2 ;; lib) echo 1 ;; *) echo 0 ;;
	esac
}
bad=
for f in $(cd "$TOP" && git ls-files 'src/*.c' 'src/*.h' 'src/*.S'); do
	layer=${f#src/}
	layer=${layer%%/*}
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\/.*".*/\1/p' "$TOP/$f"); do
		if [ "$layer" = runtime ]; then
			case $inc in runtime | archive) ;; *) bad="$bad $f->$inc" ;; esac
		elif [ "$inc" = runtime ] || [ "$(rank "$inc")" -gt "$(rank "$layer")" ]; then
			bad="$bad $f->$inc"
		fi
	done
done
check "no file includes from a layer above it${bad:+ (found:$bad)}" test -z "$bad"
# and the runtime's archive use is the reader only: it never exits
rt=$(cd "$TOP" && grep -ln '"archive/archive_write.h"\|"archive/manifest.h"\|"archive/elf.h"' src/runtime/*.c src/runtime/*/*.c 2>/dev/null)
check "the runtime uses only the archive format and reader${rt:+ (found: $rt)}" test -z "$rt"
done_testing
