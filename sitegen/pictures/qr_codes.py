"""The QR codes of the posters: the printable needs list (/print/) shows one per needed item.

    /print/qr/<slug>.png        a QR code leading to the item's page in that language

For notice boards in schools, churches and shops: a passer-by points a phone at
the code and lands on the item, with every way to help.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from sitegen import addresses, model
from sitegen.output import Output

QR_SCALE = 6  # pixels per module: about 2.5 cm printed at 150 dpi for an address of this length
# segno tries all 8 mask patterns and scores each, which is most of the cost of a code; any mask
# decodes the same. Pattern 2 (every third column) is the one segno picks most often for our addresses.
QR_MASK = 2
CODES_PER_JOB = 100  # codes a worker makes at a time (2 ms each)


def qr_addresses(site: model.Site) -> Iterator[tuple[str, str]]:
    """Yield where each QR code goes and the address it carries."""
    for lang in site.config.languages:
        for item in site.items:
            if item.status == "needed":
                yield (
                    addresses.qr_path(site.config, lang, item),
                    site.config.absolute_url(lang, addresses.path_of(item)),
                )


def qr_png(url: str) -> bytes:
    """Return a QR code of an address as PNG bytes (medium error correction, for printed paper)."""
    import segno  # here: a rebuild keeps its codes, and segno's writers cost it 20 ms of imports (urllib, ssl...)

    out = io.BytesIO()
    segno.make_qr(url, error="m", mask=QR_MASK).save(out, kind="png", scale=QR_SCALE, border=2)
    return out.getvalue()


def qr_pngs(codes: Sequence[tuple[str, str]]) -> list[Output]:
    """Return a run of QR codes (where each goes, the address it carries) as files: a worker's job."""
    return [Output(path, qr_png(url)) for path, url in codes]
