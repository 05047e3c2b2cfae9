"""Write the site's icons into src/cablegate/web/icons/: ``icon.svg``, ``favicon.ico`` (16, 32
and 48 px) and ``apple-touch-icon.png`` (180 px), all drawn from one shape table.

The glyph is a cable: a sheet with its classification banner (the red bar) over lines of text,
on the site's ink colour. No image library: the shapes are rounded rectangles, rasterised here
with 4x4 samples a pixel and written as PNG (zlib) and ICO (PNG entries, read by every browser
since 2012). Run ``python scripts/make_icons.py`` after changing a shape; ``--check`` exits 1
when the committed files differ from what the table draws (tests/web/test_icons.py runs it).
"""

from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "cablegate" / "web" / "icons"
GRID = 32  # the shapes' coordinates are on a 32 x 32 grid
SAMPLES = 4  # samples a pixel, each way


@dataclass(frozen=True, slots=True)
class Shape:
    x: float
    y: float
    w: float
    h: float
    r: float  # corner radius
    fill: str  # #rrggbb


INK, PAPER, BANNER, TEXT = "#1b1d21", "#ffffff", "#c62828", "#8a8f9c"  # style.css's --ink
BACKGROUND = Shape(0, 0, 32, 32, 6, INK)
GLYPH = (
    Shape(7, 4, 18, 24, 1.5, PAPER),  # the sheet
    Shape(10, 7.5, 12, 3, 0.5, BANNER),  # the classification banner
    Shape(10, 13, 12, 2, 0.5, TEXT),  # lines of text
    Shape(10, 17, 12, 2, 0.5, TEXT),
    Shape(10, 21, 7, 2, 0.5, TEXT),
)


def svg() -> bytes:
    rects = "".join(
        f'<rect x="{s.x:g}" y="{s.y:g}" width="{s.w:g}" height="{s.h:g}" rx="{s.r:g}" '
        f'fill="{s.fill}"/>'
        for s in (BACKGROUND, *GLYPH)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f"<title>Cablegate archive</title>{rects}</svg>\n"
    ).encode()


def _inside(s: Shape, px: float, py: float) -> bool:
    if not (s.x <= px <= s.x + s.w and s.y <= py <= s.y + s.h):
        return False
    dx = max(s.x + s.r - px, 0.0, px - (s.x + s.w - s.r))
    dy = max(s.y + s.r - py, 0.0, py - (s.y + s.h - s.r))
    return dx * dx + dy * dy <= s.r * s.r


def _rgb(fill: str) -> tuple[int, int, int]:
    return int(fill[1:3], 16), int(fill[3:5], 16), int(fill[5:7], 16)


def raster(size: int, *, square: bool = False) -> bytes:
    """RGBA rows of the icon at ``size`` px; ``square``: an opaque background without rounded
    corners (iOS rounds a touch icon itself and shows transparency as black)."""
    background = Shape(0, 0, GRID, GRID, 0, INK) if square else BACKGROUND
    shapes = [(s, _rgb(s.fill)) for s in (background, *GLYPH)]
    step = GRID / size / SAMPLES
    out = bytearray()
    for row in range(size):
        for col in range(size):
            r = g = b = a = 0
            for sy in range(SAMPLES):
                py = (row * SAMPLES + sy + 0.5) * step
                for sx in range(SAMPLES):
                    px = (col * SAMPLES + sx + 0.5) * step
                    hit = None
                    for shape, colour in reversed(shapes):  # the topmost shape wins
                        if _inside(shape, px, py):
                            hit = colour
                            break
                    if hit is not None:
                        r, g, b, a = r + hit[0], g + hit[1], b + hit[2], a + 1
            n = SAMPLES * SAMPLES
            out += bytes((r // a, g // a, b // a, 255 * a // n) if a else (0, 0, 0, 0))
    return bytes(out)


def png(size: int, *, square: bool = False) -> bytes:
    pixels = raster(size, square=square)
    stride = size * 4
    rows = b"".join(b"\0" + pixels[i * stride : (i + 1) * stride] for i in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes: tuple[int, ...] = (16, 32, 48)) -> bytes:
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images, strict=True):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


def files() -> dict[str, bytes]:
    return {
        "icon.svg": svg(),
        "favicon.ico": ico(),
        "apple-touch-icon.png": png(180, square=True),
    }


def main(argv: list[str]) -> int:
    wanted = files()
    if "--check" in argv:
        stale = [n for n, data in wanted.items() if (OUT / n).read_bytes() != data]
        for name in stale:
            print(f"{OUT / name} differs from the shapes: run python scripts/make_icons.py")
        return 1 if stale else 0
    OUT.mkdir(exist_ok=True)
    for name, data in wanted.items():
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
