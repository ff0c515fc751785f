"""What a font file can draw: the code points of its Unicode character map, read with struct.

Pillow gives no access to a font's character map, and a dependency only for this
would be heavy. The reader handles the two formats fonts use for Unicode (4 and
12), in OpenType and TrueType files and the first face of collections; it was
checked to agree with fontTools on every DejaVu and Noto file.
"""

from __future__ import annotations

import struct


def coverage(data: bytes) -> frozenset[int]:
    """Return the code points an OpenType font's Unicode cmap maps to a glyph (the first face of a collection)."""
    start = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    (count,) = struct.unpack_from(">H", data, start + 4)
    records = range(start + 12, start + 12 + 16 * count, 16)
    cmap = {data[at : at + 4]: struct.unpack_from(">I", data, at + 8)[0] for at in records}[b"cmap"]
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables = {}
    for at in range(cmap + 4, cmap + 4 + 8 * count, 8):
        platform, encoding, offset = struct.unpack_from(">HHI", data, at)
        subtables[platform, encoding] = cmap + offset
    # Full Unicode maps first (format 12), then the Basic Multilingual Plane ones (format 4).
    keys = [key for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)) if key in subtables]
    if not keys:
        raise ValueError("the font has no Unicode character map")
    at = subtables[keys[0]]
    return _format12(data, at) if _u16(data, at) == 12 else _format4(data, at)


def _format12(data: bytes, at: int) -> frozenset[int]:
    """Read a segmented coverage map: groups of consecutive code points and glyphs."""
    (groups,) = struct.unpack_from(">I", data, at + 12)
    points: set[int] = set()
    for group in range(at + 16, at + 16 + 12 * groups, 12):
        first, last, glyph = struct.unpack_from(">III", data, group)
        points.update(range(first + (glyph == 0), min(last, 0x10FFFF) + 1))  # glyph 0 is .notdef
    return frozenset(points)


def _format4(data: bytes, at: int) -> frozenset[int]:
    """Read a segment mapping to delta values: the Basic Multilingual Plane, code point by code point."""
    if _u16(data, at) != 4:
        raise ValueError(f"unsupported cmap format {_u16(data, at)}")
    segments = _u16(data, at + 6)  # twice the count
    ends, starts = at + 14, at + 16 + segments
    deltas, offsets = starts + segments, starts + 2 * segments
    points: set[int] = set()
    for i in range(0, segments, 2):
        first, last = _u16(data, starts + i), min(_u16(data, ends + i), 0xFFFE)
        delta, offset = _u16(data, deltas + i), _u16(data, offsets + i)
        for point in range(first, last + 1):
            if offset:  # the glyph is read from an array, then shifted by delta unless it is 0
                raw = _u16(data, offsets + i + offset + 2 * (point - first))
                glyph = (raw + delta) & 0xFFFF if raw else 0
            else:
                glyph = (point + delta) & 0xFFFF
            if glyph:  # glyph 0 is .notdef: no glyph
                points.add(point)
    return frozenset(points)


def _u16(data: bytes, at: int) -> int:
    """Read a big-endian unsigned 16-bit number."""
    return struct.unpack_from(">H", data, at)[0]
