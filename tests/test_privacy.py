"""checks/identifying.py: phone numbers, e-mails, map positions, addresses and birth dates found in testimonies.

Every person, number and address here is invented. Phone numbers come from ranges kept
for fiction (+44 7700 900xxx, 01 99 00 xx xx and 06 39 98 xx xx in France, 555-01xx in
North America) or are runs of zeros; e-mails use example.org, example.com, example.net.
"""

from __future__ import annotations

import time

import pytest

from sitegen.checks.identifying import ADDRESS, BIRTH_DATE, EMAIL, GPS, PHONE, Finding, identifying_details


def found(text: str) -> list[tuple[str, str]]:
    """Return (kind, excerpt) for every finding in a text."""
    return [(finding.kind, finding.excerpt) for finding in identifying_details(text)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Mon numéro : +33 6 39 98 12 34, appelle le soir.", "+33 6 39 98 12 34"),
        ("Depuis l'étranger : 0033 6 39 98 12 34.", "0033 6 39 98 12 34"),
        ("Call me on +44 7700 900123 after work.", "+44 7700 900123"),
        ("Or on +44 (0)7700 900456.", "+44 (0)7700 900456"),
        ("My cousin in Idlib: +963 900 000 000.", "+963 900 000 000"),
        ("My brother in Tehran: +98 900 000 0000.", "+98 900 000 0000"),
        ("Tél. 06 39 98 12 34 le matin.", "06 39 98 12 34"),
        ("Tél. 06.39.98.12.34 le matin.", "06.39.98.12.34"),
        ("phone: 0639981234", "0639981234"),
        ("Le bureau : 01 99 00 12 34.", "01 99 00 12 34"),
        ("Ring 07700 900123 if the van is late.", "07700 900123"),
        ("Her number in Chicago is (555) 555-0142.", "(555) 555-0142"),
        ("رقمي ٠٦ ٣٩ ٩٨ ١٢ ٣٤ في فرنسا", "٠٦ ٣٩ ٩٨ ١٢ ٣٤"),
        ("اتصل بأخي على ٠٠٩٦٣ ٩٠٠ ٠٠٠ ٠٠٠", "٠٠٩٦٣ ٩٠٠ ٠٠٠ ٠٠٠"),
        ("شماره من ۰۹۰۰ ۰۰۰ ۰۰۰۰ است", "۰۹۰۰ ۰۰۰ ۰۰۰۰"),
        ("شماره خواهرم +۹۸ ۹۰۰ ۰۰۰ ۰۰۰۰ است", "+۹۸ ۹۰۰ ۰۰۰ ۰۰۰۰"),
    ],
)
def test_finds_phone_numbers_in_international_national_and_eastern_digits(text, excerpt):
    assert found(text) == [(PHONE, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Écris-moi à amina.k@example.org si tu veux.", "amina.k@example.org"),
        ("contact: yonas+camp@mail.example.com", "yonas+camp@mail.example.com"),
        ("[mon mail](mailto:tarek@example.net)", "tarek@example.net"),
        ("write to samir [at] example [dot] org", "samir [at] example [dot] org"),
        ("écris à hamid(at)example.org", "hamid(at)example.org"),
        ("بريدي leila (at) example (dot) com للتواصل", "leila (at) example (dot) com"),
    ],
)
def test_finds_email_addresses_plain_and_obfuscated(text, excerpt):
    assert found(text) == [(EMAIL, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("La tente était à 50.9513, 1.8587 près d'un canal.", "50.9513, 1.8587"),
        ("position: -33.8688, 151.2093", "-33.8688, 151.2093"),
        ("We were at 50.9513N 1.8587E for months.", "50.9513N 1.8587E"),
        ("le point : 50.9513° N, 1.8587° E", "50.9513° N, 1.8587° E"),
        ("lat 50.95 lon 1.85, derrière une usine", "lat 50.95 lon 1.85"),
        ("latitude : 50,9513, longitude : 1,8587", "latitude : 50,9513, longitude : 1,8587"),
        ("The camp: 50°57'04.7\"N 1°51'31.3\"E.", "50°57'04.7\"N 1°51'31.3\"E"),
        ("المخيم عند 50° 57′ 04.7″ N, 1° 51′ 31.3″ E", "50° 57′ 04.7″ N, 1° 51′ 31.3″ E"),
        ("Envoyé depuis geo:50.9513,1.8587;u=35 hier.", "geo:50.9513,1.8587;u=35"),
        ("Voir https://maps.google.com/?q=50.95,1.85.", "https://maps.google.com/?q=50.95,1.85"),
        ("here: https://www.google.com/maps/@50.95,1.85,15z", "https://www.google.com/maps/@50.95,1.85,15z"),
        ("le lien https://goo.gl/maps/AbCd1234 marche", "https://goo.gl/maps/AbCd1234"),
        (
            "[carte](https://www.openstreetmap.org/#map=17/50.95/1.85)",
            "https://www.openstreetmap.org/#map=17/50.95/1.85",
        ),
        ("الموقع https://example.net/map?q=50.95,1.85 هنا", "https://example.net/map?q=50.95,1.85"),
    ],
)
def test_finds_gps_coordinates_and_map_links(text, excerpt):
    assert found(text) == [(GPS, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("J'habitais au 12 rue des Lilas avec ma sœur.", "12 rue des Lilas"),
        ("Il dort au 3 bis, avenue Foch depuis l'hiver.", "3 bis, avenue Foch"),
        ("Nous logions 12, rue de l'Église.", "12, rue de l'Église"),
        ("chez lui, 7 rue de la gare à Grisvent", "7 rue de la gare"),
        ("le foyer du 5 boulevard Victor Hugo ferme tôt", "5 boulevard Victor Hugo"),
        ("au 14 quai des Goélands, 62999 Grisvent-sur-Mer.", "14 quai des Goélands, 62999 Grisvent-sur-Mer"),
        ("Adresse :\n8 impasse du Moulin\n62100 Calais\n", "8 impasse du Moulin\n62100 Calais"),
        ("La famille vit 5 place Saint-Pierre.", "5 place Saint-Pierre"),
        ("He rents a room at 12 Baker Street now.", "12 Baker Street"),
        ("Post it to 4 Station Road, Dover CT16 1AA please.", "4 Station Road, Dover CT16 1AA"),
        ("نسكن في شارع الحمرا رقم ١٢ منذ سنتين", "شارع الحمرا رقم ١٢"),
        ("بيتنا في ١٢ شارع الجمهورية", "١٢ شارع الجمهورية"),
        ("عمتي في شارع بغداد، بناء ٥", "شارع بغداد، بناء ٥"),
        ("خانه ما خیابان آزادی، کوچه ۵، پلاک ۱۲ است", "خیابان آزادی، کوچه ۵، پلاک ۱۲"),
        ("برادرم در پلاک ۳۴ زندگی می‌کند", "پلاک ۳۴"),
    ],
)
def test_finds_street_addresses_with_a_house_number(text, excerpt):
    assert found(text) == [(ADDRESS, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Je suis né le 12/03/1990 à Alep.", "12/03/1990"),
        ("née le 12.03.1990", "12.03.1990"),
        ("Date de naissance : 1er mars 1991", "1er mars 1991"),
        ("Ma fille est née le 3 janv. 2017 dans le camp.", "3 janv. 2017"),
        ("I was born on 3rd March 1990 in Asmara.", "3rd March 1990"),
        ("DOB: March 3, 1990", "March 3, 1990"),
        ("born: 1990-03-12", "1990-03-12"),
        ("12/03/1990 (date of birth)", "12/03/1990"),
        ("تاريخ الميلاد: ١٢ آذار ١٩٩٠", "١٢ آذار ١٩٩٠"),
        ("ولدت في ٥ أيلول ١٩٨٨ في حلب", "٥ أيلول ١٩٨٨"),
        ("من مواليد ٢٠ يناير ١٩٩٢", "٢٠ يناير ١٩٩٢"),
        ("متولد ۱۲ مهر ۱۳۶۹ در مشهد", "۱۲ مهر ۱۳۶۹"),
        ("تاریخ تولد: ۱۳۶۹/۰۷/۱۲", "۱۳۶۹/۰۷/۱۲"),
    ],
)
def test_finds_full_dates_near_a_birth_word(text, excerpt):
    assert found(text) == [(BIRTH_DATE, excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "Je suis arrivé à Calais en 2016 et je suis resté jusqu'en 2018.",
        "De 2016-2018, j'ai dormi sous une bâche.",
        "Le 2020-12-03, l'association a distribué 120 tentes.",
        "Le 03/12/2020, il a fait moins quatre.",
        "Le 12 mars 2017, la police a détruit le camp.",
        "Le sac coûtait 39.90 euros, la tente 1 200 €.",
        "On était 1.500, puis 2.300 au printemps.",
        "Le bus de 10:30 partait de la gare, code postal 62100.",
        "La distribution commence à 08h30 et finit à 12h00.",
        "Je suis né en 1990, en Érythrée.",
        "Ma fille est née en mars 2018 à l'hôpital.",
        "Je suis arrivé le 12 mars 2017. Ma fille est née l'année suivante.",
        "La route était longue et la place du marché était vide.",
        "J'ai suivi 2 cours de français par semaine.",
        "Il restait 1 place dans le camion, et 3 routes possibles.",
        "Le camp faisait 50.95 hectares, à 3 km de la rue principale.",
        "I was born in 1990, far from here.",
        "We walked 3 miles down the road to the camp.",
        "On 12 March 2017 the camp was cleared at 6:45.",
        "The tent cost £120 and there were 40 of us on the street.",
        "+20 000 000 € were raised in 2017.",
        "سكنت في المخيم من ٢٠١٦ إلى ٢٠١٨.",
        "كنا ننام في الشارع ٣ ليال قبل أن نحصل على خيمة.",
        "في ١٢ آذار ٢٠١٧ هدمت الشرطة المخيم.",
        "دفعنا ٢٠٠ يورو مقابل بطانية و٣٩٫٩٠ للحذاء.",
        "ولدت سنة ١٩٩٠ في قرية صغيرة.",
        "در سال ۱۳۹۵ به کمپ رسیدم و ۳ ماه ماندم.",
        "در خیابان ۳ شب خوابیدیم.",
        "در کوچه ۲ ساعت منتظر ماندیم.",
        "من متولد ۱۳۶۹ هستم.",
        "تولد پسرم در اردوگاه بود. در ۱۲ مهر ۱۳۹۶ چادر ما سوخت.",
        "---\nauthor: Abdi\ndate: 2016-12\nconsent: {date: 2019-09-20}\n---\nIl a fait moins quatre.\n",
    ],
)
def test_stays_quiet_on_years_event_dates_prices_quantities_and_street_words(text):
    assert identifying_details(text) == []


def test_a_birth_word_too_far_from_the_date_is_not_enough():
    text = "Je suis né dans un petit village au bord du fleuve, et le 12/03/2017 j'ai quitté le pays."
    assert identifying_details(text) == []


def test_findings_come_in_order_of_appearance_with_offsets_into_the_text():
    text = (
        "---\nauthor: Amina\n---\n"
        "Née le 12 mars 1990. J'habitais au 12 rue des Lilas ; écrivez à amina.k@example.org "
        "ou appelez le 01 99 00 12 34. La tente était à 50.9513, 1.8587."
    )
    findings = identifying_details(text)
    assert [finding.kind for finding in findings] == [BIRTH_DATE, ADDRESS, EMAIL, PHONE, GPS]
    assert [finding.start for finding in findings] == sorted(finding.start for finding in findings)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.excerpt


def test_offsets_count_arabic_and_persian_digits_one_for_one():
    text = "رقمي ٠٦ ٣٩ ٩٨ ١٢ ٣٤ و متولد ۱۲ مهر ۱۳۶۹"
    findings = identifying_details(text)
    assert [(finding.kind, text[finding.start : finding.end]) for finding in findings] == [
        (PHONE, "٠٦ ٣٩ ٩٨ ١٢ ٣٤"),
        (BIRTH_DATE, "۱۲ مهر ۱۳۶۹"),
    ]


def test_finds_the_same_kind_of_detail_several_times():
    text = "Samir: +44 7700 900123. Hamid: +44 7700 900456. Leila: 06 39 98 12 34."
    assert found(text) == [(PHONE, "+44 7700 900123"), (PHONE, "+44 7700 900456"), (PHONE, "06 39 98 12 34")]


def test_a_phone_number_inside_an_email_address_is_reported_once_as_the_address():
    assert identifying_details("samir.0639981234@example.org") == [
        Finding(EMAIL, 0, 28, "samir.0639981234@example.org")
    ]


def test_persian_typed_with_arabic_yeh_and_kaf_is_read_like_persian():
    text = "خيابان آزادي، كوچه ۵، پلاك ۱۲"  # ي and ك from an Arabic keyboard
    assert found(text) == [(ADDRESS, text)]


def test_digits_grouped_with_non_breaking_spaces_are_a_phone_number():
    assert found("Tél. 01\u00a099\u00a000\u202f12\u00a034") == [(PHONE, "01\u00a099\u00a000\u202f12\u00a034")]


def test_an_empty_text_has_no_findings():
    assert identifying_details("") == []


@pytest.mark.parametrize("text", ["a." * 20_000, "1 " * 20_000, "شارع بغداد، " * 3_000, "https://" + "a/" * 20_000])
def test_long_repetitive_texts_are_scanned_in_linear_time(text):
    started = time.perf_counter()
    identifying_details(text)
    assert time.perf_counter() - started < 2  # takes ~0.05 s; quadratic matching took 30 s
