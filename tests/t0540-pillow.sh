#!/bin/bash
# Pillow from Debian's pillow source package, built with `slither pip`: its
# extensions linked with the static archives of Debian's -dev packages
# (libjpeg, zlib, libtiff with what its .pc file names: webp, zstd, lzma,
# jbig, deflate, Lerc; freetype with png, brotli, bz2; openjpeg; webp; xcb
# with Xau and Xdmcp).  The app opens a PNG and a JPEG, transforms them,
# saves them in many formats and draws text; the output is compared with
# Debian's python3-pil on python3.11; importing Pillow touches no file and
# the binary runs in an empty chroot.  On 3.11, then on 3.13 (also_on).
. "$(dirname "$0")/lib.sh"
also_on 3.13

TC=$(toolchain)
APP=$TOP/tests/ext/real/pillow_app.py
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
PATCH=$TOP/tests/ext/real/pillow-9.4.0-py313.patch

debian_source pillow
unpack_source
# 9.4.0's setup.py cannot read its own version on 3.13: upstream's fix (see
# the patch's header), on every version alike
case $src in
*pillow_9.4.0.orig*)
	check "upstream's Python 3.13 fix of setup.py applies (as Pillow 10.4.0 has it)" \
		patch -s -d "$dir" -p1 -i "$PATCH" ;;
esac

# Build options, none of them slither's:
# - --disable-lcms: Debian's liblcms2-dev has no static archive (only
#   liblcms2.so), and Pillow would link it whenever it finds the .so; the
#   other features without one (raqm, libimagequant: no -dev installed)
#   Pillow leaves out by itself.
# - CFLAGS -I<multiarch include dir>: Pillow 9.4 takes pkg-config's
#   `--cflags-only-I libtiff-4` ("-I/usr/include/x86_64-linux-gnu
#   -I/usr/include") as one directory, does not find tiff.h, and quietly
#   builds without libtiff; Pillow reads -I directories from CFLAGS.
multiarch=$(gcc -print-multiarch 2>/dev/null)
if CFLAGS="${multiarch:+-I/usr/include/$multiarch}" "$SLITHER" pip --toolchain "$TC" install \
	--no-index --no-build-isolation --target "$TMP/site" \
	--global-option=build_ext --global-option=--disable-lcms "$dir" >"$TMP/pip.out" 2>&1; then
	ok "slither pip builds Pillow"
else
	not_ok "slither pip builds Pillow"
	sed 's/^/    /' "$TMP/pip.out"
	done_testing
fi
check "... its extensions as objects to link statically" grep -q \
	"C extensions built to link statically: PIL._imaging, PIL._imagingft, .*PIL._webp" \
	"$TMP/pip.out"

# Pillow imports its image plugins (WebPImagePlugin...) by computed names
# (Image.init's __import__(f"PIL.{plugin}", ...)): the build embeds them
# all, and says so
if "$SLITHER" build --toolchain "$TC" --path "$TMP/site" "$APP" \
	-o "$TMP/app" 2>"$TMP/build.err"; then
	ok "an app using Pillow builds, linked with every static library"
else
	not_ok "an app using Pillow builds, linked with every static library"
	sed 's/^/    /' "$TMP/build.err"
	done_testing
fi

check "... saying it embeds PIL whole for the plugins Image.init imports by name" grep -qE \
	"^slither: .*/PIL/Image.py:[0-9]+: imports a module by a computed name.*: embedding package 'PIL' whole" \
	"$TMP/build.err"

"$TMP/app" features >"$TMP/features.out" 2>&1
for f in "pil yes 9.4.0" "jpg yes" "libjpeg_turbo yes" "zlib yes" "libtiff yes" "freetype2 yes" \
	"webp yes" "webp_mux yes" "webp_anim yes" "jpg_2000 yes" "xcb yes" "littlecms2 no"; do
	check "PIL.features: $f" grep -Eq "^${f%% *} +${f#* }" "$TMP/features.out"
done
check "... the C extensions in use: PIL._imaging PIL._imagingft PIL._webp" \
	grep -qx "C extensions: PIL._imaging PIL._imagingft PIL._webp" "$TMP/features.out"

mkdir "$TMP/in" "$TMP/stock-in"
"$TMP/app" make "$TMP/in" >"$TMP/make.out" 2>&1 || sed 's/^/    /' "$TMP/make.out"
check "the binary writes the input PNG and JPEG" test -s "$TMP/in/input.png" -a -s "$TMP/in/input.jpg"
font=""
if [ -f "$FONT" ]; then
	font=$FONT
else
	not_ok "the TrueType text test needs $FONT (apt-get install fonts-dejavu-core)"
fi
"$TMP/app" run "$TMP/in" $font >"$TMP/static.out" 2>&1
check "it opens, transforms and saves them (PNG, JPEG, WebP, TIFF, JPEG 2000, GIF)" \
	grep -q "^save webp lossless .* -> WEBP RGB 80x60" "$TMP/static.out"
[ -n "$font" ] && check "... and draws TrueType text" \
	grep -q "^text truetype: (" "$TMP/static.out"

if "$STOCK_PYTHON" -c 'import PIL._imaging, PIL._webp, PIL._imagingft' 2>/dev/null; then
	"$STOCK_PYTHON" "$APP" make "$TMP/stock-in" >/dev/null 2>&1
	check "the PNG the binary writes is byte-identical to python3-pil's" \
		cmp "$TMP/in/input.png" "$TMP/stock-in/input.png"
	check "... and the JPEG" cmp "$TMP/in/input.jpg" "$TMP/stock-in/input.jpg"
	"$STOCK_PYTHON" "$APP" run "$TMP/in" $font >"$TMP/stock.out" 2>&1
	# the same Debian libraries (libjpeg-turbo, zlib, libwebp, libtiff,
	# openjpeg, freetype) on both sides: decoded pixels and encoded bytes
	# are expected to be identical
	if diff -u "$TMP/stock.out" "$TMP/static.out" >"$TMP/diff"; then
		ok "the same pixels and encoded files as Debian's python3-pil on python3.11"
	else
		not_ok "the output differs from Debian's python3-pil on python3.11"
		sed 's/^/    /' "$TMP/diff"
	fi
else
	not_ok "Debian's python3-pil is needed for the comparison (apt-get install python3-pil)"
fi

silent "importing Pillow and its C extensions makes no path-based file-system call" \
	"$TMP/app" features
# no font in the chroot: the TrueType text is left out there
"$TMP/app" run "$TMP/in" >"$TMP/nofont.out" 2>&1
mkdir -p "$TMP/root/in"
cp "$TMP/in/input.png" "$TMP/in/input.jpg" "$TMP/root/in/"
in_chroot "the binary runs alone in an empty chroot, with the same output" \
	"$TMP/nofont.out" "$TMP/app" run /in
done_testing
