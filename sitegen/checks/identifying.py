"""Details in a testimony that could identify or locate a person, so that `check` can warn.

The people who tell us their story may still be in danger: a phone number, an e-mail
address, a map position, a street address, a full date of birth or a description of
where they sleep ('sous le pont Vauban', see places.py) must not be published by
accident. Matching is practical rather than complete: it favours the formats volunteers
paste (French, English, Arabic, Persian) and stays quiet on years, event dates, prices,
quantities and times. A warning costs a glance; a miss can cost much more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.checks.places import CAP, PARTICLE, PLACES, PRECISE_PLACE

PHONE = "phone number"
EMAIL = "e-mail address"
GPS = "GPS coordinates"
ADDRESS = "street address"
BIRTH_DATE = "date of birth"
PLACE = PRECISE_PLACE

# One character for one, so offsets in the normalised text are offsets in the original:
# Arabic-Indic and Persian digits => 0-9, Arabic decimal point => ".", Arabic commas => ",",
# Persian yeh and kaf => Arabic ones, as many keyboards type them; the patterns below use the Arabic ones.
_NORMAL = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬،یک", "01234567890123456789.,,يك")

_AT = r"(?:@|\s*[\[({<]\s*(?:at|@|arobase)\s*[\])}>]\s*)"  # a@b, a [at] b, a(at)b
_DOT = r"(?:\.|\s*[\[({<]\s*(?:dot|point)\s*[\])}>]\s*)"  # b.org, b [dot] org
_EMAIL = re.compile(rf"(?<![\w.+-])\w[\w.+-]*{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE)

_PHONE = re.compile(
    r"""
    (?<![\w+])(?<!\d[.,])  # not the tail of a word, a number or a decimal
    (?: (?:\+|00)[1-9]\d{0,2}(?:[ .\-\u00a0\u202f]?\(0\))?(?:[ .\-\u00a0\u202f]?\d{1,4}){2,7}  # +44 (0)7700 900123
      | 0[1-9](?:[ .\-\u00a0\u202f]?\d{1,4}){2,6}  # 06 12 34 56 78, 06.12.34.56.78, 07700 900123
      | \(?[2-9]\d\d\)?[ .\-]\d{3}[ .\-]\d{4}  # (555) 555-0199
    )
    (?![\d:])(?![.,]\d)(?!\s?[€$£%])  # not a time, a decimal or a price
    """,
    re.VERBOSE,
)
_PHONE_DIGITS = range(9, 16)  # 03.12.1990 has 8 digits; E.164 allows at most 15

_URL_TAIL = r"""[^\s)\]>"'<]*(?<![.,;:!?])"""  # up to a space or a closing bracket, not the full stop
_DMS = r"""\d{1,3}\s*°\s*\d{1,2}\s*['′’]\s*(?:\d{1,2}(?:[.,]\d+)?\s*(?:''|["″”])\s*)?"""  # 50°57'04.7"
_COORDINATES = re.compile(
    r"(?<![\w.])(?:"
    r"-?\d{1,2}\.\d+\s*°?\s*[NS]\b,?\s*-?\d{1,3}\.\d+\s*°?\s*[EWO]\b"  # 50.9513N 1.8587E
    r"|-?\d{1,2}\.\d{4,}(?:[,;]\s*|\s+)-?\d{1,3}\.\d{4,}"  # 50.9513, 1.8587 (4 decimals: not 1.500, 2.300)
    rf"|{_DMS}[NS]\s*,?\s*{_DMS}[EWO]\b"
    r"|(?i:lat(?:itude)?)\b\.?\s*[:=]?\s*-?\d{1,2}[.,]\d+[\s,;/]*"  # lat 50.95 lon 1.85
    r"(?i:lon(?:g(?:itude)?)?|lng)\b\.?\s*[:=]?\s*-?\d{1,3}[.,]\d+"
    rf"|geo:-?\d{{1,2}}(?:\.\d+)?,-?\d{{1,3}}(?:\.\d+)?{_URL_TAIL}"
    r")"
)
_TLD = r"[a-z]{2,3}(?:\.[a-z]{2})?"
_MAP_LINK = re.compile(
    rf"(?<![\w./-])(?:https?://)?(?:[\w-]+\.)*(?:maps\.google\.{_TLD}|google\.{_TLD}/maps|goo\.gl/maps|maps\.app\.goo\.gl"
    rf"|openstreetmap\.org|osm\.org|maps\.apple\.com|waze\.com)[/?#]{_URL_TAIL}"
    rf"|https?://[^\s)\]>\"'<]*?(?:[?&](?:q|ll|query|center)=|@|\#map=\d+/)-?\d{{1,2}}\.\d+(?:,|%2C|/)"
    rf"-?\d{{1,3}}\.\d+{_URL_TAIL}",
    re.IGNORECASE,
)

_HOUSE = r"(?<![\w.,/:-])(?!(?:19|20)\d\d\b)\d{1,4}(?:\s?(?:bis|ter|[A-Da-d])\b)?,?\s+"  # 12, 3 bis, 221B; not 2016
_TOWN = rf"{CAP}(?:[ \t]{CAP})?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"  # CT16 1AA
# "62100 Calais" or "Dover CT16 1AA" right after the street, maybe on the next line
_POSTAL = rf"(?:[ \t]*,?[ \t]*\n?[ \t]*(?:\d{{5}}[ \t]+{_TOWN}|(?:{_TOWN},?[ \t]+)?{_UK_POSTCODE}))?"
_FR_STREET = r"rue|avenue|boulevard|bd|chemin|impasse|allée|quai|square|passage|sentier|voie|rond-point"
_FR_COMMON = r"place|route|cours"  # also everyday words ("2 cours de français"): need a capitalised name
_EN_STREET = r"street|st|road|rd|lane|avenue|ave|drive|close|way|place|court|crescent|terrace|gardens|square|grove"
_STREET = re.compile(
    rf"{_HOUSE}(?:"
    rf"(?i:{_FR_STREET})\b(?:\s+(?:{PARTICLE}*{CAP}|{PARTICLE}+[\w'’-]+))*"  # 12 rue de la gare
    rf"|(?i:{_FR_COMMON})\b(?:\s+{PARTICLE}*{CAP})+"  # 5 place Saint-Pierre
    rf"|(?:{CAP}\s+){{1,3}}(?i:{_EN_STREET})\b"  # 4 Station Road
    rf"){_POSTAL}"
)
# "في الشارع" (in the street) takes the article; an address names the street: "شارع الحمرا"
_AR_FA_STREET = r"(?:(?<!ال)شارع|خيابان|كوچه)"
_AR_FA_NUMBER = r"(?:پلاك|رقم|بناء|بناية|مبنى|عمارة)"  # house or building number
_AR_FA_WORD = r"[^\s\d,.!?؟:;]+"
_AR_FA_PART = rf"{_AR_FA_STREET}(?:\s+{_AR_FA_WORD}){{0,3}}?"
_AR_FA_ADDRESS = re.compile(
    rf"(?:{_AR_FA_PART}(?:\s*\d{{1,4}})?\s*,\s*){{0,3}}(?:"  # خيابان آزادي، كوچه ۵، ...
    r"پلاك\s*\d{1,4}"  # پلاك ۱۲
    r"|كوچه\s*\d{1,4}(?!\s*(?:ساعت|روز|شب|هفته|ماه|سال|نفر))"  # كوچه ۵, not "در كوچه ۲ ساعت"
    rf"|{_AR_FA_PART}\s*(?:,\s*(?:{_AR_FA_NUMBER}\s*)?|{_AR_FA_NUMBER}\s*)\d{{1,4}}"  # شارع الحمرا رقم ١٢
    rf"|{_HOUSE}(?<!ال)شارع\s+{_AR_FA_WORD}"  # ١٢ شارع الجمهورية
    r")(?!\d)"
)

_MONTH = (
    r"(?:janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[ûu]t|sept(?:embre)?|oct(?:obre)?"
    r"|nov(?:embre)?|d[ée]c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:tember)?|october|november|december"
    r"|كانون\s+ال[أا]ول|كانون\s+الثاني|شباط|[آا]ذار|نيسان|[أا]يار|حزيران|تموز|[آا]ب|[أا]يلول|تشرين\s+ال[أا]ول"
    r"|تشرين\s+الثاني|يناير|فبراير|مارس|[أإا]بريل|مايو|يوني[وه]|يولي[وه]|[أا]غسطس|سبتمبر|[أا]كتوبر|نوفمبر|ديسمبر"
    r"|فروردين|ارديبهشت|خرداد|تير|مرداد|شهريور|مهر|آبان|آذر|دي|بهمن|اسفند"
    r"|ژانويه|فوريه|آوريل|مه|ژوئن|ژوئيه|اوت|سپتامبر|اكتبر|نوامبر|دسامبر)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:1[34]\d\d|19\d\d|20\d\d)"  # 1369 and 1410 are Persian and Hijri years
_FULL_DATE = re.compile(
    rf"(?<![\w.])(?:{_DAY}([/.-]){_DAY}\1{_YEAR}"  # 12/03/1990, 12.03.1990
    rf"|{_YEAR}([/.-])(?:0?[1-9]|1[0-2])\2{_DAY}"  # 1990-03-12, ۱۳۶۹/۰۵/۱۲
    rf"|{_DAY}(?:er|st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}"  # 12 mars 1990, 3rd March 1990
    rf"|{_MONTH}\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}"  # March 3, 1990
    r")(?!\d)",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"\bnée?s?\b|\bnaissance|\bborn\b|\bbirth|\bD\.?O\.?B\b\.?"
    r"|تاريخ\s+(?:ال)?ميلاد|مواليد|ولدت|تولد|متولد|زادروز",
    re.IGNORECASE,
)
_BIRTH_DISTANCE = 40  # characters between the birth word and the date, either side
_SENTENCE_END = re.compile(r"[.!?؟](?:\s|$)")  # "...le 12 mars 2017. Ma fille est née" is no birth date

_PATTERNS = (
    *((EMAIL, _EMAIL), (GPS, _MAP_LINK), (GPS, _COORDINATES), (ADDRESS, _STREET), (ADDRESS, _AR_FA_ADDRESS)),
    *((PLACE, pattern) for pattern in PLACES),
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something in a text that could identify or locate a person."""

    kind: str  # "phone number", "e-mail address", "GPS coordinates", "street address", "date of birth"...
    start: int  # offset in the text
    end: int  # offset just after the match: text[start:end] == excerpt
    excerpt: str  # the matched text, as found


def identifying_details(text: str) -> list[Finding]:
    """Return what in `text` could identify or locate a person, in order of appearance."""
    plain = normalised(text)
    spans = [*_pattern_spans(plain), *_phone_spans(plain), *_birth_date_spans(plain)]
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in _without_overlaps(spans)]


def normalised(text: str) -> str:
    """Return the text as the patterns read it: Eastern digits and Persian letters as 0-9 and Arabic ones, 1 for 1."""
    return text.translate(_NORMAL)


def _pattern_spans(plain: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) for every e-mail, map position, street address and precise place."""
    return [(m.start(), m.end(), kind) for kind, pattern in _PATTERNS for m in pattern.finditer(plain)]


def _phone_spans(plain: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) for every run of digits shaped and sized like a phone number."""
    return [(m.start(), m.end(), PHONE) for m in _PHONE.finditer(plain) if _phone_length(m.group()) in _PHONE_DIGITS]


def _phone_length(number: str) -> int:
    """Count the digits of a phone number without its international prefix: '0033 6 12' => 5."""
    digits = re.sub(r"\D", "", number)
    return len(digits) - 2 if number.startswith("00") else len(digits)


def _birth_date_spans(plain: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) for every full date said, in the same sentence, to be a birth date."""
    words = [m.span() for m in _BIRTH.finditer(plain)]
    return [
        (date.start(), date.end(), BIRTH_DATE)
        for date in _FULL_DATE.finditer(plain)
        if any(_same_sentence_nearby(plain, word, date.span()) for word in words)
    ]


def _same_sentence_nearby(plain: str, word: tuple[int, int], date: tuple[int, int]) -> bool:
    """Tell whether a birth word is close to a date with no sentence ending between them."""
    gap = (word[1], date[0]) if word[0] < date[0] else (date[1], word[0])
    return 0 <= gap[1] - gap[0] <= _BIRTH_DISTANCE and not _SENTENCE_END.search(plain, *gap)


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the earliest, then longest, of overlapping spans: a phone inside an e-mail is the e-mail."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, kind))
    return kept
