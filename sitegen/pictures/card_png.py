"""Encode a share card as a PNG of palette indices, from pieces of its rows compressed apart.

    png([blank(120), deflated(text_rows), blank(208), band], palette)  =>  PNG bytes, 1200x630

A PNG's pixels are one zlib stream of its rows, each row a filter type (0: none) and
a palette index per pixel. Here that stream is made of raw deflate pieces that each
start anew and end on a byte (a sync flush), so that pieces compressed apart, in any
order, make one valid stream. The rows that are the same from card to card (plain
background, the band with the site's name) are thus compressed once per process and
reused: only the rows a card's text crosses are compressed for each card, and the
stream's checksum is combined from the pieces' own (as zlib's adler32_combine does).
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Sequence

from sitegen.pictures.card_layout import HEIGHT, WIDTH

ROW = 1 + WIDTH  # bytes per row: the row's filter type, then a palette index per pixel

Piece = tuple[bytes, int, int]  # rows as raw deflate ending on a byte, their Adler-32, and their length in bytes

SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER, FINAL_BLOCK = b"\x78\x01", b"\x03\x00"  # deflate with a 32 KiB window; an empty last block

LEVEL = 1  # unfiltered rows at level 1 are smaller than RGB at level 6, and take a tenth of the time


def png(pieces: Sequence[Piece], palette: bytes) -> bytes:
    """Return a PNG of the rows in `pieces`, in order, with the palette, and nothing else: no text, time or profile."""
    checksum = 1  # the Adler-32 of nothing
    for _, adler, length in pieces:
        checksum = _adler32_after(checksum, adler, length)
    stream = ZLIB_HEADER + b"".join(data for data, _, _ in pieces) + FINAL_BLOCK + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette indices, not interlaced
    chunks = ((b"IHDR", header), (b"PLTE", palette), (b"IDAT", stream), (b"IEND", b""))
    return SIGNATURE + b"".join(_chunk(kind, data) for kind, data in chunks)


def deflated(rows: bytes | memoryview) -> Piece:
    """Return rows compressed as a piece of the stream: on their own, ending on a byte."""
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # raw deflate: the pieces make one stream
    return deflate.compress(rows) + deflate.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(rows), len(rows)


@functools.cache
def blank(count: int) -> Piece:
    """Return `count` rows of plain background (palette index 0, as the filter type), compressed once per process."""
    return deflated(bytes(count * ROW))


def _adler32_after(first: int, second: int, length: int) -> int:
    """Return the Adler-32 of two byte strings end to end, from theirs and the second's length (zlib's combine)."""
    base, low = 65521, first & 0xFFFF
    total = (low + (second & 0xFFFF) - 1) % base
    return (((first >> 16) + (second >> 16) + length * (low - 1)) % base) << 16 | total


def _chunk(kind: bytes, data: bytes) -> bytes:
    """Return one PNG chunk: its length, type, data and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))
