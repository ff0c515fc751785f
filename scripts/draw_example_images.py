"""Draw the illustrations of the example site into content/images/.

Simple flat drawings of each needed item on a soft background, 1200x900,
made with Pillow only so the example site carries no third-party pictures.
The output is deterministic: running the script twice gives identical files.

One picture, tente-deux-places.jpg, is stored rotated a quarter turn with an
EXIF Orientation tag (6) and a fake GPS position, so that the generator's
image handling (apply orientation, strip location) is exercised by the
example site itself. Another, the testimony photo mariam-le-cartable-rouge.jpg,
is stored upright (no Orientation tag) but carries what a phone would add: a
fake GPS position, a camera make and model, and an XMP packet, all of which
must be stripped. marmite.webp is a WebP source.

logo.png is the fictional association's logo (site.yaml's brand.logo): a needle whose
thread becomes a wave, in a ring, in the site's teal on a transparent ground, 512x512.

Usage: .venv/bin/python scripts/draw_example_images.py [OUTPUT_DIR]
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

W, H = 1200, 900  # final size
S = 2  # drawn at twice the size, then scaled down: cheap anti-aliasing
OUT = Path(__file__).resolve().parent.parent / "content" / "images"

Point = tuple[float, float]


class Canvas:
    """An RGBA drawing surface addressed in final (1200x900) coordinates."""

    def __init__(self, background: str) -> None:
        self.img = Image.new("RGBA", (W * S, H * S), background)
        self.draw = ImageDraw.Draw(self.img)

    @staticmethod
    def _pts(points: Iterable[Point]) -> list[tuple[float, float]]:
        return [(x * S, y * S) for x, y in points]

    @staticmethod
    def _box(box: Sequence[float]) -> list[float]:
        return [v * S for v in box]

    def rect(
        self, box: Sequence[float], fill: str | None, radius: float = 0, outline: str | None = None, width: float = 0
    ) -> None:
        self.draw.rounded_rectangle(self._box(box), radius * S, fill=fill, outline=outline, width=int(width * S))

    def ellipse(self, box: Sequence[float], fill: str | None, outline: str | None = None, width: float = 0) -> None:
        self.draw.ellipse(self._box(box), fill=fill, outline=outline, width=int(width * S))

    def circle(
        self, cx: float, cy: float, r: float, fill: str | None, outline: str | None = None, width: float = 0
    ) -> None:
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def poly(self, points: Iterable[Point], fill: str, outline: str | None = None, width: float = 0) -> None:
        self.draw.polygon(self._pts(points), fill=fill, outline=outline, width=int(width * S))

    def line(self, points: Iterable[Point], fill: str, width: float, joint: bool = True) -> None:
        self.draw.line(self._pts(points), fill=fill, width=int(width * S), joint="curve" if joint else None)

    def arc(self, box: Sequence[float], start: float, end: float, fill: str, width: float) -> None:
        self.draw.arc(self._box(box), start, end, fill=fill, width=int(width * S))

    def overlay(self, paint: Callable[[ImageDraw.ImageDraw], None]) -> None:
        """Paint translucent shapes (RGBA fills) on a separate layer, then blend it in."""
        layer = Image.new("RGBA", self.img.size, (0, 0, 0, 0))
        paint(ImageDraw.Draw(layer))
        self.img = Image.alpha_composite(self.img, layer)
        self.draw = ImageDraw.Draw(self.img)

    def shadow(self, cx: float, cy: float, rx: float, ry: float) -> None:
        box = [(cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S]
        self.overlay(lambda d: d.ellipse(box, fill=(60, 50, 40, 40)))

    def result(self) -> Image.Image:
        return self.img.convert("RGB").resize((W, H), Image.Resampling.LANCZOS)


def half_ellipse(cx: float, base: float, rx: float, ry: float, steps: int = 60) -> list[Point]:
    """Upper half of an ellipse standing on y=base, left to right."""
    angles = (math.pi * i / steps for i in range(steps + 1))
    return [(cx - rx * math.cos(a), base - ry * math.sin(a)) for a in angles]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 40) -> list[Point]:
    """Points along a cubic Bezier curve."""
    pts = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        pts.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return pts


def axis(a: Point, b: Point) -> tuple[Point, Point]:
    """Unit direction from a to b, and the unit normal to it."""
    length = math.dist(a, b)
    d = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)
    return d, (-d[1], d[0])


def along(p: Point, d: Point, n: Point, s: float, t: float) -> Point:
    """The point s along direction d and t along normal n from p."""
    return (p[0] + s * d[0] + t * n[0], p[1] + s * d[1] + t * n[1])


def wave(x: float, y0: float, y1: float, amp: float = 12, periods: float = 1.5) -> list[Point]:
    """A vertical wavy line (steam) from y0 up to y1."""
    n = 30
    return [(x + amp * math.sin(2 * math.pi * periods * i / n), y0 + (y1 - y0) * i / n) for i in range(n + 1)]


def cloud(c: Canvas, x: float, y: float, k: float = 1.0) -> None:
    for dx, dy, r in ((0, 0, 40), (45, -20, 50), (95, 0, 42), (50, 15, 40)):
        c.circle(x + dx * k, y + dy * k, r * k, "#ffffff")


# --- one function per picture -------------------------------------------------


def tent() -> Image.Image:
    c = Canvas("#dcecf4")
    c.circle(1000, 170, 70, "#fbe7a1")
    cloud(c, 170, 160)
    cloud(c, 620, 110, 0.8)
    c.rect((0, 620, W, H), "#b5d59b")
    c.shadow(600, 640, 400, 30)
    dome = half_ellipse(600, 640, 330, 310)
    c.poly(dome, "#3f7d4e")
    # poles, seen as two arcs crossing on top
    c.line(half_ellipse(600, 640, 230, 310, 40), "#5f9d6d", 8)
    c.line(half_ellipse(600, 640, 120, 310, 40), "#5f9d6d", 6)
    # door: a darker arch, half unzipped
    c.poly(half_ellipse(600, 640, 110, 220, 40), "#2b5a37")
    c.poly([(600, 420), (600, 640), (690, 640)], "#4c8c5b")
    c.line([(600, 420), (600, 640)], "#d9c36a", 4)
    # guy lines and pegs
    for x0, y0, x1 in ((300, 470, 150), (900, 470, 1050)):
        c.line([(x0, y0), (x1, 690)], "#6b6b6b", 3)
        c.rect((x1 - 6, 680, x1 + 6, 705), "#8a8a8a", 3)
    for x in range(60, W, 90):  # tufts of grass
        c.line([(x, 760), (x - 10, 735)], "#8fbf72", 5)
        c.line([(x + 8, 760), (x + 14, 730)], "#8fbf72", 5)
    return c.result()


def tarp() -> Image.Image:
    c = Canvas("#e4eaf1")
    c.rect((0, 650, W, H), "#c9dcb6")
    for x in (170, 1030):  # trees
        c.rect((x - 25, 300, x + 25, 700), "#7b5a3c", 10)
        for dx, dy, r in ((-70, 230, 110), (70, 230, 110), (0, 150, 120), (0, 280, 100)):
            c.circle(x + dx, dy, r, "#5e9e5a")
    c.line([(170, 340), (1030, 340)], "#8c7a5b", 5)  # rope
    c.shadow(600, 660, 420, 28)
    c.poly([(200, 340), (1000, 340), (1070, 610), (130, 610)], "#2f74c0")
    c.poly([(200, 340), (1000, 340), (1030, 450), (170, 450)], "#3b84d1")
    for x in (130, 1070):  # corner ropes to pegs
        c.line([(x, 610), (x + (-40 if x < 600 else 40), 680)], "#8c7a5b", 4)
    for x in (330, 470, 600, 730, 870):  # eyelets along the edge
        c.circle(x + (x - 600) * 0.06, 604, 7, "#d8d8d8")
    drops = [
        (260, 90),
        (420, 170),
        (560, 60),
        (700, 190),
        (850, 100),
        (980, 210),
        (330, 250),
        (640, 280),
        (780, 40),
        (120, 40),
        (1120, 120),
        (500, 250),
    ]
    for x, y in drops:
        c.ellipse((x - 7, y - 14, x + 7, y + 14), "#7fb2e5")
    for x, y in ((380, 470), (560, 520), (760, 490), (900, 560)):  # drops running off the tarp
        c.ellipse((x - 6, y - 12, x + 6, y + 12), "#a8d0f5")
    return c.result()


def head_torch() -> Image.Image:
    c = Canvas("#1c2a4d")
    stars = [
        (90, 80),
        (240, 160),
        (410, 60),
        (980, 90),
        (1120, 200),
        (760, 70),
        (150, 760),
        (330, 820),
        (1080, 800),
        (560, 130),
        (880, 830),
        (60, 420),
    ]
    for x, y in stars:
        c.circle(x, y, 4, "#f4f1d0")
    c.circle(1060, 120, 45, "#f2efe0")
    c.circle(1080, 105, 40, "#1c2a4d")  # crescent moon
    c.overlay(lambda d: d.polygon([(640 * S, 450 * S), (W * S, 190 * S), (W * S, 740 * S)], fill=(255, 222, 110, 150)))
    c.overlay(lambda d: d.polygon([(640 * S, 450 * S), (W * S, 300 * S), (W * S, 610 * S)], fill=(255, 244, 196, 170)))
    c.ellipse((200, 330, 640, 590), None, "#e07b2a", 42)  # elastic band
    c.ellipse((240, 370, 600, 550), None, "#c2611a", 6)
    c.rect((520, 370, 690, 530), "#f08a2f", 30)
    c.rect((540, 390, 600, 510), "#c2611a", 14)
    c.circle(650, 450, 52, "#fff3b0", "#c2611a", 8)
    c.circle(650, 450, 26, "#fffbe6")
    return c.result()


def power_bank() -> Image.Image:
    c = Canvas("#e1f1ea")
    c.shadow(350, 680, 200, 24)
    c.shadow(860, 740, 170, 22)
    c.line(bezier((350, 660), (350, 830), (860, 860), (860, 730)), "#333a44", 14)
    c.rect((190, 260, 510, 670), "#6b7280", 46)
    c.rect((215, 285, 485, 645), "#7d8593", 36)
    for i in range(4):  # charge level lights, three lit
        c.circle(290 + i * 40, 590, 11, "#7ee08a" if i < 3 else "#525966")
    c.rect((325, 648, 375, 668), "#2d333b", 6)  # port
    c.rect((710, 150, 1010, 730), "#2b2d42", 40)
    c.rect((732, 200, 988, 680), "#9fd6d8", 14)
    c.rect((820, 330, 900, 520), None, 10, outline="#2b2d42", width=10)  # battery icon
    c.rect((843, 310, 877, 332), "#2b2d42", 4)
    c.rect((834, 420, 886, 506), "#4caf6a", 4)
    c.poly([(872, 350), (838, 440), (862, 440), (848, 500), (888, 405), (864, 405)], "#ffd54a")
    c.rect((830, 172, 890, 182), "#4a4d63", 5)  # speaker slot
    return c.result()


def sleeping_bag() -> Image.Image:
    c = Canvas("#ebe7f3")
    c.shadow(600, 660, 470, 40)
    c.rect((150, 390, 1050, 650), "#23395d", 125)
    for x in range(300, 900, 110):  # quilting
        c.line([(x, 400), (x, 640)], "#304b78", 10)
    c.poly([(560, 390), (930, 390), (1030, 470), (620, 520)], "#6d8cc0")  # opened flap lining
    c.poly([(560, 390), (620, 520), (1030, 470), (1050, 520), (600, 560)], "#1a2c49")
    for i in range(12):  # zip, dashed
        x = 600 + i * 36
        c.line([(x, 556 - i * 7), (x + 20, 552 - i * 7)], "#c8ccd6", 6, joint=False)
    c.rect((860, 300, 1090, 450), "#f5f1e8", 60)  # pillow
    c.line([(900, 375), (1050, 370)], "#e2dccd", 6)
    c.circle(1040, 600, 30, "#30507f")  # drawstring toggle
    c.line([(1040, 600), (1075, 640)], "#c8ccd6", 5)
    return c.result()


def fleece_blanket() -> Image.Image:
    c = Canvas("#f6ebe2")
    c.rect((0, 760, W, H), "#e6d3c2")
    c.shadow(600, 790, 330, 24)
    wood, dark = "#a87447", "#8a5b35"
    c.rect((380, 150, 420, 780), wood, 12)  # back posts
    c.rect((780, 150, 820, 780), wood, 12)
    c.rect((380, 170, 820, 220), wood, 16)
    c.rect((380, 300, 820, 330), dark, 10)
    c.rect((350, 540, 850, 590), dark, 12)  # seat
    c.rect((365, 590, 400, 790), wood, 10)
    c.rect((800, 590, 835, 790), wood, 10)
    red, deep, light = "#d2393b", "#a9282b", "#e35b5c"
    c.rect((410, 470, 790, 545), red, 26)  # folded stack
    c.rect((420, 405, 780, 475), light, 26)
    c.line([(440, 472), (760, 472)], deep, 6)
    c.poly([(700, 530), (800, 530), (805, 700), (770, 720), (730, 690)], red)  # fold hanging over the seat
    c.line([(740, 540), (760, 700)], deep, 5)
    for x in range(455, 770, 45):  # fleece texture
        c.circle(x, 440, 5, "#f08a8a")
        c.circle(x + 20, 510, 5, "#e86b6d")
    return c.result()


def foam_mat() -> Image.Image:
    c = Canvas("#eef1e5")
    c.shadow(560, 650, 470, 40)
    c.poly([(110, 660), (780, 660), (860, 520), (230, 520)], "#f2c230")
    for row in range(4):  # egg-crate texture
        y = 545 + row * 32
        x0 = 245 - row * 30
        for col in range(13):
            x = x0 + col * 46
            c.ellipse((x - 12, y - 7, x + 12, y + 7), "#d9a61c")
    c.poly([(110, 660), (780, 660), (780, 680), (110, 680)], "#c99718")  # thickness
    c.circle(880, 530, 140, "#e0ae22")  # the roll
    for r, col in ((115, "#f2c230"), (88, "#d9a61c"), (62, "#f2c230"), (36, "#d9a61c"), (12, "#f2c230")):
        c.circle(880 - (140 - r) * 0.15, 530, r, col)
    c.rect((780, 400, 820, 660), "#f5cf52", 8)  # strap
    return c.result()


def sock(c: Canvas, x: float, top: float, body: str, stripe: str, heel: str) -> None:
    leg = [(x, top), (x + 150, top), (x + 150, top + 330)]
    foot = [
        (x + 150, top + 330),
        (x + 300, top + 340),
        (x + 330, top + 400),
        (x + 290, top + 450),
        (x + 60, top + 450),
        (x, top + 380),
    ]
    c.poly(leg + foot[1:] + [(x, top)], body)
    for i in range(4):  # stripes
        y = top + 60 + i * 65
        c.rect((x, y, x + 150, y + 26), stripe)
    c.rect((x - 6, top - 10, x + 156, top + 30), stripe, 10)  # cuff
    c.ellipse((x - 20, top + 330, x + 90, top + 452), heel)  # heel
    c.ellipse((x + 250, top + 342, x + 335, top + 450), heel)  # toe
    c.rect((x + 20, top - 50, x + 44, top + 30), "#b78a57", 5)  # pegs
    c.rect((x + 106, top - 50, x + 130, top + 30), "#b78a57", 5)


def socks() -> Image.Image:
    c = Canvas("#e2eff7")
    cloud(c, 1000, 760, 1.0)
    cloud(c, 80, 790, 0.8)
    c.line(bezier((0, 190), (400, 230), (800, 230), (W, 190)), "#6d6d6d", 5)
    sock(c, 230, 215, "#8a8f98", "#c9ccd2", "#6e737c")
    sock(c, 650, 215, "#7c8696", "#d3d6dc", "#5f6877")
    return c.result()


def boot(c: Canvas, x: float, base: float, k: float, leather: str, dark: str) -> None:
    def p(dx: float, dy: float) -> Point:
        return (x + dx * k, base + dy * k)

    outline = [(0, -380), (170, -380), (190, -170), (400, -120), (440, -40), (440, 0), (-10, 0), (-20, -200)]
    c.poly([p(dx, dy) for dx, dy in outline], leather)
    c.rect((*p(-20, -10), *p(450, 30)), dark, 14 * k)  # sole
    for i in range(6):
        c.rect((*p(10 + i * 72, 22), *p(50 + i * 72, 40)), dark, 4)  # tread
    c.rect((*p(-12, -400), *p(182, -360)), dark, 18 * k)  # padded collar
    c.poly([p(330, -130), p(440, -40), p(440, -10), p(300, -20)], dark)  # toe cap
    for i in range(5):  # laces
        y = -330 + i * 48
        c.line([p(120, y), p(200, y + 30)], "#d33a2c", 8 * k)
        c.line([p(120, y + 30), p(200, y)], "#d33a2c", 8 * k)
        c.circle(*p(120, y), 6 * k, "#e4d6b8")
    c.line([p(150, -360), p(110, -430), p(60, -440)], "#d33a2c", 8 * k)  # loose lace end


def boots() -> Image.Image:
    c = Canvas("#f3e9d7")
    c.rect((0, 730, W, H), "#e3d3b7")
    c.shadow(620, 760, 470, 30)
    boot(c, 590, 720, 0.95, "#6b4126", "#3b2a20")
    boot(c, 160, 740, 1.0, "#7d4d2c", "#3b2a20")
    return c.result()


def rain_jacket() -> Image.Image:
    c = Canvas("#e6ecf0")
    c.arc((560, 60, 640, 140), 180, 30, "#7a7f87", 10)  # hanger hook
    c.line([(600, 140), (600, 170)], "#7a7f87", 10)
    yellow, shade = "#f4c20d", "#d9a800"
    c.ellipse((480, 130, 720, 330), shade)  # hood, seen behind the collar
    c.poly(
        [
            (430, 230),
            (770, 230),
            (900, 330),
            (940, 700),
            (860, 710),
            (830, 400),
            (820, 780),
            (380, 780),
            (370, 400),
            (340, 710),
            (260, 700),
            (300, 330),
        ],
        yellow,
    )
    c.line([(600, 170), (330, 300)], "#7a7f87", 10)  # hanger bar over the shoulders
    c.line([(600, 170), (870, 300)], "#7a7f87", 10)
    c.poly([(520, 230), (680, 230), (600, 330)], "#b98f00")  # collar opening
    c.line([(600, 330), (600, 780)], "#8c6d00", 8)  # zip
    c.rect((430, 560, 540, 580), shade, 8)  # pocket flaps
    c.rect((660, 560, 770, 580), shade, 8)
    c.line([(370, 400), (380, 780)], shade, 6)
    c.line([(830, 400), (820, 780)], shade, 6)
    c.rect((250, 690, 345, 720), shade, 12)  # cuffs
    c.rect((855, 690, 950, 720), shade, 12)
    for x in (560, 640):  # hood drawstrings
        c.line([(x, 300), (x + (x - 600) * 0.3, 420)], "#f7f3e8", 5)
    return c.result()


def toothbrush() -> Image.Image:
    c = Canvas("#e3f0f8")
    c.rect((0, 770, W, H), "#cfe3ef")
    c.shadow(600, 780, 200, 20)
    # toothbrush leaning left, drawn before the glass so it shows through
    a, b = (610, 740), (395, 105)
    d, n = axis(a, b)
    c.line([a, b], "#3fae6a", 30)
    head = [along(b, d, n, -95, 0), b]
    c.line(head, "#3fae6a", 38)
    bristles = [(-90, -19), (-5, -19), (-5, -62), (-90, -62)]
    c.poly([along(b, d, n, s, w) for s, w in bristles], "#ffffff")
    for s in range(-82, 0, 14):  # tufts
        c.line([along(b, d, n, s, -22), along(b, d, n, s, -60)], "#cfe3ef", 3)
    # toothpaste tube leaning right, cap up
    a, b = (630, 745), (815, 190)
    d, n = axis(a, b)
    c.poly([along(a, d, n, 0, -38), along(a, d, n, 0, 38), along(b, d, n, 0, 48), along(b, d, n, 0, -48)], "#f7f7f7")
    shoulder = [(-80, -46), (-80, 46), (0, 48), (0, -48)]
    c.poly([along(b, d, n, s, w) for s, w in shoulder], "#e04b4b")
    c.line([b, along(b, d, n, 60, 0)], "#e04b4b", 52)
    c.line([along(a, d, n, 170, 0), along(b, d, n, -120, 0)], "#4a90d9", 20)
    c.overlay(
        lambda d: d.polygon(
            [(470 * S, 430 * S), (730 * S, 430 * S), (700 * S, 780 * S), (500 * S, 780 * S)], fill=(170, 215, 240, 130)
        )
    )
    c.line([(470, 430), (500, 780), (700, 780), (730, 430)], "#8cbfdc", 7)
    c.ellipse((470, 415, 730, 445), None, "#8cbfdc", 6)
    c.line([(510, 480), (530, 740)], "#ffffff", 8)  # glint
    return c.result()


def cube(c: Canvas, x: float, y: float, s: float) -> None:
    """An isometric sugar cube whose bottom corner is at (x, y)."""
    h = s * 0.55
    c.poly([(x, y), (x - s, y - h), (x - s, y - h - s), (x, y - s)], "#e4e4e0")
    c.poly([(x, y), (x + s, y - h), (x + s, y - h - s), (x, y - s)], "#cfcfca")
    c.poly([(x, y - s), (x - s, y - h - s), (x, y - 2 * h - s), (x + s, y - h - s)], "#ffffff")


def sugar() -> Image.Image:
    c = Canvas("#f7f0e1")
    c.rect((0, 640, W, H), "#b47e4e")
    for y in (700, 770, 840):
        c.line([(0, y), (W, y)], "#9c6a3f", 5)
    c.shadow(500, 660, 210, 24)
    c.poly([(320, 650), (680, 650), (660, 230), (340, 230)], "#fbfbf7")
    zig = [(340 + i * 40, 230 - (20 if i % 2 else 0)) for i in range(9)]  # crimped top
    c.poly([*zig, (660, 230), (340, 230)], "#eeeeea")
    c.rect((335, 380, 665, 520), "#5b8fd6")
    for dx, dy in ((0, 0), (70, -10), (35, -60)):  # three cubes drawn on the label
        cube(c, 470 + dx, 490 + dy, 30)
    cube(c, 820, 700, 55)
    cube(c, 950, 690, 50)
    cube(c, 885, 620, 50)
    cube(c, 760, 780, 45)
    return c.result()


def tea_glass(c: Canvas, x: float, base: float) -> None:
    c.poly([(x - 60, base - 200), (x + 60, base - 200), (x + 45, base), (x - 45, base)], "#e8f2f5")
    c.poly([(x - 55, base - 160), (x + 55, base - 160), (x + 45, base - 5), (x - 45, base - 5)], "#c0621f")
    c.line([(x - 35, base - 150), (x - 28, base - 20)], "#e69a5c", 6)
    for dx in (-25, 20):
        c.line(wave(x + dx, base - 220, base - 340, 10, 1.2), "#ffffff", 8)


def teapot() -> Image.Image:
    c = Canvas("#f5e5d8")
    c.ellipse((120, 640, 1080, 820), "#c9cdd3")  # tray
    c.ellipse((150, 650, 1050, 800), "#dde0e4")
    steel, dark = "#b6bdc6", "#8b939e"
    c.arc((200, 280, 420, 560), 90, 270, dark, 28)  # handle
    c.poly([(520, 500), (570, 470), (690, 300), (720, 310), (640, 560)], steel)  # spout
    c.ellipse((240, 330, 600, 720), steel)  # body
    c.ellipse((280, 380, 400, 560), "#d6dbe1")  # reflection
    c.ellipse((300, 300, 540, 380), dark)  # lid
    c.ellipse((320, 250, 520, 350), steel)
    c.circle(420, 245, 26, dark)
    tea_glass(c, 800, 730)
    tea_glass(c, 960, 720)
    return c.result()


def stove() -> Image.Image:
    c = Canvas("#edf0f3")
    c.rect((0, 760, W, H), "#d7dde3")
    c.shadow(600, 780, 230, 24)
    # gas cartridge
    c.rect((440, 520, 760, 770), "#2d6cdf", 60)
    c.rect((440, 600, 760, 640), "#2459b8")
    c.rect((560, 460, 640, 530), "#9aa3ad", 10)  # burner body
    # flame
    petals = (
        (-70, 90, "#3a8dde"),
        (70, 90, "#3a8dde"),
        (-35, 120, "#5aa7ec"),
        (35, 120, "#5aa7ec"),
        (0, 140, "#8fd0ff"),
    )
    for dx, h, col in petals:
        x = 600 + dx
        c.poly([(x - 22, 460), (x, 460 - h), (x + 22, 460)], col)
    c.line([(430, 400), (560, 460)], "#6f7781", 12)  # pot supports
    c.line([(770, 400), (640, 460)], "#6f7781", 12)
    # pan
    c.rect((380, 240, 820, 400), "#4a4f57", 24)
    c.rect((370, 230, 830, 262), "#5d636c", 14)
    c.rect((820, 252, 1080, 282), "#2e3238", 14)  # handle
    c.line([(420, 300), (780, 300)], "#5a6069", 6)
    for x in (520, 620, 720):
        c.line(wave(x, 220, 110, 10, 1.2), "#ffffff", 8)
    return c.result()


def school_bag() -> Image.Image:
    c = Canvas("#fbf2d7")
    c.shadow(600, 790, 270, 26)
    c.arc((480, 130, 720, 330), 180, 360, "#8e1f24", 26)  # handle
    c.rect((400, 180, 490, 540), "#2f5fa8", 8)  # notebook sticking out, behind
    c.rect((410, 195, 480, 215), "#f3f3f3")
    c.rect((620, 190, 800, 300), "#3fae6a", 34)  # pencil case
    c.line([(640, 215), (780, 215)], "#2b8a52", 6)
    c.circle(700, 215, 9, "#d8d8d8")
    c.rect((680, 150, 700, 205), "#f4b41a", 4)  # a pencil
    c.poly([(680, 150), (700, 150), (690, 128)], "#f1d3a8")
    c.rect((360, 250, 840, 780), "#d23a33", 70)  # body
    c.rect((360, 250, 840, 300), "#b72e28", 30)  # open zip rim
    c.rect((430, 470, 770, 720), "#b72e28", 50)  # front pocket
    c.line([(470, 520), (730, 520)], "#f0c9a0", 6)
    c.rect((585, 505, 615, 560), "#e7e7e7", 6)  # zip pull
    for x in (330, 840):  # side straps
        c.rect((x, 320, x + 30, 720), "#8e1f24", 12)
    c.rect((520, 340, 680, 370), "#f5d04a", 12)  # reflective band
    return c.result()


def glove(c: Canvas, x: float, base: float, body: str, cuff: str, rib: str, thumb_left: bool) -> None:
    """A knitted glove standing on its cuff, fingers up; (x, base) is the middle of the cuff's bottom."""
    for dx, top in ((-66, 290), (-22, 330), (22, 318), (66, 278)):  # fingers, tips rounded
        c.rect((x + dx - 21, base - 300 - top + 230, x + dx + 21, base - 230), body, 21)
    c.rect((x - 90, base - 300, x + 90, base - 110), body, 40)  # palm
    side = -1 if thumb_left else 1
    root, tip = (x + side * 70, base - 150), (x + side * 140, base - 260)
    c.line([root, tip], body, 46)
    c.circle(*tip, 23, body)
    c.circle(*root, 23, body)
    c.rect((x - 86, base - 130, x + 86, base), cuff, 16)  # ribbed cuff
    for dx in range(-66, 80, 22):
        c.line([(x + dx, base - 120), (x + dx, base - 10)], rib, 5)


def hat_and_gloves() -> Image.Image:
    c = Canvas("#e6edf5")
    c.rect((0, 720, W, H), "#cfdbe7")
    c.shadow(600, 735, 480, 28)
    teal, rib, stripe = "#2a8c8c", "#1f6f70", "#f2c14e"
    cx, base, rx, ry = 390, 620, 230, 300
    c.poly(half_ellipse(cx, base, rx, ry), teal)  # crown of the hat

    def half_width(y: float) -> float:
        return rx * math.sqrt(1 - ((base - y) / ry) ** 2)

    top, bottom = 475, 510
    band = [(top, -1), (top, 1), (bottom, 1), (bottom, -1)]
    c.poly([(cx + side * half_width(y), y) for y, side in band], stripe)
    for y in (390, 560):  # knit stitches: small chevrons, inside the crown
        reach = half_width(y) - 40
        for x in range(int(cx - reach), int(cx + reach) - 23, 40):
            c.line([(x, y), (x + 12, y + 14), (x + 24, y)], rib, 5)
    c.rect((150, 600, 630, 720), teal, 22)  # turned-up ribbed brim
    for x in range(175, 620, 26):
        c.line([(x, 612), (x, 708)], rib, 7)
    c.circle(390, 290, 72, "#f7f3e8")  # pompom
    for dx, dy in ((-30, -20), (25, -35), (0, 20), (35, 25), (-35, 30)):
        c.circle(390 + dx, 290 + dy, 14, "#e9e2d0")
    glove(c, 820, 730, "#d9643a", "#b84f2b", "#9c4222", thumb_left=True)
    glove(c, 1010, 740, "#e0764c", "#b84f2b", "#9c4222", thumb_left=False)
    return c.result()


def nappies() -> Image.Image:
    c = Canvas("#eaf3f2")
    c.rect((0, 740, W, H), "#d5e6e3")
    c.shadow(560, 752, 470, 28)
    # the sealed pack
    c.rect((180, 170, 640, 750), "#f6f9fc", 40)
    c.rect((180, 170, 640, 230), "#cfe2f3", 30)  # sealed top
    c.line([(210, 200), (610, 200)], "#b3cde6", 5)
    c.rect((180, 560, 640, 650), "#7cb6e2")  # colour band
    c.circle(300, 605, 28, "#ffffff")
    for i in range(3):
        c.circle(380 + i * 50, 605, 12, "#ffffff")
    c.poly([(290, 310), (530, 310), (500, 420), (440, 470), (380, 470), (320, 420)], "#ffffff", "#9cc4e4", 6)
    c.rect((280, 300, 540, 330), "#9cc4e4", 10)  # waistband of the drawn nappy
    c.circle(410, 390, 18, "#f5c55b")  # a little star-like sun on it
    # a pack of wipes lying flat, with its lid
    c.rect((700, 630, 1080, 745), "#a8d5a2", 34)
    c.rect((800, 655, 980, 715), "#8bc285", 22)
    c.line([(830, 685), (950, 685)], "#f2f7f1", 6)
    # a single nappy resting on it, seen from the front
    c.poly([(740, 432), (1040, 432), (1000, 562), (930, 632), (850, 632), (780, 562)], "#ffffff")
    c.rect((730, 417, 1050, 452), "#d8ecf9", 14)  # soft waistband
    c.rect((715, 452, 765, 497), "#7cb6e2", 10)  # side tabs
    c.rect((1015, 452, 1065, 497), "#7cb6e2", 10)
    for x in range(800, 990, 26):  # quilted lines
        c.line([(x, 472), (x + 4, 552)], "#e3eef7", 4)
    return c.result()


def cooking_pot() -> Image.Image:
    c = Canvas("#f4e7d7")
    c.rect((0, 700, W, H), "#c48a57")
    for y in (760, 830):
        c.line([(0, y), (W, y)], "#ad7647", 5)
    c.shadow(560, 715, 360, 30)
    steel, shade, light = "#a9b1bb", "#858e99", "#cfd5dc"
    for x0, x1 in ((190, 280), (840, 930)):  # side handles
        c.rect((x0, 360, x1, 400), shade, 18)
    c.rect((240, 330, 880, 700), steel, 50)  # body
    c.rect((300, 380, 360, 650), light, 26)  # reflection
    c.rect((225, 320, 895, 360), shade, 18)  # rim
    c.ellipse((250, 240, 870, 350), light)  # lid
    c.ellipse((280, 255, 840, 335), steel)
    c.rect((510, 215, 610, 255), "#3b3f45", 18)  # knob
    for x, y0 in ((380, 220), (560, 195), (740, 220)):  # steam
        c.line(wave(x, y0, y0 - 160, 14, 1.2), "#ffffff", 9)
    c.line([(960, 690), (1070, 330)], "#6f5138", 18)  # wooden ladle
    c.ellipse((900, 640, 1020, 720), "#6f5138")
    return c.result()


def period_products() -> Image.Image:
    c = Canvas("#f3ecf4")
    c.rect((0, 720, W, H), "#e3d6e6")
    c.shadow(560, 735, 450, 28)
    # the box, closed, seen from the front with its top face
    c.poly([(200, 270), (580, 270), (650, 210), (270, 210)], "#c9b5e0")
    c.poly([(580, 270), (650, 210), (650, 660), (580, 720)], "#8f74b8")
    c.rect((200, 270, 580, 720), "#a88cd0")
    c.rect((200, 420, 580, 560), "#f7f3fb")  # label band
    for i, r in enumerate((26, 20, 14)):  # three dots: the absorbency, as on many boxes
        c.circle(275 + i * 58, 490, r, "#8f74b8")
    c.rect((445, 476, 525, 504), "#e58fb0", 14)
    c.line([(330, 210), (590, 210)], "#b29bd3", 5)  # opening flap line
    # the pouch: a soft fabric kit bag with a zip
    c.rect((700, 470, 1060, 725), "#e58fb0", 60)
    c.rect((700, 470, 1060, 520), "#d07398", 30)
    c.line([(730, 495), (1030, 495)], "#f7e0ea", 6)
    c.rect((1000, 480, 1030, 560), "#d8d8d8", 8)  # zip pull
    c.circle(1015, 548, 10, "#b5b5b5")
    for x in range(760, 1010, 50):  # stitching
        c.line([(x, 700), (x + 24, 700)], "#f7e0ea", 4, joint=False)
    return c.result()


def soap() -> Image.Image:
    c = Canvas("#eef3f8")
    c.rect((0, 720, W, H), "#d9e3ec")
    c.shadow(600, 735, 380, 28)
    c.ellipse((240, 600, 960, 740), "#b78452")  # wooden soap dish
    c.ellipse((270, 590, 930, 700), "#cf9c68")
    for x in range(330, 900, 80):
        c.line([(x, 610), (x + 20, 690)], "#b78452", 8)
    c.rect((360, 430, 840, 650), "#8e6bb8", 70)  # soap bar, side
    c.rect((370, 410, 830, 600), "#b69ad8", 70)  # top face
    c.rect((470, 470, 730, 540), "#a588cc", 30)  # pressed mark
    for x, y, r in ((300, 380, 40), (360, 290, 26), (860, 360, 34), (930, 270, 22), (800, 250, 16), (250, 270, 18)):
        c.circle(x, y, r, None, "#9cc8ea", 5)  # bubbles
        c.circle(x - r * 0.35, y - r * 0.35, max(r * 0.18, 3), "#ffffff")
    c.line(bezier((940, 700), (980, 560), (1010, 480), (1060, 380)), "#6f8f55", 7)  # a sprig of lavender
    for i in range(8):
        t = i / 7
        x, y = 1000 + 60 * t, 520 - 150 * t
        c.ellipse((x - 14, y - 22, x + 14, y + 22), "#8e6bb8" if i % 2 else "#a585cf")
    return c.result()


def log_end(c: Canvas, cx: float, cy: float, r: float) -> None:
    """The cut end of a log: bark, wood, and its growth rings."""
    c.circle(cx, cy, r, "#6b4426")
    c.circle(cx, cy, r * 0.82, "#d9a86c")
    for k in (0.6, 0.38, 0.16):
        c.circle(cx, cy, r * k, None, "#b98550", 3)


def firewood() -> Image.Image:
    c = Canvas("#eef1ea")
    c.rect((0, 700, W, H), "#8f9a7a")
    c.shadow(600, 710, 360, 26)
    rows = ((650, 7, 0), (555, 6, 48), (460, 5, 96), (365, 4, 144))  # a stack seen end on
    for cy, count, shift in rows:
        for n in range(count):
            log_end(c, 300 + shift + n * 96, cy, 48)
    return c.result()


def pallets() -> Image.Image:
    c = Canvas("#f1ede4")
    c.rect((0, 720, W, H), "#a39a8a")
    c.shadow(600, 728, 380, 24)
    for level, top in enumerate((600, 480, 360)):  # three pallets stacked
        x0, x1 = 250 + level * 10, 950 - level * 10
        for n in range(7):  # the top boards
            x = x0 + n * (x1 - x0 - 60) / 6
            c.rect((x, top, x + 60, top + 22), "#d4ad74", 3, "#a57d48", 2)
        for x in (x0, (x0 + x1) / 2 - 40, x1 - 80):  # the blocks between the boards
            c.rect((x, top + 22, x + 80, top + 86), "#c39a60", 3, "#a57d48", 2)
        c.rect((x0, top + 86, x1, top + 108), "#d4ad74", 3, "#a57d48", 2)
    return c.result()


def sorting_boxes() -> Image.Image:
    c = Canvas("#edf0f4")
    c.rect((0, 760, W, H), "#9aa3ad")
    for shelf in (300, 520, 740):  # shelves of a warehouse
        c.rect((180, shelf, 1020, shelf + 18), "#7a828c", 2)
    for x0, x1 in ((180, 200), (1000, 1020)):
        c.rect((x0, 120, x1, 760), "#7a828c", 2)
    boxes = (
        (230, 300, 160, 110),
        (420, 300, 200, 150),
        (660, 300, 150, 100),
        (250, 520, 220, 160),
        (500, 520, 150, 120),
        (700, 520, 250, 170),
        (300, 740, 180, 130),
        (560, 740, 230, 150),
    )
    for x, base, w, h in boxes:
        c.rect((x, base - h, x + w, base), "#c89a63", 4, "#9c7442", 3)
        c.rect((x + w * 0.4, base - h, x + w * 0.6, base - h * 0.75), "#e9d3a8", 2)  # tape
    return c.result()


def dates() -> Image.Image:
    c = Canvas("#f6efe3")
    c.rect((0, 690, W, H), "#c9b08a")
    c.shadow(600, 700, 330, 28)
    c.poly([(300, 520), (900, 520), (820, 690), (380, 690)], "#3f7d6e")  # a bowl
    c.rect((290, 500, 910, 530), "#2f6a5c", 12)
    for n, (x, y) in enumerate(
        (
            (400, 470),
            (480, 455),
            (560, 465),
            (640, 450),
            (720, 468),
            (800, 478),
            (440, 410),
            (520, 400),
            (600, 405),
            (680, 398),
            (760, 415),
            (560, 350),
            (650, 348),
        )
    ):
        shade = ("#6e3b1f", "#7d4524", "#5e3219")[n % 3]
        c.ellipse((x - 48, y - 26, x + 48, y + 26), shade)
        c.line([(x - 30, y - 8), (x + 26, y - 12)], "#9a5a32", 4)  # the sheen of the skin
    return c.result()


def tent_in_the_rain() -> Image.Image:
    """A tent, closed, in the dark, with the rain drawn as slanting lines (for a testimony)."""
    c = Canvas("#1d2740")
    c.rect((0, 640, W, H), "#243248")
    for cx, cy, k in ((140, 110, 1.2), (520, 70, 1.0), (930, 130, 1.3)):  # rain clouds
        for dx, dy, r in ((0, 0, 60), (70, -30, 75), (150, 0, 62), (75, 25, 60)):
            c.circle(cx + dx * k, cy + dy * k, r * k, "#2f3b57")
    c.shadow(600, 660, 380, 26)
    c.poly(half_ellipse(600, 650, 320, 290), "#2e5e3b")
    c.line(half_ellipse(600, 650, 220, 290, 40), "#3f7a4e", 7)
    c.poly(half_ellipse(600, 650, 100, 200, 40), "#234a2e")  # the door, zipped shut
    c.line([(600, 450), (600, 650)], "#b8a85a", 4)
    for x0, x1 in ((300, 160), (900, 1040)):
        c.line([(x0, 480), (x1, 690)], "#56606e", 3)
    puddles = ((180, 760, 130), (820, 800, 160), (470, 850, 110))
    for x, y, rx in puddles:
        c.ellipse((x - rx, y - 14, x + rx, y + 14), "#34486a")
    rain = [((i * 73) % 1240 - 20, (i * 151) % 900, 40 + (i * 37) % 30) for i in range(130)]
    for x, y, length in rain:  # slanting lines, a fixed pattern
        c.line([(x, y), (x - length * 0.35, y + length)], "#8fa6c9", 3, joint=False)
    for x, y in ((460, 390), (600, 360), (740, 390), (380, 470), (820, 470)):  # drops bouncing off the tent
        c.arc((x - 22, y - 14, x + 22, y + 14), 200, 340, "#c3d3ea", 4)
    return c.result()


def school_bag_on_chair() -> Image.Image:
    """A red school bag sitting on a wooden chair against a plain wall (for a testimony)."""
    c = Canvas("#f4ecdf")
    c.rect((0, 700, W, H), "#cdb596")
    c.line([(0, 700), (W, 700)], "#b89c7a", 6)
    c.shadow(600, 800, 300, 24)
    wood, dark = "#9a6a3f", "#7d5431"
    c.rect((390, 120, 430, 800), wood, 12)  # back posts
    c.rect((770, 120, 810, 800), wood, 12)
    c.rect((390, 140, 810, 190), wood, 16)
    c.rect((390, 260, 810, 290), dark, 10)
    c.rect((360, 540, 840, 590), dark, 12)  # seat
    c.rect((375, 590, 410, 810), wood, 10)
    c.rect((790, 590, 825, 810), wood, 10)
    red, deep, strap = "#d23a33", "#b72e28", "#8e1f24"
    c.arc((520, 170, 680, 300), 180, 360, strap, 20)  # handle
    c.rect((450, 230, 750, 560), red, 50)  # the bag, standing on the seat
    c.rect((450, 230, 750, 275), deep, 26)
    c.rect((500, 390, 700, 540), deep, 36)  # front pocket
    c.line([(525, 425), (675, 425)], "#f0c9a0", 5)
    c.rect((588, 412, 612, 455), "#e7e7e7", 5)  # zip pull
    c.rect((530, 310, 670, 334), "#f5d04a", 10)  # reflective band
    c.line(bezier((460, 300), (400, 420), (420, 600), (470, 700)), strap, 18)  # a strap hanging down
    return c.result()


# --- the association's logo ------------------------------------------------------

LOGO = 512  # square, on a transparent ground
TEAL = "#0b5e55"  # the site's accent
CLEAR = (0, 0, 0, 0)


def logo() -> Image.Image:
    """Le Fil de Grisvent's mark: a needle, its thread running into a wave of the sea, in a ring."""
    k = 4  # drawn four times larger, then scaled down

    def pts(points: Iterable[Point]) -> list[tuple[float, float]]:
        return [(x * k, y * k) for x, y in points]

    img = Image.new("RGBA", (LOGO * k, LOGO * k), CLEAR)
    d = ImageDraw.Draw(img)
    d.ellipse(pts([(18, 18), (494, 494)]), outline=TEAL, width=30 * k)
    tip, head = (128, 396), (372, 132)
    u, n = axis(tip, head)
    needle = [tip, *(along(head, u, n, s, t) for s, t in ((0, 22), (16, 14), (22, 0), (16, -14), (0, -22)))]
    d.polygon(pts(needle), fill=TEAL)
    eye = [along(head, u, n, s, t) for s, t in ((-50, 0), (-40, 8), (-12, 8), (-4, 0), (-12, -8), (-40, -8))]
    d.polygon(pts(eye), fill=CLEAR)  # a hole: the ground shows through
    thread = bezier(along(head, u, n, -26, 0), (480, 150), (470, 300), (392, 340))  # out of the eye, around
    thread += [(x, 340 + 34 * math.sin((392 - x) / 150 * math.pi)) for x in range(392, 55, -4)]  # the wave
    d.line(pts(thread), fill=TEAL, width=22 * k, joint="curve")
    return img.resize((LOGO, LOGO), Image.Resampling.LANCZOS)


# --- saving ---------------------------------------------------------------------


def save_plain(img: Image.Image, path: Path) -> None:
    if path.suffix == ".png":
        img.save(path, optimize=True)
    elif path.suffix == ".webp":
        img.save(path, quality=85, method=6)
    else:
        img.save(path, quality=85, optimize=True, progressive=False)


def save_rotated_with_exif(img: Image.Image, path: Path) -> None:
    """Store the picture a quarter turn counter-clockwise, tagged Orientation=6.

    A viewer that honours EXIF turns it back upright; the GPS position is fake
    (the open sea off the fictional town) and must never reach the built site.
    """
    stored = img.transpose(Image.Transpose.ROTATE_90)
    exif = stored.getexif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    exif[0x0131] = "draw_example_images.py"  # Software
    exif[0x010F] = "Example Camera Co."  # Make
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps.update(
        {
            0: b"\x02\x03\x00\x00",  # GPSVersionID
            1: "N",
            2: (50.0, 59.0, 30.0),  # latitude
            3: "E",
            4: (1.0, 41.0, 15.0),  # longitude
        }
    )
    stored.save(path, quality=85, optimize=True, exif=exif.tobytes())
    check = Image.open(path)
    assert check.getexif().get_ifd(0x8825), "GPS tag missing"
    assert ImageOps.exif_transpose(check).size == (W, H), "orientation does not bring it upright"


# A fake XMP packet like a phone or photo app writes: camera, software, date and
# position (the open sea off the fictional town). None of it may reach the site.
PHONE_XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    tiff:Make="Example Phone Co."
    tiff:Model="Example Phone 7"
    xmp:CreatorTool="draw_example_images.py"
    xmp:CreateDate="2022-09-05T08:14:00"
    exif:GPSLatitude="50,58.5N"
    exif:GPSLongitude="1,38.75E"/>
 </rdf:RDF>
</x:xmpmeta>"""


def save_with_phone_metadata(img: Image.Image, path: Path) -> None:
    """Store the picture upright, with the EXIF and XMP metadata a phone would add.

    No Orientation tag: only the stripping of metadata is exercised here. The GPS
    position is fake (the open sea off the fictional town) and must never reach
    the built site, nor the camera make and model, nor the XMP packet.
    """
    exif = Image.Exif()
    exif[0x010F] = "Example Phone Co."  # Make
    exif[0x0110] = "Example Phone 7"  # Model
    exif[0x0131] = "draw_example_images.py"  # Software
    exif[0x0132] = "2022:09:05 08:14:00"  # DateTime
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps.update(
        {
            0: b"\x02\x03\x00\x00",  # GPSVersionID
            1: "N",
            2: (50.0, 58.0, 30.0),  # latitude
            3: "E",
            4: (1.0, 38.0, 45.0),  # longitude
        }
    )
    img.save(path, quality=85, optimize=True, progressive=False, exif=exif.tobytes(), xmp=PHONE_XMP)
    check = Image.open(path)
    saved = check.getexif()
    assert saved.get_ifd(0x8825), "GPS tag missing"
    assert saved.get(0x010F) and saved.get(0x0110), "camera make or model missing"
    assert 0x0112 not in saved, "this picture must carry no Orientation tag"
    assert check.info.get("xmp") == PHONE_XMP, "XMP packet missing"
    assert check.size == (W, H)


PICTURES: dict[str, Callable[[], Image.Image]] = {
    "tente-deux-places.jpg": tent,
    "bache-renforcee.jpg": tarp,
    "lampe-frontale.jpg": head_torch,
    "batterie-externe.png": power_bank,
    "sac-de-couchage.jpg": sleeping_bag,
    "couverture-polaire.jpg": fleece_blanket,
    "tapis-de-sol.jpg": foam_mat,
    "chaussettes-chaudes.jpg": socks,
    "chaussures-de-marche.jpg": boots,
    "veste-impermeable.jpg": rain_jacket,
    "brosse-a-dents.png": toothbrush,
    "sucre.jpg": sugar,
    "the-noir.jpg": teapot,
    "rechaud-a-gaz.jpg": stove,
    "cartable.jpg": school_bag,
    "bonnet-et-gants.jpg": hat_and_gloves,
    "couches-bebe.jpg": nappies,
    "marmite.webp": cooking_pot,
    "protections-periodiques.jpg": period_products,
    "savon.jpg": soap,
    "bois-de-chauffage.jpg": firewood,
    "palettes.jpg": pallets,
    "benevoles-tri.jpg": sorting_boxes,
    "dattes.jpg": dates,
    # photos of testimonies: objects only, never a face or a recognisable place
    "hamid-la-pluie-au-dessus.jpg": tent_in_the_rain,
    "mariam-le-cartable-rouge.jpg": school_bag_on_chair,
    "logo.png": logo,  # site.yaml's brand.logo
}
ROTATED_WITH_EXIF = "tente-deux-places.jpg"
WITH_PHONE_METADATA = "mariam-le-cartable-rouge.jpg"


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, paint in PICTURES.items():
        img = paint()
        if name == ROTATED_WITH_EXIF:
            save_rotated_with_exif(img, out / name)
        elif name == WITH_PHONE_METADATA:
            save_with_phone_metadata(img, out / name)
        else:
            save_plain(img, out / name)
        print(out / name)


if __name__ == "__main__":
    main(sys.argv)
