"""Encode a share card as a PNG of palette indices, from pieces of its rows compressed apart.

    png([blank(120), deflated(text_rows), blank(208), band], palette)  =>  PNG bytes, 1200x630

A PNG's pixels are one zlib stream of its rows, each row a filter type (0: none) and
a palette index per pixel. Here that stream is made of raw deflate pieces that each
start anew and end on a byte (a sync flush), so that pieces compressed apart, in any
order, make one valid stream. The rows that are the same from card to card (plain
background, the band with the site's name) are thus compressed once per process and
reused: only the rows a card's text crosses are compressed for each card, and the
stream's checksum is combined from the pieces' own (as zlib's adler32_combine does).
Rows of background (index 0) with pictures pasted in need not be read for theirs:
it follows from sums each picture keeps of its bytes (adler32_of).
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Iterable, Sequence

from sitegen.pictures.card_layout import HEIGHT, WIDTH

ROW = 1 + WIDTH  # bytes per row: the row's filter type, then a palette index per pixel

Piece = tuple[bytes, int, int]  # rows as raw deflate ending on a byte, their Adler-32, and their length in bytes

Sums = tuple[int, int]  # a picture's bytes summed, modulo BASE: as they are, and each times its offset in a card's rows

SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER, FINAL_BLOCK = b"\x78\x01", b"\x03\x00"  # deflate with a 32 KiB window; an empty last block

LEVEL = 1  # unfiltered rows at level 1 are smaller than RGB at level 6, and take a tenth of the time

BASE = 65521  # Adler-32's modulus


def png(pieces: Sequence[Piece], palette: bytes) -> bytes:
    """Return a PNG of the rows in `pieces`, in order, with the palette, and nothing else: no text, time or profile."""
    stream = [ZLIB_HEADER, *(data for data, _, _ in pieces), FINAL_BLOCK, struct.pack(">I", _adler32_of_all(pieces))]
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette indices, not interlaced
    chunks: tuple[tuple[bytes, list[bytes]], ...] = ((b"IHDR", [header]), (b"PLTE", [palette]), (b"IDAT", stream),
                                                     (b"IEND", []))  # fmt: skip
    return b"".join([SIGNATURE, *(part for kind, data in chunks for part in _chunk(kind, data))])  # one copy


def deflated(rows: bytes | bytearray | memoryview, adler: int | None = None) -> Piece:
    """Return rows compressed as a piece of the stream: on their own, ending on a byte; `adler`: theirs, if known."""
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # raw deflate: the pieces make one stream
    data = deflate.compress(rows) + deflate.flush(zlib.Z_SYNC_FLUSH)
    return data, zlib.adler32(rows) if adler is None else adler, len(rows)


def sums(rows: bytes | bytearray, wider: bytes | bytearray, width: int) -> Sums:
    """Return the sums of a picture's bytes from two layouts of them: in rows of `width` bytes, and of one byte more.

    Their Adler-32s give the bytes' total, and the bytes times their offsets in each layout, which differ by their rows.
    """
    narrow, wide = zlib.adler32(rows), zlib.adler32(wider)
    total = (narrow & 0xFFFF) - 1
    offsets = [len(data) * (1 + total) - (adler >> 16) for data, adler in ((rows, narrow), (wider, wide))]
    by_row = offsets[1] - offsets[0]
    return total % BASE, (offsets[0] + (ROW - width) * by_row) % BASE  # in a card, its rows are ROW bytes apart


def adler32_of(length: int, pasted: Iterable[tuple[int, Sums]]) -> int:
    """Return the Adler-32 of `length` bytes of rows of background with pictures pasted at the given offsets.

    A byte d at offset i of n bytes adds d to its first half and (n - i) * d to its second:
    a picture at offset o adds its total to the first, and (n - o) * total - weighted to the second.
    """
    first, second = 1, length
    for offset, (total, weighted) in pasted:
        first += total
        second += (length - offset) * total - weighted
    return (second % BASE) << 16 | first % BASE


@functools.cache
def blank(count: int) -> Piece:
    """Return `count` rows of plain background (palette index 0, as the filter type), compressed once per process."""
    return deflated(bytes(count * ROW))


def _adler32_of_all(pieces: Sequence[Piece]) -> int:
    """Return the Adler-32 of the pieces' rows end to end, from theirs and their lengths (as zlib's combine does).

    A piece's bytes add their total to the first half, and to the second the piece's own
    second half, and their total again for each byte after the piece (adler32_of).
    """
    first, second, after = 1, 0, sum(length for _, _, length in pieces)
    for _, adler, length in pieces:
        after -= length
        total = (adler & 0xFFFF) - 1
        first, second = first + total, second + after * total + (adler >> 16)
    return (second % BASE) << 16 | first % BASE


def _chunk(kind: bytes, data: list[bytes]) -> list[bytes]:
    """Return one PNG chunk in parts, its data's not joined: its length, type, data and checksum."""
    checksum = zlib.crc32(kind)
    for part in data:
        checksum = zlib.crc32(part, checksum)
    return [struct.pack(">I", sum(map(len, data))), kind, *data, struct.pack(">I", checksum)]
