"""Pillow through its C extensions (tests/t0540-pillow.sh).

    pillow_app.py make DIR         write the inputs, DIR/input.png and DIR/input.jpg
    pillow_app.py run DIR [FONT]   open them, transform, save in many formats, draw text
    pillow_app.py features         what Pillow was built with

`run` prints sizes and SHA-256 prefixes of decoded pixels and of encoded
files; the test compares it with Debian's python3-pil on python3.11.  Text
is laid out with Pillow's BASIC engine: Debian's Pillow has raqm, which
would be its default."""
import hashlib
import io
import sys

from PIL import (Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps,
                 __version__, features)


def h(data):
    return hashlib.sha256(data).hexdigest()[:16]


def px(im):
    return f"{im.mode} {im.size[0]}x{im.size[1]} {h(im.tobytes())}"


def make(d):
    # a deterministic picture: gradients, shapes, some noise-like texture
    im = Image.new("RGB", (160, 120))
    im.putdata([((x * 255) // 159, (y * 255) // 119, ((x * y) ^ (x + 3 * y)) & 255)
                for y in range(120) for x in range(160)])
    draw = ImageDraw.Draw(im)
    draw.ellipse((20, 15, 90, 85), fill=(250, 200, 30), outline=(0, 0, 0), width=3)
    draw.rectangle((100, 60, 150, 110), fill=(20, 60, 200))
    draw.line((0, 119, 159, 0), fill=(255, 255, 255), width=2)
    draw.polygon([(120, 10), (150, 40), (110, 45)], fill=(200, 0, 80))
    im.save(f"{d}/input.png")
    im.save(f"{d}/input.jpg", quality=90)


def roundtrip(label, im, fmt, **opts):
    buf = io.BytesIO()
    im.save(buf, fmt, **opts)
    back = Image.open(io.BytesIO(buf.getvalue()))
    back.load()
    print(f"save {label:14} {len(buf.getvalue()):6} bytes {h(buf.getvalue())}"
          f" -> {back.format} {px(back)}")


def run(d, font_path):
    png = Image.open(f"{d}/input.png")
    print("open png:", png.format, px(png))
    jpg = Image.open(f"{d}/input.jpg")
    print("open jpeg:", jpg.format, jpg.info.get("jfif"), px(jpg))
    im = png.convert("RGB")
    steps = {
        "resize lanczos": im.resize((97, 73), Image.Resampling.LANCZOS),
        "resize bilinear": im.resize((320, 240), Image.Resampling.BILINEAR),
        "thumbnail": jpg.copy(),
        "rotate 30": im.rotate(30, resample=Image.Resampling.BICUBIC, expand=True),
        "transpose": im.transpose(Image.Transpose.ROTATE_90),
        "crop": im.crop((10, 20, 110, 90)),
        "grey": im.convert("L"),
        "palette": im.convert("P", palette=Image.Palette.ADAPTIVE, colors=16),
        "quantize": im.quantize(8),
        "cmyk": im.convert("CMYK"),
        "blur": im.filter(ImageFilter.GaussianBlur(2)),
        "sharpen": im.filter(ImageFilter.SHARPEN),
        "edges": im.filter(ImageFilter.FIND_EDGES),
        "median": im.filter(ImageFilter.MedianFilter(3)),
        "unsharp": im.filter(ImageFilter.UnsharpMask(2, 150, 3)),
        "autocontrast": ImageOps.autocontrast(im, cutoff=2),
        "equalize": ImageOps.equalize(im),
        "posterize": ImageOps.posterize(im, 3),
        "difference": ImageChops.difference(im, jpg.convert("RGB")),
        "blend": Image.blend(im, jpg.convert("RGB"), 0.3),
        "affine": im.transform((100, 100), Image.Transform.AFFINE,
                               (1.2, 0.3, -10, -0.2, 0.9, 15), Image.Resampling.BILINEAR),
    }
    steps["thumbnail"].thumbnail((50, 50))
    for name, out in steps.items():
        print(f"{name:15}", px(out))
    print("histogram:", h(repr(im.histogram()).encode()), "bbox:",
          ImageChops.difference(im, im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)).getbbox())
    print("extrema:", im.getextrema(), "stats:", im.convert("L").entropy())

    small = im.resize((80, 60), Image.Resampling.LANCZOS)
    roundtrip("png", small, "PNG")
    roundtrip("png optimized", small.convert("P", palette=Image.Palette.ADAPTIVE), "PNG",
              optimize=True)
    roundtrip("jpeg q85", small, "JPEG", quality=85)
    roundtrip("jpeg progress", small, "JPEG", quality=70, progressive=True, subsampling=0)
    if features.check("webp"):
        roundtrip("webp lossy", small, "WEBP", quality=80, method=4)
        roundtrip("webp lossless", small, "WEBP", lossless=True)
    if features.check("libtiff"):
        roundtrip("tiff deflate", small, "TIFF", compression="tiff_adobe_deflate")
        roundtrip("tiff lzw", small, "TIFF", compression="tiff_lzw")
    if features.check("jpg_2000"):
        roundtrip("jpeg2000", small, "JPEG2000", irreversible=False)
    roundtrip("gif", small.convert("P", palette=Image.Palette.ADAPTIVE), "GIF")
    roundtrip("bmp", small, "BMP")

    canvas = Image.new("RGB", (200, 40), "white")
    draw = ImageDraw.Draw(canvas)
    draw.text((5, 5), "default font 123", font=ImageFont.load_default(), fill="black")
    print("text default font:", px(canvas))
    if font_path:
        font = ImageFont.truetype(font_path, 22, layout_engine=ImageFont.Layout.BASIC)
        canvas = Image.new("RGB", (260, 40), "white")
        draw = ImageDraw.Draw(canvas)
        draw.text((5, 5), "Hello, Pillow! Ünïcödé", font=font, fill=(10, 20, 200))
        print("text truetype:", font.getbbox("Hello, Pillow!"), px(canvas))
    else:
        print("text truetype: no font given")


def report():
    print("Pillow", __version__)
    for name in sorted({**features.modules, **features.codecs, **features.features}):
        ok = features.check(name)
        version = features.version(name) if ok else None
        print(f"{name:14} {'yes' if ok else 'no'} {version or ''}".rstrip())
    print("C extensions:", " ".join(sorted(m for m in sys.modules
                                            if m.startswith("PIL._imaging") or m == "PIL._webp")))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        report()
